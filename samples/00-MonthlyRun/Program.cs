// Sample 00, the main job: one monthly ELENA run of an employer against the in-process reference implementation.
//
//   dotnet run --project samples/00-MonthlyRun [-- --employees 20000 --seed 7 --faulty 3 --notices 1 --key-size 4096 --keep]
//
// 1. Certificate: first request at the simulated ITSG trust center (letter, unlock code, order confirmation, issued
//    two days later), imported into an encrypted certificate store; the ZSS admits it through the complete list.
// 2. Monthly file: VOSZ, DSKO, one MVDS per employee, NCSZ, streamed to disk and validated.
// 3. Seal: signed with the employer's certificate, encrypted for the ZSS certificate from the acceptance list.
// 4. Send by eXTra, with the send log in the client state (SQLite).
// 5. The reference ZSS processes it: admission, checks, RFV/DSRV in packages of 2,000, encrypted storage.
// 6. Replies fetched by eXTra, opened, stored, acknowledged and classified through ReplyInbox.
// Exit code 0 only when everything came back as expected; 1 when anything differs; 2 for a wrong command line.
using System.CommandLine;
using Elena.Sdk.Records.Validation;
using Elena.Sdk.Samples.MonthlyRun;

var employees = new Option<int>("--employees", "-n")
{
    Description = $"Employees of the company, one MVDS each (1 to {FileValidationOptions.ExtraRecordLimit:N0}, the eXTra limit per file).",
    DefaultValueFactory = _ => 2_000,
};
var seed = new Option<int>("--seed") { Description = "Seed of the synthetic payroll; the same seed gives the same employees.", DefaultValueFactory = _ => 2011 };
var faulty = new Option<int>("--faulty")
{
    Description = "Employees the pension insurance does not know as reported (unknown number, or someone else's): rejected with the DSRV's reasons.",
};
var notices = new Option<int>("--notices") { Description = "Employees reported under a retired insurance number: stored, with a notice and the current number." };
var keySize = new Option<int>("--key-size")
{
    Description = "RSA key size of the employer's key pair: 4096 as for the ITSG trust center, 2048 or 3072 for quicker test runs.",
    DefaultValueFactory = _ => Elena.Sdk.Certificates.TrustCenter.TrustCenterWorkflowOptions.DefaultKeySize,
};
keySize.AcceptOnlyFromAmong("2048", "3072", "4096");
var keep = new Option<bool>("--keep") { Description = "Keep the work folder (certificate store, files, client state) instead of deleting it." };
employees.Validators.Add(result =>
{
    int value = result.GetValueOrDefault<int>();
    if (value is < 1 or > FileValidationOptions.ExtraRecordLimit)
    {
        result.AddError($"--employees must be between 1 and {FileValidationOptions.ExtraRecordLimit:N0}.");
    }
});
faulty.Validators.Add(result =>
{
    if (result.GetValueOrDefault<int>() < 0)
    {
        result.AddError("--faulty cannot be negative.");
    }
});
notices.Validators.Add(result =>
{
    if (result.GetValueOrDefault<int>() < 0)
    {
        result.AddError("--notices cannot be negative.");
    }
});

var root = new RootCommand("One monthly ELENA run against the in-process reference implementation: certificate, file, seal, send, processing, replies.")
{
    employees, seed, faulty, notices, keySize, keep,
};
root.Validators.Add(result =>
{
    int n = result.GetValue(employees);
    int special = result.GetValue(faulty) + result.GetValue(notices);
    if (special > n / 2)
    {
        result.AddError("--faulty and --notices together may concern at most half of the employees.");
    }
});
root.SetAction(async (parse, cancellationToken) =>
{
    var options = new RunOptions(parse.GetValue(employees), parse.GetValue(seed), parse.GetValue(faulty), parse.GetValue(notices), parse.GetValue(keep), parse.GetValue(keySize));
    var run = new MonthlyRun(options, Console.Out, interactive: !Console.IsOutputRedirected);
    return await run.RunAsync(cancellationToken).ConfigureAwait(false);
});

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors)
    {
        await Console.Error.WriteLineAsync(error.Message).ConfigureAwait(false);
    }

    return MonthlyRun.UsageError;
}

return await parsed.InvokeAsync().ConfigureAwait(false);
