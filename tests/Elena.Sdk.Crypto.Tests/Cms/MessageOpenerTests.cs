using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Elena.Sdk.Crypto.Certificates;
using Elena.Sdk.Crypto.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Elena.Sdk.Crypto.Tests.Cms;

public sealed class MessageOpenerTests : IClassFixture<TempFolder>
{
    private static readonly DateTimeOffset Now = new(2011, 2, 1, 8, 30, 0, TimeSpan.Zero);
    private static readonly X509Certificate2 Employer = TestPki.Issue("Employer", "33526082");
    private static readonly X509Certificate2 EmployerPss = TestPki.Issue("EmployerPss", "33526082", pss: true);
    private static readonly X509Certificate2 Office = TestPki.Issue("Office4096", "66660008", bits: 4096);
    private static readonly X509Certificate2 OldOffice = TestPki.Issue("OldOffice", "66660008", bits: 2048);
    private readonly TempFolder _temp;

    public MessageOpenerTests(TempFolder temp) => _temp = temp;

    private static byte[] Seal(byte[] payload, X509Certificate2 signer, params X509Certificate2[] recipients)
    {
        var sealer = new MessageSealer(new SealOptions
        {
            SignerCertificate = signer,
            SignerKey = signer.GetRSAPrivateKey()!,
            TimeProvider = new FakeTimeProvider(Now),
        });
        using var output = new MemoryStream();
        using (var sealing = sealer.Open(output, recipients))
        {
            sealing.Write(payload);
        }

        return output.ToArray();
    }

    private static MessageOpener Opener(params X509Certificate2[] own) => new(new OpenOptions
    {
        DecryptionKeys = own.Select(c => new DecryptionKey(c, c.GetRSAPrivateKey()!)).ToList(),
        TrustAnchors = [TestPki.Root],
        TimeProvider = new FakeTimeProvider(Now),
    });

    private static async Task<(byte[] Payload, VerificationResult Result)> OpenAsync(MessageOpener opener, byte[] message)
    {
        using var payload = new MemoryStream();
        var result = await opener.OpenAsync(new MemoryStream(message), payload);
        return (payload.ToArray(), result);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(100_000)]
    [InlineData((1 << 20) - 3)]
    [InlineData((3 << 20) + 5)]
    public async Task SealThenOpen_AnySize_SamePayloadAndVerified(int size)
    {
        byte[] payload = RandomNumberGenerator.GetBytes(size);

        var (opened, result) = await OpenAsync(Opener(Office), Seal(payload, EmployerPss, Office));

        Assert.Equal(payload, opened);
        Assert.Equal(SignatureScheme.Pss, result.Scheme);
        Assert.Equal(ChainStatus.Trusted, result.Chain);
        Assert.Equal(PartyId.Betriebsnummer("33526082"), result.Signer);
        Assert.Equal(Now, result.SigningTime);
        Assert.Equal(Office.Thumbprint, result.RecipientCertificate.Thumbprint);
        Assert.Equal(EmployerPss.Thumbprint, result.SignerCertificate.Thumbprint);
    }

    [Fact]
    public async Task Open_PreviousCertificate_StillDecrypts()
    {
        byte[] message = Seal("old key"u8.ToArray(), Employer, OldOffice);

        var (payload, result) = await OpenAsync(Opener(Office, OldOffice), message);

        Assert.Equal("old key"u8.ToArray(), payload);
        Assert.Equal(OldOffice.Thumbprint, result.RecipientCertificate.Thumbprint);
        Assert.Equal(SignatureScheme.Pkcs1, result.Scheme);
    }

    [Fact]
    public void Open_NotForUs_NotARecipient()
    {
        byte[] message = Seal("x"u8.ToArray(), Employer, OldOffice);
        var ex = Assert.Throws<SecureMessageException>(() => Opener(Office).Open(new MemoryStream(message)));
        Assert.Equal(SecureMessageError.NotARecipient, ex.Error);
    }

    [Fact]
    public async Task Open_EncryptToSelf_SenderCanOpen()
    {
        var sealer = new MessageSealer(new SealOptions { SignerCertificate = Employer, SignerKey = Employer.GetRSAPrivateKey()!, EncryptToSelf = true, TimeProvider = new FakeTimeProvider(Now) });
        using var output = new MemoryStream();
        await sealer.SealAsync(new MemoryStream("mine"u8.ToArray()), output, Office);

        var (payload, _) = await OpenAsync(Opener(Employer), output.ToArray());
        Assert.Equal("mine"u8.ToArray(), payload);
        var (again, _) = await OpenAsync(Opener(Office), output.ToArray());
        Assert.Equal("mine"u8.ToArray(), again);
    }

    [Fact]
    public async Task Open_FlippedCiphertextByte_RejectedAsTamperedOrBadPadding()
    {
        byte[] payload = RandomNumberGenerator.GetBytes(200_000);
        byte[] message = Seal(payload, Employer, Office);
        message[message.Length / 2] ^= 0x01;

        var ex = await Assert.ThrowsAsync<SecureMessageException>(() => OpenAsync(Opener(Office), message));
        Assert.True(ex.Error is SecureMessageError.Tampered or SecureMessageError.Malformed, ex.Error.ToString());
    }

    [Fact]
    public async Task Open_UntrustedSigner_Rejected()
    {
        var otherRoot = TestPki.CreateRoot("CN=Other Root, C=DE");
        var stranger = TestPki.Issue("Stranger", "19278293", issuer: otherRoot);
        byte[] message = Seal("x"u8.ToArray(), stranger, Office);

        var ex = await Assert.ThrowsAsync<SecureMessageException>(() => OpenAsync(Opener(Office), message));
        Assert.Equal(SecureMessageError.UntrustedSigner, ex.Error);
    }

    [Fact]
    public async Task Open_UntrustedSignerAllowedByPolicy_ReportsUntrusted()
    {
        var otherRoot = TestPki.CreateRoot("CN=Other Root 2, C=DE");
        var stranger = TestPki.Issue("Stranger2", "19278293", issuer: otherRoot);
        byte[] message = Seal("x"u8.ToArray(), stranger, Office);
        var opener = new MessageOpener(new OpenOptions
        {
            DecryptionKeys = [new(Office, Office.GetRSAPrivateKey()!)],
            TrustAnchors = [TestPki.Root],
            Policy = new VerificationPolicy { RequireTrustedSigner = false },
        });

        var (_, result) = await OpenAsync(opener, message);
        Assert.Equal(ChainStatus.Untrusted, result.Chain);
    }

    [Fact]
    public async Task Open_SignerExpiredAtSigningTime_Rejected()
    {
        var expired = TestPki.Issue("Expired", "33526082", notBefore: new DateTimeOffset(2005, 1, 1, 0, 0, 0, TimeSpan.Zero), notAfter: new DateTimeOffset(2010, 12, 31, 0, 0, 0, TimeSpan.Zero));
        byte[] message = Seal("x"u8.ToArray(), expired, Office);

        var ex = await Assert.ThrowsAsync<SecureMessageException>(() => OpenAsync(Opener(Office), message));
        Assert.Equal(SecureMessageError.ExpiredSigner, ex.Error);
    }

    [Fact]
    public async Task Open_ReadInSmallPieces_VerificationOnlyAfterTheEnd()
    {
        byte[] payload = RandomNumberGenerator.GetBytes(70_000);
        using var opened = Opener(Office).Open(new MemoryStream(Seal(payload, Employer, Office)));
        var buffer = new byte[333];
        using var copy = new MemoryStream();
        int n;
        while ((n = await opened.ReadAsync(buffer)) > 0)
        {
            Assert.Null(opened.Verification);
            copy.Write(buffer, 0, n);
        }

        Assert.NotNull(opened.Verification);
        Assert.Equal(payload, copy.ToArray());
    }

    [Fact]
    public async Task Open_OpenSslSignedPssAndEncryptedOaep_Verified()
    {
        byte[] payload = RandomNumberGenerator.GetBytes(300_000);
        await File.WriteAllBytesAsync(_temp.File("payload.bin"), payload);
        TestPki.WritePem(EmployerPss, _temp.Path, "signer");
        TestPki.WritePem(Office, _temp.Path, "office");
        OpenSsl.MustRun(_temp.Path, "cms", "-sign", "-binary", "-nodetach", "-md", "sha256", "-signer", "signer.crt", "-inkey", "signer.key",
            "-keyopt", "rsa_padding_mode:pss", "-keyopt", "rsa_pss_saltlen:32", "-in", "payload.bin", "-outform", "DER", "-out", "ossl.p7s");
        OpenSsl.MustRun(_temp.Path, "cms", "-encrypt", "-binary", "-aes-256-cbc", "-in", "ossl.p7s", "-recip", "office.crt",
            "-keyopt", "rsa_padding_mode:oaep", "-keyopt", "rsa_oaep_md:sha256", "-keyopt", "rsa_mgf1_md:sha256", "-outform", "DER", "-out", "ossl.p7m");

        var opener = new MessageOpener(new OpenOptions { DecryptionKeys = [new(Office, Office.GetRSAPrivateKey()!)], TrustAnchors = [TestPki.Root] });
        var (opened, result) = await OpenAsync(opener, await File.ReadAllBytesAsync(_temp.File("ossl.p7m")));

        Assert.Equal(payload, opened);
        Assert.Equal(SignatureScheme.Pss, result.Scheme);
        Assert.Equal(ChainStatus.Trusted, result.Chain);
    }

    [Fact]
    public async Task Open_OpenSslStreamedBerPkcs1_Verified()
    {
        byte[] payload = RandomNumberGenerator.GetBytes(2_500_000);
        await File.WriteAllBytesAsync(_temp.File("p2.bin"), payload);
        TestPki.WritePem(Employer, _temp.Path, "signer2");
        TestPki.WritePem(OldOffice, _temp.Path, "office2");
        OpenSsl.MustRun(_temp.Path, "cms", "-sign", "-stream", "-binary", "-nodetach", "-md", "sha256", "-signer", "signer2.crt", "-inkey", "signer2.key",
            "-in", "p2.bin", "-outform", "DER", "-out", "ossl2.p7s");
        OpenSsl.MustRun(_temp.Path, "cms", "-encrypt", "-stream", "-binary", "-aes-256-cbc", "-in", "ossl2.p7s", "-recip", "office2.crt", "-outform", "DER", "-out", "ossl2.p7m");

        var (opened, result) = await OpenAsync(Opener(OldOffice), await File.ReadAllBytesAsync(_temp.File("ossl2.p7m")));

        Assert.Equal(payload, opened);
        Assert.Equal(SignatureScheme.Pkcs1, result.Scheme);
    }

    [Fact]
    public async Task Open_OpenSslAes128_UnsupportedAlgorithm()
    {
        await File.WriteAllBytesAsync(_temp.File("p3.bin"), "weak"u8.ToArray());
        TestPki.WritePem(Employer, _temp.Path, "signer3");
        TestPki.WritePem(Office, _temp.Path, "office3");
        OpenSsl.MustRun(_temp.Path, "cms", "-sign", "-binary", "-nodetach", "-md", "sha256", "-signer", "signer3.crt", "-inkey", "signer3.key", "-in", "p3.bin", "-outform", "DER", "-out", "p3.p7s");
        OpenSsl.MustRun(_temp.Path, "cms", "-encrypt", "-binary", "-aes-128-cbc", "-in", "p3.p7s", "-recip", "office3.crt", "-outform", "DER", "-out", "p3.p7m");

        var ex = Assert.Throws<SecureMessageException>(() => Opener(Office).Open(new MemoryStream(File.ReadAllBytes(_temp.File("p3.p7m")))));
        Assert.Equal(SecureMessageError.UnsupportedAlgorithm, ex.Error);
        Assert.Contains("AES-256-CBC", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_SignerFromRootWithSameNameButOtherKey_UntrustedSigner()
    {
        // An attacker re-signs altered content with a certificate claiming the same subject but its own key.
        var forged = TestPki.Issue("Forger", "33526082", issuer: TestPki.CreateRoot(TestPki.Root.Subject, keyName: "forger's own key"));
        byte[] message = Seal("altered"u8.ToArray(), forged, Office);

        var ex = await Assert.ThrowsAsync<SecureMessageException>(() => OpenAsync(Opener(Office), message));
        Assert.Equal(SecureMessageError.UntrustedSigner, ex.Error);
    }

    [Fact]
    public async Task Open_SignedWithAKeyThatIsNotTheCertificates_BadSignature()
    {
        var sealer = new MessageSealer(new SealOptions
        {
            SignerCertificate = Employer,
            SignerKey = TestPki.Key("someone else's key"),
            TimeProvider = new FakeTimeProvider(Now),
        });
        using var output = new MemoryStream();
        await sealer.SealAsync(new MemoryStream("forged"u8.ToArray()), output, Office);

        var ex = await Assert.ThrowsAsync<SecureMessageException>(() => OpenAsync(Opener(Office), output.ToArray()));
        Assert.Equal(SecureMessageError.BadSignature, ex.Error);
    }

    [Fact]
    public async Task Open_SignerOnTheIssuersRevocationList_RevokedSigner()
    {
        var signer = TestPki.Issue("RevokedEmployer", "19278293");
        byte[] crl = KeyLists.KeyListPki.CreateCrl(TestPki.Root, TestPki.Root.GetRSAPrivateKey()!, Now.AddDays(-10), Now.AddDays(20),
            [(signer, Now.AddDays(-5))]);
        var opener = new MessageOpener(new OpenOptions
        {
            DecryptionKeys = [new(Office, Office.GetRSAPrivateKey()!)],
            TrustAnchors = [TestPki.Root],
            RevocationLists = [Elena.Sdk.Crypto.KeyLists.CertificateRevocationList.Parse(crl)],
            TimeProvider = new FakeTimeProvider(Now),
        });

        var ex = await Assert.ThrowsAsync<SecureMessageException>(() => OpenAsync(opener, Seal("x"u8.ToArray(), signer, Office)));
        Assert.Equal(SecureMessageError.RevokedSigner, ex.Error);

        // The same list does not affect a signer that is not on it.
        var (_, result) = await OpenAsync(opener, Seal("y"u8.ToArray(), Employer, Office));
        Assert.Equal(ChainStatus.Trusted, result.Chain);
    }

    [Fact]
    public void Open_NotCms_Malformed()
    {
        var ex = Assert.Throws<SecureMessageException>(() => Opener(Office).Open(new MemoryStream("VOSZAGENA"u8.ToArray())));
        Assert.Equal(SecureMessageError.Malformed, ex.Error);
    }

    [Fact]
    public async Task Open_EveryBitFlipAcrossTheMessage_FailsOnlyWithSecureMessageException()
    {
        byte[] payload = new byte[2_000];
        Random.Shared.NextBytes(payload);
        byte[] sealedMessage = Seal(payload, Employer, Office);
        var opener = Opener(Office);
        int failures = 0;
        for (int offset = 0; offset < sealedMessage.Length; offset += 61)
        {
            byte[] flipped = (byte[])sealedMessage.Clone();
            flipped[offset] ^= 0x10;
            try
            {
                var (opened, _) = await OpenAsync(opener, flipped);
                Assert.Equal(payload, opened); // a flip in a part nobody reads (e.g. a version number) must not change the payload
            }
            catch (SecureMessageException)
            {
                failures++;
            }
        }

        Assert.True(failures > sealedMessage.Length / 61 * 9 / 10, $"only {failures} flips were noticed");
    }
}
