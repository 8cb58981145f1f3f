using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Elena.Sdk.Crypto.Tests.Support;

/// <summary>
/// A small test PKI built with the BCL: a root CA and end-entity certificates with ITSG-style subjects
/// (<c>OU=BN…</c>). RSA keys are cached per size and name, because 4096-bit generation takes a second.
/// </summary>
internal static class TestPki
{
    private static readonly ConcurrentDictionary<string, RSA> Keys = new();
    private static readonly Lazy<X509Certificate2> LazyRoot = new(() => CreateRoot("CN=ELENA Test Root, O=Elena.Sdk Tests, C=DE"));

    /// <summary>The shared test root CA (RSA-2048, valid 2000–2099).</summary>
    public static X509Certificate2 Root => LazyRoot.Value;

    public static RSA Key(string name, int bits = 2048) => Keys.GetOrAdd($"{name}/{bits}", _ => RSA.Create(bits));

    public static X509Certificate2 CreateRoot(string subject, int bits = 2048, string? keyName = null)
    {
        var key = Key(keyName ?? subject, bits);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero));
    }

    /// <summary>
    /// Issues an end-entity certificate with private key. Subject like the ITSG Trust Center's:
    /// <c>CN=name, OU=BNbbnr, OU=company, O=ITSG TrustCenter fuer Arbeitgeber, C=DE</c>.
    /// </summary>
    public static X509Certificate2 Issue(string name, string betriebsnummer, int bits = 2048, bool pss = false,
        DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null, X509Certificate2? issuer = null, string? subject = null)
    {
        issuer ??= Root;
        var key = Key(name, bits);
        subject ??= $"CN={name}, OU=BN{betriebsnummer}, OU={name} GmbH, O=ITSG TrustCenter fuer Arbeitgeber, C=DE";
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, pss ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.NonRepudiation, true));
        byte[] serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7F;
        var issuerKey = issuer.GetRSAPrivateKey() ?? throw new ArgumentException("The issuer needs its private key.", nameof(issuer));
        var generator = X509SignatureGenerator.CreateForRSA(issuerKey, pss ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1);
        using var cert = request.Create(issuer.SubjectName, generator,
            notBefore ?? new DateTimeOffset(2010, 1, 1, 0, 0, 0, TimeSpan.Zero),
            notAfter ?? new DateTimeOffset(2090, 1, 1, 0, 0, 0, TimeSpan.Zero), serial);
        return cert.CopyWithPrivateKey(key);
    }

    /// <summary>Writes a certificate (and optionally its key) as PEM files into a folder; returns the paths.</summary>
    public static (string Certificate, string Key) WritePem(X509Certificate2 certificate, string folder, string name)
    {
        Directory.CreateDirectory(folder);
        string certPath = Path.Combine(folder, name + ".crt");
        string keyPath = Path.Combine(folder, name + ".key");
        File.WriteAllText(certPath, certificate.ExportCertificatePem());
        if (certificate.GetRSAPrivateKey() is { } key)
        {
            File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        }

        return (certPath, keyPath);
    }
}
