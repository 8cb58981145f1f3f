using Elena.Sdk.Transport.Tests.Support;
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

    public static readonly X509Certificate2 Root = TestCertificates.CreateRoot("Mail Test Root");
    public static readonly X509Certificate2 Office = TestCertificates.Issue(Root, "ZSS", ReferenceParties.CentralStorageOffice);
    public static readonly X509Certificate2 Employer = TestCertificates.Issue(Root, "Employer", EmployerNumber);
    public static readonly X509Certificate2 OtherEmployer = TestCertificates.Issue(Root, "Other employer", OtherEmployerNumber);

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
}
