using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Elena.Sdk.Crypto.Tests.Support;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Elena.Sdk.Crypto.Tests.KeyLists;

/// <summary>
/// Test PKI for the key-list tests, on top of <see cref="TestPki"/>: root → intermediate CA → end entities (PKCS#1 and
/// an all-PSS variant), CRLs made with BouncyCastle, and the list encodings (base64 blocks, PEM, DER).
/// </summary>
internal static class KeyListPki
{
    public const string RootSubject = "CN=KeyLists Test Root, O=Elena.Sdk Tests, C=DE";
    public const string IntermediateSubject = "CN=KeyLists Test CA 1, O=ITSG TrustCenter fuer Arbeitgeber, C=DE";
    public const string PssRootSubject = "CN=KeyLists PSS Root, O=Elena.Sdk Tests, C=DE";
    public const string PssIntermediateSubject = "CN=KeyLists PSS CA, O=ITSG TrustCenter fuer Arbeitgeber, C=DE";

    public static readonly DateTimeOffset At = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly Lazy<X509Certificate2> LazyRoot = new(() => CreateRoot(RootSubject, "KeyLists/root", pss: false));
    private static readonly Lazy<X509Certificate2> LazyIntermediate = new(() =>
        CreateIntermediate(IntermediateSubject, "KeyLists/ca1", Root, pss: false));
    private static readonly Lazy<X509Certificate2> LazyPssRoot = new(() => CreateRoot(PssRootSubject, "KeyLists/pss-root", pss: true));
    private static readonly Lazy<X509Certificate2> LazyPssIntermediate = new(() =>
        CreateIntermediate(PssIntermediateSubject, "KeyLists/pss-ca", PssRoot, pss: true));

    public static X509Certificate2 Root => LazyRoot.Value;

    public static X509Certificate2 Intermediate => LazyIntermediate.Value;

    public static X509Certificate2 PssRoot => LazyPssRoot.Value;

    public static X509Certificate2 PssIntermediate => LazyPssIntermediate.Value;

    public static DateTimeOffset Date(int year, int month = 1, int day = 1) => new(year, month, day, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A self-signed root with a key of its own (named by <paramref name="keyName"/>).</summary>
    public static X509Certificate2 CreateRoot(string subject, string keyName, bool pss,
        DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        var key = TestPki.Key(keyName);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, pss ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(notBefore ?? Date(2000), notAfter ?? Date(2099));
    }

    /// <summary>An intermediate CA (cA=true, keyCertSign + cRLSign) signed by <paramref name="issuer"/>, with private key.</summary>
    public static X509Certificate2 CreateIntermediate(string subject, string keyName, X509Certificate2 issuer, bool pss,
        DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null, X509KeyUsageFlags? keyUsage = null)
    {
        var key = TestPki.Key(keyName);
        var padding = pss ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1;
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, padding);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(keyUsage ?? (X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign), true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var issuerKey = issuer.GetRSAPrivateKey() ?? throw new ArgumentException("The issuer needs its private key.", nameof(issuer));
        byte[] serial = RandomNumberGenerator.GetBytes(10);
        serial[0] &= 0x7F;
        using var certificate = request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForRSA(issuerKey, padding),
            notBefore ?? Date(2005), notAfter ?? Date(2095), serial);
        return certificate.CopyWithPrivateKey(key);
    }

    /// <summary>An employer certificate (<c>OU=BN…</c>) issued by the intermediate CA unless told otherwise.</summary>
    public static X509Certificate2 Employer(string name, string betriebsnummer, DateTimeOffset? notBefore = null,
        DateTimeOffset? notAfter = null, X509Certificate2? issuer = null, bool pss = false) =>
        TestPki.Issue("KeyLists/" + name, betriebsnummer, pss: pss, notBefore: notBefore, notAfter: notAfter,
            issuer: issuer ?? Intermediate,
            subject: $"CN={name}, OU=BN{betriebsnummer}, OU={name} GmbH, O=ITSG TrustCenter fuer Arbeitgeber, C=DE");

    /// <summary>A health-sector certificate (<c>OU=IK…</c>).</summary>
    public static X509Certificate2 HealthInsurer(string name, string ik, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null) =>
        TestPki.Issue("KeyLists/" + name, "00000000", notBefore: notBefore, notAfter: notAfter, issuer: Intermediate,
            subject: $"CN={name}, OU=IK{ik}, OU={name}, O=ITSG TrustCenter fuer sonstige Leistungserbringer, C=DE");

    /// <summary>A CRL signed with <paramref name="signingKey"/>, naming <paramref name="issuer"/> as its issuer.</summary>
    public static byte[] CreateCrl(X509Certificate2 issuer, RSA signingKey, DateTimeOffset thisUpdate, DateTimeOffset? nextUpdate,
        IEnumerable<(X509Certificate2 Certificate, DateTimeOffset RevokedAt)> revoked, bool pss = false)
    {
        var generator = new X509V2CrlGenerator();
        generator.SetIssuerDN(X509Name.GetInstance(Asn1Object.FromByteArray(issuer.SubjectName.RawData)));
        generator.SetThisUpdate(thisUpdate.UtcDateTime);
        if (nextUpdate is { } next)
        {
            generator.SetNextUpdate(next.UtcDateTime);
        }

        foreach (var (certificate, revokedAt) in revoked)
        {
            generator.AddCrlEntry(new BcBigInteger(certificate.SerialNumberBytes.ToArray()), revokedAt.UtcDateTime, CrlReason.KeyCompromise);
        }

        var privateKey = DotNetUtilities.GetRsaKeyPair(signingKey).Private;
        var crl = generator.Generate(new Asn1SignatureFactory(pss ? "SHA256WITHRSAANDMGF1" : "SHA256WITHRSA", privateKey));
        return crl.GetEncoded();
    }

    /// <summary>The ITSG form: base64 of the DER, optionally wrapped, blocks separated by an empty line.</summary>
    public static string Base64List(IEnumerable<X509Certificate2> certificates, string newLine, int wrap = 0) =>
        string.Join(newLine + newLine, certificates.Select(c => Base64Block(c, newLine, wrap))) + newLine;

    public static string Base64Block(X509Certificate2 certificate, string newLine, int wrap = 0)
    {
        string base64 = Convert.ToBase64String(certificate.RawData);
        if (wrap <= 0)
        {
            return base64;
        }

        return string.Join(newLine, base64.Chunk(wrap).Select(chunk => new string(chunk)));
    }

    public static string PemList(IEnumerable<X509Certificate2> certificates) =>
        string.Concat(certificates.Select(c => c.ExportCertificatePem() + "\n"));

    public static byte[] DerList(IEnumerable<X509Certificate2> certificates) => [.. certificates.SelectMany(c => c.RawData)];

    /// <summary>Runs a command; fails the test with its error output when it does not exit with 0.</summary>
    public static void Run(string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        _ = stdout.Result;
        Assert.True(process.ExitCode == 0, $"{fileName} {string.Join(' ', arguments)} exited with {process.ExitCode}: {stderr}");
    }

    public static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);
}
