namespace Elena.Sdk.Records;

/// <summary>
/// Where something is in a record file — never what it holds. Records carry personal data, so a location
/// names the record, block and field but not the value.
/// </summary>
/// <param name="RecordNumber">1-based number of the record (line) in the file; 0 for the file as a whole.</param>
/// <param name="RecordType">The record identifier (<c>MVDS</c>, …), or empty when unknown.</param>
/// <param name="BlockType">The data block (<c>DBNA</c>, …), or <see langword="null"/> for the record's fixed part.</param>
/// <param name="FieldName">The field name as in the specification, or <see langword="null"/> for the whole record or block.</param>
/// <param name="Column">1-based character column within the line.</param>
/// <param name="Length">Length of the field or area in characters.</param>
/// <param name="ByteOffset">0-based byte offset in the file of the field's first byte.</param>
public readonly record struct RecordLocation(
    long RecordNumber, string RecordType, string? BlockType, string? FieldName, int Column, int Length, long ByteOffset)
{
    /// <inheritdoc />
    public override string ToString()
    {
        string where = BlockType is null ? RecordType : $"{RecordType}/{BlockType}";
        string field = FieldName is null ? "" : $" field {FieldName}";
        return $"record {RecordNumber} ({where}){field} column {Column} length {Length} byte offset {ByteOffset}";
    }
}

/// <summary>How serious a finding is.</summary>
public enum RecordErrorSeverity
{
    /// <summary>The file or record is invalid.</summary>
    Error,

    /// <summary>Worth knowing; does not make the file invalid.</summary>
    Warning,
}

/// <summary>One finding of reading or validation: a stable code, a message without field values, and a location.</summary>
/// <param name="Code">The error code (<see cref="RecordErrorCodes"/>).</param>
/// <param name="Message">What is wrong and how to fix it; never contains field values.</param>
/// <param name="Location">Where.</param>
/// <param name="Severity">Error or warning.</param>
public sealed record RecordError(string Code, string Message, RecordLocation Location, RecordErrorSeverity Severity = RecordErrorSeverity.Error)
{
    /// <summary>One line: code, location, message.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{Code} {Location}: {Message}";
}
