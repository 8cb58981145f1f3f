using Elena.Sdk.Records.Layouts;

namespace Elena.Sdk.Records.Models;

/// <summary>
/// Earnings basics (DBEN), 237 characters. Amounts are in cents; signed amounts combine a sign field
/// (<c>V…</c>) and a 10-digit amount into one value.
/// </summary>
public sealed class EarningsBasicsBlock : DataBlock
{
    /// <summary>Creates a blank earnings basics block.</summary>
    public EarningsBasicsBlock()
        : base(BlockLayouts.EarningsBasics)
    {
    }

    internal EarningsBasicsBlock(ReadOnlySpan<byte> data)
        : base(BlockLayouts.EarningsBasics, data)
    {
    }

    /// <summary>Start of employment (AVBEG).</summary>
    public DateOnly? EmploymentStart { get => GetDate("AVBEG"); set => SetDate("AVBEG", value); }

    /// <summary>Tax class <c>0</c>–<c>6</c> (STKL).</summary>
    public string TaxClass { get => GetText("STKL"); set => SetText("STKL", value); }

    /// <summary>Tax factor, four digits (FKT).</summary>
    public string TaxFactor { get => GetText("FKT"); set => SetText("FKT", value); }

    /// <summary>Child allowances (KINDFRB).</summary>
    public string ChildAllowances { get => GetText("KINDFRB"); set => SetText("KINDFRB", value); }

    /// <summary>Activity key (TTSC).</summary>
    public string ActivityKey { get => GetText("TTSC"); set => SetText("TTSC", value); }

    /// <summary>Legal area: <c>W</c> west or <c>O</c> east (KENNZRK).</summary>
    public string LegalArea { get => GetText("KENNZRK"); set => SetText("KENNZRK", value); }

    /// <summary>Contribution group key, four digits (BYGR).</summary>
    public string ContributionGroupKey { get => GetText("BYGR"); set => SetText("BYGR", value); }

    /// <summary>Weekly working hours in hundredths of an hour (AZWOECH).</summary>
    public long? WeeklyHours { get => GetNumber("AZWOECH"); set => SetNumber("AZWOECH", value); }

    /// <summary>Taxable gross, regular, in cents (VSTBREGLF/STBREGLF).</summary>
    public long? TaxableGrossRegular { get => GetSigned("VSTBREGLF", "STBREGLF"); set => SetSigned("VSTBREGLF", "STBREGLF", value); }

    /// <summary>Taxable gross, other payments, in cents (VSTBREGSO/STBREGSO).</summary>
    public long? TaxableGrossOther { get => GetSigned("VSTBREGSO", "STBREGSO"); set => SetSigned("VSTBREGSO", "STBREGSO", value); }

    /// <summary>Social-insurance gross, regular, in cents (SVBREGLF).</summary>
    public long? SocialInsuranceGrossRegular { get => GetNumber("SVBREGLF"); set => SetNumber("SVBREGLF", value); }

    /// <summary>Social-insurance gross, one-off payments, in cents (SVBREGE).</summary>
    public long? SocialInsuranceGrossOneOff { get => GetNumber("SVBREGE"); set => SetNumber("SVBREGE", value); }

    /// <summary>Total gross in cents (VGSBREG/GSBREG).</summary>
    public long? TotalGross { get => GetSigned("VGSBREG", "GSBREG"); set => SetSigned("VGSBREG", "GSBREG", value); }

    /// <summary>Health insurance deduction, regular, in cents (KVLF).</summary>
    public long? HealthInsuranceRegular { get => GetNumber("KVLF"); set => SetNumber("KVLF", value); }

    /// <summary>Health insurance deduction, one-off, in cents (KVE).</summary>
    public long? HealthInsuranceOneOff { get => GetNumber("KVE"); set => SetNumber("KVE", value); }

    /// <summary>Pension insurance deduction, regular, in cents (RVLF).</summary>
    public long? PensionInsuranceRegular { get => GetNumber("RVLF"); set => SetNumber("RVLF", value); }

    /// <summary>Pension insurance deduction, one-off, in cents (RVE).</summary>
    public long? PensionInsuranceOneOff { get => GetNumber("RVE"); set => SetNumber("RVE", value); }

    /// <summary>Unemployment insurance deduction, regular, in cents (AVLF).</summary>
    public long? UnemploymentInsuranceRegular { get => GetNumber("AVLF"); set => SetNumber("AVLF", value); }

    /// <summary>Unemployment insurance deduction, one-off, in cents (AVE).</summary>
    public long? UnemploymentInsuranceOneOff { get => GetNumber("AVE"); set => SetNumber("AVE", value); }

    /// <summary>Care insurance deduction, regular, in cents (PVLF).</summary>
    public long? CareInsuranceRegular { get => GetNumber("PVLF"); set => SetNumber("PVLF", value); }

    /// <summary>Care insurance deduction, one-off, in cents (PVE).</summary>
    public long? CareInsuranceOneOff { get => GetNumber("PVE"); set => SetNumber("PVE", value); }

    /// <summary>Wage tax, regular, in cents (VLSTLF/LSTLF).</summary>
    public long? WageTaxRegular { get => GetSigned("VLSTLF", "LSTLF"); set => SetSigned("VLSTLF", "LSTLF", value); }

    /// <summary>Wage tax on other payments in cents (VLSTSOB/LSTSOB).</summary>
    public long? WageTaxOther { get => GetSigned("VLSTSOB", "LSTSOB"); set => SetSigned("VLSTSOB", "LSTSOB", value); }

    /// <summary>Solidarity surcharge, regular, in cents (VSOLILF/SOLILF).</summary>
    public long? SolidaritySurchargeRegular { get => GetSigned("VSOLILF", "SOLILF"); set => SetSigned("VSOLILF", "SOLILF", value); }

    /// <summary>Solidarity surcharge on other payments in cents (VSOLISOB/SOLISOB).</summary>
    public long? SolidaritySurchargeOther { get => GetSigned("VSOLISOB", "SOLISOB"); set => SetSigned("VSOLISOB", "SOLISOB", value); }

    /// <summary>Church tax, regular, in cents (VKISTLF/KISTLF).</summary>
    public long? ChurchTaxRegular { get => GetSigned("VKISTLF", "KISTLF"); set => SetSigned("VKISTLF", "KISTLF", value); }

    /// <summary>Church tax on other payments in cents (VKISTSOB/KISTSOB).</summary>
    public long? ChurchTaxOther { get => GetSigned("VKISTSOB", "KISTSOB"); set => SetSigned("VKISTSOB", "KISTSOB", value); }
}
