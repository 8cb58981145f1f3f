using System.Xml.Linq;

namespace Elena.Sdk.Cli.Tests.Conformance;

/// <summary><c>elena conformance run</c> and <c>list</c>.</summary>
public sealed class ConformanceCommandTests(CliRunner runner) : IClassFixture<CliRunner>
{
    [Fact]
    public async Task Run_Routes_AllPass_ProgressHtmlAndJUnitWritten()
    {
        string report = runner.PathOf("report-" + Guid.NewGuid().ToString("N"));

        var result = await CliRunner.RunAsync("conformance", "run", "--filter", "RTE", "--report", report);

        Assert.True(result.ExitCode == ElenaCli.Success, result.Output + result.Error);
        Assert.Contains("[  1/8] pass RTE-001", result.Output, StringComparison.Ordinal);
        Assert.Contains("8 of 8 cases passed", result.Output, StringComparison.Ordinal);
        string html = await File.ReadAllTextAsync(Path.Combine(report, "report.html"));
        Assert.Contains("8 of 8 cases passed.", html, StringComparison.Ordinal);
        Assert.Contains("004 &#167;3.3.2.1", html, StringComparison.Ordinal); // each case names its seed rule (HTML-encoded)
        Assert.Contains("<code>FERUECK</code>", html, StringComparison.Ordinal); // reply records rendered field by field
        var junit = XDocument.Load(Path.Combine(report, "junit.xml")).Root!;
        Assert.Equal("8", junit.Attribute("tests")!.Value);
        Assert.Equal("0", junit.Attribute("failures")!.Value);
        Assert.Equal(8, junit.Elements("testcase").Count());
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
        Assert.True(lines.Length >= 67, $"{lines.Length} cases");
        Assert.All(lines, l => Assert.Equal(3, l.Split('\t').Length));
    }
}
