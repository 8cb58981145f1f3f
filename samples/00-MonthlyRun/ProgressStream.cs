namespace Elena.Sdk.Samples.MonthlyRun;

/// <summary>
/// A read-only pass-through stream that counts what was read from it (for the progress bar) and says when the end
/// was reached. Seeking passes through, so a client may rewind it to send again.
/// </summary>
internal sealed class ProgressStream(Stream inner) : Stream
{
    private readonly TaskCompletionSource _end = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _position;

    /// <summary>Bytes read so far (the position in the inner stream).</summary>
    public long BytesRead => Interlocked.Read(ref _position);

    /// <summary>Completes when the whole stream has been read once.</summary>
    public Task ReadToEnd => _end.Task;

    public override bool CanRead => true;

    public override bool CanSeek => inner.CanSeek;

    public override bool CanWrite => false;

    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set
        {
            inner.Position = value;
            Interlocked.Exchange(ref _position, value);
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Counted(inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        => Counted(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin)
    {
        long position = inner.Seek(offset, origin);
        Interlocked.Exchange(ref _position, position);
        return position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Counted(int read)
    {
        long position = Interlocked.Add(ref _position, read);
        if (read == 0 || (inner.CanSeek && position >= inner.Length))
        {
            _end.TrySetResult();
        }

        return read;
    }
}
