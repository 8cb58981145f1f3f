using Elena.Sdk.Transport.Replies;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Elena.Sdk.Crypto;
using Elena.Sdk.Crypto.KeyLists;
using Elena.Sdk.Records.Identifiers;
using Elena.Sdk.Records.Models;
using Elena.Sdk.Records.Reading;
using Elena.Sdk.Testing.Data;
using Elena.Sdk.Testing.Dsrv;
using Elena.Sdk.Testing.Replies;
using Elena.Sdk.Testing.Rfv;
using Elena.Sdk.Testing.Storage;
using Elena.Sdk.Testing.Zss;
using Microsoft.Extensions.Time.Testing;

namespace Elena.Sdk.Testing.Tests.Zss;

/// <summary>A sealed employer file through the reference ZSS: acceptance, admission, framing, records, RFV/DSRV, storage, replies.</summary>
public sealed class InMemoryZssTests
{
    private const string EmployerNumber = "33526082";
    private static readonly DateTimeOffset Now = new(2011, 2, 3, 9, 0, 0, TimeSpan.Zero);
    private static readonly X509Certificate2 Root = CreateRoot();
    private static readonly X509Certificate2 Office = Issue("ZSS", ReferenceParties.CentralStorageOffice);
    private static readonly X509Certificate2 Employer = Issue("Employer", EmployerNumber);

    private readonly FakeTimeProvider _clock = new(Now);
    private readonly DsrvMasterData _master = new();
    private readonly EncryptedRecordStore _store;
    private readonly ReportLog _log = new();
    private readonly InMemoryDsrv _dsrv;
    private readonly InMemoryRfv _rfv;
    private readonly InMemoryZss _zss;

    public InMemoryZssTests()
    {
        _store = new EncryptedRecordStore(new InMemoryMasterKeyVault(7), _clock);
        _dsrv = new InMemoryDsrv(_master, _clock, seed: 1);
        var rfv = _rfv = new InMemoryRfv(_dsrv, _clock, seed: 1);
        _zss = new InMemoryZss(new ZssOptions
        {
            Keys = [new DecryptionKey(Office, Office.GetRSAPrivateKey()!)],
            AdmittedEmployers = CertificateList.FromCertificates([Employer]),
            TrustAnchors = [Root],
            TimeProvider = _clock,
        }, rfv, _dsrv, _store, _log);
    }

    private static X509Certificate2 CreateRoot()
    {
        var request = new CertificateRequest("CN=ZSS Test Root, C=DE", RSA.Create(2048), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        return request.CreateSelfSigned(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero));
    }

    private static X509Certificate2 Issue(string name, string bn, X509Certificate2? issuer = null)
    {
        issuer ??= Root;
        var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}, OU=BN{bn}, O=ITSG TrustCenter fuer Arbeitgeber, C=DE", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var cert = request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForRSA(issuer.GetRSAPrivateKey()!, RSASignaturePadding.Pkcs1),
            new DateTimeOffset(2010, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2090, 1, 1, 0, 0, 0, TimeSpan.Zero), RandomNumberGenerator.GetBytes(8));
        return cert.CopyWithPrivateKey(key);
    }

    private static List<RecordModel> Generate(int mvds = 0, int dsvv = 0)
        => SyntheticFileGenerator.Generate(new SyntheticFileOptions { EarningsRecords = mvds, NumberRequests = dsvv, Employer = EmployerNumber, Seed = 5 }).ToList();

    /// <summary>Registers the persons of a file in the DSRV master data, as a real DSRV would know them.</summary>
    private void Know(IEnumerable<RecordModel> records)
    {
        foreach (var mvds in records.OfType<EarningsRecord>())
        {
            _master.Add(DsrvPerson.FromRecord(mvds));
        }
    }

    private static byte[] Bytes(IEnumerable<RecordModel> records)
        => Encoding.Latin1.GetBytes(string.Concat(records.Select(r => Encoding.Latin1.GetString(r.ToBytes()) + "\r\n")));

    private static MemoryStream Seal(byte[] payload, X509Certificate2? signer = null, X509Certificate2? recipient = null)
    {
        signer ??= Employer;
        var sealer = new MessageSealer(new SealOptions { SignerCertificate = signer, SignerKey = signer.GetRSAPrivateKey()! });
        var output = new MemoryStream();
        using (var sealing = sealer.Open(output, recipient ?? Office))
        {
            sealing.Write(payload);
        }

        output.Position = 0;
        return output;
    }

    private static async Task<List<RecordModel>> ReadAsync(byte[] file)
        => await RecordReader.ReadAllAsync(new MemoryStream(file)).ToListAsync();

    [Fact]
    public async Task Submit_ValidFileOfKnownPersons_StoredReceiptAndConfirmation()
    {
        var file = Generate(mvds: 12);
        Know(file);

        var result = await _zss.SubmitAsync(Seal(Bytes(file)), SubmissionChannel.Extra);

        Assert.Equal(12, result.StoredCount);
        Assert.Equal(12, _store.Count);
        Assert.Equal(12, _log.Entries.Count);
        Assert.Equal([ReplyKind.AcceptanceReceipt, ReplyKind.ProcessingConfirmation], result.Replies.Select(r => r.Kind));
        Assert.All(result.Replies, r => Assert.Equal(ReplyRoute.Server, r.Route)); // FERUECK K
        var confirmation = await ReadAsync(result.Replies[1].File!);
        Assert.Equal(ReplyFileBuilder.ConfirmationCode, confirmation[^2].Errors.Single().Code);
        Assert.DoesNotContain(_store.Entries, e => Encoding.Latin1.GetString(e.Ciphertext.ToArray()).Contains("MVDS", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Submit_OneRecordWithFieldError_RejectedNotStoredOthersStored()
    {
        var file = Generate(mvds: 5);
        Know(file);
        var bytes = Bytes(file);
        string text = Encoding.Latin1.GetString(bytes);
        int fourth = text.IndexOf("MVDS", text.IndexOf("MVDS", text.IndexOf("MVDS", text.IndexOf("MVDS", StringComparison.Ordinal) + 1, StringComparison.Ordinal) + 1, StringComparison.Ordinal) + 1, StringComparison.Ordinal);
        bytes[fourth + 162] = (byte)'X'; // PERSGR not numeric in the 4th MVDS (record 6)

        var result = await _zss.SubmitAsync(Seal(bytes), SubmissionChannel.Extra);

        Assert.Equal(4, result.StoredCount);
        var outcome = Assert.Single(result.Records, r => !r.Stored);
        Assert.Equal(6, outcome.Number);
        Assert.Equal("MVDSz02", Assert.Single(outcome.Errors).Code);
        var rejection = Assert.Single(result.Replies, r => r.Kind == ReplyKind.RecordRejection);
        var records = await RecordReader.ReadAllAsync(new MemoryStream(rejection.File!), new RecordReaderOptions { ValidateFields = false }).ToListAsync();
        Assert.Equal(["VOSZ", "VOSZ", "DSKO", "MVDS", "NCSZ", "NCSZ"], records.Select(r => r.RecordType));
        Assert.DoesNotContain(result.Replies, r => r.Kind == ReplyKind.ProcessingConfirmation);
    }

    [Fact]
    public async Task Submit_UnknownPerson_DsrvRejectsRecord()
    {
        var file = Generate(mvds: 3);
        Know(file.Take(3)); // VOSZ, DSKO and the first MVDS: only its person is known

        var result = await _zss.SubmitAsync(Seal(Bytes(file)), SubmissionChannel.Extra);

        Assert.Equal(1, result.StoredCount);
        Assert.Equal(2, result.Records.Count(r => !r.Stored && r.Errors.Count > 0));
        Assert.Contains(result.Replies, r => r.Kind == ReplyKind.RecordRejection);
    }

    [Fact]
    public async Task Submit_SignerNotInGesamtAgv_Rejection()
    {
        var stranger = Issue("Stranger", "19278293");
        var file = Generate(mvds: 1);

        var result = await _zss.SubmitAsync(Seal(Bytes(file), signer: stranger), SubmissionChannel.Mail);

        var reply = Assert.Single(result.Replies);
        Assert.Equal((ReplyKind.Rejection, ReplyRoute.Mail, false), (reply.Kind, reply.Route, reply.WithFile));
        Assert.Contains("gesamt.agv", reply.Reason, StringComparison.Ordinal);
        Assert.Equal(0, _store.Count);
    }

    [Fact]
    public async Task Submit_NotEncryptedForTheOffice_Rejection()
    {
        var other = Issue("Other office", "66667777");
        var result = await _zss.SubmitAsync(Seal(Bytes(Generate(mvds: 1)), recipient: other), SubmissionChannel.Extra);

        var reply = Assert.Single(result.Replies);
        Assert.Equal(ReplyKind.Rejection, reply.Kind);
        Assert.Contains(nameof(SecureMessageError.NotARecipient), reply.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_WrongRecordCount_FileRejectionNothingStored()
    {
        var file = Generate(mvds: 3);
        Know(file);
        ((FileTrailer)file[^1]).RecordCount = 99;

        var result = await _zss.SubmitAsync(Seal(Bytes(file)), SubmissionChannel.Extra);

        Assert.Equal([ReplyKind.AcceptanceReceipt, ReplyKind.FileRejection], result.Replies.Select(r => r.Kind));
        Assert.Equal(0, _store.Count);
        var reply = await RecordReader.ReadAllAsync(new MemoryStream(result.Replies[1].File!), new RecordReaderOptions { ValidateFields = false }).ToListAsync();
        Assert.Equal("NCSZz37", reply[3].Errors.Single().Code);
    }

    [Fact]
    public async Task Submit_DsvvFile_NumberAssignmentReply()
    {
        var file = Generate(dsvv: 3);

        var result = await _zss.SubmitAsync(Seal(Bytes(file)), SubmissionChannel.Extra);

        var assignment = Assert.Single(result.Replies, r => r.Kind == ReplyKind.NumberAssignment);
        var records = await RecordReader.ReadAllAsync(new MemoryStream(assignment.File!), new RecordReaderOptions { ValidateFields = false }).ToListAsync();
        Assert.Equal(3, records.OfType<NumberRequestRecord>().Count());
        Assert.All(records.OfType<NumberRequestRecord>(), r => Assert.NotNull(r.NumberReturn));
        Assert.All(result.Records, r => Assert.NotNull(r.ReasonCode));
        Assert.Equal(0, _store.Count);
    }

    [Theory]
    [InlineData(RfvState.NoNetwork)]
    [InlineData(RfvState.NoServer)]
    [InlineData(RfvState.Halt)]
    [InlineData(RfvState.RetryNeeded)]
    [InlineData(RfvState.DsrvError)]
    public async Task Submit_RfvUnavailable_PendingThenFinishedOnceWhenItClears(RfvState state)
    {
        var file = Generate(mvds: 6);
        Know(file);
        _rfv.SetState(state);

        var pending = await _zss.SubmitAsync(Seal(Bytes(file)), SubmissionChannel.Extra);

        Assert.True(pending.IsPending);
        Assert.Equal([ReplyKind.AcceptanceReceipt], pending.Replies.Select(r => r.Kind));
        Assert.Equal([pending.FileId], _zss.PendingFiles);
        Assert.Empty(await _zss.RetryPendingAsync()); // still unavailable: still pending
        Assert.Equal(0, _store.Count);

        _rfv.SetState(RfvState.Available);
        var finished = Assert.Single(await _zss.RetryPendingAsync());

        Assert.False(finished.IsPending);
        Assert.Equal(6, finished.StoredCount);
        Assert.Equal(6, _store.Count);
        Assert.Empty(_zss.PendingFiles);
        Assert.Empty(await _zss.RetryPendingAsync()); // nothing stored twice
        Assert.Equal(6, _store.Count);
        Assert.Contains(finished.Replies, r => r.Kind == ReplyKind.ProcessingConfirmation);
        Assert.False(Assert.Single(_zss.Submissions).IsPending);
    }

    [Fact]
    public async Task Submit_DsrvFaultDuringDsvv_PendingThenAnswered()
    {
        _dsrv.InjectFault(DsrvFault.T01);
        var pending = await _zss.SubmitAsync(Seal(Bytes(Generate(dsvv: 2))), SubmissionChannel.Extra);
        Assert.True(pending.IsPending);

        var finished = Assert.Single(await _zss.RetryPendingAsync());
        Assert.Contains(finished.Replies, r => r.Kind == ReplyKind.NumberAssignment);
        Assert.Equal(2, finished.Records.Count);
    }

    [Fact]
    public async Task ServerReplies_AcknowledgedOrAfter120DaysOnPaper()
    {
        var file = Generate(mvds: 2);
        Know(file);
        await _zss.SubmitAsync(Seal(Bytes(file)), SubmissionChannel.Extra);
        var second = Generate(mvds: 1);
        ((FileHeader)second[0]).FileNumber = 2;
        ((FileTrailer)second[^1]).FileNumber = 2;
        await _zss.SubmitAsync(Seal(Bytes(second)), SubmissionChannel.Extra);

        var onServer = _zss.ServerReplies;
        Assert.Equal(2, onServer.Count);
        Assert.All(onServer, r => Assert.Equal(ReplyKind.ProcessingConfirmation, r.Reply.Kind));
        Assert.True(_zss.Acknowledge(onServer[0].Id));
        Assert.False(_zss.Acknowledge(onServer[0].Id)); // a second acknowledgement is not an error

        _clock.Advance(TimeSpan.FromDays(ZssRetention));
        Assert.Equal(0, _zss.RunReplyRetention());
        _clock.Advance(TimeSpan.FromDays(1.5));
        Assert.Equal(1, _zss.RunReplyRetention());
        Assert.Empty(_zss.ServerReplies);
        Assert.Equal(onServer[1].Id, Assert.Single(_zss.PaperOutbox).Id);
    }

    private const int ZssRetention = InMemoryZss.ServerRetentionDays;

    [Fact]
    public async Task Submit_CancellationThenNewReport_ReplacesTheStoredMonth()
    {
        var file = Generate(mvds: 1);
        Know(file);
        await _zss.SubmitAsync(Seal(Bytes(file)), SubmissionChannel.Extra);
        var original = (EarningsRecord)file[2];

        var cancellation = (EarningsRecord)RecordModel.Parse(original.ToBytes());
        cancellation.IsCancellation = true;
        var corrected = (EarningsRecord)RecordModel.Parse(original.ToBytes());
        corrected.EarningsBasics!.TotalGross = 123_456;
        var correction = new List<RecordModel> { file[0], file[1], cancellation, corrected, file[^1] };
        ((FileHeader)correction[0]).FileNumber = 2;
        ((FileTrailer)correction[^1]).FileNumber = 2;
        ((FileTrailer)correction[^1]).RecordCount = 3;
        var result = await _zss.SubmitAsync(Seal(Bytes(correction)), SubmissionChannel.Extra);
        Assert.Equal(2, result.StoredCount);

        var stored = _store.CreateReader().Read(_rfv.CurrentId(original.InsuranceNumber));
        var report = (EarningsRecord)RecordModel.Parse(Assert.Single(stored).RecordBytes.Span);
        Assert.Equal(123_456, report.EarningsBasics!.TotalGross);
        Assert.Null(report.Name); // stored without the identifying blocks, under the participant id
        Assert.Null(report.Birth);
        Assert.Equal("V", Assert.Single(report.IdentityNumbers!.Items).Kind);
    }

    [Fact]
    public async Task Submit_WithParallelism_SameOutcomesInFileOrder()
    {
        var file = Generate(mvds: 600);
        Know(file);
        var dsrv = new InMemoryDsrv(_master, _clock, seed: 1);
        var store = new EncryptedRecordStore(new InMemoryMasterKeyVault(3), _clock);
        var parallel = new InMemoryZss(new ZssOptions
        {
            Keys = [new DecryptionKey(Office, Office.GetRSAPrivateKey()!)],
            AdmittedEmployers = CertificateList.FromCertificates([Employer]),
            TrustAnchors = [Root],
            TimeProvider = _clock,
            Parallelism = 2,
        }, new InMemoryRfv(dsrv, _clock, seed: 1), dsrv, store, new ReportLog());

        var result = await parallel.SubmitAsync(Seal(Bytes(file)), SubmissionChannel.Extra);

        Assert.Equal(600, result.StoredCount);
        Assert.Equal(600, store.Count);
        Assert.Equal(Enumerable.Range(3, 600).Select(n => (long)n), result.Records.Select(r => r.Number));
    }

    [Fact]
    public async Task GetStatus_OwnFileVisibleOthersNot_PendingShown()
    {
        var file = Generate(mvds: 2);
        Know(file);
        _rfv.SetState(RfvState.Halt);
        var result = await _zss.SubmitAsync(Seal(Bytes(file)), SubmissionChannel.Extra);

        Assert.True(_zss.GetStatus(result.FileId, EmployerNumber)!.IsPending);
        Assert.Null(_zss.GetStatus(result.FileId, "19278293"));
        Assert.Null(_zss.GetStatus("ZSS99999999", EmployerNumber));

        _rfv.SetState(RfvState.Available);
        await _zss.RetryPendingAsync();
        Assert.Equal(2, _zss.GetStatus(result.FileId, EmployerNumber)!.StoredCount);
    }

    private InMemoryZss CreateZss(DsrvMasterData master, EncryptedRecordStore store, int parallelism, out InMemoryRfv rfv, string? spool = null)
    {
        var dsrv = new InMemoryDsrv(master, _clock, seed: 1);
        rfv = new InMemoryRfv(dsrv, _clock, seed: 1);
        return new InMemoryZss(new ZssOptions
        {
            Keys = [new DecryptionKey(Office, Office.GetRSAPrivateKey()!)],
            AdmittedEmployers = CertificateList.FromCertificates([Employer]),
            TrustAnchors = [Root],
            TimeProvider = _clock,
            Parallelism = parallelism,
            SpoolDirectory = spool,
        }, rfv, dsrv, store, new ReportLog());
    }

    [Fact]
    public async Task Submit_SequentialAndParallel_SameVidsAndSameStoreEntryIds()
    {
        var file = Generate(mvds: 300);
        var master = new DsrvMasterData();
        foreach (var mvds in file.OfType<EarningsRecord>())
        {
            master.Add(DsrvPerson.FromRecord(mvds));
        }

        var storeA = new EncryptedRecordStore(new InMemoryMasterKeyVault(3), _clock, seed: 9);
        var storeB = new EncryptedRecordStore(new InMemoryMasterKeyVault(3), _clock, seed: 9);
        var sequential = CreateZss(master, storeA, parallelism: 1, out var rfvA);
        var parallel = CreateZss(master, storeB, parallelism: 4, out var rfvB);

        await sequential.SubmitAsync(Seal(Bytes(file)), SubmissionChannel.Extra);
        await parallel.SubmitAsync(Seal(Bytes(file)), SubmissionChannel.Extra);

        var numbers = file.OfType<EarningsRecord>().Select(m => m.InsuranceNumber).ToList();
        Assert.Equal(numbers.Select(rfvA.CurrentId), numbers.Select(rfvB.CurrentId));
        Assert.Equal(storeA.Entries.Select(e => (e.EntryId, e.ParticipantId)), storeB.Entries.Select(e => (e.EntryId, e.ParticipantId)));
        Assert.Equal(ParticipantIds.CreateVid(1), rfvA.CurrentId(numbers[0])); // first person of the file, first vID
    }

    [Fact]
    public async Task Submit_4500Mvds_GoToTheRfvInPackagesOf2000()
    {
        var file = Generate(mvds: 4_500);
        Know(file);

        var result = await _zss.SubmitAsync(Seal(Bytes(file)), SubmissionChannel.Extra);

        Assert.Equal(4_500, result.StoredCount);
        Assert.Equal([$"{result.FileId}-0001", $"{result.FileId}-0002", $"{result.FileId}-0003"], _rfv.AnsweredRequests);
    }

    [Fact]
    public async Task Submit_MvdsUnderRetiredNumber_StoredWithNoticeAndCurrentNumber()
    {
        var file = Generate(mvds: 3);
        var moved = (EarningsRecord)file[3];
        string retired = moved.InsuranceNumber;
        string current = InsuranceNumber.Create("65", moved.Birth!.BirthDate!.Value, retired[8], 99);
        Know(file.Where(r => r != moved));
        _master.Add(DsrvPerson.FromRecord(moved) with { InsuranceNumber = current, RetiredNumbers = [retired] });

        var result = await _zss.SubmitAsync(Seal(Bytes(file)), SubmissionChannel.Extra);

        Assert.Equal(3, result.StoredCount);
        var outcome = result.Records.Single(r => r.Number == 4);
        Assert.True(outcome.Stored);
        Assert.Equal(InMemoryZss.RetiredNumberNotice, Assert.Single(outcome.Errors).Code);
        Assert.Equal([ReplyKind.AcceptanceReceipt, ReplyKind.RecordNotices], result.Replies.Select(r => r.Kind));
        var replyFile = await ReadAsync(result.Replies[1].File!);
        var noticed = Assert.Single(replyFile.OfType<EarningsRecord>());
        Assert.Equal(retired, noticed.InsuranceNumber);
        Assert.Equal(current, noticed.NumberReturn!.Number);
        Assert.Equal("3", noticed.ErrorFlag); // a notice, not an error
        Assert.Equal(InMemoryZss.RetiredNumberNotice, Assert.Single(noticed.Errors).Code);
    }

    [Fact]
    public async Task Submit_RejectionAndNotice_OneRecordRejectionFileWithBothInFileOrder()
    {
        var file = Generate(mvds: 3);
        var moved = (EarningsRecord)file[4];
        string retired = moved.InsuranceNumber;
        Know(file.Where(r => r != moved && r != file[3])); // record 4 is unknown → rejected by the DSRV
        _master.Add(DsrvPerson.FromRecord(moved) with { InsuranceNumber = InsuranceNumber.Create("65", moved.Birth!.BirthDate!.Value, retired[8], 98), RetiredNumbers = [retired] });

        var result = await _zss.SubmitAsync(Seal(Bytes(file)), SubmissionChannel.Extra);

        Assert.Equal(2, result.StoredCount);
        Assert.Equal([ReplyKind.AcceptanceReceipt, ReplyKind.RecordRejection], result.Replies.Select(r => r.Kind));
        var answered = (await ReadAsync(result.Replies[1].File!)).OfType<EarningsRecord>().ToList();
        Assert.Equal(["1", "3"], answered.Select(m => m.ErrorFlag));
        Assert.Equal(retired, answered[1].InsuranceNumber);
    }

    [Fact]
    public async Task Submit_Spool_KeptWhilePendingAndDeletedWhenDone()
    {
        string spool = Directory.CreateTempSubdirectory("elena-spool-").FullName;
        try
        {
            var file = Generate(mvds: 5);
            var master = new DsrvMasterData();
            foreach (var mvds in file.OfType<EarningsRecord>())
            {
                master.Add(DsrvPerson.FromRecord(mvds));
            }

            var store = new EncryptedRecordStore(new InMemoryMasterKeyVault(3), _clock);
            var zss = CreateZss(master, store, parallelism: 1, out var rfv, spool);
            rfv.SetState(RfvState.NoServer);

            var pending = await zss.SubmitAsync(Seal(Bytes(file)), SubmissionChannel.Extra);
            Assert.True(pending.IsPending);
            Assert.Single(Directory.GetFiles(spool));

            rfv.SetState(RfvState.Available);
            var done = Assert.Single(await zss.RetryPendingAsync());
            Assert.Equal(5, done.StoredCount);
            Assert.Empty(Directory.GetFiles(spool));

            // A file rejected outright leaves nothing behind either.
            await zss.SubmitAsync(Seal([.. "no records"u8]), SubmissionChannel.Extra);
            Assert.Empty(Directory.GetFiles(spool));
        }
        finally
        {
            Directory.Delete(spool, recursive: true);
        }
    }

    public static TheoryData<DsrvFault> AllDsrvFaults() => [.. Enum.GetValues<DsrvFault>()];

    [Theory]
    [MemberData(nameof(AllDsrvFaults))]
    public async Task Submit_DsrvFaultDuringMvds_PendingWithTheCodeThenStoredOnce(DsrvFault fault)
    {
        var file = Generate(mvds: 4);
        Know(file);
        _dsrv.InjectFault(fault);

        var pending = await _zss.SubmitAsync(Seal(Bytes(file)), SubmissionChannel.Extra);

        Assert.True(pending.IsPending);
        Assert.Contains(fault.ToString(), pending.PendingReason, StringComparison.Ordinal);
        Assert.Equal(0, _store.Count);
        Assert.Empty(_log.Entries);

        var finished = Assert.Single(await _zss.RetryPendingAsync()); // the fault was injected once: it has cleared
        Assert.Equal(4, finished.StoredCount);
        Assert.Equal(4, _store.Count);
        Assert.Equal(4, _log.Entries.Count);
        Assert.Empty(await _zss.RetryPendingAsync());
        Assert.Equal(4, _store.Count);
    }

    /// <summary>FERUECK (412) and VERBEST (411) route the record-level replies (seed 004; procedure.md §6).</summary>
    [Theory]
    [InlineData("J", "J", SubmissionChannel.Extra, ReplyRoute.Mail, ReplyRoute.Mail, true)]
    [InlineData("K", "J", SubmissionChannel.Mail, ReplyRoute.Server, ReplyRoute.Server, true)]
    [InlineData("N", "J", SubmissionChannel.Extra, ReplyRoute.Paper, ReplyRoute.Mail, false)]
    [InlineData("X", "J", SubmissionChannel.Extra, ReplyRoute.Server, ReplyRoute.Server, true)]
    [InlineData("J", "N", SubmissionChannel.Extra, ReplyRoute.Mail, ReplyRoute.None, true)]
    public async Task Submit_ReplyChannelAndConfirmation_RouteTheReplies(string feRueck, string verBest, SubmissionChannel channel,
        ReplyRoute rejectionRoute, ReplyRoute confirmationRoute, bool confirmationWithFile)
    {
        var faulty = Generate(mvds: 2);
        Know(faulty.Take(3)); // the second MVDS is unknown to the DSRV: a record rejection
        ((CommunicationRecord)faulty[1])["FERUECK"] = feRueck;
        ((CommunicationRecord)faulty[1])["VERBEST"] = verBest;
        var clean = Generate(mvds: 1);
        ((CommunicationRecord)clean[1])["FERUECK"] = feRueck;
        ((CommunicationRecord)clean[1])["VERBEST"] = verBest;

        var rejected = await _zss.SubmitAsync(Seal(Bytes(faulty)), channel);
        var confirmed = await _zss.SubmitAsync(Seal(Bytes(clean)), channel);

        var submitted = channel == SubmissionChannel.Mail ? ReplyRoute.Mail : ReplyRoute.Server;
        Assert.Equal(submitted, rejected.Replies.Single(r => r.Kind == ReplyKind.AcceptanceReceipt).Route);
        var rejection = rejected.Replies.Single(r => r.Kind == ReplyKind.RecordRejection);
        Assert.Equal(rejectionRoute, rejection.Route);
        Assert.Equal(rejectionRoute != ReplyRoute.Paper, rejection.WithFile);
        if (confirmationRoute == ReplyRoute.None)
        {
            Assert.DoesNotContain(confirmed.Replies, r => r.Kind == ReplyKind.ProcessingConfirmation);
        }
        else
        {
            var confirmation = confirmed.Replies.Single(r => r.Kind == ReplyKind.ProcessingConfirmation);
            Assert.Equal(confirmationRoute, confirmation.Route);
            Assert.Equal(confirmationWithFile, confirmation.WithFile);
        }

        if (feRueck == "X")
        {
            // A value not provided for is read as K, with a notice on the DSKO of the record reply (seed 004 §3.3.2).
            var reply = await RecordReader.ReadAllAsync(new MemoryStream(rejection.File!), new RecordReaderOptions { ValidateFields = false }).ToListAsync();
            var dsko = reply.OfType<CommunicationRecord>().Single();
            Assert.Equal(InMemoryZss.ReplyChannelNotice, Assert.Single(dsko.Errors).Code);
        }

        // Only replies routed to the communication server wait there for fetching.
        Assert.Equal(
            rejected.Replies.Concat(confirmed.Replies).Count(r => r.Route == ReplyRoute.Server && r.Kind != ReplyKind.AcceptanceReceipt),
            _zss.ServerReplies.Count);
    }

    [Fact]
    public async Task Submit_FourFilesAtOnce_AllProcessedEachOnce()
    {
        var files = Enumerable.Range(0, 4)
            .Select(i => SyntheticFileGenerator.Generate(new SyntheticFileOptions { EarningsRecords = 50, Employer = EmployerNumber, Seed = 100 + i, FileNumber = i + 1 }).ToList())
            .ToList();
        foreach (var file in files)
        {
            Know(file);
        }

        var results = await Task.WhenAll(files.Select(f => Task.Run(() => _zss.SubmitAsync(Seal(Bytes(f)), SubmissionChannel.Extra))));

        Assert.Equal(4, results.Select(r => r.FileId).Distinct().Count());
        Assert.All(results, r => Assert.Equal(50, r.StoredCount));
        Assert.Equal(200, _store.Count);
        Assert.Equal(200, _log.Entries.Count);
        Assert.Equal(4, _zss.Submissions.Count);
    }
}
