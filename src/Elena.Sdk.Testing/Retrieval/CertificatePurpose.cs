using System.Collections.Frozen;

namespace Elena.Sdk.Testing.Retrieval;

/// <summary>The five certificates of § 95 SGB IV for which ELENA data may be retrieved (the purpose of a consent and of a retrieval).</summary>
public enum CertificatePurpose
{
    /// <summary>Unemployment benefit certificate (Arbeitsbescheinigung, § 312 SGB III).</summary>
    UnemploymentBenefit,

    /// <summary>Side-income certificate (Nebeneinkommensbescheinigung, § 313 SGB III).</summary>
    SideIncome,

    /// <summary>Employment information (Auskunft über die Beschäftigung, § 315 Abs. 3 SGB III).</summary>
    EmploymentInformation,

    /// <summary>Earnings for housing benefit (§ 23 Abs. 2 WoGG).</summary>
    HousingBenefit,

    /// <summary>Earnings for parental benefit (§ 9 BEEG).</summary>
    ParentalBenefit,
}

/// <summary>
/// Which data parts of a stored MVDS each certificate needs (seed 001 §1.6.4.16: retrieval limited to the parts
/// needed). The fixed part always goes along; any block not listed is removed before the data leaves the
/// retrieval path (docs/decisions.md R35).
/// </summary>
public static class CertificateDataParts
{
    private static readonly FrozenDictionary<CertificatePurpose, FrozenSet<string>> Parts = new Dictionary<CertificatePurpose, FrozenSet<string>>
    {
        [CertificatePurpose.UnemploymentBenefit] = FrozenSet.Create(StringComparer.Ordinal, "DBEN", "DBAG", "DBAB", "DBFZ", "DBSE", "DBSB", "DBAS", "DBZD", "DBHA", "DBKE"),
        [CertificatePurpose.SideIncome] = FrozenSet.Create(StringComparer.Ordinal, "DBEN", "DBAG", "DBNB"),
        [CertificatePurpose.EmploymentInformation] = FrozenSet.Create(StringComparer.Ordinal, "DBEN", "DBAG", "DBFZ", "DBKE"),
        [CertificatePurpose.HousingBenefit] = FrozenSet.Create(StringComparer.Ordinal, "DBEN", "DBAG", "DBSE", "DBSB"),
        [CertificatePurpose.ParentalBenefit] = FrozenSet.Create(StringComparer.Ordinal, "DBEN", "DBAG", "DBSE", "DBFZ"),
    }.ToFrozenDictionary();

    /// <summary>The data blocks a certificate needs.</summary>
    /// <param name="purpose">The certificate.</param>
    /// <returns>Block identifiers (DBEN, DBAG, …).</returns>
    public static IReadOnlySet<string> For(CertificatePurpose purpose) => Parts[purpose];
}
