namespace Elena.Sdk.Testing.Storage;

/// <summary>The deletion periods of the ZSS [001 §1.6].</summary>
public static class RetentionPolicy
{
    /// <summary>
    /// Stored data is deleted when no longer needed, at the latest after 5 years (counted from the time the
    /// ZSS stored it). Calendar years: an entry exactly 5 years old is kept, one day older is deleted.
    /// </summary>
    public const int StoredDataRetentionYears = 5;

    /// <summary>
    /// Logs (and consents) are deleted after 2 years (counted from the time received), unless they are evidence
    /// in pending proceedings; this reference implementation knows no pending proceedings.
    /// </summary>
    public const int LogRetentionYears = 2;

    /// <summary>Gets the cutoff before which stored data is deleted.</summary>
    /// <param name="now">The current time.</param>
    /// <returns><paramref name="now"/> minus <see cref="StoredDataRetentionYears"/> calendar years.</returns>
    public static DateTimeOffset StoredDataCutoff(DateTimeOffset now) => now.AddYears(-StoredDataRetentionYears);

    /// <summary>Gets the cutoff before which log entries are deleted.</summary>
    /// <param name="now">The current time.</param>
    /// <returns><paramref name="now"/> minus <see cref="LogRetentionYears"/> calendar years.</returns>
    public static DateTimeOffset LogCutoff(DateTimeOffset now) => now.AddYears(-LogRetentionYears);
}

/// <summary>
/// Applies the <see cref="RetentionPolicy"/> to a store and a report log, and — when given — to the retrieval side's
/// log and consents.
/// </summary>
/// <param name="store">The central database.</param>
/// <param name="log">The report log.</param>
/// <param name="timeProvider">The clock.</param>
/// <param name="retrieval">The retrieval side, or <see langword="null"/>.</param>
public sealed class RetentionService(EncryptedRecordStore store, ReportLog log, TimeProvider timeProvider, Elena.Sdk.Testing.Retrieval.RetrievalService? retrieval = null)
{
    private readonly EncryptedRecordStore _store = store ?? throw new ArgumentNullException(nameof(store));
    private readonly ReportLog _log = log ?? throw new ArgumentNullException(nameof(log));
    private readonly TimeProvider _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));

    /// <summary>Deletes stored data older than 5 years and log entries (and ended consents) older than 2 years.</summary>
    /// <returns>What was deleted.</returns>
    public RetentionResult Run()
    {
        var now = _timeProvider.GetUtcNow();
        var reports = _store.DeleteStoredBefore(RetentionPolicy.StoredDataCutoff(now));
        var logEntries = _log.DeleteReceivedBefore(RetentionPolicy.LogCutoff(now));
        var (retrievals, consents) = retrieval?.RunRetention() ?? (0, 0);
        return new RetentionResult(reports, logEntries) { DeletedRetrievalLogEntries = retrievals, DeletedConsents = consents };
    }
}

/// <summary>What one retention run deleted.</summary>
/// <param name="DeletedReports">Stored reports.</param>
/// <param name="DeletedLogEntries">Report log entries.</param>
public sealed record RetentionResult(int DeletedReports, int DeletedLogEntries)
{
    /// <summary>Retrieval log entries.</summary>
    public int DeletedRetrievalLogEntries { get; init; }

    /// <summary>Consents whose period ended.</summary>
    public int DeletedConsents { get; init; }
}
