using System.Globalization;

namespace Elena.Sdk.Testing.Conformance;

/// <summary>One record as observed at the office: its number, type, DBFE codes and, for a DSVV, the GDMQ.</summary>
internal sealed record ObservedRecord(long Number, string RecordType, IReadOnlyList<string> Codes, string? ReasonCode);

/// <summary>
/// What the office made of one file, whichever way it was observed (the in-process ZSS's submission result, or the
/// service portal's file detail): replies with their routes, counts, state and records.
/// </summary>
internal sealed record ObservedFile(IReadOnlyList<(string Kind, string Route)> Replies, int Stored, bool Pending, int NumbersAssigned, IReadOnlyList<ObservedRecord> Records);

/// <summary>The per-file expectations of a case, checked the same way for the runner and for <c>elena conformance verify</c>.</summary>
internal static class ExpectationCheck
{
    /// <summary>Adds a failure for every per-file expectation that does not hold.</summary>
    /// <param name="expect">The expectation.</param>
    /// <param name="file">What the office made of the file.</param>
    /// <param name="failures">Where failures go.</param>
    /// <param name="repliesNote">Appended to a reply mismatch (e.g. why a file was rejected), or empty.</param>
    public static void File(Expectation expect, ObservedFile file, List<string> failures, string repliesNote = "")
    {
        var kinds = file.Replies.Select(r => r.Kind).ToList();
        if (expect.Replies is { } replies && !replies.SequenceEqual(kinds))
        {
            failures.Add($"replies: expected [{string.Join(", ", replies)}], got [{string.Join(", ", kinds)}]{repliesNote}");
        }

        if (expect.Stored is { } stored && stored != file.Stored)
        {
            failures.Add($"stored: expected {stored}, got {file.Stored}");
        }

        if (expect.Pending is { } pending && pending != file.Pending)
        {
            failures.Add($"pending: expected {pending}, got {file.Pending}");
        }

        foreach (var error in expect.Errors)
        {
            var record = file.Records.FirstOrDefault(r => r.Number == error.Record);
            if (record is null || !record.Codes.Contains(error.Code))
            {
                string got = record is null ? "no outcome" : string.Join(", ", record.Codes);
                failures.Add($"record {error.Record.ToString(CultureInfo.InvariantCulture)}: expected DBFE {error.Code}, got [{got}]");
            }
        }

        foreach (var (kind, route) in expect.Routes)
        {
            var reply = file.Replies.FirstOrDefault(r => r.Kind == kind);
            if (reply.Kind is null || reply.Route != route)
            {
                failures.Add($"route of {kind}: expected {route}, got {(reply.Kind is null ? "no such reply" : reply.Route)}");
            }
        }

        if (expect.NumbersAssigned is { } numbers && numbers != file.NumbersAssigned)
        {
            failures.Add($"numbers assigned: expected {numbers}, got {file.NumbersAssigned}");
        }

        if (expect.ReasonCodes is { } codes)
        {
            var got = file.Records.Where(r => r.RecordType == "DSVV").Select(r => r.ReasonCode ?? string.Empty).ToList();
            if (!codes.SequenceEqual(got))
            {
                failures.Add($"GDMQ: expected [{string.Join(", ", codes)}], got [{string.Join(", ", got)}]");
            }
        }
    }
}
