using System.Xml.Linq;

namespace Elena.Sdk.Cli.Tests.Conformance;

/// <summary><c>elena conformance run</c> and <c>list</c>.</summary>
public sealed class ConformanceCommandTests(CliRunner runner) : IClassFixture<CliRunner>
{
    [Fact]
    public async Task Run_Routes_AllPass_ProgressHtmlAndJUnitWritten()
    {
        string report = runner.PathOf("report-" + Guid.NewGuid().ToString("N"));

        var result = await CliRunner.RunAsync("conformance", "run", "--filter", "RTE-00", "--report", report);

        Assert.True(result.ExitCode == ElenaCli.Success, result.Output + result.Error);
        Assert.Contains("[  1/9] pass RTE-001", result.Output, StringComparison.Ordinal);
        Assert.Contains("9 of 9 cases passed", result.Output, StringComparison.Ordinal);
        string html = await File.ReadAllTextAsync(Path.Combine(report, "report.html"));
        Assert.Contains("9 of 9 cases passed.", html, StringComparison.Ordinal);
        Assert.Contains("What the software must do", html, StringComparison.Ordinal);
        Assert.Contains("004 &#167;3.3.2.1", html, StringComparison.Ordinal); // each case names its seed rule (HTML-encoded)
        Assert.Contains("<code>FERUECK</code>", html, StringComparison.Ordinal); // reply records rendered field by field
        var junit = XDocument.Load(Path.Combine(report, "junit.xml")).Root!;
        Assert.Equal("9", junit.Attribute("tests")!.Value);
        Assert.Equal("0", junit.Attribute("failures")!.Value);
        Assert.Equal(9, junit.Elements("testcase").Count());
    }

    [Fact]
    public async Task Run_OverExtra_FilesGoOverHttpAndRepliesAreFetched()
    {
        string report = runner.PathOf("report-" + Guid.NewGuid().ToString("N"));

        var result = await CliRunner.RunAsync("conformance", "run", "--transport", "extra", "--filter", "RTE-00", "--report", report);

        Assert.True(result.ExitCode == ElenaCli.Success, result.Output + result.Error);
        Assert.Contains("pass RTE-002 (extra)", result.Output, StringComparison.Ordinal);
        Assert.Contains("pass RTE-007 Sent by mail", result.Output, StringComparison.Ordinal); // a mail-channel case runs in-process, not "(extra)"
        string html = await File.ReadAllTextAsync(Path.Combine(report, "report.html"));
        Assert.Contains("the subject received: AcceptanceReceipt, RecordRejection", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_OverMail_StartsALoopbackMailServer_MailCasesPass()
    {
        string report = runner.PathOf("report-" + Guid.NewGuid().ToString("N"));

        var result = await CliRunner.RunAsync("conformance", "run", "--transport", "mail", "--filter", "RTE-01", "--report", report);

        Assert.True(result.ExitCode == ElenaCli.Success, result.Output + result.Error);
        Assert.Contains("mail: smtp 127.0.0.1:", result.Output, StringComparison.Ordinal);
        Assert.Contains("pass RTE-016 (mail)", result.Output, StringComparison.Ordinal);
        Assert.Contains("10 of 10 cases passed", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scenario_PrintsTheStepsAndTheExpectedAnswer()
    {
        var result = await CliRunner.RunAsync("conformance", "scenario", "rte-002");

        Assert.Equal(ElenaCli.Success, result.ExitCode);
        Assert.StartsWith("RTE-002: FERUECK K", result.Output, StringComparison.Ordinal);
        Assert.Contains("In the DSKO set FERUECK (412) = 'K'", result.Output, StringComparison.Ordinal);
        Assert.Contains("Records 4: employees the DSRV does not know.", result.Output, StringComparison.Ordinal);
        Assert.Contains("The reference must answer: replies AcceptanceReceipt, RecordRejection; RecordRejection by Server", result.Output, StringComparison.Ordinal);
        Assert.Equal(ElenaCli.UsageError, (await CliRunner.RunAsync("conformance", "scenario", "NOPE-1")).ExitCode);
    }

    [Fact]
    public async Task Run_UnknownFilterOrTransport_UsageError()
    {
        string report = runner.PathOf("report-" + Guid.NewGuid().ToString("N"));

        Assert.Equal(ElenaCli.UsageError, (await CliRunner.RunAsync("conformance", "run", "--filter", "NOPE", "--report", report)).ExitCode);
        Assert.Equal(ElenaCli.UsageError, (await CliRunner.RunAsync("conformance", "run", "--transport", "carrier-pigeon", "--report", report)).ExitCode);
    }

    [Fact]
    public async Task List_PrintsEveryCaseWithItsSeedRule()
    {
        var result = await CliRunner.RunAsync("conformance", "list");

        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length >= 120, $"{lines.Length} cases");
        Assert.All(lines, l => Assert.Equal(3, l.Split('\t').Length));
    }
}
