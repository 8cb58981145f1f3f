using Elena.Sdk.Records.Layouts;

namespace Elena.Sdk.Records.Models;

/// <summary>
/// Notification record (DSME) v04 or v05. The main fixed-part fields and blocks are typed; the other blocks
/// (DBEU, DBUV, DBKS, DBSO, DBKV, DBRG, DBSV, DBBM) are read and written through
/// <see cref="RecordModel.GetBlock(string)"/> and <see cref="RecordModel.SetBlock(string, DataBlock?)"/>, and the
/// other fields through the field indexer.
/// </summary>
public sealed class NotificationRecord : RecordModel
{
    /// <summary>Creates a blank notification record: no blocks, presence flags N.</summary>
    /// <param name="version">The record version, <c>04</c> or <c>05</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="version"/> is neither <c>04</c> nor <c>05</c>.</exception>
    public NotificationRecord(string version = "05")
        : base(LayoutFor(version))
    {
    }

    internal NotificationRecord(RecordLayout layout, ReadOnlySpan<byte> record, RecordStructure structure)
        : base(layout, record, structure)
    {
    }

    /// <summary>The DBME layout this record's version takes, for creating a <see cref="ReportingFactsBlock"/>.</summary>
    public SegmentLayout ReportingFactsLayout
        => ReferenceEquals(RecordLayout, RecordLayouts.NotificationV05) ? BlockLayouts.ReportingFactsV05 : BlockLayouts.ReportingFactsV04;

    /// <summary>Betriebsnummer or Absendernummer of the record creator (ABSN).</summary>
    public string Sender { get => GetText("ABSN"); set => SetText("ABSN", value); }

    /// <summary>Betriebsnummer or Absendernummer of the record receiver (EPNR).</summary>
    public string Receiver { get => GetText("EPNR"); set => SetText("EPNR", value); }

    /// <summary>Creation timestamp to the microsecond (ED); <see langword="null"/> when blank or invalid.</summary>
    public DateTime? CreatedAt { get => Timestamps.Parse(GetRaw("ED")); set => SetText("ED", Timestamps.Format(value)); }

    /// <summary>Error flag: <c>0</c> error-free, <c>1</c> errors, <c>2</c>–<c>4</c> see the specification (FEKZ).</summary>
    public string ErrorFlag { get => GetText("FEKZ"); set => SetText("FEKZ", value); }

    /// <summary>Insurance number (VSNR).</summary>
    public string InsuranceNumber { get => GetText("VSNR"); set => SetText("VSNR", value); }

    /// <summary>Betriebsnummer of the employing establishment (BBNRVU).</summary>
    public string EstablishmentNumber { get => GetText("BBNRVU"); set => SetText("BBNRVU", value); }

    /// <summary>Originator's reference, e.g. the personnel number (AZVU).</summary>
    public string PersonnelReference { get => GetText("AZVU"); set => SetText("AZVU", value); }

    /// <summary>Betriebsnummer of the collecting agency (BBNRKK).</summary>
    public string CollectingAgencyNumber { get => GetText("BBNRKK"); set => SetText("BBNRKK", value); }

    /// <summary>Betriebsnummer of the payroll service (BBNRAS).</summary>
    public string PayrollServiceNumber { get => GetText("BBNRAS"); set => SetText("BBNRAS", value); }

    /// <summary>Person group, three digits (PERSGR).</summary>
    public string PersonGroup { get => GetText("PERSGR"); set => SetText("PERSGR", value); }

    /// <summary>Reason for submission, two digits (GD).</summary>
    public string Reason { get => GetText("GD"); set => SetText("GD", value); }

    /// <summary>Nationality key (SASC).</summary>
    public string NationalityKey { get => GetText("SASC"); set => SetText("SASC", value); }

    /// <summary>Record id (DSID).</summary>
    public string RecordId { get => GetText("DSID"); set => SetText("DSID", value); }

    /// <summary>Reporting facts (DBME, flag MMME) in the layout of this record's version (<see cref="ReportingFactsLayout"/>).</summary>
    public ReportingFactsBlock? ReportingFacts { get => Get<ReportingFactsBlock>("DBME"); set => SetBlock("DBME", value); }

    /// <summary>Name (DBNA, flag MMNA).</summary>
    public NameBlock? Name { get => Get<NameBlock>("DBNA"); set => SetBlock("DBNA", value); }

    /// <summary>Birth data (DBGB, flag MMGB).</summary>
    public BirthBlock? Birth { get => Get<BirthBlock>("DBGB"); set => SetBlock("DBGB", value); }

    /// <summary>Address (DBAN, flag MMAN).</summary>
    public AddressBlock? Address { get => Get<AddressBlock>("DBAN"); set => SetBlock("DBAN", value); }

    /// <summary>Number assignment or return (DBVR, flag MMVR).</summary>
    public NumberReturnBlock? NumberReturn { get => Get<NumberReturnBlock>("DBVR"); set => SetBlock("DBVR", value); }

    private static RecordLayout LayoutFor(string version) => version switch
    {
        "04" => RecordLayouts.NotificationV04,
        "05" => RecordLayouts.NotificationV05,
        _ => throw new ArgumentException("DSME versions 04 and 05 are supported.", nameof(version)),
    };
}
