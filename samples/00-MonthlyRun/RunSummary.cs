using System.Globalization;
using Elena.Sdk.Records.Models;
using Elena.Sdk.Transport.Replies;

namespace Elena.Sdk.Samples.MonthlyRun;

/// <summary>One reason records came back with (DBFE code and text), and whose records they were.</summary>
internal sealed class Reason(string code, string text)
{
    public string Code { get; } = code;

    public string Text { get; } = text;

    /// <summary>Personnel references (AZVU) of the records, in reply order.</summary>
    public List<string> PersonnelReferences { get; } = [];
}

/// <summary>Everything the summary table shows, gathered while the run goes on.</summary>
internal sealed class RunSummary
{
    public string EmployerNumber { get; set; } = string.Empty;

    public string Company { get; set; } = string.Empty;

    public string CertificateSerial { get; set; } = string.Empty;

    public DateOnly ReportingMonth { get; set; }

    public int Employees { get; set; }

    public long RecordsSent { get; set; }

    public long FileBytes { get; set; }

    public long SealedBytes { get; set; }

    public bool Receipt { get; set; }

    public string? RejectionReason { get; set; }

    /// <summary>Stored as the reference ZSS reports it (its own count, not the client's inference).</summary>
    public int StoredAtOffice { get; set; }

    public int Packages { get; set; }

    /// <summary>Rejections by DBFE code and text, from the fetched reply files.</summary>
    public List<Reason> Rejections { get; } = [];

    /// <summary>Notices by DBFE code and text, from the fetched reply files.</summary>
    public List<Reason> Notices { get; } = [];

    public int NumbersAssigned { get; set; }

    /// <summary>Fetched replies per kind.</summary>
    public SortedDictionary<ReplyKind, int> RepliesByKind { get; } = [];

    public int Fetched { get; set; }

    public int Acknowledged { get; set; }

    public int LeftOnServer { get; set; }

    public int UnacknowledgedInState { get; set; }

    public string SentFileStatus { get; set; } = string.Empty;

    public List<(string Step, TimeSpan Time, TimeSpan Processor)> Steps { get; } = [];

    public long PeakMemoryBytes { get; set; }

    public int Rejected => Rejections.Sum(r => r.PersonnelReferences.Count);

    public int Noticed => Notices.Sum(r => r.PersonnelReferences.Count);

    /// <summary>Takes the records of one fetched reply into the counts.</summary>
    public void Add(Reply reply)
    {
        RepliesByKind[reply.Kind] = RepliesByKind.GetValueOrDefault(reply.Kind) + 1;
        if (reply.File is not { } file)
        {
            return;
        }

        NumbersAssigned += file.Numbers.Count;
        foreach (var record in file.AnsweredRecords.Where(r => r.Errors.Count > 0))
        {
            string reference = record.Record is ElenaRecord elena ? elena.PersonnelReference.Trim() : $"record {record.Number}";
            var errors = record.Errors.Where(ReplyFile.IsError).ToList();
            var blocks = errors.Count > 0 ? errors : record.Errors.ToList();
            var target = errors.Count > 0 ? Rejections : Notices;

            // A record counts once, under its first block; further blocks of the same record are listed with it.
            var first = blocks[0];
            var reason = target.Find(r => r.Code == first.Code && r.Text == first.Text);
            if (reason is null)
            {
                reason = new Reason(first.Code, first.Text);
                target.Add(reason);
            }

            reason.PersonnelReferences.Add(reference);
        }
    }

    /// <summary>Writes the summary table.</summary>
    public void Write(TextWriter output)
    {
        const int MaxReferences = 5;
        string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
        void Row(string label, string value, string? note = null)
            => output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {label,-24}{value,10}{(note is null ? string.Empty : "   " + note)}"));
        void Reasons(List<Reason> reasons)
        {
            foreach (var reason in reasons)
            {
                string who = string.Join(", ", reason.PersonnelReferences.Take(MaxReferences))
                             + (reason.PersonnelReferences.Count > MaxReferences ? $", ... ({Count(reason.PersonnelReferences.Count - MaxReferences)} more)" : string.Empty);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {reason.Code,-8} {reason.Text,-46}{Count(reason.PersonnelReferences.Count),6}   {who}"));
            }
        }

        output.WriteLine();
        output.WriteLine("Summary");
        output.WriteLine("  " + new string('-', 76));
        Row("Employer", EmployerNumber, $"{Company}, certificate serial {CertificateSerial}");
        Row("Reporting month", ReportingMonth.ToString("yyyy-MM", CultureInfo.InvariantCulture));
        Row("Employees", Count(Employees));
        Row("Records sent (MVDS)", Count(RecordsSent), string.Create(CultureInfo.InvariantCulture, $"file {FileBytes / 1e6:0.0} MB, sealed {SealedBytes / 1e6:0.0} MB"));
        Row("Acceptance receipt", Receipt ? "yes" : "no", RejectionReason);
        Row("Accepted and stored", Count(StoredAtOffice), $"encrypted at the reference ZSS, {Count(Packages)} RFV/DSRV package(s)");
        Row("Rejected", Count(Rejected), Rejected > 0 ? "DBFE code, text, count, personnel references:" : null);
        Reasons(Rejections);
        Row("Notices", Count(Noticed), Noticed > 0 ? "stored all the same:" : null);
        Reasons(Notices);
        Row("Numbers assigned", Count(NumbersAssigned), NumbersAssigned == 0 ? "(only number requests, DSVV, get numbers)" : null);
        Row("Replies fetched", Count(Fetched), string.Join(", ", RepliesByKind.Select(k => $"{k.Key} {Count(k.Value)}")));
        Row("Acknowledged", Count(Acknowledged), $"left on the server: {Count(LeftOnServer)}, unacknowledged in the client state: {Count(UnacknowledgedInState)}");
        Row("Sent file status", SentFileStatus, "(client state, SQLite)");
        Row("Peak memory", string.Create(CultureInfo.InvariantCulture, $"{PeakMemoryBytes / 1e6:0} MB"), "(working set of this process)");
        output.WriteLine();
        output.WriteLine("Time per step (wall clock, and CPU time of all threads)");
        output.WriteLine("  " + new string('-', 76));
        foreach (var (step, time, processor) in Steps)
        {
            Row(step, string.Create(CultureInfo.InvariantCulture, $"{time.TotalSeconds:0.00} s"), string.Create(CultureInfo.InvariantCulture, $"CPU {processor.TotalSeconds,6:0.00} s"));
        }

        Row("Total", string.Create(CultureInfo.InvariantCulture, $"{Steps.Sum(s => s.Time.TotalSeconds):0.00} s"),
            string.Create(CultureInfo.InvariantCulture, $"CPU {Steps.Sum(s => s.Processor.TotalSeconds),6:0.00} s"));
    }
}
