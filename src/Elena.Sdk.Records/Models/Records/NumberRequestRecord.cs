using Elena.Sdk.Records.Layouts;

namespace Elena.Sdk.Records.Models;

/// <summary>
/// Number request record (DSVV) v01 for ELENA: asks for an insurance or procedure number. The presence flags of
/// DBNA, DBGB and DBAN are fixed at <c>J</c>, so <see cref="Name"/>, <see cref="Birth"/> and <see cref="Address"/>
/// must be set before the record is written; the reply blocks DBVR, DBST and DBID are recognised by their
/// identifiers.
/// </summary>
public sealed class NumberRequestRecord : RecordModel
{
    /// <summary>Creates a blank number request record: procedure ELENA, no blocks.</summary>
    public NumberRequestRecord()
        : base(RecordLayouts.ElenaNumberRequest)
    {
    }

    internal NumberRequestRecord(ReadOnlySpan<byte> record, RecordStructure structure)
        : base(RecordLayouts.ElenaNumberRequest, record, structure)
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

    /// <summary>Insurance or procedure number; blank in the request, filled in the reply (VSNRVFNR).</summary>
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

    /// <summary>Nationality key (SASC).</summary>
    public string NationalityKey { get => GetText("SASC"); set => SetText("SASC", value); }

    /// <summary>Civil servant, judge or soldier (BEAM).</summary>
    public bool? IsCivilServant { get => GetFlag("BEAM"); set => SetFlag("BEAM", value); }

    /// <summary>Record id, free for the originator (DSID).</summary>
    public string RecordId { get => GetText("DSID"); set => SetText("DSID", value); }

    /// <summary>Name (DBNA); required.</summary>
    public NameBlock? Name { get => Get<NameBlock>("DBNA"); set => SetBlock("DBNA", value); }

    /// <summary>Birth data (DBGB); required.</summary>
    public BirthBlock? Birth { get => Get<BirthBlock>("DBGB"); set => SetBlock("DBGB", value); }

    /// <summary>Address (DBAN); required.</summary>
    public AddressBlock? Address { get => Get<AddressBlock>("DBAN"); set => SetBlock("DBAN", value); }

    /// <summary>Number assignment or return (DBVR, reply block).</summary>
    public NumberReturnBlock? NumberReturn { get => Get<NumberReturnBlock>("DBVR"); set => SetBlock("DBVR", value); }

    /// <summary>Retired insurance numbers (DBST, reply block).</summary>
    public RetiredNumbersBlock? RetiredNumbers { get => Get<RetiredNumbersBlock>("DBST"); set => SetBlock("DBST", value); }

    /// <summary>Identity numbers (DBID, reply block).</summary>
    public IdentityNumbersBlock? IdentityNumbers { get => Get<IdentityNumbersBlock>("DBID"); set => SetBlock("DBID", value); }
}
