using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Elena.Sdk.Transport.Tests.Support;

/// <summary>A test CA and ITSG-style party certificates (<c>OU=BN…</c>), shared by the eXTra and mail tests.</summary>
internal static class TestCertificates
{
    public static X509Certificate2 CreateRoot(string commonName)
    {
        var request = new CertificateRequest($"CN={commonName}, C=DE", RSA.Create(2048), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        return request.CreateSelfSigned(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero));
    }

    public static X509Certificate2 Issue(X509Certificate2 root, string name, string bn)
    {
        var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}, OU=BN{bn}, O=ITSG TrustCenter fuer Arbeitgeber, C=DE", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var cert = request.Create(root.SubjectName, X509SignatureGenerator.CreateForRSA(root.GetRSAPrivateKey()!, RSASignaturePadding.Pkcs1),
            new DateTimeOffset(2010, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2090, 1, 1, 0, 0, 0, TimeSpan.Zero), RandomNumberGenerator.GetBytes(8));
        return cert.CopyWithPrivateKey(key);
    }
}
