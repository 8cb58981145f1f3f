using Elena.Sdk.Testing.Portal;
using Elena.Sdk.Testing.Replies;
using Elena.Sdk.Transport.Replies;

namespace Elena.Sdk.Testing.Conformance;

/// <summary>The outcome of <see cref="PortalVerification.Verify"/>.</summary>
/// <param name="Failures">Expectations that did not hold; empty when the file passed.</param>
/// <param name="NotChecked">Expectations the service portal cannot show (e.g. the store, the paper outbox); they need an in-process run.</param>
public sealed record VerificationResult(IReadOnlyList<string> Failures, IReadOnlyList<string> NotChecked)
{
    /// <summary>True when every checkable expectation held.</summary>
    public bool Passed => Failures.Count == 0;
}

/// <summary>
/// Checks what a running reference (<c>elena serve</c>) received and replied for one file against a case's
/// expectation, as the employer sees it through the service portal's status API (<c>elena conformance verify</c>):
/// for software that is not on .NET and sent the file itself.
/// </summary>
public static class PortalVerification
{
    /// <summary>Checks one file.</summary>
    /// <param name="scenario">The case.</param>
    /// <param name="file">The file's detail from the portal (<see cref="PortalClient.GetFileAsync"/>).</param>
    /// <returns>What failed and what could not be checked.</returns>
    public static VerificationResult Verify(ConformanceCase scenario, PortalFileDetail file)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(file);
        var failures = new List<string>();
        var notChecked = new List<string>();
        var expect = scenario.Expect;
        if (scenario.Certificate is not null || scenario.Card is not null || scenario.Retrieval is not null)
        {
            notChecked.Add("certificate, card and retrieval cases run in-process only (elena conformance run)");
        }

        var observed = new ObservedFile(
            [.. file.Replies.Select(r => (r.Kind.ToString(), r.Route.ToString()))],
            file.Status.Counts.Stored,
            file.Status.State == PortalFileState.Pending,
            file.Status.Counts.NumbersAssigned,
            [.. file.Records.Select(r => new ObservedRecord(r.Number, r.RecordType, [.. r.Errors.Select(e => e.Code)], r.ReasonCode))]);
        ExpectationCheck.File(expect, observed, failures);

        if (expect.ServerReplies is { } server)
        {
            int onServer = file.Replies.Count(r => r.Route == ReplyRoute.Server && r.Kind != ReplyKind.AcceptanceReceipt);
            if (server != onServer)
            {
                failures.Add($"replies put on the server: expected {server}, got {onServer}");
            }
        }

        if (expect.FileErrors.Count > 0)
        {
            notChecked.Add("the DBFE of a file rejection (the portal shows records, not the rejected file's framing): read the fetched reply");
        }

        if (expect.PaperOutbox is not null || expect.StoredReports is not null || expect.LogEntries is not null || scenario.DaysAfter > 0)
        {
            notChecked.Add("retention, deletion and the store (days passing, paper outbox, stored reports, report log) run in-process only");
        }

        if (scenario.Next is not null)
        {
            notChecked.Add("the case has a second file: verify it by its file id after sending it (--file)");
        }

        return new VerificationResult(failures, notChecked);
    }
}
