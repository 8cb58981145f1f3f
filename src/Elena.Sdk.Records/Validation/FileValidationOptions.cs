namespace Elena.Sdk.Records.Validation;

/// <summary>How a file travels; decides the record limit.</summary>
public enum TransferChannel
{
    /// <summary>eXTra over http/https: at most 20,000 MVDS or DSVV per file.</summary>
    Extra,

    /// <summary>E-mail: at most 2,000 MVDS or DSVV per file.</summary>
    Mail,
}

/// <summary>Settings for <see cref="RecordFileValidator"/>.</summary>
public sealed class FileValidationOptions
{
    /// <summary>The largest number of MVDS/DSVV in a file sent by e-mail (seed 001 §2.1.1.1).</summary>
    public const int MailRecordLimit = 2_000;

    /// <summary>The largest number of MVDS/DSVV in a file sent by eXTra (seed 001 §2.1.1.1).</summary>
    public const int ExtraRecordLimit = 20_000;

    /// <summary>The procedure code (VFMM) of an ELENA employer file (SDK decision, docs/decisions.md).</summary>
    public const string ElenaProcedureCode = "AGENA";

    /// <summary>The defaults: eXTra limits, all checks, at most 10,000 findings collected.</summary>
    public static FileValidationOptions Default { get; } = new();

    /// <summary>The channel the file is meant for. Default <see cref="TransferChannel.Extra"/>.</summary>
    public TransferChannel Channel { get; init; } = TransferChannel.Extra;

    /// <summary>Check every field (default true); false checks structure and file rules only.</summary>
    public bool ValidateFields { get; init; } = true;

    /// <summary>The most findings collected; further ones are counted but not kept. Default 10,000.</summary>
    public int MaxFindings { get; init; } = 10_000;

    /// <summary>The longest record accepted, in bytes. Default 65,536.</summary>
    public int MaxRecordLength { get; init; } = 65_536;

    /// <summary>The MVDS/DSVV limit for <see cref="Channel"/>.</summary>
    public int RecordLimit => Channel == TransferChannel.Mail ? MailRecordLimit : ExtraRecordLimit;
}
