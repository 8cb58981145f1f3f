using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Elena.Sdk.Cli.Tests.Extra;

/// <summary><c>elena serve</c> with the service portal, <c>elena zss rfv</c> and <c>elena portal open|files</c>, with files sent by <c>elena send</c>.</summary>
public sealed class ServePortalCommandTests(CliRunner runner) : IClassFixture<CliRunner>
{
    private Task<string> InitAsync() => runner.InitEnvironmentAsync();

    private static async Task<JsonDocument> FileAsync(string portal, string environment, string fileId)
    {
        var result = await CliRunner.RunAsync("portal", "files", "--url", portal, "--env", environment, "--file", fileId);
        Assert.True(result.ExitCode == ElenaCli.Success, result.Error);
        return result.Json();
    }

    [Fact]
    public async Task ServeSendWithRfvFault_PortalShowsPendingThenReleasedThenAcknowledged()
    {
        string environment = await InitAsync();
        string held = await runner.GenerateAsync($"mvds-{Guid.NewGuid():N}.dat", "--mvds", "3", "--seed", "8", "--master", environment);
        string direct = await runner.GenerateAsync($"mvds-{Guid.NewGuid():N}.dat", "--mvds", "2", "--seed", "9", "--master", environment);

        await using var serving = await Serving.StartAsync(environment);
        string extra = serving.Value("extra");
        string portal = serving.Value("portal");
        Assert.Equal(["extra", "trustcenter", "portal"], serving.Lines.Take(3).Select(l => l[..l.IndexOf(':', StringComparison.Ordinal)]));
        Assert.StartsWith("http://127.0.0.1:", serving.Value("trustcenter"), StringComparison.Ordinal);
        Assert.Equal(new Uri(extra).Authority, new Uri(portal).Authority); // one host

        var fault = await CliRunner.RunAsync("zss", "rfv", "--url", portal, "--state", "NoServer");
        var sentHeld = await CliRunner.RunAsync("send", held, "--extra", extra, "--env", environment);
        string heldId = sentHeld.Output.Split(' ')[1];
        using var pending = await FileAsync(portal, environment, heldId);
        var release = await CliRunner.RunAsync("zss", "rfv", "--url", portal, "--state", "Available");
        using var released = await FileAsync(portal, environment, heldId);
        var sentDirect = await CliRunner.RunAsync("send", direct, "--extra", extra, "--env", environment);
        var list = await CliRunner.RunAsync("portal", "files", "--url", portal, "--env", environment);
        var fetched = await CliRunner.RunAsync("fetch", "--extra", extra, "--env", environment);
        using var acknowledged = await FileAsync(portal, environment, heldId);

        Assert.True(fault.ExitCode == ElenaCli.Success, fault.Error);
        Assert.Equal("rfv: NoServer", fault.OutputLines[0]);
        Assert.True(sentHeld.ExitCode == ElenaCli.Success, sentHeld.Error);
        var pendingStatus = pending.RootElement.GetProperty("status");
        Assert.Equal("Pending", pendingStatus.GetProperty("state").GetString());
        Assert.Contains("NoServer", pendingStatus.GetProperty("pendingReason").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, pendingStatus.GetProperty("counts").GetProperty("stored").GetInt32());

        Assert.Contains($"released: {heldId}", release.OutputLines);
        var releasedStatus = released.RootElement.GetProperty("status");
        Assert.Equal("Processed", releasedStatus.GetProperty("state").GetString());
        Assert.Equal(3, releasedStatus.GetProperty("counts").GetProperty("stored").GetInt32());
        Assert.Equal("33526082", releasedStatus.GetProperty("employer").GetString());
        Assert.Equal("Extra", releasedStatus.GetProperty("channel").GetString());
        var confirmation = released.RootElement.GetProperty("replies").EnumerateArray().Single(r => r.GetProperty("kind").GetString() == "ProcessingConfirmation");
        Assert.Equal("Waiting", confirmation.GetProperty("state").GetString());
        Assert.Equal(120, confirmation.GetProperty("daysLeft").GetInt32());
        Assert.All(released.RootElement.GetProperty("records").EnumerateArray(), r => Assert.Equal("Stored", r.GetProperty("outcome").GetString()));

        Assert.True(sentDirect.ExitCode == ElenaCli.Success, sentDirect.Error);
        using (var files = list.Json())
        {
            Assert.Equal(2, files.RootElement.GetArrayLength());
            Assert.All(files.RootElement.EnumerateArray(), f => Assert.Equal("Processed", f.GetProperty("state").GetString()));
        }

        Assert.True(fetched.ExitCode == ElenaCli.Success, fetched.Error);
        var status = acknowledged.RootElement.GetProperty("status");
        Assert.Equal(0, status.GetProperty("repliesWaiting").GetInt32());
        Assert.Equal(1, status.GetProperty("repliesAcknowledged").GetInt32());
        var done = acknowledged.RootElement.GetProperty("replies").EnumerateArray().Single(r => r.GetProperty("kind").GetString() == "ProcessingConfirmation");
        Assert.Equal("Acknowledged", done.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.String, done.GetProperty("fetchedAt").ValueKind);
    }

    [Fact]
    public async Task PortalOpen_PrintsOneTimeLink_BrowserSessionSeesTheFile()
    {
        string environment = await InitAsync();
        string file = await runner.GenerateAsync($"mvds-{Guid.NewGuid():N}.dat", "--mvds", "1", "--seed", "10", "--master", environment);

        await using var serving = await Serving.StartAsync(environment);
        string portal = serving.Value("portal");
        var sent = await CliRunner.RunAsync("send", file, "--extra", serving.Value("extra"), "--env", environment);
        var open = await CliRunner.RunAsync("portal", "open", "--url", portal, "--env", environment);
        string link = open.OutputLines.Single();

        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = true });
        string page = await http.GetStringAsync(link);
        using var again = await new HttpClient().GetAsync(link);

        Assert.True(open.ExitCode == ElenaCli.Success, open.Error);
        Assert.StartsWith(portal + "signin?token=", link, StringComparison.Ordinal);
        Assert.Contains(sent.Output.Split(' ')[1], page, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
    }

    [Fact]
    public async Task RfvAndPortal_NoServerListening_ExitOneWithMessage()
    {
        string environment = await InitAsync();

        var rfv = await CliRunner.RunAsync("zss", "rfv", "--url", "http://127.0.0.1:9/", "--state", "NoServer");
        var files = await CliRunner.RunAsync("portal", "files", "--url", "http://127.0.0.1:9/", "--env", environment);

        Assert.Equal(ElenaCli.Invalid, rfv.ExitCode);
        Assert.StartsWith("elena: ", rfv.Error, StringComparison.Ordinal);
        Assert.Equal(ElenaCli.Invalid, files.ExitCode);
        Assert.Empty(files.Output);
    }

    [Fact]
    public async Task ConformanceVerify_FileSentThroughServe_CheckedAgainstTheCase()
    {
        string environment = await InitAsync();
        string file = await runner.GenerateAsync($"mvds-{Guid.NewGuid():N}.dat", "--mvds", "5", "--seed", "11", "--master", environment);
        await using var serving = await Serving.StartAsync(environment);
        string portal = serving.Value("portal");
        var sent = await CliRunner.RunAsync("send", file, "--extra", serving.Value("extra"), "--env", environment);
        Assert.True(sent.ExitCode == ElenaCli.Success, sent.Error);

        var holds = await CliRunner.RunAsync("conformance", "verify", "ACC-001", "--url", portal, "--env", environment);
        var fails = await CliRunner.RunAsync("conformance", "verify", "RTE-002", "--url", portal, "--env", environment);

        Assert.True(holds.ExitCode == ElenaCli.Success, holds.Output + holds.Error);
        Assert.StartsWith("pass ACC-001 file ZSS", holds.Output, StringComparison.Ordinal);
        Assert.Equal(ElenaCli.Invalid, fails.ExitCode); // RTE-002 expects a record rejection; every record of this file was stored
        Assert.Contains("replies: expected [AcceptanceReceipt, RecordRejection], got [AcceptanceReceipt, ProcessingConfirmation]", fails.Output, StringComparison.Ordinal);
        Assert.Contains("route of RecordRejection: expected Server, got no such reply", fails.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServeWithMail_FileMailedIn_ProcessedAndAnsweredByMail_ShownInThePortal()
    {
        await using var mailServer = await Elena.Sdk.Testing.Mail.LoopbackMailServer.StartAsync();
        Environment.SetEnvironmentVariable("ELENA_MAIL_PASSWORD", Elena.Sdk.Testing.Mail.LoopbackMailServer.Password);
        string run = Guid.NewGuid().ToString("N")[..10];
        string zssAddress = $"zss-{run}@example.test";
        string employerAddress = $"employer-{run}@example.test";
        string environment = await InitAsync();
        string file = await runner.GenerateAsync($"mvds-{Guid.NewGuid():N}.dat", "--mvds", "2", "--seed", "12", "--master", environment);
        string smtp = $"127.0.0.1:{mailServer.SmtpPort}";

        await using var serving = await Serving.StartAsync(environment, "--imap", $"127.0.0.1:{mailServer.ImapPort}", "--smtp", smtp, "--zss-address", zssAddress, "--mail-poll", "1");
        var sent = await CliRunner.RunAsync("send", file, "--smtp", smtp, "--env", environment, "--mail-from", employerAddress, "--mail-to", zssAddress);
        var clock = Stopwatch.StartNew();
        while (mailServer.CountDelivered(employerAddress) == 0 && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(100);
        }

        var list = await CliRunner.RunAsync("portal", "files", "--url", serving.Value("portal"), "--env", environment);

        Assert.True(sent.ExitCode == ElenaCli.Success, sent.Error);
        Assert.Equal($"mail: {zssAddress} (files from imap 127.0.0.1:{mailServer.ImapPort}, replies by smtp {smtp})", serving.Lines[3]);
        Assert.True(mailServer.CountDelivered(employerAddress) >= 1, "no reply mail reached the employer: " + string.Join('\n', serving.Lines));
        Assert.Contains(serving.Lines, l => l.StartsWith("mail in: ", StringComparison.Ordinal) && l.Contains("AcceptanceReceipt", StringComparison.Ordinal));
        using var files = list.Json();
        var only = Assert.Single(files.RootElement.EnumerateArray());
        Assert.Equal("Mail", only.GetProperty("channel").GetString());
        Assert.Equal(2, only.GetProperty("counts").GetProperty("stored").GetInt32());
    }
}
