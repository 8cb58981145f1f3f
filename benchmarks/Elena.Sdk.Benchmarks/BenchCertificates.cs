using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Elena.Sdk.Benchmarks;

/// <summary>Certificates for the benchmarks: a root (<paramref name="issuer"/> null) or one issued by it, valid from yesterday for two years.</summary>
internal static class BenchCertificates
{
    /// <summary>Creates a certificate with an RSA-2048 key.</summary>
    /// <param name="subject">The subject DN.</param>
    /// <param name="issuer">The issuer, or <see langword="null"/> for a self-signed root.</param>
    /// <param name="ca">Whether it is a CA.</param>
    /// <returns>The certificate with its private key.</returns>
    public static X509Certificate2 Create(string subject, X509Certificate2? issuer, bool ca)
    {
        var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(ca, false, 0, true));
        var from = DateTimeOffset.UtcNow.AddDays(-1);
        var to = DateTimeOffset.UtcNow.AddYears(2);
        if (issuer is null)
        {
            return request.CreateSelfSigned(from, to);
        }

        using var cert = request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForRSA(issuer.GetRSAPrivateKey()!, RSASignaturePadding.Pkcs1),
            from, to, RandomNumberGenerator.GetBytes(8));
        return cert.CopyWithPrivateKey(key);
    }
}
