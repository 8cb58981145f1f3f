using System.CommandLine;
using Elena.Sdk.Records.Models;
using Elena.Sdk.Records.Validation;
using Elena.Sdk.Testing.Data;

namespace Elena.Sdk.Cli.Commands;

/// <summary>
/// <c>elena generate --mvds N [--seed S] [--master DIR] --out FILE</c> (or <c>--dsvv N</c>): a valid synthetic ELENA
/// file. With <c>--master</c> the file is the reference environment's employer's and its persons are added to the
/// environment's DSRV master data, so the in-process ZSS accepts it as is.
/// </summary>
internal static class GenerateCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var mvds = new Option<int>("--mvds") { Description = "Number of earnings records (MVDS)." };
        var dsvv = new Option<int>("--dsvv") { Description = "Number of number request records (DSVV) instead of MVDS." };
        var seed = new Option<int>("--seed") { Description = "Seed; the same seed gives the same file.", DefaultValueFactory = _ => 1 };
        var month = new Option<string?>("--month") { Description = "Reporting month JJJJMM (default 201101)." };
        var file = new Option<FileInfo>("--out") { Description = "The file to write (replaced atomically).", Required = true };
        var master = new Option<DirectoryInfo?>("--master")
        {
            Description = "A reference environment (elena env init): use its employer and add the generated persons (MVDS, DSVV) to its dsrv-master.json.",
        };
        var command = new Command("generate", "Generate a valid ELENA monthly file (VOSZ, DSKO, MVDS or DSVV, NCSZ) with realistic synthetic data.")
        {
            mvds, dsvv, seed, month, file, master,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            int earnings = parse.GetValue(mvds);
            int requests = parse.GetValue(dsvv);
            if ((earnings > 0) == (requests > 0) || earnings < 0 || requests < 0)
            {
                await error.WriteLineAsync("elena generate: give exactly one of --mvds N or --dsvv N with N > 0.").ConfigureAwait(false);
                return ElenaCli.UsageError;
            }

            var reportingMonth = new DateOnly(2011, 1, 1);
            if (parse.GetValue(month) is { } text)
            {
                if (text.Length != 6 || !int.TryParse(text.AsSpan(0, 4), out int y) || !int.TryParse(text.AsSpan(4), out int m) || m is < 1 or > 12 || y is < 1900 or > 2999)
                {
                    await error.WriteLineAsync("elena generate: --month must be JJJJMM between 190001 and 299912, e.g. 201101.").ConfigureAwait(false);
                    return ElenaCli.UsageError;
                }

                reportingMonth = new DateOnly(y, m, 1);
            }

            int total = earnings + requests;
            if (total > FileValidationOptions.ExtraRecordLimit)
            {
                await error.WriteLineAsync(
                    $"elena generate: warning: {total} records exceed the eXTra limit of {FileValidationOptions.ExtraRecordLimit} per file; such a file is for benchmarks only and fails validation.")
                    .ConfigureAwait(false);
            }

            var target = parse.GetValue(file)!;
            string? environment = parse.GetValue(master)?.FullName;
            string? employer = null;
            if (environment is not null)
            {
                using var certificate = Elena.Sdk.Crypto.Certificates.KeyFiles.LoadCertificate(
                    ReferenceEnvironment.PathIn(environment, ReferenceEnvironment.EmployerCertificate));
                employer = ReferenceEnvironment.EmployerNumberOf(certificate);
            }

            var options = new SyntheticFileOptions
            {
                EarningsRecords = earnings, NumberRequests = requests, Seed = parse.GetValue(seed), ReportingMonth = reportingMonth, Employer = employer,
            };
            long written = await AtomicFile.WriteAsync(target.FullName,
                (stream, ct) => SyntheticFileGenerator.WriteAsync(stream, options, ct), cancellationToken).ConfigureAwait(false);
            await error.WriteLineAsync($"elena generate: wrote {written} records to {target.FullName}").ConfigureAwait(false);
            if (environment is not null)
            {
                // The generator is deterministic: the same options give the same persons as the file just written.
                var records = SyntheticFileGenerator.Generate(options).ToList();
                var persons = records.OfType<EarningsRecord>().Select(r => (ReferenceEnvironment.PersonOf(r), false))
                    .Concat(records.OfType<NumberRequestRecord>().Select((r, i) => (ReferenceEnvironment.PersonOf(r, i), true)));
                int added = await ReferenceEnvironment.AppendMasterDataAsync(environment, persons, cancellationToken).ConfigureAwait(false);
                await error.WriteLineAsync(
                    $"elena generate: employer {employer}; added {added} persons to {Path.Combine(environment, ReferenceEnvironment.MasterData)}").ConfigureAwait(false);
            }
            return ElenaCli.Success;
        });
        return command;
    }
}
