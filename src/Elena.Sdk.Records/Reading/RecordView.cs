using System.Collections.ObjectModel;
using Elena.Sdk.Records.Layouts;
using Elena.Sdk.Records.Models;

namespace Elena.Sdk.Records.Reading;

/// <summary>
/// The record a <see cref="RecordReader"/> is positioned on. The reader reuses this object: it is valid until
/// the next read. Call <see cref="ToModel"/> to keep a record.
/// </summary>
public sealed class RecordView
{
    private byte[] _buffer = new byte[4096];
    private readonly List<RecordError> _findings = [];

    internal RecordView()
    {
        Findings = new ReadOnlyCollection<RecordError>(_findings);
    }

    /// <summary>1-based record number in the file.</summary>
    public long Number { get; internal set; }

    /// <summary>Byte offset of the record's first byte in the file.</summary>
    public long ByteOffset { get; internal set; }

    /// <summary>The record's characters as ISO-8859-1 bytes, without line end (UTF-8 input is converted).</summary>
    public ReadOnlySpan<byte> Bytes => _buffer.AsSpan(0, Length);

    /// <summary>Length of the record in characters.</summary>
    public int Length { get; private set; }

    /// <summary>The decoded structure (layout and data blocks).</summary>
    public RecordStructure Structure { get; } = new();

    /// <summary>The layout, or <see langword="null"/> when the record could not be identified.</summary>
    public RecordLayout? Layout => Structure.Layout;

    /// <summary>The record identifier (<c>VOSZ</c>, <c>MVDS</c>, …), or what stands in its place.</summary>
    public string RecordType { get; internal set; } = "";

    /// <summary>True when the structure was decoded completely (the record can become a model).</summary>
    public bool IsDecoded { get; internal set; }

    /// <summary>Findings for this record (warnings always; errors when the reader does not throw).</summary>
    public IReadOnlyList<RecordError> Findings { get; }

    internal List<RecordError> FindingList => _findings;

    /// <summary>True when this record has an error finding.</summary>
    public bool HasErrors
    {
        get
        {
            foreach (var f in _findings)
            {
                if (f.Severity == RecordErrorSeverity.Error)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Gets a field of the record's fixed part by specification name, without trailing blanks.</summary>
    /// <param name="fieldName">The field name.</param>
    /// <returns>The value, or <see langword="null"/> when the layout has no such field.</returns>
    public string? GetValue(string fieldName)
    {
        var field = Layout?.FixedPart.FindField(fieldName);
        if (field is null || field.Offset + field.Length > Length)
        {
            return null;
        }

        return Latin1.GetString(Latin1.TrimEnd(Bytes.Slice(field.Offset, field.Length)));
    }

    /// <summary>Creates the typed model of this record (an independent copy).</summary>
    /// <returns>The typed record.</returns>
    /// <exception cref="InvalidOperationException">The record's structure could not be decoded.</exception>
    public RecordModel ToModel()
    {
        if (!IsDecoded)
        {
            throw new InvalidOperationException($"Record {Number} could not be decoded; see its findings.");
        }

        return RecordModel.FromStructure(Bytes, Structure);
    }

    internal Span<byte> Prepare(int length)
    {
        if (_buffer.Length < length)
        {
            _buffer = new byte[Math.Max(length, _buffer.Length * 2)];
        }

        Length = length;
        return _buffer.AsSpan(0, length);
    }

    internal void SetLength(int length) => Length = length;

    internal void Reset()
    {
        _findings.Clear();
        IsDecoded = false;
        RecordType = "";
    }
}
