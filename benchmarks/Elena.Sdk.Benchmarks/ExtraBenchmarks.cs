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
using Elena.Sdk.Testing.Extra;
using Elena.Sdk.Testing.Rfv;
using Elena.Sdk.Testing.Storage;
using Elena.Sdk.Testing.Zss;
using Elena.Sdk.Transport.Extra;
using Elena.Sdk.Transport.Replies;

namespace Elena.Sdk.Benchmarks;

/// <summary>
/// A 20,000-MVDS file end to end over eXTra: sealed by the employer, sent over loopback Kestrel to the reference
/// ZSS (which decrypts, verifies, validates, asks the RFV/DSRV per record and stores), the synchronous receipt, the
/// processing confirmation fetched (sealed to the employer, opened and parsed) and acknowledged. A fresh office and
/// server per iteration. Goal: under 2 s wall.
/// </summary>
[MemoryDiagnoser]
public class ExtraBenchmarks
{
    private const int Records = 20_000;
    private byte[] _payload = [];
    private DsrvMasterData _master = null!;
    private X509Certificate2 _root = null!;
    private X509Certificate2 _office = null!;
    private X509Certificate2 _employer = null!;
    private RunningExtraServer? _running;
    private InMemoryZss _zss = null!;

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

        _payload = Encoding.Latin1.GetBytes(string.Concat(file.Select(r => Encoding.Latin1.GetString(r.ToBytes()) + "\r\n")));
    }

    [IterationSetup]
    public void StartServer()
    {
        var clock = TimeProvider.System;
        var dsrv = new InMemoryDsrv(_master, clock, seed: 1);
        var options = new ZssOptions
        {
            Keys = [new DecryptionKey(_office, _office.GetRSAPrivateKey()!)],
            AdmittedEmployers = CertificateList.FromCertificates([_employer]),
            TrustAnchors = [_root],
        };
        _zss = new InMemoryZss(options, new InMemoryRfv(dsrv, clock, seed: 1), dsrv, new EncryptedRecordStore(new InMemoryMasterKeyVault(1), clock), new ReportLog());
        _running = new ReferenceExtraServer(_zss, options).StartAsync().GetAwaiter().GetResult();
    }

    [IterationCleanup]
    public void StopServer()
    {
        _running!.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Seal, send, process, fetch, open, acknowledge.</summary>
    [Benchmark]
    public async Task<int> SendFetchAcknowledge20000Mvds()
    {
        using var http = new HttpClient { BaseAddress = _running!.Url, Timeout = TimeSpan.FromMinutes(5) };
        var client = new ExtraClient(http, new ExtraClientOptions
        {
            EmployerCertificate = _employer,
            OfficeCertificate = _office,
            TrustAnchors = [_root],
        });
        var sealer = new MessageSealer(new SealOptions { SignerCertificate = _employer, SignerKey = _employer.GetRSAPrivateKey()! });
        using var sealedFile = new MemoryStream();
        await sealer.SealAsync(new MemoryStream(_payload), sealedFile, _office);
        sealedFile.Position = 0;

        var receipt = await client.SendAsync(sealedFile, new ExtraSendOptions { RequestId = ExtraClient.NewRequestId(), FileName = "EENA0000001" });
        var replies = await client.FetchAsync(null);
        await client.AcknowledgeAsync(replies.Select(r => r.Id));
        if (receipt.Kind != ReplyKind.AcceptanceReceipt || replies.Count != 1 || replies[0].Kind != ReplyKind.ProcessingConfirmation
            || _zss.Submissions[0].StoredCount != Records || _zss.ServerReplies.Count != 0)
        {
            throw new InvalidOperationException($"Unexpected outcome: {receipt.Kind}, {replies.Count} replies, {_zss.Submissions[0].StoredCount} stored.");
        }

        return replies.Count;
    }
}
