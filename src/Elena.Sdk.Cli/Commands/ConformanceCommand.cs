using System.CommandLine;
using System.Globalization;
using Elena.Sdk.Testing.Conformance;

namespace Elena.Sdk.Cli.Commands;

/// <summary>
/// <c>elena conformance run [--subject builtin] [--transport inprocess] [--filter PREFIX] --report DIR</c>: runs the
/// conformance catalogue against the reference implementation and writes <c>report.html</c> and <c>junit.xml</c>;
/// exit 0 only when every case passed. <c>elena conformance list</c> prints the catalogue.
/// </summary>
internal static class ConformanceCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var subject = new Option<string>("--subject") { Description = "The software under examination: builtin (the SDK).", DefaultValueFactory = _ => "builtin" };
        subject.AcceptOnlyFromAmong("builtin");
        var transport = new Option<string>("--transport") { Description = "How files reach the reference: inprocess.", DefaultValueFactory = _ => "inprocess" };
        transport.AcceptOnlyFromAmong("inprocess");
        var filter = new Option<string?>("--filter") { Description = "Run only cases whose id starts with this (e.g. RTE or ACC-001)." };
        var report = new Option<DirectoryInfo>("--report") { Description = "Where report.html and junit.xml go.", Required = true };
        var run = new Command("run", "Run the conformance catalogue against the reference implementation; exit 0 only when all cases pass.")
        {
            subject, transport, filter, report,
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

            var runner = new ConformanceRunner(new BuiltInSubject());
            var results = new List<CaseResult>();
            for (int i = 0; i < cases.Count; i++)
            {
                var result = await runner.RunAsync(cases[i], cancellationToken).ConfigureAwait(false);
                results.Add(result);
                string counter = string.Create(CultureInfo.InvariantCulture, $"[{i + 1,3}/{cases.Count}]");
                await output.WriteLineAsync($"{counter} {(result.Passed ? "pass" : "FAIL")} {result.Case.Id} {result.Case.Title}").ConfigureAwait(false);
                foreach (string failure in result.Failures)
                {
                    await output.WriteLineAsync($"          {failure}").ConfigureAwait(false);
                }
            }

            string folder = parse.GetValue(report)!.FullName;
            ConformanceReport.Write(folder, results, $"{parse.GetValue(subject)} over {parse.GetValue(transport)}", DateTimeOffset.UtcNow);
            int passed = results.Count(r => r.Passed);
            await output.WriteLineAsync($"{passed} of {results.Count} cases passed; report: {Path.Combine(folder, "report.html")}").ConfigureAwait(false);
            return passed == results.Count ? ElenaCli.Success : ElenaCli.Invalid;
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
        return new Command("conformance", "The conformance kit: run the catalogue of cases against the reference implementation.") { run, list };
    }
}
