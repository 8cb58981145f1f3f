using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Elena.Sdk.Crypto.Tokens;

namespace Elena.Sdk.Crypto.Tests.Tokens;

/// <summary>Keys, signatures, decryption and certificates on a real SoftHSMv2 token.</summary>
[Collection(SoftHsmGroup.Name)]
public sealed class Pkcs11TokenTests(SoftHsmFixture fixture)
{
    private static readonly byte[] Message = "ELENA Testnachricht: Datensatz MVDS 4711"u8.ToArray();

    [Fact]
    public void Open_ByLabel_ExposesTokenInfo()
    {
        using var token = fixture.Open();

        Assert.Equal(fixture.TokenLabel, token.Label);
        Assert.Equal("SoftHSM project", token.ManufacturerId);
        Assert.StartsWith("SoftHSM", token.Model, StringComparison.Ordinal);
        Assert.NotEmpty(token.SerialNumber);
        Assert.False(token.IsLoggedIn);
        Assert.Equal(254, token.MaxSignaturesPerLogin);
    }

    [Fact]
    public void Open_BySerialNumber_FindsSameToken()
    {
        using var byLabel = fixture.Open();
        using var bySerial = Pkcs11Token.Open(new Pkcs11TokenOptions { ModulePath = SoftHsmFixture.ModulePath, TokenSerial = byLabel.SerialNumber },
            _ => SoftHsmFixture.UserPin);

        Assert.Equal(fixture.TokenLabel, bySerial.Label);
    }

    [Fact]
    public void Open_UnknownLabel_ThrowsTokenNotPresent()
    {
        var options = fixture.Options();
        options.TokenLabel = "no-such-token";

        var error = Assert.Throws<TokenException>(() => Pkcs11Token.Open(options, _ => SoftHsmFixture.UserPin));

        Assert.Equal("CKR_TOKEN_NOT_PRESENT", error.ReturnCode);
        Assert.Contains("no-such-token", error.Message, StringComparison.Ordinal);
        Assert.Contains(fixture.TokenLabel, error.Message, StringComparison.Ordinal); // lists what is present
    }

    [Fact]
    public void Open_MissingModule_ThrowsLibraryLoadFailed()
    {
        var options = new Pkcs11TokenOptions { ModulePath = "/nonexistent/libno-pkcs11.so", TokenLabel = "x" };

        var error = Assert.Throws<TokenException>(() => Pkcs11Token.Open(options, _ => SoftHsmFixture.UserPin));

        Assert.Equal("CKR_LIBRARY_LOAD_FAILED", error.ReturnCode);
        Assert.Contains("ModulePath", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", "  ")]
    public void Open_NoLabelOrSerial_ThrowsArgumentException(string? label, string? serial)
    {
        var options = new Pkcs11TokenOptions { ModulePath = SoftHsmFixture.ModulePath, TokenLabel = label, TokenSerial = serial };

        Assert.Throws<ArgumentException>(() => Pkcs11Token.Open(options, _ => SoftHsmFixture.UserPin));
    }

    [Fact]
    public void Open_ZeroSignaturesPerLogin_ThrowsArgumentOutOfRange()
    {
        var options = fixture.Options(maxSignaturesPerLogin: 0);

        Assert.Throws<ArgumentOutOfRangeException>(() => Pkcs11Token.Open(options, _ => SoftHsmFixture.UserPin));
    }

    [Fact]
    public void GetKey_ByLabel_ReadsPublicKeyWithoutLogin()
    {
        var pins = new PinRecorder();
        using var token = fixture.Open(pins.Answer);

        using var key = token.GetKey(SoftHsmFixture.SharedKeyLabel);

        Assert.Equal(2048, key.KeySize);
        Assert.Equal(SoftHsmFixture.SharedKeyLabel, key.Label);
        Assert.Equal(Convert.ToHexStringLower(fixture.SharedKeyId), key.IdHex);
        Assert.Equal(fixture.TokenLabel, key.TokenLabel);
        Assert.Equal(0, pins.Count);
        Assert.False(token.IsLoggedIn);
    }

    [Fact]
    public void GetKey_ById_FindsSameKey()
    {
        using var token = fixture.Open();

        using var byId = token.GetKey(id: fixture.SharedKeyId);
        using var byLabel = token.GetKey(SoftHsmFixture.SharedKeyLabel);

        Assert.Equal(byLabel.ExportParameters(false).Modulus, byId.ExportParameters(false).Modulus);
    }

    [Fact]
    public void GetKey_UnknownLabel_ThrowsCryptographicException()
    {
        using var token = fixture.Open();

        var error = Assert.Throws<CryptographicException>(() => token.GetKey("no-such-key"));

        Assert.Contains("no-such-key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExportParameters_Private_ThrowsCryptographicException()
    {
        using var token = fixture.Open();
        using var key = token.GetKey(SoftHsmFixture.SharedKeyLabel);

        Assert.Throws<CryptographicException>(() => key.ExportParameters(true));
        Assert.Throws<CryptographicException>(() => key.ExportPkcs8PrivateKey());
        Assert.Throws<CryptographicException>(() => key.ExportRSAPrivateKey());
        Assert.NotEmpty(key.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public void SignHash_Pkcs1_VerifiesWithDotNetPublicKey()
    {
        using var token = fixture.Open();
        using var key = token.GetKey(SoftHsmFixture.SharedKeyLabel);
        byte[] hash = SHA256.HashData(Message);

        byte[] signature = key.SignHash(hash, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        using var verifier = RSA.Create(key.ExportParameters(false));
        Assert.Equal(256, signature.Length);
        Assert.True(verifier.VerifyHash(hash, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.True(verifier.VerifyData(Message, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.True(key.VerifyHash(hash, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.False(verifier.VerifyData("other"u8.ToArray(), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void SignData_Pss_VerifiesWithDotNetAndOpenSsl()
    {
        using var token = fixture.Open();
        using var key = token.GetKey(SoftHsmFixture.SharedKeyLabel);

        byte[] signature = key.SignData(Message, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);

        using var verifier = RSA.Create(key.ExportParameters(false));
        Assert.True(verifier.VerifyData(Message, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss));
        Assert.False(verifier.VerifyData(Message, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        VerifyWithOpenSsl(key, Message, signature, pss: true);
    }

    [Fact]
    public void SignData_Pkcs1_VerifiesWithOpenSsl()
    {
        using var token = fixture.Open();
        using var key = token.GetKey(SoftHsmFixture.SharedKeyLabel);

        byte[] signature = key.SignData(Message, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        VerifyWithOpenSsl(key, Message, signature, pss: false);
    }

    [Fact]
    public void SignHash_Sha384_ThrowsCryptographicException()
    {
        var pins = new PinRecorder();
        using var token = fixture.Open(pins.Answer);
        using var key = token.GetKey(SoftHsmFixture.SharedKeyLabel);

        var error = Assert.Throws<CryptographicException>(() =>
            key.SignHash(SHA384.HashData(Message), HashAlgorithmName.SHA384, RSASignaturePadding.Pkcs1));

        Assert.Contains("SHA-256", error.Message, StringComparison.Ordinal);
        Assert.Contains("SHA384", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, pins.Count); // rejected before the token is used
    }

    [Fact]
    public void SignHash_WrongHashLength_ThrowsArgumentException()
    {
        using var token = fixture.Open();
        using var key = token.GetKey(SoftHsmFixture.SharedKeyLabel);

        Assert.Throws<ArgumentException>(() => key.SignHash(new byte[20], HashAlgorithmName.SHA256, RSASignaturePadding.Pss));
    }

    [Fact]
    public void Decrypt_Pkcs1_ReturnsPlaintext()
    {
        using var token = fixture.Open();
        using var key = token.GetKey(SoftHsmFixture.SharedKeyLabel);
        byte[] contentKey = RandomNumberGenerator.GetBytes(32);
        byte[] ciphertext = EncryptWithDotNet(key, contentKey, RSAEncryptionPadding.Pkcs1);

        byte[] plaintext = key.Decrypt(ciphertext, RSAEncryptionPadding.Pkcs1);

        Assert.Equal(contentKey, plaintext);
    }

    [Fact]
    public void Decrypt_OaepSha256WithoutFallback_ThrowsArgumentsBad()
    {
        using var token = fixture.Open();
        using var key = token.GetKey(SoftHsmFixture.SharedKeyLabel);
        byte[] ciphertext = EncryptWithDotNet(key, RandomNumberGenerator.GetBytes(32), RSAEncryptionPadding.OaepSHA256);

        var error = Assert.Throws<TokenException>(() => key.Decrypt(ciphertext, RSAEncryptionPadding.OaepSHA256));

        Assert.Equal("CKR_ARGUMENTS_BAD", error.ReturnCode); // SoftHSM 2.6.1 does OAEP with SHA-1 only
        Assert.Contains(nameof(Pkcs11TokenOptions.AllowRawRsaDecryptFallback), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decrypt_OaepSha256WithFallback_ReturnsPlaintext()
    {
        using var token = fixture.Open(allowRawRsaDecryptFallback: true);
        using var key = token.GetKey(SoftHsmFixture.SharedKeyLabel);
        for (int i = 0; i < 8; i++)
        {
            // several ciphertexts: the raw block starts with 0x00 (and sometimes more zero bytes) before the OAEP decoding
            byte[] contentKey = RandomNumberGenerator.GetBytes(32);
            byte[] ciphertext = EncryptWithDotNet(key, contentKey, RSAEncryptionPadding.OaepSHA256);

            Assert.Equal(contentKey, key.Decrypt(ciphertext, RSAEncryptionPadding.OaepSHA256));
        }
    }

    [Fact]
    public void Decrypt_OaepSha256WithFallbackForOtherKey_ThrowsCryptographicException()
    {
        using var token = fixture.Open(allowRawRsaDecryptFallback: true);
        using var key = token.GetKey(SoftHsmFixture.SharedKeyLabel);
        using var other = RSA.Create(2048);
        byte[] ciphertext = other.Encrypt(RandomNumberGenerator.GetBytes(32), RSAEncryptionPadding.OaepSHA256);

        var error = Assert.ThrowsAny<CryptographicException>(() => key.Decrypt(ciphertext, RSAEncryptionPadding.OaepSHA256));

        Assert.IsNotType<TokenException>(error);
    }

    [Fact]
    public void Decrypt_OaepSha1_ThrowsCryptographicException()
    {
        using var token = fixture.Open();
        using var key = token.GetKey(SoftHsmFixture.SharedKeyLabel);
        byte[] ciphertext = EncryptWithDotNet(key, new byte[16], RSAEncryptionPadding.OaepSHA1);

        var error = Assert.Throws<CryptographicException>(() => key.Decrypt(ciphertext, RSAEncryptionPadding.OaepSHA1));

        Assert.Contains("OAEP with SHA-256", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decrypt_WrongLength_ThrowsCryptographicException()
    {
        using var token = fixture.Open();
        using var key = token.GetKey(SoftHsmFixture.SharedKeyLabel);

        Assert.Throws<CryptographicException>(() => key.Decrypt(new byte[100], RSAEncryptionPadding.Pkcs1));
    }

    [Fact]
    public void GenerateRsaKey_4096_SignsAndDecrypts()
    {
        using var token = fixture.Open();

        using var key = token.GenerateRsaKey("rsa4096", 4096);
        byte[] signature = key.SignData(Message, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
        byte[] ciphertext = EncryptWithDotNet(key, [1, 2, 3], RSAEncryptionPadding.Pkcs1);

        Assert.Equal(4096, key.KeySize);
        Assert.Equal(512, signature.Length);
        Assert.True(key.VerifyData(Message, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss));
        Assert.Equal([1, 2, 3], key.Decrypt(ciphertext, RSAEncryptionPadding.Pkcs1));
        Assert.Equal(16, key.GetId().Length); // a random id
    }

    [Fact]
    public void GenerateRsaKey_ExistingLabel_ThrowsArgumentException()
    {
        using var token = fixture.Open();

        var error = Assert.Throws<ArgumentException>(() => token.GenerateRsaKey(SoftHsmFixture.SharedKeyLabel, 2048));

        Assert.Contains(SoftHsmFixture.SharedKeyLabel, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1024)]
    [InlineData(2049)]
    public void GenerateRsaKey_BadSize_ThrowsArgumentOutOfRange(int bits)
    {
        using var token = fixture.Open();

        Assert.Throws<ArgumentOutOfRangeException>(() => token.GenerateRsaKey("bad-size", bits));
    }

    [Fact]
    public void ImportCertificate_TokenSignedCertificate_GetCertificateByLabelAndId()
    {
        using var token = fixture.Open();
        byte[] id = [0xC0, 0xFF, 0xEE, 0x01];
        using var key = token.GenerateRsaKey("with-certificate", 2048, id);
        using var certificate = CreateSelfSigned(key, "CN=Token Test, OU=BN12345678, O=Elena.Sdk Tests, C=DE");

        token.ImportCertificate(certificate, "with-certificate-cert", id);
        token.ImportCertificate(certificate, "with-certificate-cert", id); // the same again: no duplicate

        using var byLabel = token.GetCertificate("with-certificate-cert");
        using var byId = token.GetCertificate(id: id);
        Assert.NotNull(byLabel);
        Assert.NotNull(byId);
        Assert.Equal(certificate.RawData, byLabel.RawData);
        Assert.Equal(certificate.RawData, byId.RawData);
        Assert.False(byId.HasPrivateKey);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(byId);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        Assert.True(chain.Build(byId), "the token's PSS signature on the certificate must verify");
        using var certificateKey = byId.GetRSAPublicKey()!;
        Assert.Equal(key.ExportParameters(false).Modulus, certificateKey.ExportParameters(false).Modulus);
        Assert.Null(token.GetCertificate("no-such-certificate"));
        var listed = Assert.Single(token.ListKeys(), k => k.Label == "with-certificate");
        Assert.True(listed.HasCertificate);
        Assert.Equal("c0ffee01", listed.IdHex);
    }

    [Fact]
    public void ListKeys_GeneratedKeys_ListsLabelIdSizeAndCertificateFlag()
    {
        using var token = fixture.Open();
        using var key = token.GenerateRsaKey("listed-2048", 2048, [0x11, 0x22]);

        var keys = token.ListKeys();

        var shared = Assert.Single(keys, k => k.Label == SoftHsmFixture.SharedKeyLabel);
        Assert.Equal(new Pkcs11KeyInfo(SoftHsmFixture.SharedKeyLabel, Convert.ToHexStringLower(fixture.SharedKeyId), 2048, false), shared);
        Assert.Equal(new Pkcs11KeyInfo("listed-2048", "1122", 2048, false), Assert.Single(keys, k => k.Label == "listed-2048"));
    }

    [Fact]
    public void Dispose_OneOfTwoHandles_OtherStillSigns()
    {
        var pins = new PinRecorder();
        using var first = fixture.Open(pins.Answer);
        using var second = fixture.Open(pins.Answer);
        using var key = first.GetKey(SoftHsmFixture.SharedKeyLabel);
        key.SignData(Message, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);

        second.Dispose();
        byte[] signature = key.SignData(Message, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);

        Assert.True(key.VerifyData(Message, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss));
        Assert.Equal(1, pins.Count); // one login shared by both handles
        Assert.Throws<ObjectDisposedException>(() => second.GetKey(SoftHsmFixture.SharedKeyLabel));
    }

    [Fact]
    public void SignHash_FromSeveralThreads_AllSignaturesVerify()
    {
        using var token = fixture.Open();
        using var key = token.GetKey(SoftHsmFixture.SharedKeyLabel);
        using var verifier = RSA.Create(key.ExportParameters(false));

        var results = Enumerable.Range(0, 4).AsParallel().WithDegreeOfParallelism(4).Select(i =>
        {
            byte[] data = BitConverter.GetBytes(i);
            var signatures = Enumerable.Range(0, 10).Select(_ => key.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pss)).ToList();
            return signatures.All(s => verifier.VerifyData(data, s, HashAlgorithmName.SHA256, RSASignaturePadding.Pss));
        }).ToList();

        Assert.All(results, Assert.True);
    }

    internal static byte[] EncryptWithDotNet(RSA key, byte[] plaintext, RSAEncryptionPadding padding)
    {
        using var publicKey = RSA.Create(key.ExportParameters(false));
        return publicKey.Encrypt(plaintext, padding);
    }

    private static X509Certificate2 CreateSelfSigned(RSA key, string subject)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.NonRepudiation, true));
        var generator = X509SignatureGenerator.CreateForRSA(key, RSASignaturePadding.Pss);
        byte[] serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7F;
        return request.Create(request.SubjectName, generator,
            new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2040, 1, 1, 0, 0, 0, TimeSpan.Zero), serial);
    }

    private static void VerifyWithOpenSsl(RSA key, byte[] data, byte[] signature, bool pss)
    {
        string openssl = SoftHsmFixture.FindOnPath("openssl") ?? throw new InvalidOperationException(
            "openssl is not on PATH; run ./test.sh, which installs it.");
        string directory = Path.Combine(Path.GetTempPath(), "elena-ossl-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        try
        {
            string publicKey = Path.Combine(directory, "pub.pem");
            string dataFile = Path.Combine(directory, "data.bin");
            string signatureFile = Path.Combine(directory, "data.sig");
            File.WriteAllText(publicKey, key.ExportSubjectPublicKeyInfoPem());
            File.WriteAllBytes(dataFile, data);
            File.WriteAllBytes(signatureFile, signature);
            var start = new ProcessStartInfo(openssl)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string argument in new[] { "dgst", "-sha256", "-verify", publicKey, "-signature", signatureFile })
            {
                start.ArgumentList.Add(argument);
            }

            if (pss)
            {
                foreach (string argument in new[] { "-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:32" })
                {
                    start.ArgumentList.Add(argument);
                }
            }

            start.ArgumentList.Add(dataFile);
            using var process = Process.Start(start)!;
            string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            Assert.True(process.WaitForExit(30_000), "openssl did not finish");
            Assert.True(process.ExitCode == 0, $"openssl dgst -verify failed (exit {process.ExitCode}): {output}");
            Assert.Contains("Verified OK", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
