using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Elena.Sdk.Cli.Tests.Crypto;

/// <summary>
/// <c>elena seal</c> and <c>elena open</c> end to end, in-process, with PEM and PKCS#12 key files in a temporary folder,
/// and against the real <c>openssl cms</c> in both directions.
/// </summary>
public sealed class SealOpenCommandTests(CliRunner cli) : IClassFixture<CliRunner>
{
    private const string SignerBetriebsnummer = "33526082";
    private const string RecipientBetriebsnummer = "66660008";
    private const string SigningTimeFormat = "yyyy-MM-dd HH:mm:ss 'UTC'";

    /// <summary>The sender: RSA-2048, PKCS#1-signed certificate under <see cref="CliTestPki.Root"/>.</summary>
    private static X509Certificate2 Signer => CliTestPki.Party("Employer", SignerBetriebsnummer);

    /// <summary>The acceptance office, with an RSA key of the given size (4096 bits and more get RSAES-OAEP).</summary>
    private static X509Certificate2 Recipient(int bits) => CliTestPki.Party("Acceptance" + bits, RecipientBetriebsnummer, bits);

    public static TheoryData<int> RecipientSizes() => new() { 2048, 4096 };

    // ----- round trips --------------------------------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(RecipientSizes))]
    public async Task Open_AfterSeal_RoundTripsPayloadAndPrintsTrustedSigner(int recipientBits)
    {
        var pki = WritePki();
        var recipient = pki.Recipients[recipientBits];
        byte[] payload = WritePayload($"round{recipientBits}.bin", 300_017);

        var seal = await SealAsync($"round{recipientBits}.bin", $"round{recipientBits}.p7m", pki.SignerKeyArgs, recipient.Certificate);
        Assert.True(seal.ExitCode == ElenaCli.Success, seal.Error);
        Assert.Contains("elena seal: wrote", seal.Error, StringComparison.Ordinal);
        Assert.True(File.Exists(cli.PathOf($"round{recipientBits}.p7m")));

        var open = await OpenAsync($"round{recipientBits}.p7m", $"round{recipientBits}.out", recipient.KeyArgs, "--trust", pki.Root);

        Assert.True(open.ExitCode == ElenaCli.Success, open.Error);
        Assert.Equal(payload, await File.ReadAllBytesAsync(cli.PathOf($"round{recipientBits}.out")));
        Assert.Contains($"signer: {Signer.Subject}", open.OutputLines);
        Assert.Contains($"signer id: BN{SignerBetriebsnummer}", open.OutputLines);
        Assert.Contains("signature: Pkcs1, chain: Trusted", open.OutputLines);
        AssertSigningTimeIsRecent(open);
        Assert.Empty(LeftoverTemporaryFiles());
    }

    [Fact]
    public async Task Open_WithoutTrust_ReportsChainNotChecked()
    {
        var pki = WritePki();
        byte[] payload = WritePayload("notrust.bin", 4_321);
        var seal = await SealAsync("notrust.bin", "notrust.p7m", pki.SignerKeyArgs, pki.Recipients[2048].Certificate);
        Assert.True(seal.ExitCode == ElenaCli.Success, seal.Error);

        var open = await OpenAsync("notrust.p7m", "notrust.out", pki.Recipients[2048].KeyArgs);

        Assert.True(open.ExitCode == ElenaCli.Success, open.Error);
        Assert.Equal(payload, await File.ReadAllBytesAsync(cli.PathOf("notrust.out")));
        Assert.Contains($"signer id: BN{SignerBetriebsnummer}", open.OutputLines);
        Assert.Contains("signature: Pkcs1, chain: NotChecked", open.OutputLines);
    }

    [Fact]
    public async Task Open_EmptyPayload_RoundTripsToEmptyFile()
    {
        var pki = WritePki();
        WritePayload("empty.bin", 0);
        var seal = await SealAsync("empty.bin", "empty.p7m", pki.SignerKeyArgs, pki.Recipients[4096].Certificate);
        Assert.True(seal.ExitCode == ElenaCli.Success, seal.Error);

        var open = await OpenAsync("empty.p7m", "empty.out", pki.Recipients[4096].KeyArgs, "--trust", pki.Root);

        Assert.True(open.ExitCode == ElenaCli.Success, open.Error);
        Assert.Empty(await File.ReadAllBytesAsync(cli.PathOf("empty.out")));
        Assert.Contains("signature: Pkcs1, chain: Trusted", open.OutputLines);
    }

    [Theory]
    [MemberData(nameof(RecipientSizes))]
    public async Task Seal_WithPss_OpenReportsPssSignature(int recipientBits)
    {
        var pki = WritePki();
        byte[] payload = WritePayload($"pss{recipientBits}.bin", 70_000);

        var seal = await SealAsync($"pss{recipientBits}.bin", $"pss{recipientBits}.p7m", pki.SignerKeyArgs, pki.Recipients[recipientBits].Certificate, "--pss");
        Assert.True(seal.ExitCode == ElenaCli.Success, seal.Error);
        var open = await OpenAsync($"pss{recipientBits}.p7m", $"pss{recipientBits}.out", pki.Recipients[recipientBits].KeyArgs, "--trust", pki.Root);

        Assert.True(open.ExitCode == ElenaCli.Success, open.Error);
        Assert.Equal(payload, await File.ReadAllBytesAsync(cli.PathOf($"pss{recipientBits}.out")));
        Assert.Contains("signature: Pss, chain: Trusted", open.OutputLines);
    }

    [Fact]
    public async Task Seal_WithSelf_SenderCanOpenOwnFile()
    {
        var pki = WritePki();
        byte[] payload = WritePayload("self.bin", 123_456);
        var seal = await SealAsync("self.bin", "self.p7m", pki.SignerKeyArgs, pki.Recipients[4096].Certificate, "--self");
        Assert.True(seal.ExitCode == ElenaCli.Success, seal.Error);

        var bySender = await OpenAsync("self.p7m", "self-sender.out", pki.SignerKeyArgs, "--trust", pki.Root);
        var byRecipient = await OpenAsync("self.p7m", "self-recipient.out", pki.Recipients[4096].KeyArgs, "--trust", pki.Root);

        Assert.True(bySender.ExitCode == ElenaCli.Success, bySender.Error);
        Assert.Equal(payload, await File.ReadAllBytesAsync(cli.PathOf("self-sender.out")));
        Assert.Contains($"signer id: BN{SignerBetriebsnummer}", bySender.OutputLines);
        Assert.True(byRecipient.ExitCode == ElenaCli.Success, byRecipient.Error);
        Assert.Equal(payload, await File.ReadAllBytesAsync(cli.PathOf("self-recipient.out")));
    }

    [Fact]
    public async Task Seal_WithoutSelf_SenderCannotOpenOwnFile()
    {
        var pki = WritePki();
        WritePayload("noself.bin", 1_000);
        var seal = await SealAsync("noself.bin", "noself.p7m", pki.SignerKeyArgs, pki.Recipients[2048].Certificate);
        Assert.True(seal.ExitCode == ElenaCli.Success, seal.Error);

        var bySender = await OpenAsync("noself.p7m", "noself.out", pki.SignerKeyArgs, "--trust", pki.Root);

        Assert.Equal(ElenaCli.Invalid, bySender.ExitCode);
        Assert.Contains("NotARecipient", bySender.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(cli.PathOf("noself.out")));
    }

    // ----- OpenSSL interoperability ---------------------------------------------------------------------------------

    public static TheoryData<int, bool> OpenSslCases() => new()
    {
        { 2048, false },
        { 4096, false },
        { 4096, true },
    };

    [Theory]
    [MemberData(nameof(OpenSslCases))]
    public async Task Seal_ThenOpenSslDecryptsAndVerifies(int recipientBits, bool pss)
    {
        var pki = WritePki();
        string name = $"tossl{recipientBits}{(pss ? "pss" : "pkcs1")}";
        byte[] payload = WritePayload(name + ".bin", (1 << 20) + 4_099);
        var seal = await SealAsync(name + ".bin", name + ".p7m", pki.SignerKeyArgs, pki.Recipients[recipientBits].Certificate, pss ? ["--pss"] : []);
        Assert.True(seal.ExitCode == ElenaCli.Success, seal.Error);

        // openssl cms -decrypt … | openssl cms -verify -CAfile …, through an intermediate file.
        var recipient = pki.Recipients[recipientBits];
        OpenSslTool.MustRun(cli.Folder, "cms", "-decrypt", "-binary", "-inform", "DER", "-in", name + ".p7m",
            "-recip", recipient.Certificate, "-inkey", recipient.Key, "-out", name + ".p7s");
        var (code, output, error) = OpenSslTool.Run(cli.Folder, "cms", "-verify", "-binary", "-inform", "DER", "-in", name + ".p7s",
            "-CAfile", pki.Root, "-purpose", "any", "-out", name + ".ossl.out");

        Assert.True(code == 0, $"openssl cms -verify failed ({code}): {error}{output}");
        Assert.Contains("Verification successful", error + output, StringComparison.Ordinal);
        Assert.Equal(payload, await File.ReadAllBytesAsync(cli.PathOf(name + ".ossl.out")));
        var (_, signedPrint, _) = OpenSslTool.Run(cli.Folder, "cms", "-cmsout", "-print", "-inform", "DER", "-in", name + ".p7s");
        Assert.Contains(pss ? "rsassaPss" : "sha256WithRSAEncryption", signedPrint, StringComparison.Ordinal);
        var (_, envelopePrint, _) = OpenSslTool.Run(cli.Folder, "cms", "-cmsout", "-print", "-inform", "DER", "-in", name + ".p7m");
        Assert.Contains("aes-256-cbc", envelopePrint, StringComparison.Ordinal);
        Assert.Contains(recipientBits >= 4096 ? "rsaesOaep" : "rsaEncryption", envelopePrint, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RecipientSizes))]
    public async Task Open_FileSealedByOpenSsl_VerifiesAndWritesPayload(int recipientBits)
    {
        var pki = WritePki();
        string name = $"fromossl{recipientBits}";
        byte[] payload = WritePayload(name + ".bin", 200_003);
        var recipient = pki.Recipients[recipientBits];

        // The SECON profile by hand: SignedData (SHA-256, RSASSA-PSS salt 32, content included), then EnvelopedData
        // (AES-256-CBC, RSAES-OAEP SHA-256 / MGF1-SHA-256). -keyopt applies to the -signer / -recip before it.
        OpenSslTool.MustRun(cli.Folder, "cms", "-sign", "-binary", "-nodetach", "-md", "sha256", "-in", name + ".bin",
            "-signer", pki.SignerCertificate, "-inkey", pki.SignerKey,
            "-keyopt", "rsa_padding_mode:pss", "-keyopt", "rsa_pss_saltlen:32",
            "-outform", "DER", "-out", name + ".p7s");
        OpenSslTool.MustRun(cli.Folder, "cms", "-encrypt", "-binary", "-aes-256-cbc", "-in", name + ".p7s",
            "-recip", recipient.Certificate,
            "-keyopt", "rsa_padding_mode:oaep", "-keyopt", "rsa_oaep_md:sha256", "-keyopt", "rsa_mgf1_md:sha256",
            "-outform", "DER", "-out", name + ".p7m");
        var (_, envelopePrint, _) = OpenSslTool.Run(cli.Folder, "cms", "-cmsout", "-print", "-inform", "DER", "-in", name + ".p7m");
        Assert.Contains("rsaesOaep", envelopePrint, StringComparison.Ordinal);

        var open = await OpenAsync(name + ".p7m", name + ".out", recipient.KeyArgs, "--trust", pki.Root);

        Assert.True(open.ExitCode == ElenaCli.Success, open.Error);
        Assert.Equal(payload, await File.ReadAllBytesAsync(cli.PathOf(name + ".out")));
        Assert.Contains($"signer: {Signer.Subject}", open.OutputLines);
        Assert.Contains($"signer id: BN{SignerBetriebsnummer}", open.OutputLines);
        Assert.Contains("signature: Pss, chain: Trusted", open.OutputLines);
        AssertSigningTimeIsRecent(open);
    }

    // ----- rejected messages ----------------------------------------------------------------------------------------

    [Fact]
    public async Task Open_ByteFlippedInTheMiddle_ExitsOneWithTamperedAndWritesNoOutput()
    {
        var pki = WritePki();
        WritePayload("tamper.bin", 256 * 1024);
        var seal = await SealAsync("tamper.bin", "tamper.p7m", pki.SignerKeyArgs, pki.Recipients[2048].Certificate);
        Assert.True(seal.ExitCode == ElenaCli.Success, seal.Error);
        byte[] sealedBytes = await File.ReadAllBytesAsync(cli.PathOf("tamper.p7m"));
        sealedBytes[sealedBytes.Length / 2] ^= 0x5A;
        await File.WriteAllBytesAsync(cli.PathOf("tamper.p7m"), sealedBytes);

        var open = await OpenAsync("tamper.p7m", "tamper.out", pki.Recipients[2048].KeyArgs, "--trust", pki.Root);

        Assert.Equal(ElenaCli.Invalid, open.ExitCode);
        Assert.Contains("elena open: Tampered:", open.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("signer id:", open.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(cli.PathOf("tamper.out")), "the payload of a rejected message was written");
        Assert.Empty(LeftoverTemporaryFiles());
    }

    [Fact]
    public async Task Open_TruncatedFile_ExitsOneAndWritesNoOutput()
    {
        var pki = WritePki();
        WritePayload("truncated.bin", 100_000);
        var seal = await SealAsync("truncated.bin", "truncated.p7m", pki.SignerKeyArgs, pki.Recipients[2048].Certificate);
        Assert.True(seal.ExitCode == ElenaCli.Success, seal.Error);
        byte[] sealedBytes = await File.ReadAllBytesAsync(cli.PathOf("truncated.p7m"));
        await File.WriteAllBytesAsync(cli.PathOf("truncated.p7m"), sealedBytes[..(sealedBytes.Length - 300)]);

        var open = await OpenAsync("truncated.p7m", "truncated.out", pki.Recipients[2048].KeyArgs, "--trust", pki.Root);

        Assert.Equal(ElenaCli.Invalid, open.ExitCode);
        Assert.Matches("elena open: (Malformed|Tampered|BadSignature):", open.Error);
        Assert.False(File.Exists(cli.PathOf("truncated.out")), "the payload of a rejected message was written");
        Assert.Empty(LeftoverTemporaryFiles());
    }

    [Fact]
    public async Task Open_WithWrongRecipientKey_ExitsOneWithNotARecipient()
    {
        var pki = WritePki();
        WritePayload("wrongkey.bin", 10_000);
        var seal = await SealAsync("wrongkey.bin", "wrongkey.p7m", pki.SignerKeyArgs, pki.Recipients[2048].Certificate);
        Assert.True(seal.ExitCode == ElenaCli.Success, seal.Error);

        var open = await OpenAsync("wrongkey.p7m", "wrongkey.out", pki.Recipients[4096].KeyArgs, "--trust", pki.Root);

        Assert.Equal(ElenaCli.Invalid, open.ExitCode);
        Assert.Contains("elena open: NotARecipient:", open.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(cli.PathOf("wrongkey.out")));
    }

    [Fact]
    public async Task Open_SignerNotUnderTrustedCa_ExitsOneWithUntrustedSigner()
    {
        var pki = WritePki();
        WritePayload("untrusted.bin", 10_000);
        var seal = await SealAsync("untrusted.bin", "untrusted.p7m", pki.SignerKeyArgs, pki.Recipients[2048].Certificate);
        Assert.True(seal.ExitCode == ElenaCli.Success, seal.Error);

        var open = await OpenAsync("untrusted.p7m", "untrusted.out", pki.Recipients[2048].KeyArgs, "--trust", pki.OtherRoot);

        Assert.Equal(ElenaCli.Invalid, open.ExitCode);
        Assert.Contains("elena open: UntrustedSigner:", open.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(cli.PathOf("untrusted.out")), "the payload of an untrusted message was written");
    }

    // ----- PKCS#12 --------------------------------------------------------------------------------------------------

    [Fact]
    public async Task SealAndOpen_WithPkcs12AndPasswordFromEnvironment_RoundTrips()
    {
        var pki = WritePki();
        byte[] payload = WritePayload("p12.bin", 50_000);
        const string SignerPassword = "Sender-Pkcs12-Pw-7711";
        const string RecipientPassword = "Recipient-Pkcs12-Pw-9043";
        string signerP12 = CliTestPki.WritePkcs12(Signer, cli.Folder, "employer.p12", SignerPassword);
        string recipientP12 = CliTestPki.WritePkcs12(Recipient(4096), cli.Folder, "acceptance4096.p12", RecipientPassword);
        string signerVariable = UniqueVariable("SIGNER_P12_PW");
        string recipientVariable = UniqueVariable("RECIPIENT_P12_PW");
        Environment.SetEnvironmentVariable(signerVariable, SignerPassword);
        Environment.SetEnvironmentVariable(recipientVariable, RecipientPassword);
        try
        {
            var seal = await SealAsync("p12.bin", "p12.p7m", ["--p12", signerP12, "--key-password-env", signerVariable], pki.Recipients[4096].Certificate);
            Assert.True(seal.ExitCode == ElenaCli.Success, seal.Error);

            var open = await OpenAsync("p12.p7m", "p12.out", ["--p12", recipientP12, "--key-password-env", recipientVariable], "--trust", pki.Root);

            Assert.True(open.ExitCode == ElenaCli.Success, open.Error);
            Assert.Equal(payload, await File.ReadAllBytesAsync(cli.PathOf("p12.out")));
            Assert.Contains($"signer id: BN{SignerBetriebsnummer}", open.OutputLines);
            Assert.Contains("signature: Pkcs1, chain: Trusted", open.OutputLines);
            Assert.DoesNotContain(SignerPassword, seal.Output + seal.Error, StringComparison.Ordinal);
            Assert.DoesNotContain(RecipientPassword, open.Output + open.Error, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(signerVariable, null);
            Environment.SetEnvironmentVariable(recipientVariable, null);
        }
    }

    [Fact]
    public async Task Seal_WithPkcs12AndWrongPassword_FailsWithoutRevealingPassword()
    {
        var pki = WritePki();
        WritePayload("p12wrong.bin", 1_000);
        const string RightPassword = "Right-Pkcs12-Pw-4417";
        const string WrongPassword = "Wrong-Pkcs12-Pw-8826";
        string signerP12 = CliTestPki.WritePkcs12(Signer, cli.Folder, "employer-wrong.p12", RightPassword);
        string variable = UniqueVariable("WRONG_P12_PW");
        Environment.SetEnvironmentVariable(variable, WrongPassword);
        try
        {
            var seal = await SealAsync("p12wrong.bin", "p12wrong.p7m", ["--p12", signerP12, "--key-password-env", variable], pki.Recipients[2048].Certificate);

            Assert.NotEqual(ElenaCli.Success, seal.ExitCode);
            Assert.NotEmpty(seal.ErrorLines);
            Assert.DoesNotContain(WrongPassword, seal.Output + seal.Error, StringComparison.Ordinal);
            Assert.DoesNotContain(RightPassword, seal.Output + seal.Error, StringComparison.Ordinal);
            Assert.False(File.Exists(cli.PathOf("p12wrong.p7m")));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public async Task Open_WithPkcs12AndWrongPassword_FailsWithoutRevealingPasswordAndWritesNoOutput()
    {
        var pki = WritePki();
        WritePayload("p12wrongopen.bin", 1_000);
        var seal = await SealAsync("p12wrongopen.bin", "p12wrongopen.p7m", pki.SignerKeyArgs, pki.Recipients[2048].Certificate);
        Assert.True(seal.ExitCode == ElenaCli.Success, seal.Error);
        const string WrongPassword = "Not-The-Recipient-Pw-3150";
        string recipientP12 = CliTestPki.WritePkcs12(Recipient(2048), cli.Folder, "acceptance2048-wrong.p12", "The-Recipient-Pw-0007");
        string variable = UniqueVariable("WRONG_OPEN_P12_PW");
        Environment.SetEnvironmentVariable(variable, WrongPassword);
        try
        {
            var open = await OpenAsync("p12wrongopen.p7m", "p12wrongopen.out", ["--p12", recipientP12, "--key-password-env", variable], "--trust", pki.Root);

            Assert.NotEqual(ElenaCli.Success, open.ExitCode);
            Assert.NotEmpty(open.ErrorLines);
            Assert.DoesNotContain(WrongPassword, open.Output + open.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("The-Recipient-Pw-0007", open.Output + open.Error, StringComparison.Ordinal);
            Assert.False(File.Exists(cli.PathOf("p12wrongopen.out")));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    // ----- usage errors ---------------------------------------------------------------------------------------------

    public static TheoryData<string, string[]> IncompleteKeyOptions() => new()
    {
        { "no key options at all", [] },
        { "--cert without --key", ["--cert", "employer.crt"] },
        { "--key without --cert", ["--key", "employer.key"] },
        { "--token without --pkcs11", ["--token", "t", "--key-label", "k", "--pin-env", "P"] },
    };

    [Theory]
    [MemberData(nameof(IncompleteKeyOptions))]
    public async Task Seal_WithIncompleteKeyOptions_ExitsTwo(string description, string[] keyArgs)
    {
        var pki = WritePki();
        WritePayload("nokey.bin", 100);

        var seal = await SealAsync("nokey.bin", "nokey.p7m", keyArgs.Select(pki.Resolve).ToArray(), pki.Recipients[2048].Certificate);

        Assert.True(seal.ExitCode == ElenaCli.UsageError, $"{description}: exit {seal.ExitCode}: {seal.Error}");
        Assert.Contains("Give a key", seal.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(cli.PathOf("nokey.p7m")));
    }

    [Theory]
    [MemberData(nameof(IncompleteKeyOptions))]
    public async Task Open_WithIncompleteKeyOptions_ExitsTwo(string description, string[] keyArgs)
    {
        var pki = WritePki();
        WritePayload("nokeyopen.bin", 100);
        var seal = await SealAsync("nokeyopen.bin", "nokeyopen.p7m", pki.SignerKeyArgs, pki.Recipients[2048].Certificate);
        Assert.True(seal.ExitCode == ElenaCli.Success, seal.Error);

        var open = await OpenAsync("nokeyopen.p7m", "nokeyopen.out", keyArgs.Select(pki.Resolve).ToArray());

        Assert.True(open.ExitCode == ElenaCli.UsageError, $"{description}: exit {open.ExitCode}: {open.Error}");
        Assert.Contains("Give a key", open.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(cli.PathOf("nokeyopen.out")));
    }

    [Fact]
    public async Task Seal_KeyPasswordEnvNamingUnsetVariable_ExitsTwoNamingTheVariable()
    {
        var pki = WritePki();
        WritePayload("unsetpw.bin", 100);
        string signerP12 = CliTestPki.WritePkcs12(Signer, cli.Folder, "employer-unset.p12", "Some-Pw-1234");
        string variable = UniqueVariable("UNSET_P12_PW");

        var seal = await SealAsync("unsetpw.bin", "unsetpw.p7m", ["--p12", signerP12, "--key-password-env", variable], pki.Recipients[2048].Certificate);

        Assert.Equal(ElenaCli.UsageError, seal.ExitCode);
        Assert.Contains(variable, seal.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(cli.PathOf("unsetpw.p7m")));
    }

    /// <summary>
    /// The PIN variable is a usage matter: it must be reported as such (exit 2, naming the variable) and not turn into a
    /// token or module error. No PKCS#11 module is loaded here (SoftHSM allows one configuration per process; the token
    /// itself is tested in the Crypto tests), so the module path does not exist.
    /// </summary>
    [Theory]
    [InlineData("seal")]
    [InlineData("open")]
    public async Task KeyOptions_PinEnvNamingUnsetVariable_ExitsTwoNamingTheVariable(string command)
    {
        var pki = WritePki();
        WritePayload("unsetpin.bin", 100);
        var seal = await SealAsync("unsetpin.bin", "unsetpin-ok.p7m", pki.SignerKeyArgs, pki.Recipients[2048].Certificate);
        Assert.True(seal.ExitCode == ElenaCli.Success, seal.Error);
        string variable = UniqueVariable("UNSET_PIN");
        string[] tokenArgs = ["--pkcs11", cli.PathOf("no-such-pkcs11-module.so"), "--token", "elena-test", "--key-label", "signer", "--pin-env", variable];

        var result = command == "seal"
            ? await SealAsync("unsetpin.bin", "unsetpin.p7m", tokenArgs, pki.Recipients[2048].Certificate)
            : await OpenAsync("unsetpin-ok.p7m", "unsetpin.out", tokenArgs);

        Assert.True(result.ExitCode == ElenaCli.UsageError, $"exit {result.ExitCode}: {result.Error}");
        Assert.Contains(variable, result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(cli.PathOf("unsetpin.p7m")));
        Assert.False(File.Exists(cli.PathOf("unsetpin.out")));
    }

    // ----- helpers --------------------------------------------------------------------------------------------------

    private static string UniqueVariable(string stem) => $"ELENA_CLI_TEST_{stem}_{Guid.NewGuid():N}";

    private static void AssertSigningTimeIsRecent(CliResult open)
    {
        string line = Assert.Single(open.OutputLines, l => l.StartsWith("signing time: ", StringComparison.Ordinal));
        var signingTime = DateTimeOffset.ParseExact(line["signing time: ".Length..], SigningTimeFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal);
        Assert.InRange(signingTime, DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    private byte[] WritePayload(string fileName, int size)
    {
        byte[] payload = RandomNumberGenerator.GetBytes(size);
        File.WriteAllBytes(cli.PathOf(fileName), payload);
        return payload;
    }

    private Task<CliResult> SealAsync(string input, string output, string[] keyArgs, string recipient, params string[] extra) =>
        CliRunner.RunAsync(["seal", "--in", cli.PathOf(input), "--out", cli.PathOf(output), .. keyArgs, "--recipient", recipient, .. extra]);

    private Task<CliResult> OpenAsync(string input, string output, string[] keyArgs, params string[] extra) =>
        CliRunner.RunAsync(["open", "--in", cli.PathOf(input), "--out", cli.PathOf(output), .. keyArgs, .. extra]);

    private List<string> LeftoverTemporaryFiles() =>
        Directory.EnumerateFiles(cli.Folder, "*.tmp").Select(Path.GetFileName).OfType<string>().ToList();

    /// <summary>Writes the PEM files of the test PKI into the class's folder (cheap; the keys are cached).</summary>
    private PkiFiles WritePki()
    {
        string folder = cli.Folder;
        var (signerCertificate, signerKey) = CliTestPki.WritePem(Signer, folder, "employer");
        var recipients = new Dictionary<int, PartyFiles>();
        foreach (int bits in new[] { 2048, 4096 })
        {
            var (certificate, key) = CliTestPki.WritePem(Recipient(bits), folder, "acceptance" + bits);
            recipients[bits] = new PartyFiles(certificate, key);
        }

        return new PkiFiles(
            CliTestPki.WriteCertificate(CliTestPki.Root, folder, "root.pem"),
            CliTestPki.WriteCertificate(CliTestPki.OtherRoot, folder, "other-root.pem"),
            signerCertificate,
            signerKey,
            recipients,
            folder);
    }

    private sealed record PartyFiles(string Certificate, string Key)
    {
        public string[] KeyArgs => ["--cert", Certificate, "--key", Key];
    }

    private sealed record PkiFiles(string Root, string OtherRoot, string SignerCertificate, string SignerKey, Dictionary<int, PartyFiles> Recipients, string Folder)
    {
        public string[] SignerKeyArgs => ["--cert", SignerCertificate, "--key", SignerKey];

        /// <summary>Makes a bare file name of the signer's files into its full path; other arguments stay.</summary>
        public string Resolve(string argument) => argument is "employer.crt" or "employer.key" ? Path.Combine(Folder, argument) : argument;
    }
}
