namespace Elena.Sdk.Testing.Storage;

/// <summary>
/// The ZSS log of every employer report [001 §1.5]: time received, reporting month, VSNR/VFNR, Betriebsnummer
/// and the file it came in. Thread-safe. Entries are deleted after <see cref="RetentionPolicy.LogRetentionYears"/>
/// by <see cref="RetentionService"/>.
/// </summary>
public sealed class ReportLog
{
    private readonly Lock _gate = new();
    private readonly List<ReportLogEntry> _entries = [];

    /// <summary>Gets a snapshot of the log, in the order entries were added.</summary>
    public IReadOnlyList<ReportLogEntry> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries];
            }
        }
    }

    /// <summary>Logs one employer report.</summary>
    /// <param name="receivedAt">When the ZSS received the report.</param>
    /// <param name="month">The reporting month (the day is ignored).</param>
    /// <param name="insuranceNumber">The participant's VSNR or VFNR.</param>
    /// <param name="employerNumber">The employer's Betriebsnummer.</param>
    /// <param name="fileId">The id of the file the report came in.</param>
    /// <returns>The new log entry.</returns>
    public ReportLogEntry Add(DateTimeOffset receivedAt, DateOnly month, string insuranceNumber, string employerNumber, string fileId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(insuranceNumber);
        ArgumentException.ThrowIfNullOrWhiteSpace(employerNumber);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileId);
        var entry = new ReportLogEntry(receivedAt, new DateOnly(month.Year, month.Month, 1), insuranceNumber, employerNumber, fileId);
        lock (_gate)
        {
            _entries.Add(entry);
        }

        return entry;
    }

    /// <summary>Deletes every entry received before <paramref name="cutoff"/>.</summary>
    internal int DeleteReceivedBefore(DateTimeOffset cutoff)
    {
        lock (_gate)
        {
            return _entries.RemoveAll(e => e.ReceivedAt < cutoff);
        }
    }
}

/// <summary>One entry of the <see cref="ReportLog"/>.</summary>
/// <param name="ReceivedAt">When the ZSS received the report.</param>
/// <param name="Month">The reporting month (first day of the month).</param>
/// <param name="InsuranceNumber">The participant's VSNR or VFNR.</param>
/// <param name="EmployerNumber">The employer's Betriebsnummer.</param>
/// <param name="FileId">The id of the file the report came in.</param>
public sealed record ReportLogEntry(DateTimeOffset ReceivedAt, DateOnly Month, string InsuranceNumber, string EmployerNumber, string FileId);
