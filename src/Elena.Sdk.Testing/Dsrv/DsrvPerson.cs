namespace Elena.Sdk.Testing.Dsrv;

/// <summary>
/// One person in the simulated DSRV master data (Stammsatzdatei). Immutable; the master data replaces the whole
/// entry when a number is activated or assigned.
/// </summary>
public sealed record DsrvPerson
{
    /// <summary>Current insurance number (VSNR), or <see langword="null"/> when the person has none.</summary>
    public string? InsuranceNumber { get; init; }

    /// <summary>Procedure number (VFNR, area <c>01</c>), or <see langword="null"/> when the person has none.</summary>
    public string? ProcedureNumber { get; init; }

    /// <summary>Retired (stillgelegte) insurance numbers, returned in DBST.</summary>
    public IReadOnlyList<string> RetiredNumbers { get; init; } = [];

    /// <summary>Family name.</summary>
    public string FamilyName { get; init; } = string.Empty;

    /// <summary>First name.</summary>
    public string FirstName { get; init; } = string.Empty;

    /// <summary>Birth name; empty when equal to the family name or unknown.</summary>
    public string BirthName { get; init; } = string.Empty;

    /// <summary>Birth date.</summary>
    public DateOnly BirthDate { get; init; }

    /// <summary>Sex: <c>M</c>, <c>W</c> or <c>X</c>.</summary>
    public string Sex { get; init; } = string.Empty;

    /// <summary>Place of birth.</summary>
    public string PlaceOfBirth { get; init; } = string.Empty;

    /// <summary>Postcode of the address.</summary>
    public string PostalCode { get; init; } = string.Empty;

    /// <summary>Town of the address.</summary>
    public string Town { get; init; } = string.Empty;

    /// <summary>Street of the address.</summary>
    public string Street { get; init; } = string.Empty;

    /// <summary>Civil servant, judge or soldier (Beamter).</summary>
    public bool IsCivilServant { get; init; }

    /// <summary>The number the DSRV reports as current: the VSNR when present, else the VFNR.</summary>
    public string? CurrentNumber => InsuranceNumber ?? ProcedureNumber;

    /// <summary>
    /// The master-data entry for the person of an MVDS, as the DSRV would hold it (a number with area <c>01</c> is a
    /// procedure number). Used to let the reference DSRV know the persons of a generated file.
    /// </summary>
    /// <param name="mvds">The MVDS with DBNA, DBGB and DBAN.</param>
    /// <returns>The person.</returns>
    public static DsrvPerson FromRecord(Elena.Sdk.Records.Models.EarningsRecord mvds)
    {
        ArgumentNullException.ThrowIfNull(mvds);
        string number = mvds.InsuranceNumber;
        bool procedure = number.StartsWith(Elena.Sdk.Records.Identifiers.InsuranceNumber.ProcedureNumberArea, StringComparison.Ordinal);
        return new DsrvPerson
        {
            InsuranceNumber = procedure ? null : number,
            ProcedureNumber = procedure ? number : null,
            FamilyName = mvds.Name?.FamilyName ?? string.Empty,
            FirstName = mvds.Name?.FirstName ?? string.Empty,
            BirthName = mvds.Birth?.BirthName ?? string.Empty,
            BirthDate = mvds.Birth?.BirthDate ?? default,
            Sex = mvds.Birth?.Sex ?? string.Empty,
            PlaceOfBirth = mvds.Birth?.PlaceOfBirth ?? string.Empty,
            PostalCode = mvds.Address?.PostalCode ?? string.Empty,
            Town = mvds.Address?.Town ?? string.Empty,
            Street = mvds.Address?.Street ?? string.Empty,
            IsCivilServant = mvds.IsCivilServant == true,
        };
    }
}
