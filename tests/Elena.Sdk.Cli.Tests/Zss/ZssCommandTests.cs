using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Elena.Sdk.Crypto;
using Elena.Sdk.Crypto.Certificates;
using Elena.Sdk.Crypto.KeyLists;

namespace Elena.Sdk.Cli.Tests.Zss;

/// <summary><c>elena env init</c>, <c>elena generate --master</c> and <c>elena zss submit</c> against the in-process reference ZSS.</summary>
public sealed class ZssCommandTests(CliRunner runner) : IClassFixture<CliRunner>
{
    private static readonly string[] EnvironmentFiles =
        ["ca.crt", "ca.key", "zss.crt", "zss.key", "annahme.key", "employer.crt", "employer.key", "gesamt.agv", "dsrv-master.json"];

    private async Task<string> InitAsync()
    {
        string folder = runner.PathOf("env-" + Guid.NewGuid().ToString("N"));
        var result = await CliRunner.RunAsync("env", "init", folder);
        Assert.True(result.ExitCode == ElenaCli.Success, $"env init failed ({result.ExitCode}): {result.Error}");
        return folder;
    }

    private static async Task<(CliResult Result, JsonDocument Json)> SubmitAsync(string file, string environment)
    {
        var result = await CliRunner.RunAsync("zss", "submit", file, "--env", environment, "--json");
        Assert.True(result.Output.Length > 0, $"no output ({result.ExitCode}): {result.Error}");
        return (result, result.Json());
    }

    private static List<string> Kinds(JsonDocument json)
        => json.RootElement.GetProperty("replies").EnumerateArray().Select(r => r.GetProperty("kind").GetString()!).ToList();

    private static JsonElement Reply(JsonDocument json, string kind)
        => Assert.Single(json.RootElement.GetProperty("replies").EnumerateArray(), r => r.GetProperty("kind").GetString() == kind);

    [Fact]
    public async Task EnvInit_CreatesAllFiles_ListsParse()
    {
        string folder = runner.PathOf("env-" + Guid.NewGuid().ToString("N"));

        var result = await CliRunner.RunAsync("env", "init", folder);

        Assert.Equal(ElenaCli.Success, result.ExitCode);
        Assert.Contains("33526082", result.Output, StringComparison.Ordinal);
        foreach (string name in EnvironmentFiles)
        {
            Assert.True(File.Exists(Path.Combine(folder, name)), name);
            Assert.Contains(name, result.Output, StringComparison.Ordinal);
        }

        var annahme = CertificateList.Parse(File.ReadAllBytes(Path.Combine(folder, "annahme.key")));
        Assert.Equal(2, annahme.Certificates.Count);
        Assert.Contains(annahme.Certificates, c => c.Subject.Contains("OU=BN66660008", StringComparison.Ordinal));
        Assert.Single(annahme.AuthorityCertificates);
        var gesamt = CertificateList.Parse(File.ReadAllBytes(Path.Combine(folder, "gesamt.agv")));
        var employer = Assert.Single(gesamt.Certificates);
        Assert.Contains("OU=BN33526082", employer.Subject, StringComparison.Ordinal);
        Assert.Contains("\r\n\r\n", File.ReadAllText(Path.Combine(folder, "annahme.key")), StringComparison.Ordinal);

        using var ca = KeyFiles.LoadCertificate(Path.Combine(folder, "ca.crt"));
        Assert.True(ca.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.Equal(ca.Subject, ca.Issuer);
        using var zss = KeyFiles.LoadPem(Path.Combine(folder, "zss.crt"), Path.Combine(folder, "zss.key"));
        Assert.Equal(ca.Subject, zss.Issuer);
        using var own = KeyFiles.LoadPem(Path.Combine(folder, "employer.crt"), Path.Combine(folder, "employer.key"));
        Assert.Equal(employer.Thumbprint, own.Thumbprint);

        using var master = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "dsrv-master.json")));
        Assert.Equal(JsonValueKind.Array, master.RootElement.ValueKind);
        Assert.Equal(0, master.RootElement.GetArrayLength());
    }

    [Fact]
    public async Task EnvInit_Again_RefusedWithoutForce()
    {
        string folder = await InitAsync();
        string before = File.ReadAllText(Path.Combine(folder, "ca.crt"));

        var again = await CliRunner.RunAsync("env", "init", folder);
        Assert.Equal(ElenaCli.UsageError, again.ExitCode);
        Assert.Contains("--force", again.Error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(Path.Combine(folder, "ca.crt")));

        var forced = await CliRunner.RunAsync("env", "init", folder, "--force");
        Assert.Equal(ElenaCli.Success, forced.ExitCode);
        Assert.NotEqual(before, File.ReadAllText(Path.Combine(folder, "ca.crt")));
    }

    [Fact]
    public async Task GenerateWithMaster_Submit_AcceptedAndConfirmed()
    {
        string env = await InitAsync();
        string file = await runner.GenerateAsync("known-" + Guid.NewGuid().ToString("N") + ".txt", "--mvds", "20", "--master", env);
        using (var master = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(env, "dsrv-master.json"))))
        {
            Assert.Equal(20, master.RootElement.GetArrayLength());
            var person = master.RootElement[0];
            Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", person.GetProperty("birthDate").GetString()!);
            Assert.Equal(JsonValueKind.String, person.GetProperty("familyName").ValueKind);
        }

        var (result, json) = await SubmitAsync(file, env);

        using (json)
        {
            Assert.Equal(ElenaCli.Success, result.ExitCode);
            Assert.Equal(["AcceptanceReceipt", "ProcessingConfirmation"], Kinds(json));
            Assert.Equal(20, json.RootElement.GetProperty("stored").GetInt32());
            Assert.All(json.RootElement.GetProperty("replies").EnumerateArray(), r => Assert.Equal("Server", r.GetProperty("route").GetString()));
            var confirmation = Assert.Single(Reply(json, "ProcessingConfirmation").GetProperty("records").EnumerateArray());
            Assert.Equal(("NCSZ", 23), (confirmation.GetProperty("type").GetString(), confirmation.GetProperty("number").GetInt32()));
            Assert.Equal("NCSZH10", confirmation.GetProperty("errors")[0].GetProperty("code").GetString());
        }

        // The readable summary says the same.
        var text = await CliRunner.RunAsync("zss", "submit", file, "--env", env);
        Assert.Equal(ElenaCli.Success, text.ExitCode);
        Assert.Contains("20 records stored", text.Output, StringComparison.Ordinal);
        Assert.Contains("ProcessingConfirmation", text.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateWithoutMaster_PersonsUnknown_RecordRejection()
    {
        string env = await InitAsync();
        string file = await runner.GenerateAsync("unknown-" + Guid.NewGuid().ToString("N") + ".txt", "--mvds", "4");

        var (result, json) = await SubmitAsync(file, env);

        using (json)
        {
            Assert.Equal(ElenaCli.Invalid, result.ExitCode);
            Assert.Equal(["AcceptanceReceipt", "RecordRejection"], Kinds(json));
            Assert.Equal(0, json.RootElement.GetProperty("stored").GetInt32());
            var records = Reply(json, "RecordRejection").GetProperty("records").EnumerateArray().ToList();
            Assert.Equal([3, 4, 5, 6], records.Select(r => r.GetProperty("number").GetInt32()));
            Assert.All(records, r =>
            {
                Assert.Equal("MVDS", r.GetProperty("type").GetString());
                Assert.NotEqual(0, r.GetProperty("errors").GetArrayLength());
            });
        }
    }

    [Fact]
    public async Task CorruptedPersgr_RecordRejectionOfThatRecord()
    {
        string env = await InitAsync();
        string file = await runner.GenerateAsync("corrupt-" + Guid.NewGuid().ToString("N") + ".txt", "--mvds", "5", "--master", env);
        var lines = CliRunner.ReadLines(file);
        Assert.Equal("MVDS", CliRunner.TypeOf(lines[2]));
        lines[2][162] = (byte)'X'; // PERSGR, columns 163–165 of the first MVDS (record 3)
        lines[2][163] = (byte)'Y';
        CliRunner.WriteLines(file, lines);

        var (result, json) = await SubmitAsync(file, env);

        using (json)
        {
            Assert.Equal(ElenaCli.Invalid, result.ExitCode);
            Assert.Equal(4, json.RootElement.GetProperty("stored").GetInt32());
            var record = Assert.Single(Reply(json, "RecordRejection").GetProperty("records").EnumerateArray());
            Assert.Equal(3, record.GetProperty("number").GetInt32());
            Assert.Equal("MVDS", record.GetProperty("type").GetString());
            var error = Assert.Single(record.GetProperty("errors").EnumerateArray());
            Assert.Equal("MVDSz02", error.GetProperty("code").GetString());
            Assert.Equal("PERSGR", error.GetProperty("field").GetString());
        }
    }

    [Fact]
    public async Task Dsvv_NumberAssignmentWithThreeNumbers()
    {
        string env = await InitAsync();
        string file = await runner.GenerateAsync("dsvv-" + Guid.NewGuid().ToString("N") + ".txt", "--dsvv", "3", "--master", env);

        var (result, json) = await SubmitAsync(file, env);

        using (json)
        {
            Assert.Equal(ElenaCli.Success, result.ExitCode);
            Assert.Equal(0, json.RootElement.GetProperty("stored").GetInt32());
            var numbers = Reply(json, "NumberAssignment").GetProperty("numbers").EnumerateArray().ToList();
            Assert.Equal([3, 4, 5], numbers.Select(n => n.GetProperty("number").GetInt32()));
            Assert.All(numbers, n => Assert.Matches(@"^\d{2}\d{6}[A-Z]\d{3}$", n.GetProperty("vsnr").GetString()!));
        }
    }

    [Fact]
    public async Task SealedForAnotherCertificate_Rejection()
    {
        string env = await InitAsync();
        string plain = await runner.GenerateAsync("other-" + Guid.NewGuid().ToString("N") + ".txt", "--mvds", "2", "--master", env);
        using var employer = KeyFiles.LoadPem(Path.Combine(env, "employer.crt"), Path.Combine(env, "employer.key"));
        using var otherKey = RSA.Create(2048);
        var request = new CertificateRequest("CN=Other office, OU=BN66667777, C=DE", otherKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var other = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        string sealedPath = runner.PathOf("other-" + Guid.NewGuid().ToString("N") + ".p7m");
        var sealer = new MessageSealer(new SealOptions { SignerCertificate = employer, SignerKey = employer.GetRSAPrivateKey()! });
        await using (var payload = File.OpenRead(plain))
        await using (var output = File.Create(sealedPath))
        {
            await sealer.SealAsync(payload, output, other);
        }

        var (result, json) = await SubmitAsync(sealedPath, env);

        using (json)
        {
            Assert.Equal(ElenaCli.Invalid, result.ExitCode);
            Assert.Equal(["Rejection"], Kinds(json));
            Assert.Equal(0, json.RootElement.GetProperty("stored").GetInt32());
        }

        var text = await CliRunner.RunAsync("zss", "submit", sealedPath, "--env", env);
        Assert.Equal(ElenaCli.Invalid, text.ExitCode);
        Assert.Contains("NotARecipient", text.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_WithoutEnvironment_UsageError()
    {
        string file = await runner.GenerateAsync("noenv-" + Guid.NewGuid().ToString("N") + ".txt", "--mvds", "1");

        var result = await CliRunner.RunAsync("zss", "submit", file, "--env", runner.PathOf("missing-env"));

        Assert.Equal(ElenaCli.UsageError, result.ExitCode);
        Assert.Contains("env init", result.Error, StringComparison.Ordinal);
    }
}
