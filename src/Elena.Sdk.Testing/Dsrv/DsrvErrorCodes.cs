namespace Elena.Sdk.Testing.Dsrv;

/// <summary>
/// Error numbers the simulated DSRV writes into DBFE blocks. They follow the GKV scheme: positions 1–4 the record,
/// position 5 a letter for a user-specific number (<c>z</c> = ZSS/ELENA binding check, <c>H</c> = hint),
/// positions 6–7 a two-digit number. No public catalogue holds DSRV numbers for these ELENA checks; these are
/// SDK decisions (also listed in <c>src/Elena.Sdk.Testing/Dsrv/README.md</c>).
/// <list type="table">
/// <listheader><term>Code</term><description>Meaning</description></listheader>
/// <item><term><c>MVDSz81</c></term><description>Insurance/procedure number not in the DSRV master data.</description></item>
/// <item><term><c>MVDSz82</c></term><description>Duplicate-assignment suspicion: personal data match below 40 %.</description></item>
/// <item><term><c>MVDSz83</c></term><description>DBNA or DBGB missing: identity cannot be checked.</description></item>
/// <item><term><c>DSVVz84</c></term><description>Town missing (GDMQ 25).</description></item>
/// <item><term><c>DSVVz85</c></term><description>Domestic postcode invalid (GDMQ 25).</description></item>
/// <item><term><c>DSVVH03</c></term><description>Hint: postcode corrected; see the returned DBAN.</description></item>
/// <item><term><c>DSVVz24</c></term><description>No VSNR assigned; ask through DEÜV at the health insurer (GDMQ 24).</description></item>
/// <item><term><c>DSVVz23</c></term><description>Several persons match, not a civil servant; no clarification (GDMQ 23).</description></item>
/// <item><term><c>DSVVz26</c></term><description>Implausible personal data (GDMQ 26, also for missing DBNA/DBGB or birth date).</description></item>
/// </list>
/// </summary>
public static class DsrvErrorCodes
{
    /// <summary>Number not in the master data.</summary>
    public const string NumberUnknown = "MVDSz81";

    /// <summary>Duplicate-assignment suspicion (Doppelvergabeverdacht).</summary>
    public const string DuplicateAssignmentSuspicion = "MVDSz82";

    /// <summary>Personal data blocks missing in the MVDS.</summary>
    public const string PersonalDataMissing = "MVDSz83";

    /// <summary>Town missing.</summary>
    public const string TownMissing = "DSVVz84";

    /// <summary>Domestic postcode invalid.</summary>
    public const string PostalCodeInvalid = "DSVVz85";

    /// <summary>Hint: postcode corrected.</summary>
    public const string PostalCodeCorrected = "DSVVH03";

    /// <summary>No VSNR assigned (GDMQ 24).</summary>
    public const string NoNumberAssigned = "DSVVz24";

    /// <summary>Not unique, not a civil servant (GDMQ 23).</summary>
    public const string NotUnique = "DSVVz23";

    /// <summary>Implausible personal data (GDMQ 26).</summary>
    public const string ImplausiblePersonalData = "DSVVz26";
}
