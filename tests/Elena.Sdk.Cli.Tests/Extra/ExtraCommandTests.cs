using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Elena.Sdk.Cli.Tests.Extra;

/// <summary><c>elena serve</c>, <c>elena send</c> and <c>elena fetch</c> against the reference eXTra server on loopback Kestrel.</summary>
public sealed class ExtraCommandTests(CliRunner runner) : IClassFixture<CliRunner>
{
    private Task<string> InitAsync() => runner.InitEnvironmentAsync();

    [Fact]
    public async Task ServeSendFetch_ReceiptThenRepliesAsJson_ThenAcknowledged()
    {
        string environment = await InitAsync();
        string mvds = await runner.GenerateAsync($"mvds-{Guid.NewGuid():N}.dat", "--mvds", "6", "--seed", "3", "--master", environment);
        string dsvv = await runner.GenerateAsync($"dsvv-{Guid.NewGuid():N}.dat", "--dsvv", "2", "--seed", "4", "--master", environment);
        string xml = runner.PathOf("xml-" + Guid.NewGuid().ToString("N"));

        await using var serving = await Serving.StartAsync(environment);
        var sent = await CliRunner.RunAsync("send", mvds, "--extra", serving.Url, "--env", environment, "--save-xml", xml);
        var sentJson = await CliRunner.RunAsync("send", dsvv, "--extra", serving.Url, "--env", environment, "--json");
        var fetched = await CliRunner.RunAsync("fetch", "--extra", serving.Url, "--env", environment, "--json", "--save-xml", xml);
        var again = await CliRunner.RunAsync("fetch", "--extra", serving.Url, "--env", environment);

        Assert.StartsWith("http://127.0.0.1:", serving.Url, StringComparison.Ordinal);
        Assert.Contains(serving.Lines, l => l.StartsWith("certificate list: ", StringComparison.Ordinal) && l.EndsWith("annahme.key", StringComparison.Ordinal));
        Assert.True(sent.ExitCode == ElenaCli.Success, sent.Error);
        Assert.StartsWith("AcceptanceReceipt ZSS", sent.Output, StringComparison.Ordinal);
        using (var receipt = sentJson.Json())
        {
            Assert.Equal("AcceptanceReceipt", receipt.RootElement.GetProperty("replies")[0].GetProperty("kind").GetString());
        }

        Assert.True(fetched.ExitCode == ElenaCli.Success, fetched.Error);
        using (var json = fetched.Json())
        {
            var replies = json.RootElement.GetProperty("replies").EnumerateArray().ToList();
            Assert.Equal(["ProcessingConfirmation", "NumberAssignment"], replies.Select(r => r.GetProperty("kind").GetString()));
            Assert.All(replies, r => Assert.Equal("Server", r.GetProperty("route").GetString()));
            Assert.Equal(2, replies[1].GetProperty("numbers").GetArrayLength());
            Assert.Equal("NCSZH10", replies[0].GetProperty("records")[0].GetProperty("errors")[0].GetProperty("code").GetString());
            Assert.Equal(JsonValueKind.Array, replies[0].GetProperty("numbers").ValueKind);
        }

        Assert.Equal("nothing to fetch", again.Output.Trim());

        // send: 1 exchange; fetch: fetch + acknowledge = 3 exchanges, one file per request and per response.
        var files = Directory.GetFiles(xml).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(6, files.Count);
        Assert.Equal(3, files.Count(f => f.EndsWith("-request.xml", StringComparison.Ordinal)));
        foreach (string file in files)
        {
            string schema = file.EndsWith("-request.xml", StringComparison.Ordinal) ? "eXTra-request-1.xsd" : "eXTra-response-1.xsd";
            var (exit, output) = Xmllint(file, schema);
            Assert.True(exit == 0, $"{Path.GetFileName(file)}: {output}");
        }
    }

    [Fact]
    public async Task Send_FromAnotherEnvironment_RejectionExitOne()
    {
        string environment = await InitAsync();
        string stranger = await InitAsync();
        string file = await runner.GenerateAsync($"mvds-{Guid.NewGuid():N}.dat", "--mvds", "2", "--master", stranger);

        await using var serving = await Serving.StartAsync(environment);
        var result = await CliRunner.RunAsync("send", file, "--extra", serving.Url, "--env", stranger);

        Assert.Equal(ElenaCli.Invalid, result.ExitCode);
        Assert.StartsWith("Rejection ", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_SameRequestIdTwice_SameReceipt()
    {
        string environment = await InitAsync();
        string file = await runner.GenerateAsync($"mvds-{Guid.NewGuid():N}.dat", "--mvds", "1", "--master", environment);

        await using var serving = await Serving.StartAsync(environment);
        var first = await CliRunner.RunAsync("send", file, "--extra", serving.Url, "--env", environment, "--request-id", "20261130000000000777");
        var second = await CliRunner.RunAsync("send", file, "--extra", serving.Url, "--env", environment, "--request-id", "20261130000000000777");

        Assert.Equal(ElenaCli.Success, second.ExitCode);
        Assert.Equal(first.Output.Split(' ')[1], second.Output.Split(' ')[1]);
    }

    [Fact]
    public async Task Send_BadUrl_UsageError()
    {
        string environment = await InitAsync();

        var result = await CliRunner.RunAsync("fetch", "--extra", "not a url", "--env", environment);

        Assert.Equal(ElenaCli.UsageError, result.ExitCode);
        Assert.Contains("--extra", result.Error, StringComparison.Ordinal);
    }

    private static (int ExitCode, string Output) Xmllint(string file, string schema)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Elena.Sdk.sln")))
        {
            dir = dir.Parent;
        }

        string xsd = Path.GetFullPath(Path.Combine(dir!.FullName, "..", "shared", "reference", "extra", "xsd-1.4", schema));
        var start = new ProcessStartInfo("xmllint") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in (string[])["--noout", "--schema", xsd, file])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr);
    }
}
