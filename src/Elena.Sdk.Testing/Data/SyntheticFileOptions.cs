namespace Elena.Sdk.Testing.Data;

/// <summary>What <see cref="SyntheticFileGenerator"/> produces.</summary>
public sealed class SyntheticFileOptions
{
    /// <summary>Number of earnings records (MVDS). Either this or <see cref="NumberRequests"/> must be positive.</summary>
    public int EarningsRecords { get; init; }

    /// <summary>Number of number request records (DSVV); a DSVV file holds no MVDS.</summary>
    public int NumberRequests { get; init; }

    /// <summary>The seed; the same seed and options give the same bytes. Default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>The reporting month (first day). Default January 2011.</summary>
    public DateOnly ReportingMonth { get; init; } = new(2011, 1, 1);

    /// <summary>The file sequence number (DTNR). Default 1.</summary>
    public int FileNumber { get; init; } = 1;

    /// <summary>The receiver's Betriebsnummer. Default the reference ZSS.</summary>
    public string Receiver { get; init; } = ReferenceParties.CentralStorageOffice;

    /// <summary>The employer's Betriebsnummer, or <see langword="null"/> for one derived from the seed.</summary>
    public string? Employer { get; init; }
}
