using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Elena.Sdk.Certificates.Tests.Support;
using Elena.Sdk.Certificates.TrustCenter;
using Elena.Sdk.Crypto;
using Elena.Sdk.Crypto.KeyLists;
using Elena.Sdk.Records.Models;
using Elena.Sdk.Testing;
using Elena.Sdk.Testing.Data;
using Elena.Sdk.Testing.Replies;
using Elena.Sdk.Testing.Dsrv;
using Elena.Sdk.Testing.Rfv;
using Elena.Sdk.Testing.Storage;
using Elena.Sdk.Testing.Zss;

namespace Elena.Sdk.Certificates.Tests.TrustCenter;

/// <summary>What the simulated trust center issues, the reference ZSS admits through <c>gesamt-sha256.agv</c>.</summary>
public sealed class ZssAdmissionTests
{
    private const string Employer = "33526082";

    [Fact]
    public async Task IssuedCertificate_SignsFile_ReferenceZssAdmitsIt_RevokedOneIsRejected()
    {
        await using var env = await TrustCenterEnvironment.StartAsync(false);
        var applicant = new TrustCenterApplicant
        {
            Betriebsnummer = Employer, Company = "Muster GmbH", LastName = "Muster", Street = "Weg 1", PostalCode = "10115", City = "Berlin",
            Phone = "030 1", Email = "lohn@example.org",
        };
        var pending = await env.Workflow.StartFirstRequestAsync(applicant, env.TrustCenter.Register(Employer));
        var letter = env.TrustCenter.Letters.Single();
        env.TrustCenter.EnterUnlockCode(letter.OrderNumber, letter.UnlockCode);
        await env.Workflow.ConfirmOrderAsync();
        env.Time.Advance(TimeSpan.FromDays(2));
        var stored = (await env.Workflow.TryFetchCertificateAsync())!;
        using var signer = stored.GetCertificateWithKey();

        using var officeKey = RSA.Create(2048);
        using var office = new CertificateRequest($"CN=ZSS, OU=BN{ReferenceParties.CentralStorageOffice}, C=DE", officeKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(env.Time.GetUtcNow().AddDays(-1), env.Time.GetUtcNow().AddYears(5));
        var master = new DsrvMasterData();
        var dsrv = new InMemoryDsrv(master, env.Time, seed: 1);
        InMemoryZss Zss() => new(new ZssOptions
        {
            Keys = [new DecryptionKey(office, officeKey)],
            AdmittedEmployers = CertificateList.Parse(env.TrustCenter.GetCompleteList()),
            TrustAnchors = [env.TrustCenter.Authority],
            TimeProvider = env.Time,
        }, new InMemoryRfv(dsrv, env.Time, seed: 1), dsrv, new EncryptedRecordStore(new InMemoryMasterKeyVault(7), env.Time), new ReportLog());

        var records = SyntheticFileGenerator.Generate(new SyntheticFileOptions { EarningsRecords = 3, Employer = Employer, Seed = 5 }).ToList();
        foreach (var mvds in records.OfType<EarningsRecord>())
        {
            master.Add(DsrvPerson.FromRecord(mvds));
        }

        byte[] payload = Encoding.Latin1.GetBytes(string.Concat(records.Select(r => Encoding.Latin1.GetString(r.ToBytes()) + "\r\n")));
        MemoryStream Seal()
        {
            var output = new MemoryStream();
            var sealer = new MessageSealer(new SealOptions { SignerCertificate = signer, SignerKey = signer.GetRSAPrivateKey()!, TimeProvider = env.Time });
            using (var sealing = sealer.Open(output, office))
            {
                sealing.Write(payload);
            }

            output.Position = 0;
            return output;
        }

        var admitted = await Zss().SubmitAsync(Seal(), SubmissionChannel.Extra);
        Assert.DoesNotContain(admitted.Replies, r => r.Reason?.Contains("gesamt.agv", StringComparison.Ordinal) == true);
        Assert.Equal(3, admitted.StoredCount);

        env.TrustCenter.Revoke(stored.Certificate);
        var rejected = await Zss().SubmitAsync(Seal(), SubmissionChannel.Extra);
        Assert.Equal(0, rejected.StoredCount);
        Assert.Contains(rejected.Replies, r => r.Reason?.Contains("gesamt.agv", StringComparison.Ordinal) == true);
        Assert.NotNull(pending.OrderNumber);
    }
}
