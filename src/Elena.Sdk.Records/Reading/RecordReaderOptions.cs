namespace Elena.Sdk.Records.Reading;

/// <summary>The character encoding of a record file.</summary>
public enum RecordEncoding
{
    /// <summary>ISO-8859-1, one byte per character: what the procedures prescribe and what writers produce by default.</summary>
    Latin1,

    /// <summary>UTF-8 with a byte order mark; seen in some public sample files. Characters must still be within ISO-8859-1.</summary>
    Utf8WithBom,
}

/// <summary>Settings for <see cref="RecordReader"/>.</summary>
public sealed class RecordReaderOptions
{
    /// <summary>The defaults: validate fields, throw on the first error, detect the encoding.</summary>
    public static RecordReaderOptions Default { get; } = new();

    /// <summary>Check every field while reading (types, required, value lists, dates, check digits). Default true.</summary>
    public bool ValidateFields { get; init; } = true;

    /// <summary>
    /// True (default): the first error throws <see cref="RecordFormatException"/>. False: findings are collected
    /// in <see cref="RecordView.Findings"/> and reading goes on.
    /// </summary>
    public bool ThrowOnError { get; init; } = true;

    /// <summary>The longest record accepted, in bytes; bounds memory. Default 65,536.</summary>
    public int MaxRecordLength { get; init; } = 65_536;

    /// <summary>
    /// The file's encoding, or <see langword="null"/> (default) to detect it: a UTF-8 byte order mark means
    /// UTF-8, anything else is ISO-8859-1.
    /// </summary>
    public RecordEncoding? Encoding { get; init; }
}
