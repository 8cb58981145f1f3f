using Elena.Sdk.Transport.Replies;
using Elena.Sdk.Transport.State;

namespace Elena.Sdk.Transport.Tests.State;

/// <summary>
/// A reply source in memory, shared by several workers: fetch hands out unacknowledged replies after an id (ids are
/// zero-padded, so ordinal order is fetch order), acknowledge removes them. Faults can be scripted: a crash before
/// acknowledging reaches the source, and a lost acknowledge (the source took it, the answer never came).
/// </summary>
public sealed class InMemoryReplySource : IReplySource
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, Reply> _pending = new(StringComparer.Ordinal);
    private readonly HashSet<string> _acknowledged = [];
    private int _crashBeforeAcknowledge;
    private int _loseAcknowledge;

    public int FetchCalls { get; private set; }

    public int AcknowledgeCalls { get; private set; }

    public int Pending { get { lock (_gate) { return _pending.Count; } } }

    public IReadOnlyCollection<string> Acknowledged { get { lock (_gate) { return [.. _acknowledged]; } } }

    /// <summary>The next <paramref name="times"/> acknowledge calls fail before the source records them.</summary>
    public void CrashBeforeAcknowledge(int times = 1) => _crashBeforeAcknowledge = times;

    /// <summary>The next <paramref name="times"/> acknowledge calls are recorded by the source but the caller gets an error.</summary>
    public void LoseAcknowledge(int times = 1) => _loseAcknowledge = times;

    public void Add(Reply reply)
    {
        lock (_gate)
        {
            _pending.Add(reply.Id, reply);
        }
    }

    public Task<IReadOnlyList<FetchedReply>> FetchAsync(string? afterId, int max, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            FetchCalls++;
            IReadOnlyList<FetchedReply> batch =
            [
                .. _pending.Where(p => afterId is null || string.CompareOrdinal(p.Key, afterId) > 0).Take(max).Select(p => new FetchedReply(p.Key, p.Value)),
            ];
            return Task.FromResult(batch);
        }
    }

    public Task AcknowledgeAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            AcknowledgeCalls++;
            if (_crashBeforeAcknowledge > 0)
            {
                _crashBeforeAcknowledge--;
                throw new IOException("Simulated crash before the acknowledgement reached the source.");
            }

            foreach (string id in ids)
            {
                _pending.Remove(id);
                _acknowledged.Add(id);
            }

            if (_loseAcknowledge > 0)
            {
                _loseAcknowledge--;
                throw new IOException("Simulated lost response to an acknowledgement.");
            }
        }

        return Task.CompletedTask;
    }
}
