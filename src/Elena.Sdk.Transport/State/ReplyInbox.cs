using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Elena.Sdk.Transport.State;

/// <summary>Settings for <see cref="ReplyInbox"/>.</summary>
public sealed class ReplyInboxOptions
{
    /// <summary>Replies per fetch (eXTra <c>MaximumPackages</c>). Default 100.</summary>
    public int FetchBatchSize { get; init; } = 100;

    /// <summary>Most fetch rounds in one <see cref="ReplyInbox.FetchAsync"/>, a guard against a source that never runs dry. Default 1,000.</summary>
    public int MaxFetchRounds { get; init; } = 1_000;

    /// <summary>
    /// How long a worker's claim on a reply lasts; after it another worker takes the reply over (the first one is
    /// taken to have crashed). Must be longer than a handler ever takes. Default 5 minutes.
    /// </summary>
    public TimeSpan ClaimTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>This worker's name in claims; default a new GUID per inbox. Unique per worker.</summary>
    public string? WorkerId { get; init; }
}

/// <summary>What one <see cref="ReplyInbox.RunOnceAsync"/> did.</summary>
/// <param name="Fetched">Replies the source handed out (duplicates included).</param>
/// <param name="Stored">Replies new to the store.</param>
/// <param name="Acknowledged">Replies acknowledged to the source.</param>
/// <param name="Handled">Replies handed to the handler and finished.</param>
public readonly record struct ReplyInboxResult(int Fetched, int Stored, int Acknowledged, int Handled);

/// <summary>
/// The reply inbox of one employer at one acceptance office: fetches replies from an <see cref="IReplySource"/>,
/// stores them in a <see cref="ClientStateStore"/>, acknowledges them, and hands each stored reply to the caller's
/// handler exactly once, however many workers (threads, processes, machines) share the store.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>A reply is acknowledged to the source only after it is stored durably; the fetch cursor moves in the same
/// transaction that stores.</item>
/// <item>A crash between fetch and store fetches the same replies again; storing de-duplicates them by (office, id).
/// A crash or lost response between store and acknowledge is repaired on the next run, which acknowledges every
/// stored reply not yet acknowledged (acknowledging twice is success at the source).</item>
/// <item>Handling claims one reply at a time (PostgreSQL <c>FOR UPDATE SKIP LOCKED</c>, SQLite <c>BEGIN IMMEDIATE</c>);
/// a claim not finished within <see cref="ReplyInboxOptions.ClaimTimeout"/> is taken over by another worker. A handler
/// that throws gives its claim back and the exception propagates.</item>
/// </list>
/// </remarks>
public sealed partial class ReplyInbox
{
    /// <summary>Event id: replies fetched and stored.</summary>
    public const int FetchedEventId = 5101;

    /// <summary>Event id: stored replies acknowledged to the source.</summary>
    public const int AcknowledgedEventId = 5102;

    /// <summary>Event id: acknowledging failed; the replies are stored and will be acknowledged on the next run.</summary>
    public const int AcknowledgeFailedEventId = 5103;

    /// <summary>Event id: a claim timed out and another worker took the reply over before this worker finished.</summary>
    public const int ClaimLostEventId = 5104;

    /// <summary>Event id: a handler failed; the claim was given back.</summary>
    public const int HandlerFailedEventId = 5105;

    private readonly ClientStateStore _store;
    private readonly IReplySource _source;
    private readonly string _office;
    private readonly string _employer;
    private readonly ReplyInboxOptions _options;
    private readonly string _workerId;
    private readonly ILogger _logger;

    /// <summary>Creates the inbox.</summary>
    /// <param name="store">The durable state.</param>
    /// <param name="source">Where the replies come from.</param>
    /// <param name="officeNumber">Betriebsnummer of the acceptance office the source fetches from.</param>
    /// <param name="employerNumber">Betriebsnummer of the employer the source fetches for.</param>
    /// <param name="options">Settings; <see langword="null"/> for the defaults.</param>
    /// <param name="logger">Logger; <see langword="null"/> for none. Only counts and ids are logged, never reply content.</param>
    public ReplyInbox(ClientStateStore store, IReplySource source, string officeNumber, string employerNumber,
        ReplyInboxOptions? options = null, ILogger<ReplyInbox>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(officeNumber);
        ArgumentException.ThrowIfNullOrWhiteSpace(employerNumber);
        options ??= new ReplyInboxOptions();
        if (options.FetchBatchSize < 1 || options.MaxFetchRounds < 1 || options.ClaimTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "FetchBatchSize and MaxFetchRounds must be positive and ClaimTimeout longer than zero.");
        }

        _store = store;
        _source = source;
        _office = officeNumber;
        _employer = employerNumber;
        _options = options;
        _workerId = options.WorkerId ?? Guid.NewGuid().ToString("N");
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>This worker's id in claims.</summary>
    public string WorkerId => _workerId;

    /// <summary>Fetches, stores and acknowledges, then hands every unhandled reply to <paramref name="handler"/>.</summary>
    /// <param name="handler">Called once per reply; when it returns, the reply counts as handled.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>What was done.</returns>
    public async Task<ReplyInboxResult> RunOnceAsync(Func<StoredReply, CancellationToken, Task> handler, CancellationToken cancellationToken = default)
    {
        var fetched = await FetchAsync(cancellationToken).ConfigureAwait(false);
        int handled = await HandleAsync(handler, cancellationToken).ConfigureAwait(false);
        return fetched with { Handled = handled };
    }

    /// <summary>
    /// Acknowledges stored replies left unacknowledged by an earlier run, then fetches until the source runs dry:
    /// store (with the cursor), acknowledge, mark acknowledged.
    /// </summary>
    /// <param name="cancellationToken">Cancels fetching; what is stored stays stored.</param>
    /// <returns>Counts (<see cref="ReplyInboxResult.Handled"/> is 0).</returns>
    /// <exception cref="InvalidOperationException">The source handed out a reply whose id differs from its <c>Reply.Id</c>, or for another office or employer.</exception>
    public async Task<ReplyInboxResult> FetchAsync(CancellationToken cancellationToken = default)
    {
        int acknowledged = 0;
        var leftOver = await _store.GetUnacknowledgedRepliesAsync(_office, _employer, cancellationToken).ConfigureAwait(false);
        if (leftOver.Count > 0)
        {
            acknowledged += await AcknowledgeAsync([.. leftOver.Select(r => r.Reply.Id)], cancellationToken).ConfigureAwait(false);
        }

        int fetched = 0, stored = 0;
        for (int round = 0; round < _options.MaxFetchRounds; round++)
        {
            string? cursor = await _store.GetFetchCursorAsync(_office, _employer, cancellationToken).ConfigureAwait(false);
            var batch = await _source.FetchAsync(cursor, _options.FetchBatchSize, cancellationToken).ConfigureAwait(false);
            if (batch.Count == 0)
            {
                break;
            }

            foreach (var item in batch)
            {
                if (item.Id != item.Reply.Id || item.Reply.OfficeNumber != _office || item.Reply.EmployerNumber != _employer)
                {
                    throw new InvalidOperationException(
                        $"The reply source handed out reply '{item.Id}' whose Reply.Id, office or employer does not match the inbox ({_office}, {_employer}).");
                }
            }

            fetched += batch.Count;
            int added = await _store.StoreRepliesAsync([.. batch.Select(b => b.Reply)], new FetchCursor(_office, _employer, batch[^1].Id), cancellationToken)
                .ConfigureAwait(false);
            stored += added;
            LogFetched(_logger, batch.Count, added, _office, _employer);
            acknowledged += await AcknowledgeAsync([.. batch.Select(b => b.Id)], cancellationToken).ConfigureAwait(false);
            if (batch.Count < _options.FetchBatchSize)
            {
                break;
            }
        }

        return new ReplyInboxResult(fetched, stored, acknowledged, 0);
    }

    /// <summary>
    /// Claims unhandled replies of this office and employer one at a time and hands each to <paramref name="handler"/>,
    /// until none is left. Other workers on the same store never get a reply this worker holds.
    /// </summary>
    /// <param name="handler">Called once per reply; when it returns, the reply counts as handled.</param>
    /// <param name="cancellationToken">Cancels handling (a claimed reply is given back).</param>
    /// <returns>How many replies this worker handled.</returns>
    public async Task<int> HandleAsync(Func<StoredReply, CancellationToken, Task> handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        int handled = 0;
        while (await _store.ClaimNextReplyAsync(_workerId, _options.ClaimTimeout, _office, _employer, cancellationToken).ConfigureAwait(false) is { } reply)
        {
            try
            {
                await handler(reply, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                LogHandlerFailed(_logger, e, reply.Reply.Id, _office);
                await _store.ReleaseClaimAsync(reply, _workerId, CancellationToken.None).ConfigureAwait(false);
                throw;
            }

            if (await _store.CompleteClaimAsync(reply, _workerId, CancellationToken.None).ConfigureAwait(false))
            {
                handled++;
            }
            else
            {
                LogClaimLost(_logger, reply.Reply.Id, _office, _options.ClaimTimeout);
            }
        }

        return handled;
    }

    private async Task<int> AcknowledgeAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        try
        {
            await _source.AcknowledgeAsync(ids, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogAcknowledgeFailed(_logger, e, ids.Count, _office);
            throw;
        }

        await _store.MarkAcknowledgedAsync(_office, ids, CancellationToken.None).ConfigureAwait(false);
        LogAcknowledged(_logger, ids.Count, _office);
        return ids.Count;
    }

    [LoggerMessage(EventId = FetchedEventId, Level = LogLevel.Information, Message = "Fetched {Count} replies ({New} new) from office {Office} for employer {Employer}")]
    private static partial void LogFetched(ILogger logger, int count, int @new, string office, string employer);

    [LoggerMessage(EventId = AcknowledgedEventId, Level = LogLevel.Debug, Message = "Acknowledged {Count} replies to office {Office}")]
    private static partial void LogAcknowledged(ILogger logger, int count, string office);

    [LoggerMessage(EventId = AcknowledgeFailedEventId, Level = LogLevel.Warning, Message = "Acknowledging {Count} stored replies to office {Office} failed; the next run acknowledges them")]
    private static partial void LogAcknowledgeFailed(ILogger logger, Exception exception, int count, string office);

    [LoggerMessage(EventId = ClaimLostEventId, Level = LogLevel.Warning, Message = "The claim on reply {ReplyId} from office {Office} outlived its timeout {Timeout} and was taken over; make ClaimTimeout longer than a handler takes")]
    private static partial void LogClaimLost(ILogger logger, string replyId, string office, TimeSpan timeout);

    [LoggerMessage(EventId = HandlerFailedEventId, Level = LogLevel.Warning, Message = "The handler failed for reply {ReplyId} from office {Office}; the claim was given back")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string replyId, string office);
}
