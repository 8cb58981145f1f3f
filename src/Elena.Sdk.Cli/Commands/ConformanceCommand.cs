using System.CommandLine;
using System.Globalization;
using Elena.Sdk.Testing.Conformance;

namespace Elena.Sdk.Cli.Commands;

/// <summary>
/// <c>elena conformance run [--subject builtin] [--transport inprocess|extra|mail] [--filter PREFIX] --report DIR</c>:
/// runs the conformance catalogue against the reference implementation and writes <c>report.html</c> and
/// <c>junit.xml</c>; exit 0 only when every case passed. <c>elena conformance list</c> prints the catalogue;
/// <c>elena conformance scenario ID</c> tells what software must do for one case.
/// </summary>
internal static class ConformanceCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var subject = new Option<string>("--subject") { Description = "The software under examination: builtin (the SDK).", DefaultValueFactory = _ => "builtin" };
        subject.AcceptOnlyFromAmong("builtin");
        var transport = new Option<string>("--transport")
        {
            Description = "How files reach the reference: inprocess; extra (eXTra-channel cases over HTTP to a Kestrel on 127.0.0.1, replies fetched and acknowledged); "
                + "mail (mail-channel cases by SMTP, replies read by IMAP; a loopback mail server is started unless --smtp/--imap are given). Cases of the other channel run in-process.",
            DefaultValueFactory = _ => "inprocess",
        };
        transport.AcceptOnlyFromAmong("inprocess", "extra", "mail");
        var smtp = new Option<string?>("--smtp") { Description = "With --transport mail: an SMTP server HOST:PORT (plain) that delivers to any address, instead of starting one." };
        var imap = new Option<string?>("--imap") { Description = "With --transport mail: the IMAP server HOST:PORT (plain) of the same mailboxes; user name = address, password from ELENA_MAIL_PASSWORD." };
        var filter = new Option<string?>("--filter") { Description = "Run only cases whose id starts with this (e.g. RTE or ACC-001)." };
        var report = new Option<DirectoryInfo>("--report") { Description = "Where report.html and junit.xml go.", Required = true };
        var run = new Command("run", "Run the conformance catalogue against the reference implementation; exit 0 only when all cases pass.")
        {
            subject, transport, smtp, imap, filter, report,
        };
        run.SetAction(async (parse, cancellationToken) =>
        {
            string? prefix = parse.GetValue(filter);
            var cases = ConformanceCatalogue.Load().Where(c => prefix is null || c.Id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).ToList();
            if (cases.Count == 0)
            {
                await error.WriteLineAsync($"elena conformance: no case matches '{prefix}'.").ConfigureAwait(false);
                return ElenaCli.UsageError;
            }

            string transportName = parse.GetValue(transport)!;
            var kind = transportName switch { "extra" => ConformanceTransport.Extra, "mail" => ConformanceTransport.Mail, _ => ConformanceTransport.InProcess };
            Testing.Mail.LoopbackMailServer? mailServer = null;
            try
            {
                ConformanceMailServer? mail = null;
                if (kind == ConformanceTransport.Mail)
                {
                    if (parse.GetValue(smtp) is { } smtpAddress && parse.GetValue(imap) is { } imapAddress)
                    {
                        mail = new ConformanceMailServer
                        {
                            Smtp = MailServerAddress.Parse(smtpAddress, "--smtp"),
                            Imap = MailServerAddress.Parse(imapAddress, "--imap"),
                            Password = Environment.GetEnvironmentVariable(MailServerAddress.PasswordVariable) ?? string.Empty,
                        };
                    }
                    else
                    {
                        if (Testing.Mail.LoopbackMailServer.CheckPrerequisites() is { } problem)
                        {
                            await error.WriteLineAsync($"elena conformance: --transport mail needs a mail server: give --smtp and --imap, or let elena start one ({problem}).").ConfigureAwait(false);
                            return ElenaCli.UsageError;
                        }

                        mailServer = await Testing.Mail.LoopbackMailServer.StartAsync(cancellationToken).ConfigureAwait(false);
                        await output.WriteLineAsync($"mail: smtp 127.0.0.1:{mailServer.SmtpPort}, imap 127.0.0.1:{mailServer.ImapPort} (started for this run)").ConfigureAwait(false);
                        mail = new ConformanceMailServer { Smtp = mailServer.Smtp, Imap = mailServer.Imap("-"), Password = Testing.Mail.LoopbackMailServer.Password };
                    }
                }

                var runner = new ConformanceRunner(new BuiltInSubject(), new ConformanceRunnerOptions { Transport = kind, MailServer = mail, ExtraOverHttp = true });
                var results = new List<CaseResult>();
                for (int i = 0; i < cases.Count; i++)
                {
                    var result = await runner.RunAsync(cases[i], cancellationToken).ConfigureAwait(false);
                    results.Add(result);
                    string counter = string.Create(CultureInfo.InvariantCulture, $"[{i + 1,3}/{cases.Count}]");
                    string via = result.Delivery == ConformanceTransport.InProcess ? string.Empty : $" ({result.Delivery.ToString().ToLowerInvariant()})";
                    await output.WriteLineAsync($"{counter} {(result.Passed ? "pass" : "FAIL")} {result.Case.Id}{via} {result.Case.Title}").ConfigureAwait(false);
                    foreach (string failure in result.Failures)
                    {
                        await output.WriteLineAsync($"          {failure}").ConfigureAwait(false);
                    }
                }

                string folder = parse.GetValue(report)!.FullName;
                ConformanceReport.Write(folder, results, $"{parse.GetValue(subject)} over {transportName}", TimeProvider.System.GetUtcNow());
                int passed = results.Count(r => r.Passed);
                await output.WriteLineAsync($"{passed} of {results.Count} cases passed; report: {Path.Combine(folder, "report.html")}").ConfigureAwait(false);
                return passed == results.Count ? ElenaCli.Success : ElenaCli.Invalid;
            }
            finally
            {
                if (mailServer is not null)
                {
                    await mailServer.DisposeAsync().ConfigureAwait(false);
                }
            }
        });

        var list = new Command("list", "Print the catalogue: id, seed rule, title.");
        list.SetAction(async (parse, cancellationToken) =>
        {
            foreach (var c in ConformanceCatalogue.Load())
            {
                await output.WriteLineAsync($"{c.Id}\t{c.Seed}\t{c.Title}").ConfigureAwait(false);
            }

            return ElenaCli.Success;
        });
        var id = new Argument<string>("ID") { Description = "The case id (elena conformance list)." };
        var scenario = new Command("scenario", "Print what software must do for one case against elena serve, and what the reference must answer.") { id };
        scenario.SetAction(async (parse, cancellationToken) =>
        {
            var c = ConformanceCatalogue.Load().FirstOrDefault(x => string.Equals(x.Id, parse.GetValue(id), StringComparison.OrdinalIgnoreCase));
            if (c is null)
            {
                await error.WriteLineAsync($"elena conformance: no case '{parse.GetValue(id)}' (elena conformance list).").ConfigureAwait(false);
                return ElenaCli.UsageError;
            }

            await output.WriteLineAsync($"{c.Id}: {c.Title}").ConfigureAwait(false);
            await output.WriteLineAsync($"Seed rule: {c.Seed}").ConfigureAwait(false);
            var steps = ConformanceScenarioText.Describe(c);
            for (int i = 0; i < steps.Count; i++)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{i + 1,2}. {steps[i]}")).ConfigureAwait(false);
            }

            return ElenaCli.Success;
        });
        var verifyId = new Argument<string>("ID") { Description = "The case id." };
        var url = new Option<string>("--url") { Description = "Any URL of the running 'elena serve' (it prints 'portal: <url>').", Required = true };
        var environment = new Option<DirectoryInfo>("--env") { Description = "The reference environment (elena env init) whose employer sent the file.", Required = true };
        var fileId = new Option<string?>("--file") { Description = "The office's file id (elena send prints it). Default: the file received last." };
        var verify = new Command("verify", "Check what the running reference (elena serve) received and replied for a file against one case, through the service portal; exit 0 when it holds.")
        {
            verifyId, url, environment, fileId,
        };
        verify.SetAction(async (parse, cancellationToken) =>
        {
            var c = ConformanceCatalogue.Load().FirstOrDefault(x => string.Equals(x.Id, parse.GetValue(verifyId), StringComparison.OrdinalIgnoreCase));
            if (c is null)
            {
                await error.WriteLineAsync($"elena conformance: no case '{parse.GetValue(verifyId)}' (elena conformance list).").ConfigureAwait(false);
                return ElenaCli.UsageError;
            }

            using var employer = ReferenceEnvironment.LoadEmployer(parse.GetValue(environment)!.FullName);
            using var http = new HttpClient { BaseAddress = new Uri(parse.GetValue(url)!) };
            var client = new Testing.Portal.PortalClient(http, employer);
            string? id = parse.GetValue(fileId);
            if (id is null)
            {
                var files = await client.GetFilesAsync(cancellationToken).ConfigureAwait(false);
                id = files.OrderBy(f => f.ReceivedAt).ThenBy(f => f.FileId, StringComparer.Ordinal).LastOrDefault()?.FileId;
                if (id is null)
                {
                    await error.WriteLineAsync("elena conformance: the reference has received no file from this employer yet.").ConfigureAwait(false);
                    return ElenaCli.Invalid;
                }
            }

            var detail = await client.GetFileAsync(id, cancellationToken).ConfigureAwait(false);
            if (detail is null)
            {
                await error.WriteLineAsync($"elena conformance: no file '{id}' of this employer at the reference.").ConfigureAwait(false);
                return ElenaCli.Invalid;
            }

            var result = PortalVerification.Verify(c, detail);
            await output.WriteLineAsync($"{(result.Passed ? "pass" : "FAIL")} {c.Id} file {id}: {c.Title}").ConfigureAwait(false);
            foreach (string failure in result.Failures)
            {
                await output.WriteLineAsync($"  {failure}").ConfigureAwait(false);
            }

            foreach (string item in result.NotChecked)
            {
                await output.WriteLineAsync($"  not checked: {item}").ConfigureAwait(false);
            }

            return result.Passed ? ElenaCli.Success : ElenaCli.Invalid;
        });
        return new Command("conformance", "The conformance kit: run the catalogue of cases against the reference implementation.") { run, list, scenario, verify };
    }
}
