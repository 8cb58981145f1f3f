using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Elena.Sdk.Crypto.Tests.Support;
using Elena.Sdk.Crypto.Tokens;

namespace Elena.Sdk.Crypto.Tests.Tokens;

/// <summary>Seal and open with keys on a real SoftHSMv2 token, checked by OpenSSL.</summary>
[Collection(SoftHsmGroup.Name)]
public sealed class TokenCmsTests : IDisposable
{
    private readonly SoftHsmFixture _fixture;
    private readonly TempFolder _temp = new();

    public TokenCmsTests(SoftHsmFixture fixture) => _fixture = fixture;

    public void Dispose() => _temp.Dispose();

    private static X509Certificate2 CertificateFor(RSA tokenKey, string name, string bn, bool pss = true)
    {
        var request = new CertificateRequest($"CN={name}, OU=BN{bn}, O=ITSG TrustCenter fuer Arbeitgeber, C=DE", tokenKey, HashAlgorithmName.SHA256,
            pss ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1);
        var generator = X509SignatureGenerator.CreateForRSA(TestPki.Root.GetRSAPrivateKey()!, pss ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1);
        return request.Create(TestPki.Root.SubjectName, generator, new DateTimeOffset(2010, 1, 1, 0, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2090, 1, 1, 0, 0, 0, TimeSpan.Zero), RandomNumberGenerator.GetBytes(8));
    }

    [Fact]
    public async Task Seal_SignerKeyOnToken_OpenSslAndSdkVerify()
    {
        using var token = _fixture.Open();
        using var key = token.GetKey(SoftHsmFixture.SharedKeyLabel);
        var certificate = CertificateFor(key, "Token Employer", "33526082");
        var office = TestPki.Issue("TokenOffice", "66660008", bits: 4096);
        byte[] payload = RandomNumberGenerator.GetBytes(1_500_000);

        var sealer = new MessageSealer(new SealOptions { SignerCertificate = certificate, SignerKey = key });
        await using (var file = File.Create(_temp.File("token.p7m")))
        {
            await sealer.SealAsync(new MemoryStream(payload), file, office);
        }

        TestPki.WritePem(office, _temp.Path, "office");
        File.WriteAllText(_temp.File("ca.crt"), TestPki.Root.ExportCertificatePem());
        OpenSsl.MustRun(_temp.Path, "cms", "-decrypt", "-binary", "-inform", "DER", "-in", "token.p7m", "-recip", "office.crt", "-inkey", "office.key", "-out", "token.p7s");
        var (code, output, error) = OpenSsl.Run(_temp.Path, "cms", "-verify", "-binary", "-inform", "DER", "-in", "token.p7s", "-CAfile", "ca.crt", "-purpose", "any", "-out", "token.out");
        Assert.True(code == 0, error + output);
        Assert.Equal(payload, File.ReadAllBytes(_temp.File("token.out")));

        var opener = new MessageOpener(new OpenOptions { DecryptionKeys = [new(office, office.GetRSAPrivateKey()!)], TrustAnchors = [TestPki.Root] });
        using var opened = new MemoryStream();
        var result = await opener.OpenAsync(File.OpenRead(_temp.File("token.p7m")), opened);
        Assert.Equal(SignatureScheme.Pss, result.Scheme);
        Assert.Equal("33526082", result.Signer!.Value.Value);
    }

    [Fact]
    public async Task Open_RecipientKeyOnToken_DecryptsContentKeyOnToken()
    {
        using var token = _fixture.Open();
        using var key = token.GetKey(SoftHsmFixture.SharedKeyLabel);
        var certificate = CertificateFor(key, "Token Recipient", "33526082", pss: false);
        var sender = TestPki.Issue("SenderForToken", "66660008");
        var sealer = new MessageSealer(new SealOptions { SignerCertificate = sender, SignerKey = sender.GetRSAPrivateKey()! });
        using var sealedMessage = new MemoryStream();
        await sealer.SealAsync(new MemoryStream("reply for the card"u8.ToArray()), sealedMessage, certificate);

        var opener = new MessageOpener(new OpenOptions { DecryptionKeys = [new(certificate, key)], TrustAnchors = [TestPki.Root] });
        using var payload = new MemoryStream();
        var result = await opener.OpenAsync(new MemoryStream(sealedMessage.ToArray()), payload);

        Assert.Equal("reply for the card"u8.ToArray(), payload.ToArray());
        Assert.Equal(certificate.Thumbprint, result.RecipientCertificate.Thumbprint);
    }

    [Fact]
    public async Task Open_Oaep4096OnSoftHsm_NeedsTheExplicitFallback()
    {
        using var token = _fixture.Open();
        using var key = token.ListKeys().Any(k => k.Label == "cms-4096") ? token.GetKey("cms-4096") : token.GenerateRsaKey("cms-4096", 4096);
        var certificate = CertificateFor(key, "Token 4096", "33526082");
        var sender = TestPki.Issue("Sender4096", "66660008");
        var sealer = new MessageSealer(new SealOptions { SignerCertificate = sender, SignerKey = sender.GetRSAPrivateKey()! });
        using var sealedMessage = new MemoryStream();
        await sealer.SealAsync(new MemoryStream("oaep"u8.ToArray()), sealedMessage, certificate);

        // Without the option SoftHSM's refusal of OAEP-SHA256 surfaces as a token error, not as "not a recipient".
        var strict = new MessageOpener(new OpenOptions { DecryptionKeys = [new(certificate, key)], TrustAnchors = [TestPki.Root] });
        var error = await Assert.ThrowsAsync<TokenException>(() => strict.OpenAsync(new MemoryStream(sealedMessage.ToArray()), Stream.Null));
        Assert.Equal("CKR_ARGUMENTS_BAD", error.ReturnCode);

        using var lenientToken = _fixture.Open(allowRawRsaDecryptFallback: true);
        using var lenientKey = lenientToken.GetKey("cms-4096");
        var lenient = new MessageOpener(new OpenOptions { DecryptionKeys = [new(certificate, lenientKey)], TrustAnchors = [TestPki.Root] });
        using var payload = new MemoryStream();
        await lenient.OpenAsync(new MemoryStream(sealedMessage.ToArray()), payload);
        Assert.Equal("oaep"u8.ToArray(), payload.ToArray());
    }
}
