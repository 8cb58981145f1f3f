using Elena.Sdk.Records.Layouts;

namespace Elena.Sdk.Records.Models;

/// <summary>File header (Vorlaufsatz, VOSZ) v01: the first record of every file.</summary>
public sealed class FileHeader : RecordModel
{
    /// <summary>Creates a blank file header (version 01).</summary>
    public FileHeader()
        : base(RecordLayouts.FileHeader)
    {
    }

    internal FileHeader(ReadOnlySpan<byte> record, RecordStructure structure)
        : base(RecordLayouts.FileHeader, record, structure)
    {
    }

    /// <summary>Procedure code (VFMM), e.g. <c>AGENA</c> for an ELENA employer file.</summary>
    public string ProcedureCode { get => GetText("VFMM"); set => SetText("VFMM", value); }

    /// <summary>Sender's Betriebsnummer (ABSN).</summary>
    public string Sender { get => GetText("ABSN"); set => SetText("ABSN", value); }

    /// <summary>Receiver's Betriebsnummer (EPNR).</summary>
    public string Receiver { get => GetText("EPNR"); set => SetText("EPNR", value); }

    /// <summary>Creation date (ED).</summary>
    public DateOnly? CreatedOn { get => GetDate("ED"); set => SetDate("ED", value); }

    /// <summary>File sequence number (DTNR), 1–999999.</summary>
    public int? FileNumber
    {
        get => (int?)GetNumber("DTNR");
        set
        {
            if (value is < 1 or > 999_999)
            {
                throw new ArgumentOutOfRangeException(nameof(value), "The file sequence number is 1 to 999999.");
            }

            SetNumber("DTNR", value);
        }
    }

    /// <summary>Sender's short name (NAAB).</summary>
    public string SenderName { get => GetText("NAAB"); set => SetText("NAAB", value); }
}

/// <summary>File trailer (Nachlaufsatz, NCSZ) v01: the last record of every file.</summary>
public sealed class FileTrailer : RecordModel
{
    /// <summary>Creates a blank file trailer (version 01).</summary>
    public FileTrailer()
        : base(RecordLayouts.FileTrailer)
    {
    }

    internal FileTrailer(ReadOnlySpan<byte> record, RecordStructure structure)
        : base(RecordLayouts.FileTrailer, record, structure)
    {
    }

    /// <summary>Procedure code (VFMM), as in the header.</summary>
    public string ProcedureCode { get => GetText("VFMM"); set => SetText("VFMM", value); }

    /// <summary>Sender's Betriebsnummer (ABSN).</summary>
    public string Sender { get => GetText("ABSN"); set => SetText("ABSN", value); }

    /// <summary>Receiver's Betriebsnummer (EPNR).</summary>
    public string Receiver { get => GetText("EPNR"); set => SetText("EPNR", value); }

    /// <summary>Creation date (ED).</summary>
    public DateOnly? CreatedOn { get => GetDate("ED"); set => SetDate("ED", value); }

    /// <summary>File sequence number (DTNR), equal to the header's.</summary>
    public int? FileNumber { get => (int?)GetNumber("DTNR"); set => SetNumber("DTNR", value); }

    /// <summary>Number of records between header and trailer (ZLSZ).</summary>
    public long? RecordCount { get => GetNumber("ZLSZ"); set => SetNumber("ZLSZ", value); }
}
