using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Elena.Sdk.Crypto;
using Elena.Sdk.Crypto.KeyLists;
using Elena.Sdk.Records.Models;
using Elena.Sdk.Testing;
using Elena.Sdk.Testing.Data;

namespace Elena.Sdk.Transport.Tests.Mail;

/// <summary>Certificates for the mail tests: one root, the ZSS and two employers (each with a key), issued like the ITSG's (OU=BN…).</summary>
internal static class MailTestPki
{
    public const string EmployerNumber = "33526082";
    public const string OtherEmployerNumber = "19278293";

    public static readonly X509Certificate2 Root = CreateRoot();
    public static readonly X509Certificate2 Office = Issue("ZSS", ReferenceParties.CentralStorageOffice);
    public static readonly X509Certificate2 Employer = Issue("Employer", EmployerNumber);
    public static readonly X509Certificate2 OtherEmployer = Issue("Other employer", OtherEmployerNumber);

    public static OpenOptions EmployerOpenOptions(X509Certificate2? employer = null) => new()
    {
        DecryptionKeys = [new DecryptionKey(employer ?? Employer, (employer ?? Employer).GetRSAPrivateKey()!)],
        TrustAnchors = [Root],
    };

    public static CertificateList AdmittedEmployers => CertificateList.FromCertificates([Employer, OtherEmployer]);

    public static byte[] Seal(byte[] payload, X509Certificate2 signer, X509Certificate2 recipient)
    {
        var sealer = new MessageSealer(new SealOptions { SignerCertificate = signer, SignerKey = signer.GetRSAPrivateKey()! });
        var output = new MemoryStream();
        using (var sealing = sealer.Open(output, recipient))
        {
            sealing.Write(payload);
        }

        return output.ToArray();
    }

    public static List<RecordModel> Generate(int mvds = 0, int dsvv = 0, int fileNumber = 1, int seed = 5, string employer = EmployerNumber)
        => [.. SyntheticFileGenerator.Generate(new SyntheticFileOptions { EarningsRecords = mvds, NumberRequests = dsvv, Employer = employer, Seed = seed, FileNumber = fileNumber })];

    public static byte[] Bytes(IEnumerable<RecordModel> records)
        => Encoding.Latin1.GetBytes(string.Concat(records.Select(r => Encoding.Latin1.GetString(r.ToBytes()) + "\r\n")));

    private static X509Certificate2 CreateRoot()
    {
        var request = new CertificateRequest("CN=Mail Test Root, C=DE", RSA.Create(2048), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        return request.CreateSelfSigned(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero));
    }

    private static X509Certificate2 Issue(string name, string bn)
    {
        var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}, OU=BN{bn}, O=ITSG TrustCenter fuer Arbeitgeber, C=DE", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var cert = request.Create(Root.SubjectName, X509SignatureGenerator.CreateForRSA(Root.GetRSAPrivateKey()!, RSASignaturePadding.Pkcs1),
            new DateTimeOffset(2010, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2090, 1, 1, 0, 0, 0, TimeSpan.Zero), RandomNumberGenerator.GetBytes(8));
        return cert.CopyWithPrivateKey(key);
    }
}
