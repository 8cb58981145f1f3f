using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using BenchmarkDotNet.Attributes;
using Elena.Sdk.Crypto;
using Elena.Sdk.Crypto.KeyLists;
using Elena.Sdk.Records.Models;
using Elena.Sdk.Testing;
using Elena.Sdk.Testing.Data;
using Elena.Sdk.Testing.Dsrv;
using Elena.Sdk.Testing.Replies;
using Elena.Sdk.Testing.Rfv;
using Elena.Sdk.Testing.Storage;
using Elena.Sdk.Testing.Zss;

namespace Elena.Sdk.Benchmarks;

/// <summary>
/// The reference ZSS taking a sealed 20,000-MVDS file: decrypt, verify, validate, RFV/DSRV per record, encrypted
/// storage, replies. Throughput = 20,000 / mean. A fresh office (store, log, registry) per invocation.
/// </summary>
[MemoryDiagnoser]
public class ZssBenchmarks
{
    private const int Records = 20_000;
    private byte[] _sealed = [];
    private DsrvMasterData _master = null!;
    private X509Certificate2 _root = null!;
    private X509Certificate2 _office = null!;
    private X509Certificate2 _employer = null!;

    /// <summary>Records checked and stored side by side (1 = deterministic default).</summary>
    [Params(1, 2)]
    public int Parallelism { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _root = BenchCertificates.Create("CN=Bench Root", null, ca: true);
        _office = BenchCertificates.Create("CN=ZSS, OU=BN" + ReferenceParties.CentralStorageOffice, _root, ca: false);
        _employer = BenchCertificates.Create("CN=Employer, OU=BN33526082", _root, ca: false);
        var file = SyntheticFileGenerator.Generate(new SyntheticFileOptions { EarningsRecords = Records, Employer = "33526082", Seed = 3 }).ToList();
        _master = new DsrvMasterData();
        foreach (var mvds in file.OfType<EarningsRecord>())
        {
            _master.Add(DsrvPerson.FromRecord(mvds));
        }

        byte[] payload = Encoding.Latin1.GetBytes(string.Concat(file.Select(r => Encoding.Latin1.GetString(r.ToBytes()) + "\r\n")));
        var sealer = new MessageSealer(new SealOptions { SignerCertificate = _employer, SignerKey = _employer.GetRSAPrivateKey()! });
        using var output = new MemoryStream();
        sealer.SealAsync(new MemoryStream(payload), output, _office).GetAwaiter().GetResult();
        _sealed = output.ToArray();
    }

    /// <summary>One sealed 20,000-MVDS file through a fresh office.</summary>
    [Benchmark]
    public int Process20000Mvds()
    {
        var clock = TimeProvider.System;
        var dsrv = new InMemoryDsrv(_master, clock, seed: 1);
        var zss = new InMemoryZss(new ZssOptions
        {
            Keys = [new DecryptionKey(_office, _office.GetRSAPrivateKey()!)],
            AdmittedEmployers = CertificateList.FromCertificates([_employer]),
            TrustAnchors = [_root],
            Parallelism = Parallelism,
        }, new InMemoryRfv(dsrv, clock, seed: 1), dsrv, new EncryptedRecordStore(new InMemoryMasterKeyVault(1), clock), new ReportLog());
        var result = zss.SubmitAsync(new MemoryStream(_sealed), SubmissionChannel.Extra).GetAwaiter().GetResult();
        if (result.StoredCount != Records)
        {
            throw new InvalidOperationException($"Expected {Records} stored, got {result.StoredCount}: {result.Replies[^1].Kind}");
        }

        return result.StoredCount;
    }
}
