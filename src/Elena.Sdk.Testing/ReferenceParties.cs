namespace Elena.Sdk.Testing;

/// <summary>Betriebsnummern of the receiving parties in the reference implementation (docs/decisions.md R22).</summary>
public static class ReferenceParties
{
    /// <summary>The central storage office (ZSS): a test Betriebsnummer that passes the check digit rule.</summary>
    public const string CentralStorageOffice = "66660008";

    /// <summary>The pension data office (DSRV), as in the DEÜV procedure.</summary>
    public const string PensionDataOffice = "66667777";
}
