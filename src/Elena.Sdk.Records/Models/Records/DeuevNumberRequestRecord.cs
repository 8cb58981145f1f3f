using Elena.Sdk.Records.Layouts;

namespace Elena.Sdk.Records.Models;

/// <summary>
/// Number request record (DSVV) v01 for DEÜV (Versicherungsnummernabfrage). Setting a block property sets its
/// presence flag (<c>MMxx</c>) to <c>J</c>; setting it to <see langword="null"/> removes the block and sets the
/// flag to <c>N</c>.
/// </summary>
public sealed class DeuevNumberRequestRecord : RecordModel
{
    /// <summary>Creates a blank DEÜV number request record: procedure DEUEV, no blocks, presence flags N.</summary>
    public DeuevNumberRequestRecord()
        : base(RecordLayouts.DeuevNumberRequest)
    {
    }

    internal DeuevNumberRequestRecord(ReadOnlySpan<byte> record, RecordStructure structure)
        : base(RecordLayouts.DeuevNumberRequest, record, structure)
    {
    }

    /// <summary>Betriebsnummer or Absendernummer of the record creator (ABSN).</summary>
    public string Sender { get => GetText("ABSN"); set => SetText("ABSN", value); }

    /// <summary>Betriebsnummer or Absendernummer of the record receiver (EPNR).</summary>
    public string Receiver { get => GetText("EPNR"); set => SetText("EPNR", value); }

    /// <summary>Creation timestamp to the microsecond (ED); <see langword="null"/> when blank or invalid.</summary>
    public DateTime? CreatedAt { get => Timestamps.Parse(GetRaw("ED")); set => SetText("ED", Timestamps.Format(value)); }

    /// <summary>Error flag: <c>0</c> error-free, <c>1</c> errors, <c>2</c>–<c>4</c> see the specification (FEKZ).</summary>
    public string ErrorFlag { get => GetText("FEKZ"); set => SetText("FEKZ", value); }

    /// <summary>Insurance number; blank in the request, filled in the reply (VSNR).</summary>
    public string InsuranceNumber { get => GetText("VSNR"); set => SetText("VSNR", value); }

    /// <summary>Search result: <c>0</c> request, <c>1</c> none found, <c>2</c> found, <c>3</c> not unique (KENNZRM).</summary>
    public string SearchResult { get => GetText("KENNZRM"); set => SetText("KENNZRM", value); }

    /// <summary>Betriebsnummer of the employing establishment (BBNRVU).</summary>
    public string EstablishmentNumber { get => GetText("BBNRVU"); set => SetText("BBNRVU", value); }

    /// <summary>Originator's reference, e.g. the personnel number (AZVU).</summary>
    public string PersonnelReference { get => GetText("AZVU"); set => SetText("AZVU", value); }

    /// <summary>Record id (DSID).</summary>
    public string RecordId { get => GetText("DSID"); set => SetText("DSID", value); }

    /// <summary>How the record was transmitted: <c>1</c> system-tested program, <c>5</c> filling aid (MMUEB).</summary>
    public string TransmissionKind { get => GetText("MMUEB"); set => SetText("MMUEB", value); }

    /// <summary>Name (DBNA, flag MMNA).</summary>
    public NameBlock? Name { get => Get<NameBlock>("DBNA"); set => SetBlock("DBNA", value); }

    /// <summary>Birth data (DBGB, flag MMGB).</summary>
    public BirthBlock? Birth { get => Get<BirthBlock>("DBGB"); set => SetBlock("DBGB", value); }

    /// <summary>Address (DBAN, flag MMAN).</summary>
    public AddressBlock? Address { get => Get<AddressBlock>("DBAN"); set => SetBlock("DBAN", value); }
}
