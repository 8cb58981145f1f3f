using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Elena.Sdk.Crypto;

/// <summary>
/// The payload of a sealed message, decrypted as it is read. The read that reaches the end verifies the signature:
/// it throws <see cref="SecureMessageException"/> on failure and sets <see cref="Verification"/> on success.
/// </summary>
public sealed class OpenedMessageStream : Stream
{
    private readonly Stream _content;
    private readonly Func<byte[], VerificationResult> _verify;
    private const int HashChunk = 1024 * 1024;
    private const int HashBuffers = 4;

    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    // The payload is hashed on worker threads from copies, in order, while decryption goes on: a ring of buffers,
    // each chunk's hash chained after the previous one; a buffer is refilled only when its hash is done.
    private readonly byte[][] _hashBuffers = Enumerable.Range(0, HashBuffers).Select(_ => System.Buffers.ArrayPool<byte>.Shared.Rent(HashChunk)).ToArray();
    private readonly Task?[] _hashTasks = new Task?[HashBuffers];
    private int _hashCurrent;
    private int _hashFill;
    private Task _hashing = Task.CompletedTask;
    private bool _ended;
    private bool _disposed;

    private readonly IDisposable? _owner;

    internal OpenedMessageStream(Stream content, Func<byte[], VerificationResult> verify, X509Certificate2 recipient, IDisposable? owner = null)
    {
        _content = content;
        _owner = owner;
        _verify = verify;
        RecipientCertificate = recipient;
    }

    /// <summary>Which of the caller's certificates the message was decrypted for.</summary>
    public X509Certificate2 RecipientCertificate { get; }

    /// <summary>The verification result, once the payload has been read to its end and verified; otherwise <see langword="null"/>.</summary>
    public VerificationResult? Verification { get; private set; }

    /// <inheritdoc />
    public override bool CanRead => true;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => false;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        if (_ended || buffer.IsEmpty)
        {
            return 0;
        }

        int n = _content.Read(buffer);
        if (n > 0)
        {
            Hash(buffer[..n]);
            return n;
        }

        _ended = true;
        DispatchHash();
        _hashing.GetAwaiter().GetResult();
        Verification = _verify(_hash.GetHashAndReset());
        return 0;
    }

    private void Hash(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            int take = Math.Min(data.Length, HashChunk - _hashFill);
            data[..take].CopyTo(_hashBuffers[_hashCurrent].AsSpan(_hashFill));
            _hashFill += take;
            data = data[take..];
            if (_hashFill == HashChunk)
            {
                DispatchHash();
            }
        }
    }

    private void DispatchHash()
    {
        if (_hashFill > 0)
        {
            var buffer = _hashBuffers[_hashCurrent];
            int length = _hashFill;
            _hashing = _hashing.ContinueWith(_ => _hash.AppendData(buffer, 0, length), CancellationToken.None,
                TaskContinuationOptions.None, TaskScheduler.Default);
            _hashTasks[_hashCurrent] = _hashing;
            _hashCurrent = (_hashCurrent + 1) % HashBuffers;
            _hashFill = 0;
        }

        // Before the next buffer is refilled, its previous hash must be done.
        _hashTasks[_hashCurrent]?.GetAwaiter().GetResult();
        _hashTasks[_hashCurrent] = null;
    }

    /// <inheritdoc />
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            try
            {
                _hashing.Wait();
            }
            catch (AggregateException)
            {
                // A failed read already reported the problem; the buffers are released below.
            }
            finally
            {
                _hash.Dispose();
                _content.Dispose();
                _owner?.Dispose();
                foreach (var buffer in _hashBuffers)
                {
                    System.Buffers.ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
                }
            }
        }

        base.Dispose(disposing);
    }
}
