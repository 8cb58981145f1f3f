namespace Elena.Sdk.Testing.Dsrv;

/// <summary>GDMQ codes of the DBVR block in a DSVV reply (procedure.md §3).</summary>
public static class DsrvReasonCodes
{
    /// <summary>Number returned.</summary>
    public const string NumberReturned = "02";

    /// <summary>New procedure number assigned.</summary>
    public const string NewProcedureNumber = "21";

    /// <summary>Check case opened, civil servant.</summary>
    public const string CheckCaseCivilServant = "22";

    /// <summary>Check case, employee: not unique, no clarification.</summary>
    public const string CheckCaseEmployee = "23";

    /// <summary>No VSNR assigned.</summary>
    public const string NoNumberAssigned = "24";

    /// <summary>Wrong address data.</summary>
    public const string WrongAddress = "25";

    /// <summary>Implausible personal data.</summary>
    public const string ImplausiblePersonalData = "26";
}
