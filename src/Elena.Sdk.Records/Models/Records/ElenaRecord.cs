using Elena.Sdk.Records.Layouts;

namespace Elena.Sdk.Records.Models;

/// <summary>
/// What the two ELENA records (MVDS and DSVV) share: the 245-character fixed part's common fields and the
/// person and reply blocks.
/// </summary>
public abstract class ElenaRecord : RecordModel
{
    /// <summary>Creates a blank record of an ELENA layout.</summary>
    /// <param name="layout">The layout.</param>
    private protected ElenaRecord(RecordLayout layout)
        : base(layout)
    {
    }

    /// <summary>Creates a record from its decoded characters.</summary>
    /// <param name="layout">The layout.</param>
    /// <param name="record">The record line.</param>
    /// <param name="structure">The decoded structure.</param>
    private protected ElenaRecord(RecordLayout layout, ReadOnlySpan<byte> record, RecordStructure structure)
        : base(layout, record, structure)
    {
    }

    /// <summary>Betriebsnummer of the record creator (BBNRAB).</summary>
    public string Sender { get => GetText("BBNRAB"); set => SetText("BBNRAB", value); }

    /// <summary>Betriebsnummer of the record receiver (BBNREP).</summary>
    public string Receiver { get => GetText("BBNREP"); set => SetText("BBNREP", value); }

    /// <summary>Creation timestamp to the microsecond (ED); <see langword="null"/> when blank or invalid.</summary>
    public DateTime? CreatedAt { get => Timestamps.Parse(GetRaw("ED")); set => SetText("ED", Timestamps.Format(value)); }

    /// <summary>Error flag: <c>0</c> error-free, <c>1</c> errors, <c>2</c>–<c>4</c> see the specification (FEKZ).</summary>
    public string ErrorFlag { get => GetText("FEKZ"); set => SetText("FEKZ", value); }

    /// <summary>Insurance number or procedure number (VSNRVFNR); blank in a DSVV request, filled in its reply.</summary>
    public string InsuranceNumber { get => GetText("VSNRVFNR"); set => SetText("VSNRVFNR", value); }

    /// <summary>Betriebsnummer of the employing establishment (BBNRVU).</summary>
    public string EstablishmentNumber { get => GetText("BBNRVU"); set => SetText("BBNRVU", value); }

    /// <summary>Originator's reference, e.g. the personnel number (AZVU).</summary>
    public string PersonnelReference { get => GetText("AZVU"); set => SetText("AZVU", value); }

    /// <summary>Betriebsnummer of the responsible health insurer (BBNRKK).</summary>
    public string HealthInsurerNumber { get => GetText("BBNRKK"); set => SetText("BBNRKK", value); }

    /// <summary>Health insurer's reference; not used in ELENA (AZKK).</summary>
    public string HealthInsurerReference { get => GetText("AZKK"); set => SetText("AZKK", value); }

    /// <summary>Betriebsnummer of the payroll service (BBNRAS).</summary>
    public string PayrollServiceNumber { get => GetText("BBNRAS"); set => SetText("BBNRAS", value); }

    /// <summary>Person group, three digits (PERSGR).</summary>
    public string PersonGroup { get => GetText("PERSGR"); set => SetText("PERSGR", value); }

    /// <summary>Nationality key (SASC); required in DSVV, not used in MVDS.</summary>
    public string NationalityKey { get => GetText("SASC"); set => SetText("SASC", value); }

    /// <summary>Civil servant, judge or soldier (BEAM).</summary>
    public bool? IsCivilServant { get => GetFlag("BEAM"); set => SetFlag("BEAM", value); }

    /// <summary>Record id, free for the originator (DSID).</summary>
    public string RecordId { get => GetText("DSID"); set => SetText("DSID", value); }

    /// <summary>Name (DBNA, flag MMNA).</summary>
    public NameBlock? Name { get => Get<NameBlock>("DBNA"); set => SetBlock("DBNA", value); }

    /// <summary>Birth data (DBGB, flag MMGB).</summary>
    public BirthBlock? Birth { get => Get<BirthBlock>("DBGB"); set => SetBlock("DBGB", value); }

    /// <summary>Address (DBAN, flag MMAN).</summary>
    public AddressBlock? Address { get => Get<AddressBlock>("DBAN"); set => SetBlock("DBAN", value); }

    /// <summary>Number assignment or return (DBVR, reply block without a flag).</summary>
    public NumberReturnBlock? NumberReturn { get => Get<NumberReturnBlock>("DBVR"); set => SetBlock("DBVR", value); }

    /// <summary>Retired insurance numbers (DBST, reply block without a flag).</summary>
    public RetiredNumbersBlock? RetiredNumbers { get => Get<RetiredNumbersBlock>("DBST"); set => SetBlock("DBST", value); }

    /// <summary>Identity numbers (DBID, reply block without a flag).</summary>
    public IdentityNumbersBlock? IdentityNumbers { get => Get<IdentityNumbersBlock>("DBID"); set => SetBlock("DBID", value); }
}
