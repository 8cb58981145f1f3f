using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text;
using Elena.Sdk.Records.Models;

namespace Elena.Sdk.Records.Reading;

/// <summary>
/// Streaming reader for record files: one record per line (CR LF; LF alone and a missing final line end are
/// accepted). Memory is bounded by the longest record, never by the file size.
/// </summary>
/// <example>
/// <code>
/// await using var reader = new RecordReader(stream);
/// while (await reader.ReadAsync(cancellationToken))
/// {
///     if (reader.Current.RecordType == "MVDS") { var mvds = (EarningsRecord)reader.Current.ToModel(); }
/// }
/// </code>
/// </example>
public sealed class RecordReader : IAsyncDisposable
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly PipeReader _pipe;
    private readonly bool _ownsPipe;
    private readonly RecordReaderOptions _options;
    private readonly RecordView _current = new();
    private readonly ErrorSink _sink;
    private char[] _chars = [];
    private long _offset;
    private long _number;
    private bool _started;
    private bool _finished;

    /// <summary>Creates a reader over a stream. The stream is not disposed by the reader.</summary>
    /// <param name="stream">The file content.</param>
    /// <param name="options">Settings, or <see langword="null"/> for the defaults.</param>
    public RecordReader(Stream stream, RecordReaderOptions? options = null)
        : this(PipeReader.Create(stream ?? throw new ArgumentNullException(nameof(stream)),
            new StreamPipeReaderOptions(bufferSize: 65_536, minimumReadSize: 16_384, leaveOpen: true)), options, ownsPipe: true)
    {
    }

    /// <summary>Creates a reader over a pipe. The pipe is completed when the reader is disposed.</summary>
    /// <param name="reader">The pipe.</param>
    /// <param name="options">Settings, or <see langword="null"/> for the defaults.</param>
    public RecordReader(PipeReader reader, RecordReaderOptions? options = null)
        : this(reader ?? throw new ArgumentNullException(nameof(reader)), options, ownsPipe: true)
    {
    }

    private RecordReader(PipeReader reader, RecordReaderOptions? options, bool ownsPipe)
    {
        _pipe = reader;
        _ownsPipe = ownsPipe;
        _options = options ?? RecordReaderOptions.Default;
        if (_options.MaxRecordLength < 64)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "MaxRecordLength must be at least 64.");
        }

        _sink = new ErrorSink(_current.FindingList);
        Encoding = _options.Encoding ?? RecordEncoding.Latin1;
    }

    /// <summary>The record the reader is on; valid until the next <see cref="ReadAsync"/>.</summary>
    public RecordView Current => _current;

    /// <summary>The file's encoding: as configured, or as detected from the first bytes.</summary>
    public RecordEncoding Encoding { get; private set; }

    /// <summary>
    /// Moves to the next record. Returns false at the end of the file. With <see cref="RecordReaderOptions.ThrowOnError"/>
    /// a malformed record throws <see cref="RecordFormatException"/>; the reader then stands after that record and
    /// can go on.
    /// </summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>True when a record was read.</returns>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (_finished)
        {
            return false;
        }

        while (true)
        {
            var result = await _pipe.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (!_started)
            {
                if (buffer.Length < 3 && !result.IsCompleted)
                {
                    _pipe.AdvanceTo(buffer.Start, buffer.End);
                    continue;
                }

                _started = true;
                if (StartsWithBom(buffer))
                {
                    if (_options.Encoding is null)
                    {
                        Encoding = RecordEncoding.Utf8WithBom;
                    }

                    buffer = buffer.Slice(3);
                    _offset = 3;
                }
            }

            var newline = buffer.PositionOf((byte)'\n');
            if (newline is { } end)
            {
                var line = buffer.Slice(0, end);
                long consumed = line.Length + 1;
                Process(line);
                _pipe.AdvanceTo(buffer.GetPosition(1, end));
                _offset += consumed;
                Complete();
                return true;
            }

            if (buffer.Length > _options.MaxRecordLength + 1)
            {
                _finished = true;
                _pipe.AdvanceTo(buffer.End);
                _current.Reset();
                _current.Number = ++_number;
                _current.ByteOffset = _offset;
                _current.SetLength(0);
                _sink.RecordNumber = _number;
                _sink.LineByteOffset = _offset;
                _sink.RecordType = "";
                _sink.Add([], RecordErrorCodes.RecordTooLong,
                    $"The record is longer than the maximum of {_options.MaxRecordLength} bytes (no line end found).", null, null, 0, _options.MaxRecordLength);
                Complete();
                return true;
            }

            if (result.IsCompleted)
            {
                _finished = true;
                if (buffer.IsEmpty)
                {
                    _pipe.AdvanceTo(buffer.End);
                    return false;
                }

                Process(buffer);
                _offset += buffer.Length;
                _pipe.AdvanceTo(buffer.End);
                Complete();
                return true;
            }

            _pipe.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private void Complete()
    {
        if (_options.ThrowOnError)
        {
            foreach (var finding in _current.FindingList)
            {
                if (finding.Severity == RecordErrorSeverity.Error)
                {
                    throw new RecordFormatException(finding);
                }
            }
        }
    }

    private static bool StartsWithBom(ReadOnlySequence<byte> buffer)
    {
        if (buffer.Length < 3)
        {
            return false;
        }

        Span<byte> first = stackalloc byte[3];
        buffer.Slice(0, 3).CopyTo(first);
        return first[0] == 0xEF && first[1] == 0xBB && first[2] == 0xBF;
    }

    private void Process(ReadOnlySequence<byte> line)
    {
        _current.Reset();
        _current.Number = ++_number;
        _current.ByteOffset = _offset;
        _sink.RecordNumber = _number;
        _sink.LineByteOffset = _offset;
        _sink.Utf8 = Encoding == RecordEncoding.Utf8WithBom;
        _sink.RecordType = "";

        int length = checked((int)line.Length);
        if (length > 0 && LastByte(line) == (byte)'\r')
        {
            length--;
        }

        if (length > _options.MaxRecordLength)
        {
            _current.SetLength(0);
            _sink.Add([], RecordErrorCodes.RecordTooLong, $"The record is longer than the maximum of {_options.MaxRecordLength} bytes.", null, null, 0, length);
            return;
        }

        var target = _current.Prepare(length);
        line.Slice(0, length).CopyTo(target);
        if (Encoding == RecordEncoding.Utf8WithBom && !Ascii.IsValid(target))
        {
            if (!TryTranscodeUtf8(target, out int chars))
            {
                return;
            }

            _current.SetLength(chars);
        }

        var bytes = _current.Bytes;
        _current.IsDecoded = RecordDecoder.TryDecodeCore(bytes, _current.Structure, _sink);
        _current.RecordType = _sink.RecordType;
        RecordDecoder.CheckCharacters(bytes, _current.Structure, _sink);
        if (_current.IsDecoded && _options.ValidateFields)
        {
            RecordDecoder.ValidateCore(bytes, _current.Structure, _sink);
        }
    }

    private bool TryTranscodeUtf8(Span<byte> utf8, out int length)
    {
        length = 0;
        int max = utf8.Length;
        if (_chars.Length < max)
        {
            _chars = new char[Math.Max(max, 1024)];
        }

        int count;
        try
        {
            count = StrictUtf8.GetChars(utf8, _chars);
        }
        catch (DecoderFallbackException ex)
        {
            int at = ex.Index >= 0 ? ex.Index : 0;
            _sink.Utf8 = false;
            _current.SetLength(0);
            _sink.Add([], RecordErrorCodes.InvalidUtf8, "The file starts with a UTF-8 byte order mark but holds an invalid UTF-8 byte sequence.", null, null, at, 1);
            return false;
        }

        for (int i = 0; i < count; i++)
        {
            char c = _chars[i];
            if (c > '\u00FF')
            {
                // Locate by character column; the byte offset counts the UTF-8 bytes before it.
                long byteOffset = _offset + StrictUtf8.GetByteCount(_chars.AsSpan(0, i));
                _current.SetLength(0);
                _current.FindingList.Add(new RecordError(RecordErrorCodes.CharacterNotAllowed,
                    "The record holds a character outside ISO-8859-1.",
                    new RecordLocation(_number, "", null, null, i + 1, 1, byteOffset)));
                return false;
            }

            utf8[i] = (byte)c;
        }

        length = count;
        return true;
    }

    private static byte LastByte(ReadOnlySequence<byte> sequence)
        => sequence.IsSingleSegment ? sequence.FirstSpan[^1] : sequence.Slice(sequence.Length - 1).FirstSpan[0];

    /// <summary>
    /// Reads a whole file as typed records, one at a time. Records are independent objects; the file is never
    /// held in memory.
    /// </summary>
    /// <param name="stream">The file content.</param>
    /// <param name="options">Settings, or <see langword="null"/> for the defaults (validate, throw on the first error).</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <returns>The records in file order.</returns>
    public static async IAsyncEnumerable<RecordModel> ReadAllAsync(Stream stream, RecordReaderOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var reader = new RecordReader(stream, options);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (reader.Current.IsDecoded)
            {
                yield return reader.Current.ToModel();
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_ownsPipe)
        {
            await _pipe.CompleteAsync().ConfigureAwait(false);
        }
    }
}
