using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Elena.Sdk.Crypto;
using Elena.Sdk.Crypto.KeyLists;
using Elena.Sdk.Samples.VendorUnitTest.DemoPayroll;
using Elena.Sdk.Testing.Dsrv;
using Elena.Sdk.Testing.Rfv;
using Elena.Sdk.Testing.Storage;
using Elena.Sdk.Testing.Zss;

namespace Elena.Sdk.Samples.VendorUnitTest;

/// <summary>
/// The reference central storage office (ZSS) for one test, in memory: a test CA, the office's and the employer's
/// certificates, the pension insurance's register (DSRV) that knows whom the test adds, RFV and encrypted store.
/// </summary>
public sealed class ReferenceOffice
{
    // Keys are slow to make: one test PKI for the whole test run.
    private static readonly Lazy<(X509Certificate2 Root, X509Certificate2 Office, X509Certificate2 Employer)> Pki = new(CreatePki);

    public ReferenceOffice()
    {
        var dsrv = new InMemoryDsrv(Register, TimeProvider.System, seed: 1);
        Zss = new InMemoryZss(new ZssOptions
        {
            Keys = [new DecryptionKey(Office, Office.GetRSAPrivateKey()!)],
            AdmittedEmployers = CertificateList.FromCertificates([Employer]),
            TrustAnchors = [Pki.Value.Root],
        }, new InMemoryRfv(dsrv, TimeProvider.System, seed: 1), dsrv, new EncryptedRecordStore(new InMemoryMasterKeyVault(1), TimeProvider.System), new ReportLog());
    }

    /// <summary>The office certificate with its key (the employer only needs the public part).</summary>
    public X509Certificate2 Office => Pki.Value.Office;

    /// <summary>The employer certificate with its key.</summary>
    public X509Certificate2 Employer => Pki.Value.Employer;

    /// <summary>The persons the DSRV knows.</summary>
    public DsrvMasterData Register { get; } = new();

    /// <summary>The office.</summary>
    public InMemoryZss Zss { get; }

    /// <summary>Lets the DSRV know an employee as the payroll has them.</summary>
    public void Know(Employee employee) => Register.Add(new DsrvPerson
    {
        InsuranceNumber = employee.InsuranceNumber,
        FamilyName = employee.FamilyName,
        FirstName = employee.FirstName,
        BirthDate = employee.BirthDate,
        Sex = employee.Sex,
        PlaceOfBirth = employee.PlaceOfBirth,
        PostalCode = employee.PostalCode,
        Town = employee.Town,
        Street = employee.Street,
    });

    private static (X509Certificate2, X509Certificate2, X509Certificate2) CreatePki()
    {
        using var rootKey = RSA.Create(2048);
        var rootRequest = new CertificateRequest("CN=Vendor Test CA, C=DE", rootKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        var root = rootRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
        return (root, Issue(root, "ZSS", PayrollExport.CentralStorageOffice), Issue(root, "Employer", DemoStaff.Company.Betriebsnummer));
    }

    private static X509Certificate2 Issue(X509Certificate2 root, string name, string betriebsnummer)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}, OU=BN{betriebsnummer}, O=ITSG TrustCenter fuer Arbeitgeber, C=DE", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.Create(root, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(3), RandomNumberGenerator.GetBytes(8));
        return certificate.CopyWithPrivateKey(key);
    }
}
