using System.Text.Json;
using Elena.Sdk.Testing.TrustCenter;

namespace Elena.Sdk.Cli.Tests;

public sealed class CertCommandTests
{
    [Fact]
    public async Task Cert_RequestConfirmImportStatusBackupRestore_AgainstLoopbackTrustCenter()
    {
        using var trustCenter = new SimulatedTrustCenter(new SimulatedTrustCenterOptions { IssueDelay = TimeSpan.Zero });
        await using var server = await trustCenter.StartServerAsync();
        string folder = Path.Combine(Path.GetTempPath(), "elena-cert-cli-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        string passwordVariable = "ELENA_TEST_STORE_PW_" + Guid.NewGuid().ToString("N")[..8];
        string backupVariable = "ELENA_TEST_BACKUP_PW_" + Guid.NewGuid().ToString("N")[..8];
        Environment.SetEnvironmentVariable(passwordVariable, "Cli-Store-Secret-1");
        Environment.SetEnvironmentVariable(backupVariable, "Cli-Backup-Secret-2");
        try
        {
            string store = Path.Combine(folder, "employer.p12");
            string applicant = Path.Combine(folder, "applicant.json");
            await File.WriteAllTextAsync(applicant, JsonSerializer.Serialize(new
            {
                Betriebsnummer = "12345678", Company = "Muster GmbH", LastName = "Muster", Street = "Weg 1", PostalCode = "10115",
                City = "Berlin", Phone = "030 1", Email = "lohn@example.org",
            }));
            string[] common = ["--store", store, "--password-env", passwordVariable];
            string[] remote = [.. common, "--url", server.BaseAddress.ToString(), "--registration-id", "12345"];

            var request = await CliRunner.RunAsync([.. "cert request".Split(' '), .. remote, "--applicant", applicant, "--guid", trustCenter.Register("12345678")]);
            Assert.Equal(0, request.ExitCode);
            var letter = Assert.Single(trustCenter.Letters);
            Assert.Equal($"order {letter.OrderNumber}", request.OutputLines[0]);
            Assert.Equal($"hash {letter.PublicKeyHash}", request.OutputLines[1]);

            var again = await CliRunner.RunAsync([.. "cert request".Split(' '), .. remote, "--applicant", applicant, "--guid", trustCenter.Register("12345678")]);
            Assert.Equal(1, again.ExitCode);
            Assert.Contains("already pending", again.Error, StringComparison.Ordinal);

            Assert.Equal(0, (await CliRunner.RunAsync([.. "cert confirm".Split(' '), .. remote])).ExitCode);
            var early = await CliRunner.RunAsync([.. "cert import".Split(' '), .. remote]);
            Assert.Equal("not issued yet", early.OutputLines.Single());
            trustCenter.EnterUnlockCode(letter.OrderNumber, letter.UnlockCode);
            var import = await CliRunner.RunAsync([.. "cert import".Split(' '), .. remote]);
            Assert.Equal(0, import.ExitCode);
            Assert.StartsWith("imported ", import.OutputLines.Single(), StringComparison.Ordinal);

            var status = await CliRunner.RunAsync([.. "cert status".Split(' '), .. common]);
            Assert.Equal("status Issued", status.OutputLines[0]);

            string backup = Path.Combine(folder, "backup.p12");
            Assert.Equal(0, (await CliRunner.RunAsync([.. "cert backup".Split(' '), .. common, "--file", backup, "--backup-password-env", backupVariable])).ExitCode);
            string restoredStore = Path.Combine(folder, "restored.p12");
            var restore = await CliRunner.RunAsync(["cert", "restore", "--store", restoredStore, "--password-env", passwordVariable, "--file", backup, "--backup-password-env", backupVariable]);
            Assert.Equal("restored 1 certificate(s)", restore.OutputLines.Single());

            Environment.SetEnvironmentVariable(passwordVariable, "Wrong-Secret-3");
            var wrong = await CliRunner.RunAsync([.. "cert status".Split(' '), .. common]);
            Assert.Equal(1, wrong.ExitCode);
            Assert.Contains("password does not open", wrong.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("Wrong-Secret-3", wrong.Output + wrong.Error, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(passwordVariable, null);
            Environment.SetEnvironmentVariable(backupVariable, null);
            Directory.Delete(folder, recursive: true);
        }
    }
}
