using Elena.Sdk.Records.Layouts;

namespace Elena.Sdk.Records.Models;

/// <summary>
/// Additional data (DBZD), 135 characters. Amounts are in cents; signed amounts combine a sign field
/// (<c>V…</c>) and a 10-digit amount into one value.
/// </summary>
public sealed class AdditionalDataBlock : DataBlock
{
    /// <summary>Creates a blank additional data block.</summary>
    public AdditionalDataBlock()
        : base(BlockLayouts.AdditionalData)
    {
    }

    internal AdditionalDataBlock(ReadOnlySpan<byte> data)
        : base(BlockLayouts.AdditionalData, data)
    {
    }

    /// <summary>Fictitious gross in cents (FIBR).</summary>
    public long? FictitiousGross { get => GetNumber("FIBR"); set => SetNumber("FIBR", value); }

    /// <summary>Flat-taxed pay under §37b EStG in cents (VPAULSB/PAULSB).</summary>
    public long? FlatTaxedPaySection37b { get => GetSigned("VPAULSB", "PAULSB"); set => SetSigned("VPAULSB", "PAULSB", value); }

    /// <summary>Flat-taxed pay under §40 and §40a EStG in cents (VPAULGER/PAULGER).</summary>
    public long? FlatTaxedPaySection40 { get => GetSigned("VPAULGER", "PAULGER"); set => SetSigned("VPAULGER", "PAULGER", value); }

    /// <summary>Flat-taxed pay under §40b EStG in cents (VPAULSO/PAULSO).</summary>
    public long? FlatTaxedPaySection40b { get => GetSigned("VPAULSO", "PAULSO"); set => SetSigned("VPAULSO", "PAULSO", value); }

    /// <summary>Employer subsidy to voluntary health insurance in cents (AGFREIWKV).</summary>
    public long? EmployerSubsidyHealthInsurance { get => GetNumber("AGFREIWKV"); set => SetNumber("AGFREIWKV", value); }

    /// <summary>Employer subsidy to voluntary care insurance in cents (AGFREIWPV).</summary>
    public long? EmployerSubsidyCareInsurance { get => GetNumber("AGFREIWPV"); set => SetNumber("AGFREIWPV", value); }

    /// <summary>Voluntary health insurance contribution in cents (BYFREIWKVLFE).</summary>
    public long? VoluntaryHealthInsuranceContribution { get => GetNumber("BYFREIWKVLFE"); set => SetNumber("BYFREIWKVLFE", value); }

    /// <summary>Voluntary care insurance contribution in cents (BYFREIWPVLFE).</summary>
    public long? VoluntaryCareInsuranceContribution { get => GetNumber("BYFREIWPVLFE"); set => SetNumber("BYFREIWPVLFE", value); }

    /// <summary>Contribution to a professional pension scheme in cents (PBRVBERVERS).</summary>
    public long? PensionSchemeContribution { get => GetNumber("PBRVBERVERS"); set => SetNumber("PBRVBERVERS", value); }

    /// <summary>Flat wage tax in cents (VLSTPAU/LSTPAU).</summary>
    public long? FlatWageTax { get => GetSigned("VLSTPAU", "LSTPAU"); set => SetSigned("VLSTPAU", "LSTPAU", value); }

    /// <summary>Flat solidarity surcharge in cents (VSOLIPAU/SOLIPAU).</summary>
    public long? FlatSolidaritySurcharge { get => GetSigned("VSOLIPAU", "SOLIPAU"); set => SetSigned("VSOLIPAU", "SOLIPAU", value); }

    /// <summary>Flat church tax in cents (VKISTPAU/KISTPAU).</summary>
    public long? FlatChurchTax { get => GetSigned("VKISTPAU", "KISTPAU"); set => SetSigned("VKISTPAU", "KISTPAU", value); }

    /// <summary>Reason for a change of working hours, <c>0</c>–<c>7</c> (AZAEGR).</summary>
    public string WorkingHoursChangeReason { get => GetText("AZAEGR"); set => SetText("AZAEGR", value); }

    /// <summary>Comparable full-time weekly hours in hundredths of an hour (AZVG).</summary>
    public long? ComparableFullTimeWeeklyHours { get => GetNumber("AZVG"); set => SetNumber("AZVG", value); }
}
