using Elena.Sdk.Records.Layouts;

namespace Elena.Sdk.Records;

/// <summary>Collects findings for one record with their locations; allocates only when there is a finding.</summary>
internal sealed class ErrorSink
{
    [ThreadStatic]
    private static ErrorSink? t_shared;

    private List<RecordError> _errors;
    private int _maxErrors;

    public ErrorSink(List<RecordError> errors, int maxErrors = int.MaxValue)
    {
        _errors = errors;
        _maxErrors = maxErrors;
    }

    /// <summary>A per-thread sink for the stateless span API, so a call allocates nothing unless it reports.</summary>
    public static ErrorSink Shared(List<RecordError> errors, RecordPosition position, string recordType)
    {
        var sink = t_shared ??= new ErrorSink(errors);
        sink._errors = errors;
        sink._maxErrors = int.MaxValue;
        sink.ErrorCount = 0;
        sink.Truncated = false;
        sink.RecordNumber = position.RecordNumber;
        sink.LineByteOffset = position.ByteOffset;
        sink.Utf8 = position.Utf8;
        sink.RecordType = recordType;
        return sink;
    }

    public long RecordNumber { get; set; }

    public long LineByteOffset { get; set; }

    /// <summary>True when the file is UTF-8: characters above U+007F take two bytes.</summary>
    public bool Utf8 { get; set; }

    public string RecordType { get; set; } = "";

    public int ErrorCount { get; private set; }

    public bool Truncated { get; private set; }

    public List<RecordError> Errors => _errors;

    public void Add(ReadOnlySpan<byte> line, string code, string message, string? block, string? field, int offset, int length,
        RecordErrorSeverity severity = RecordErrorSeverity.Error)
    {
        if (severity == RecordErrorSeverity.Error)
        {
            ErrorCount++;
        }

        if (_errors.Count >= _maxErrors)
        {
            Truncated = true;
            return;
        }

        _errors.Add(new RecordError(code, message, Locate(line, block, field, offset, length), severity));
    }

    public RecordLocation Locate(ReadOnlySpan<byte> line, string? block, string? field, int offset, int length)
    {
        long byteOffset = LineByteOffset + offset;
        if (Utf8)
        {
            // Each character above U+007F is one byte here and two bytes in the UTF-8 file.
            int upto = Math.Min(offset, line.Length);
            foreach (byte b in line[..upto])
            {
                if (b >= 0x80)
                {
                    byteOffset++;
                }
            }
        }

        return new RecordLocation(RecordNumber, RecordType, block, field, offset + 1, length, byteOffset);
    }

    public void AddField(ReadOnlySpan<byte> line, string code, string message, string? block, FieldDefinition field, int segmentOffset)
        => Add(line, code, message, block, field.Name, segmentOffset + field.Offset, field.Length);
}
