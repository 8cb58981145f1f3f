using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Elena.Sdk.Records.Models;
using Elena.Sdk.Records.Reading;

namespace Elena.Sdk.Records.Writing;

/// <summary>Settings for <see cref="RecordWriter"/>.</summary>
public sealed class RecordWriterOptions
{
    /// <summary>The defaults: ISO-8859-1, CR LF.</summary>
    public static RecordWriterOptions Default { get; } = new();

    /// <summary>The encoding to write. Default ISO-8859-1, as the procedures prescribe.</summary>
    public RecordEncoding Encoding { get; init; } = RecordEncoding.Latin1;

    /// <summary>The line end after each record. Default CR LF; only <c>"\r\n"</c> and <c>"\n"</c> are allowed.</summary>
    public string NewLine { get; init; } = "\r\n";
}

/// <summary>
/// Streaming writer for record files: each record (with its blocks) on one line, AN fields left-justified
/// and blank-padded, N fields right-justified and zero-padded, ISO-8859-1, CR LF.
/// </summary>
public sealed class RecordWriter : IAsyncDisposable
{
    private const int FlushThreshold = 64 * 1024;

    private readonly PipeWriter _pipe;
    private readonly RecordWriterOptions _options;
    private readonly byte[] _newLine;
    private byte[] _scratch = new byte[4096];
    private bool _bomPending;
    private long _unflushed;

    /// <summary>Creates a writer over a stream. The stream is not disposed by the writer.</summary>
    /// <param name="stream">The destination.</param>
    /// <param name="options">Settings, or <see langword="null"/> for the defaults.</param>
    public RecordWriter(Stream stream, RecordWriterOptions? options = null)
        : this(PipeWriter.Create(stream ?? throw new ArgumentNullException(nameof(stream)),
            new StreamPipeWriterOptions(minimumBufferSize: 65_536, leaveOpen: true)), options)
    {
    }

    /// <summary>Creates a writer over a pipe. The pipe is completed when the writer is disposed.</summary>
    /// <param name="writer">The destination pipe.</param>
    /// <param name="options">Settings, or <see langword="null"/> for the defaults.</param>
    public RecordWriter(PipeWriter writer, RecordWriterOptions? options = null)
    {
        _pipe = writer ?? throw new ArgumentNullException(nameof(writer));
        _options = options ?? RecordWriterOptions.Default;
        if (_options.NewLine is not ("\r\n" or "\n"))
        {
            throw new ArgumentException("NewLine must be \"\\r\\n\" or \"\\n\".", nameof(options));
        }

        _newLine = Encoding.ASCII.GetBytes(_options.NewLine);
        _bomPending = _options.Encoding == RecordEncoding.Utf8WithBom;
    }

    /// <summary>Number of records written.</summary>
    public long RecordCount { get; private set; }

    /// <summary>Number of bytes written (buffered or flushed).</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Adds a record to the output buffer. Call <see cref="FlushAsync"/> (or use <see cref="WriteAsync"/>) to push it out.</summary>
    /// <param name="record">The record.</param>
    public void Write(RecordModel record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (_bomPending)
        {
            _pipe.Write<byte>([0xEF, 0xBB, 0xBF]);
            BytesWritten += 3;
            _bomPending = false;
        }

        int length = record.GetEncodedLength();
        int written;
        if (_options.Encoding == RecordEncoding.Latin1)
        {
            var span = _pipe.GetSpan(length + _newLine.Length);
            record.Encode(span);
            _newLine.CopyTo(span[length..]);
            written = length + _newLine.Length;
        }
        else
        {
            if (_scratch.Length < length)
            {
                _scratch = new byte[Math.Max(length, _scratch.Length * 2)];
            }

            record.Encode(_scratch);
            var latin1 = _scratch.AsSpan(0, length);
            int utf8Length = length;
            foreach (byte b in latin1)
            {
                if (b >= 0x80)
                {
                    utf8Length++;
                }
            }

            var span = _pipe.GetSpan(utf8Length + _newLine.Length);
            int o = 0;
            foreach (byte b in latin1)
            {
                if (b < 0x80)
                {
                    span[o++] = b;
                }
                else
                {
                    span[o++] = (byte)(0xC0 | (b >> 6));
                    span[o++] = (byte)(0x80 | (b & 0x3F));
                }
            }

            _newLine.CopyTo(span[o..]);
            written = o + _newLine.Length;
        }

        _pipe.Advance(written);
        BytesWritten += written;
        _unflushed += written;
        RecordCount++;
    }

    /// <summary>Writes a record and flushes when enough output has gathered.</summary>
    /// <param name="record">The record.</param>
    /// <param name="cancellationToken">Cancels the flush.</param>
    /// <returns>A task that completes when the record is buffered or written.</returns>
    public ValueTask WriteAsync(RecordModel record, CancellationToken cancellationToken = default)
    {
        Write(record);
        return _unflushed >= FlushThreshold ? FlushAsync(cancellationToken) : ValueTask.CompletedTask;
    }

    /// <summary>Writes all buffered output to the destination.</summary>
    /// <param name="cancellationToken">Cancels the flush.</param>
    /// <returns>A task that completes when flushed.</returns>
    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        _unflushed = 0;
        await _pipe.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Flushes and completes the pipe.</summary>
    /// <returns>A task that completes when done.</returns>
    public async ValueTask DisposeAsync()
    {
        await _pipe.FlushAsync().ConfigureAwait(false);
        await _pipe.CompleteAsync().ConfigureAwait(false);
    }
}
