using System.Globalization;

namespace Elena.Sdk.Testing.Conformance;

/// <summary>
/// A case told as steps for a person testing software that is not on .NET against <c>elena serve</c>: what to build,
/// how to seal and send it, what to do afterwards, and what the reference must answer.
/// </summary>
public static class ConformanceScenarioText
{
    /// <summary>The steps of a case, in order.</summary>
    /// <param name="scenario">The case.</param>
    /// <returns>One sentence per step.</returns>
    public static IReadOnlyList<string> Describe(ConformanceCase scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var steps = new List<string>();
        if (scenario.Certificate is { } certificate)
        {
            steps.Add("Certificate lifecycle at the simulated trust center, steps: " + string.Join(" → ", certificate.Steps.Select(s => s.ToString())) + ".");
            steps.Add($"Expected outcome: {scenario.Expect.Outcome}.");
            return steps;
        }

        if (scenario.Card is { } card)
        {
            steps.Add("Signature card, steps: " + string.Join(" → ", card.Steps.Select(s => s.ToString())) + ".");
            steps.Add($"Expected outcome: {scenario.Expect.Outcome}.");
            return steps;
        }

        Describe(steps, scenario.File, scenario.Send, first: true);
        if (scenario.Faults is { } faults)
        {
            string what = faults.Rfv is { } rfv ? $"the RFV is in state {rfv}" : $"the DSRV answers {faults.Dsrv}";
            steps.Add(faults.Clear
                ? $"While the file is processed {what}; the office keeps it pending and finishes it once the fault clears."
                : $"While the file is processed {what}, and the fault does not clear.");
        }

        if (scenario.Next is { } next)
        {
            steps.Add("Then send a second file:");
            Describe(steps, next.File, next.Send, first: false);
        }

        if (scenario.DaysAfter > 0)
        {
            steps.Add(string.Create(CultureInfo.InvariantCulture, $"Do not fetch; {scenario.DaysAfter} days pass (reply retention and deletion rules run)."));
        }
        else
        {
            steps.Add(scenario.Send.Channel == "mail"
                ? "Read the replies from the employer's mailbox (the subject line classifies them), open and verify each."
                : "Fetch the replies waiting on the communication server by eXTra, open and verify each, and acknowledge them.");
        }

        if (scenario.Retrieval is not null)
        {
            steps.Add("Afterwards a retrieving office asks for the first employee's data (retrieval side; no action by the employer).");
        }

        steps.Add("The reference must answer: " + Expected(scenario.Expect) + ".");
        return steps;
    }

    private static void Describe(List<string> steps, FileScenario file, SendScenario send, bool first)
    {
        var what = new List<string>();
        if (file.Mvds > 0)
        {
            what.Add(string.Create(CultureInfo.InvariantCulture, $"{file.Mvds} MVDS"));
        }

        if (file.Dsvv > 0)
        {
            what.Add(string.Create(CultureInfo.InvariantCulture, $"{file.Dsvv} DSVV"));
        }

        string fileNumber = file.FileNumber is { } n ? string.Create(CultureInfo.InvariantCulture, $", file number (DTNR) {n:D6}") : string.Empty;
        steps.Add(file.Cancel.Count > 0
            ? $"Build a file that cancels (KENNZST = J) the reports of records {List(file.Cancel)} of the first file and reports them again with a corrected amount{fileNumber}."
            : $"Build a monthly file: VOSZ, DSKO, {string.Join(" and ", what)}, NCSZ (generator seed {file.Seed.ToString(CultureInfo.InvariantCulture)}){fileNumber}.");
        if (file.ReplyChannel is not null || file.ConfirmationWanted is not null)
        {
            steps.Add($"In the DSKO set FERUECK (412) = '{file.ReplyChannel ?? "as generated"}' and VERBEST (411) = '{file.ConfirmationWanted ?? "as generated"}'.");
        }

        if (file.UnknownPersons.Count > 0)
        {
            steps.Add($"Records {List(file.UnknownPersons)}: employees the DSRV does not know.");
        }

        if (file.RetiredNumbers.Count > 0)
        {
            steps.Add($"Records {List(file.RetiredNumbers)}: employees reported under a retired insurance number.");
        }

        if (file.KnownRequests.Count > 0)
        {
            steps.Add($"Records {List(file.KnownRequests)}: persons the DSRV knows with an insurance number.");
        }

        if (file.AmbiguousRequests.Count > 0)
        {
            steps.Add($"Records {List(file.AmbiguousRequests)}: persons the DSRV finds twice.");
        }

        foreach (var change in file.Fields)
        {
            steps.Add(string.Create(CultureInfo.InvariantCulture, $"Record {change.Record}: write '{change.Value}' into field {change.Field} (a deliberate fault or a choice the case needs)."));
        }

        if (file.Drop.Count > 0)
        {
            steps.Add($"Leave out records {List(file.Drop)} after building (the NCSZ keeps its count).");
        }

        string signer = send.Signer switch
        {
            "unadmitted" => "a certificate that is not in gesamt.agv",
            "expired" => "an expired certificate",
            _ => "the employer's certificate",
        };
        string recipient = send.Recipient == "other" ? "another party's certificate (not the ZSS)" : "the ZSS certificate";
        string cipher = send.Cipher is { } c ? $", content encrypted with {c} instead of AES-256-CBC" : string.Empty;
        steps.Add($"Sign with {signer} and encrypt for {recipient}{cipher}{(send.Tamper ? ", then change one bit of the sealed file" : string.Empty)}.");
        steps.Add(send.Direct
            ? "A conforming client refuses to send this file; hand it to the reference directly (elena zss submit) to see the office's answer."
            : send.Channel == "mail"
                ? "Send it by e-mail (sealed file and order record .AUF) to the ZSS's address."
                : $"Send it by eXTra to the endpoint elena serve prints{(first ? string.Empty : " (a new RequestID)")}.");
    }

    private static string Expected(Expectation e)
    {
        var parts = new List<string>();
        if (e.Replies is { } replies)
        {
            parts.Add("replies " + string.Join(", ", replies));
        }

        parts.AddRange(e.Routes.Select(r => $"{r.Key} by {r.Value}"));
        if (e.Stored is { } stored)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{stored} records stored"));
        }

        parts.AddRange(e.Errors.Select(x => string.Create(CultureInfo.InvariantCulture, $"record {x.Record} with DBFE {x.Code}")));
        parts.AddRange(e.FileErrors.Select(x => $"file rejection with {x}"));
        if (e.ReasonCodes is { } codes)
        {
            parts.Add("GDMQ " + string.Join(", ", codes));
        }

        if (e.NumbersAssigned is { } numbers)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{numbers} numbers assigned"));
        }

        if (e.Pending is { } pending)
        {
            parts.Add(pending ? "the file still pending" : "the file finished");
        }

        if (e.ServerReplies is { } server)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{server} replies waiting on the server"));
        }

        if (e.PaperOutbox is { } paper)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{paper} replies on paper"));
        }

        if (e.StoredReports is { } reports)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{reports} stored reports of the first employee"));
        }

        if (e.LogEntries is { } log)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{log} report log entries"));
        }

        if (e.Refusal is { } refusal)
        {
            parts.Add(refusal == "none" ? "the retrieval succeeds" : $"the retrieval is refused ({refusal})");
        }

        return parts.Count == 0 ? "(see the catalogue entry)" : string.Join("; ", parts);
    }

    private static string List(IReadOnlyList<int> numbers) => string.Join(", ", numbers.Select(n => n.ToString(CultureInfo.InvariantCulture)));
}
