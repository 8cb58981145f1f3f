namespace Elena.Sdk.Samples.Tests;

/// <summary>Each console sample runs as a user runs it and prints what its README promises. One after another.</summary>
public sealed class SampleTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("elena-samples-tests-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Fact]
    public void Sample01_MonthlyFile_GeneratesAndValidates()
    {
        string file = Path.Combine(_temp, "monthly.txt");

        SampleRun.Run("01-MonthlyFile", "40", file).Succeeded(
            "Wrote 43 records to " + file,
            "Trailer counts 41 records; 40 MVDS",
            "Valid: 43 records, no errors.");

        Assert.True(new FileInfo(file).Length > 40 * 1000);
    }

    [Fact]
    public void Sample02_SmartcardSeal_SignsOnTheTokenAndOpens()
    {
        var run = SampleRun.Run("02-SmartcardSeal", "30").Succeeded(
            "PIN requested for token 'elena-sample': FirstLogin, attempt 1.",
            "Employer certificate on the token: CN=Demo Arbeitgeber GmbH, OU=BN33526082",
            "Wrote a monthly file of 33 records",
            "Opened: signed by 33526082 (Pss, chain Trusted)",
            "Content matches the monthly file.");

        Assert.DoesNotContain("482916", run.Output + run.Error, StringComparison.Ordinal); // the PIN is never printed
    }

    [Fact]
    public void Sample02_SmartcardSeal_WithoutSoftHsm_SaysWhatToInstall()
    {
        string emptyPath = Directory.CreateDirectory(Path.Combine(_temp, "empty-path")).FullName;

        var run = SampleRun.Run("02-SmartcardSeal", [], new Dictionary<string, string?> { ["PATH"] = emptyPath });

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("SoftHSMv2 is not installed", run.Error, StringComparison.Ordinal);
        Assert.Contains("apt-get install softhsm2", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Sample03_ExtraSendFetch_SendsFetchesAcknowledges()
    {
        string state = Path.Combine(_temp, "state.db");

        SampleRun.Run("03-ExtraSendFetch", "20", state).Succeeded(
            "Reference eXTra server listening on http://127.0.0.1:",
            "Sent EENA0000001 (file 000001, 23 records",
            "Sent EENA0000002 (file 000002, 6 records",
            "RecordRejection for file 000001",
            "  record 4 MVDS: MVDSz81",
            "  record 5 MVDS: MVDSz81",
            "  record 4 DSVV: DSVVz24",
            "Inbox: 2 fetched, 2 stored, 2 acknowledged, 2 handled.",
            "Second run: 0 fetched (everything was acknowledged); replies left on the server: 0.",
            "File 000001 (send ",
            "Done: every reply fetched, stored, acknowledged and handled once.");

        Assert.True(File.Exists(state), "the state database given on the command line is kept");
    }

    [Fact]
    public void Sample04_CertificateLifecycle_FirstRequestAndRenewal()
    {
        string store = Path.Combine(_temp, "employer.p12");

        var run = SampleRun.Run("04-CertificateLifecycle", store).Succeeded(
            "Simulated trust center listening on http://127.0.0.1:",
            "First request sent: order ",
            "hash matches.",
            "Fetched right away: not issued yet.",
            "Issued and imported: ",
            "OU=BN33526082",
            "Listed in gesamt-sha256.agv: True.",
            "RenewalDue: certificate ExpiringSoon, 60 days left.",
            "status ExpiringSoon, 1 renewal(s) due.",
            "Renewal sent (Renewal, order ",
            "letters so far: 1.",
            "status Issued; 2 certificates in the store.",
            "Reopened the store: 2 certificates; current one has its key: True.",
            "Done: first request and renewal completed.");

        Assert.True(File.Exists(store), "the store file given on the command line is kept");
        Assert.DoesNotContain("Sample-Store-Pa55word!", run.Output + run.Error, StringComparison.Ordinal);
    }
}
