using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Elena.Sdk.Crypto.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Elena.Sdk.Crypto.Tests.Cms;

/// <summary>What the SDK seals, OpenSSL decrypts and verifies.</summary>
public sealed class SealOpenSslTests : IClassFixture<TempFolder>
{
    private readonly TempFolder _temp;

    public SealOpenSslTests(TempFolder temp) => _temp = temp;

    public static TheoryData<string, int, bool, int> Cases() => new()
    {
        { "PKCS#1 signer, 2048-bit recipient (PKCS#1 v1.5 key transport)", 2048, false, 10_000 },
        { "PSS signer, 4096-bit recipient (OAEP-SHA256)", 4096, true, 3 * 1024 * 1024 + 17 },
        { "empty payload", 4096, true, 0 },
        { "exactly one chunk", 2048, false, 1 << 20 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Seal_ThenOpenSslDecryptsAndVerifies(string description, int recipientBits, bool pss, int size)
    {
        var signer = TestPki.Issue("Employer", "33526082", pss: pss);
        var recipient = TestPki.Issue("Acceptance" + recipientBits, "66660008", bits: recipientBits);
        byte[] payload = RandomNumberGenerator.GetBytes(size);
        var clock = new FakeTimeProvider(new DateTimeOffset(2011, 2, 1, 8, 30, 0, TimeSpan.Zero));
        var sealer = new MessageSealer(new SealOptions { SignerCertificate = signer, SignerKey = signer.GetRSAPrivateKey()!, TimeProvider = clock });

        string name = $"case{recipientBits}{pss}{size}";
        await using (var file = File.Create(_temp.File(name + ".p7m")))
        {
            await sealer.SealAsync(new MemoryStream(payload), file, recipient);
        }

        TestPki.WritePem(recipient, _temp.Path, name + "-recipient");
        File.WriteAllText(_temp.File(name + "-ca.crt"), TestPki.Root.ExportCertificatePem());
        OpenSsl.MustRun(_temp.Path, "cms", "-decrypt", "-binary", "-inform", "DER", "-in", name + ".p7m",
            "-recip", name + "-recipient.crt", "-inkey", name + "-recipient.key", "-out", name + ".p7s");
        var (code, output, error) = OpenSsl.Run(_temp.Path, "cms", "-verify", "-binary", "-inform", "DER", "-in", name + ".p7s",
            "-CAfile", name + "-ca.crt", "-purpose", "any", "-out", name + ".out");

        Assert.True(code == 0, $"{description}: {error}{output}");
        Assert.Contains("Verification successful", error + output, StringComparison.Ordinal);
        Assert.Equal(payload, await File.ReadAllBytesAsync(_temp.File(name + ".out")));

        var (_, printed, _) = OpenSsl.Run(_temp.Path, "cms", "-cmsout", "-print", "-inform", "DER", "-in", name + ".p7s");
        Assert.Contains(pss ? "rsassaPss" : "sha256WithRSAEncryption", printed, StringComparison.Ordinal);
        Assert.Contains("signingTime", printed, StringComparison.Ordinal);
        Assert.Contains("Feb  1 08:30:00 2011 GMT", printed, StringComparison.Ordinal);
        var (_, envelope, _) = OpenSsl.Run(_temp.Path, "cms", "-cmsout", "-print", "-inform", "DER", "-in", name + ".p7m");
        Assert.Contains("aes-256-cbc", envelope, StringComparison.Ordinal);
        Assert.Contains(recipientBits >= 4096 ? "rsaesOaep" : "rsaEncryption", envelope, StringComparison.Ordinal);
    }
}
