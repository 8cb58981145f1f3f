using System.Security.Cryptography.X509Certificates;
using System.Text;
using Elena.Sdk.Crypto;
using Elena.Sdk.Records.Models;
using Elena.Sdk.Testing;
using Elena.Sdk.Testing.Dsrv;
using Elena.Sdk.Testing.Mail;
using Elena.Sdk.Testing.Replies;
using Elena.Sdk.Testing.Rfv;
using Elena.Sdk.Testing.Storage;
using Elena.Sdk.Testing.Zss;
using Elena.Sdk.Transport.Mail;
using Elena.Sdk.Transport.Replies;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using RecordReplyChannel = Elena.Sdk.Records.Models.ReplyChannel;

namespace Elena.Sdk.Transport.Tests.Mail;

/// <summary>
/// End to end over the real mail server: the employer mails a sealed file, the reference office's mail endpoint takes
/// it from its IMAP inbox, processes it and mails the replies by FERUECK/VERBEST; the employer receives, opens and
/// classifies them.
/// </summary>
[Collection(MailServerGroup.Name)]
public sealed class ZssMailEndpointTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2011, 2, 3, 9, 0, 0, TimeSpan.Zero);
    private readonly MailServerFixture _server;
    private readonly FakeTimeProvider _clock = new(Now);
    private readonly DsrvMasterData _master = new();
    private readonly EncryptedRecordStore _store;
    private readonly InMemoryZss _zss;
    private readonly InMemoryRfv _rfv;
    private readonly ZssMailEndpoint _endpoint;
    private readonly string _zssAddress = MailServerFixture.NewAddress("zss");
    private readonly string _employerAddress = MailServerFixture.NewAddress("employer");

    public ZssMailEndpointTests(MailServerFixture server)
    {
        _server = server;
        _store = new EncryptedRecordStore(new InMemoryMasterKeyVault(7), _clock);
        var dsrv = new InMemoryDsrv(_master, _clock, seed: 1);
        _zss = new InMemoryZss(new ZssOptions
        {
            Keys = [new DecryptionKey(MailTestPki.Office, MailTestPki.Office.GetRSAPrivateKey()!)],
            AdmittedEmployers = MailTestPki.AdmittedEmployers,
            TrustAnchors = [MailTestPki.Root],
            TimeProvider = _clock,
        }, _rfv = new InMemoryRfv(dsrv, _clock, seed: 1), dsrv, _store, new ReportLog());
        _endpoint = new ZssMailEndpoint(_zss, new ZssMailEndpointOptions
        {
            Inbox = server.Imap(_zssAddress),
            Outbox = server.Smtp,
            OfficeAddress = _zssAddress,
            ReplySigner = new SealOptions { SignerCertificate = MailTestPki.Office, SignerKey = MailTestPki.Office.GetRSAPrivateKey()!, TimeProvider = _clock },
            EmployerCertificates = MailTestPki.AdmittedEmployers,
            TimeProvider = _clock,
        });
    }

    public void Dispose() => _endpoint.Dispose();

    private MailSender Sender => new(new MailSenderOptions
    {
        Server = _server.Smtp,
        FromAddress = _employerAddress,
        OfficeAddress = _zssAddress,
        SenderName = "Test GmbH",
        TimeProvider = _clock,
    });

    private MailReplyReceiver Receiver(MailboxProtocol protocol = MailboxProtocol.Imap, string? address = null) => new(new MailReceiverOptions
    {
        Server = protocol == MailboxProtocol.Imap ? _server.Imap(address ?? _employerAddress) : _server.Pop3(address ?? _employerAddress),
        Protocol = protocol,
        Open = MailTestPki.EmployerOpenOptions(),
        TimeProvider = _clock,
    });

    /// <summary>A generated file with the reply switches set, its persons known to the DSRV (unless told otherwise).</summary>
    private List<RecordModel> File(RecordReplyChannel feRueck, bool verBest, int mvds = 3, int dsvv = 0, bool know = true, int fileNumber = 7)
    {
        var records = MailTestPki.Generate(mvds: mvds, dsvv: dsvv, fileNumber: fileNumber);
        var dsko = (CommunicationRecord)records[1];
        dsko.ReplyChannel = feRueck;
        dsko.ConfirmationWanted = verBest;
        if (know)
        {
            foreach (var earnings in records.OfType<EarningsRecord>())
            {
                _master.Add(DsrvPerson.FromRecord(earnings));
            }
        }

        return records;
    }

    private async Task<MailSendResult> SendAsync(List<RecordModel> records, string? replyAddress = null, byte[]? plain = null)
    {
        plain ??= MailTestPki.Bytes(records);
        byte[] sealedFile = MailTestPki.Seal(plain, MailTestPki.Employer, MailTestPki.Office);
        var order = MailSender.CreateOrderRecord((FileHeader)records[0], plain.Length, 3, new DateTime(2011, 2, 3, 8, 0, 0), replyAddress);
        return await Sender.SendFileAsync(new MemoryStream(sealedFile), order, await MailSender.CountRecordsAsync(new MemoryStream(plain)));
    }

    private async Task<List<Reply>> ReceiveAsync(MailboxProtocol protocol = MailboxProtocol.Imap, string? address = null)
    {
        var stored = new List<Reply>();
        var result = await Receiver(protocol, address).ReceiveAsync((reply, _) => { stored.Add(reply); return Task.CompletedTask; });
        Assert.Empty(result.Skipped);
        return stored;
    }

    [Theory]
    [InlineData(MailboxProtocol.Imap)]
    [InlineData(MailboxProtocol.Pop3)]
    public async Task FerueckJ_VerbestJ_ReceiptAndConfirmationWithFileByMail(MailboxProtocol protocol)
    {
        var sent = await SendAsync(File(RecordReplyChannel.Mail, verBest: true));

        var outcome = Assert.Single(await _endpoint.ProcessInboxAsync());
        var replies = await ReceiveAsync(protocol);

        Assert.Equal((sent.MessageId, MailSubmissionStatus.Submitted), (outcome.MessageId, outcome.Status));
        Assert.Equal(3, outcome.Submission!.StoredCount);
        Assert.Equal(3, _store.Count);
        Assert.Equal([ReplyKind.AcceptanceReceipt, ReplyKind.ProcessingConfirmation], replies.Select(r => r.Kind));
        Assert.All(replies, r => Assert.Equal((ReferenceParties.CentralStorageOffice, MailTestPki.EmployerNumber, "000007"), (r.OfficeNumber, r.EmployerNumber, r.FileNumber)));
        Assert.Null(replies[0].File);
        var confirmation = replies[1].File!;
        Assert.Equal(ReplyFileBuilder.ConfirmationCode, confirmation.Records[^2].Errors.Single().Code);
        Assert.Equal("000007", confirmation.AnsweredFileNumber);
        Assert.Equal(outcome.Submission.Replies[1].File, replies[1].Content!.Value.ToArray()); // byte-identical after seal → mail → open
        Assert.Equal([false, true], outcome.Replies.Select(r => r.WithFile));
    }

    [Fact]
    public async Task FerueckJ_RecordError_FehlerprotokollWithFileNoConfirmation()
    {
        var records = File(RecordReplyChannel.Mail, verBest: true, mvds: 4);
        byte[] plain = MailTestPki.Bytes(records);
        string text = Encoding.Latin1.GetString(plain);
        int second = text.IndexOf("MVDS", text.IndexOf("MVDS", StringComparison.Ordinal) + 1, StringComparison.Ordinal);
        plain[second + 162] = (byte)'X'; // PERSGR of the 2nd MVDS not numeric

        await SendAsync(records, plain: plain);
        await _endpoint.ProcessInboxAsync();
        var replies = await ReceiveAsync();

        Assert.Equal([ReplyKind.AcceptanceReceipt, ReplyKind.RecordRejection], replies.Select(r => r.Kind));
        var rejected = Assert.Single(replies[1].File!.AnsweredRecords);
        Assert.Equal(("MVDS", "MVDSz02"), (rejected.RecordType, rejected.Errors.Single().Code));
        Assert.Equal(3, _store.Count);
    }

    [Fact]
    public async Task FerueckN_VerbestJ_ConfirmationByMailWithoutFile()
    {
        await SendAsync(File(RecordReplyChannel.Paper, verBest: true));

        var outcome = Assert.Single(await _endpoint.ProcessInboxAsync());
        var replies = await ReceiveAsync();

        Assert.Equal([ReplyKind.AcceptanceReceipt, ReplyKind.ProcessingConfirmation], replies.Select(r => r.Kind));
        Assert.All(replies, r => Assert.Null(r.File));
        Assert.All(outcome.Replies, r => Assert.False(r.WithFile));
    }

    [Fact]
    public async Task FerueckK_OnlyReceiptByMail_ConfirmationOnTheServer()
    {
        await SendAsync(File(RecordReplyChannel.CommunicationServer, verBest: true));

        await _endpoint.ProcessInboxAsync();
        var replies = await ReceiveAsync();

        Assert.Equal(ReplyKind.AcceptanceReceipt, Assert.Single(replies).Kind);
        Assert.Equal(ReplyKind.ProcessingConfirmation, Assert.Single(_zss.ServerReplies).Reply.Kind);
    }

    [Fact]
    public async Task FerueckJ_VerbestN_ReceiptOnly()
    {
        await SendAsync(File(RecordReplyChannel.Mail, verBest: false));

        await _endpoint.ProcessInboxAsync();

        Assert.Equal(ReplyKind.AcceptanceReceipt, Assert.Single(await ReceiveAsync()).Kind);
    }

    [Fact]
    public async Task DsvvFile_FerueckJ_NumberAssignmentByMail()
    {
        await SendAsync(File(RecordReplyChannel.Mail, verBest: false, mvds: 0, dsvv: 2));

        await _endpoint.ProcessInboxAsync();
        var replies = await ReceiveAsync();

        var assignment = Assert.Single(replies, r => r.Kind == ReplyKind.NumberAssignment);
        Assert.Null(assignment.FileNumber); // neither the subject nor the assignment file (office VOSZ, DSVV, office NCSZ) names it
        Assert.Equal(2, assignment.File!.Records.Count(r => r.RecordType == "DSVV"));
    }

    [Fact]
    public async Task OrderRecordAddress_RepliesGoThereNotToTheSender()
    {
        string bureau = MailServerFixture.NewAddress("bureau");
        await SendAsync(File(RecordReplyChannel.Mail, verBest: false), replyAddress: bureau);

        var outcome = Assert.Single(await _endpoint.ProcessInboxAsync());

        Assert.Equal(bureau, Assert.Single(outcome.Replies).To);
        Assert.Equal(0, _server.CountDelivered(_employerAddress));
        Assert.Equal(ReplyKind.AcceptanceReceipt, Assert.Single(await ReceiveAsync(address: bureau)).Kind);
    }

    [Theory]
    [InlineData(2, "no order record", "000000")] // without the order record the file number is unknown
    [InlineData(1, "no sealed file", "000007")]
    public async Task MissingPart_RejectionWithoutAttachmentReasonInBody(int removedPart, string reason, string fileNumber)
    {
        var records = File(RecordReplyChannel.Mail, verBest: true);
        byte[] plain = MailTestPki.Bytes(records);
        byte[] sealedFile = MailTestPki.Seal(plain, MailTestPki.Employer, MailTestPki.Office);
        var order = MailSender.CreateOrderRecord((FileHeader)records[0], plain.Length, 3, new DateTime(2011, 2, 3, 8, 0, 0));
        using var message = await Sender.ComposeAsync(new MemoryStream(sealedFile), order, 3);
        ((Multipart)message.Body!).RemoveAt(removedPart);
        using (var smtp = new SmtpClient())
        {
            await smtp.ConnectAsync("127.0.0.1", _server.SmtpPort, SecureSocketOptions.None);
            await smtp.SendAsync(message);
            await smtp.DisconnectAsync(true);
        }

        var outcome = Assert.Single(await _endpoint.ProcessInboxAsync());
        var replies = await ReceiveAsync();

        Assert.Equal(MailSubmissionStatus.Rejected, outcome.Status);
        Assert.Empty(_zss.Submissions);
        var rejection = Assert.Single(replies);
        Assert.Equal((ReplyKind.Rejection, MailTestPki.EmployerNumber, fileNumber), (rejection.Kind, rejection.EmployerNumber, rejection.FileNumber));
        Assert.Null(rejection.File);
        Assert.Contains(reason, rejection.Reason, StringComparison.Ordinal);
        Assert.False(Assert.Single(outcome.Replies).WithFile);
    }

    [Fact]
    public async Task SignerNotAdmitted_RejectionByMail()
    {
        var records = File(RecordReplyChannel.Mail, verBest: true);
        byte[] plain = MailTestPki.Bytes(records);
        var zssOnlyKnowsOther = MailTestPki.Seal(plain, MailTestPki.Office, MailTestPki.Office); // signed by a certificate not in gesamt.agv
        var order = MailSender.CreateOrderRecord((FileHeader)records[0], plain.Length, 3, new DateTime(2011, 2, 3, 8, 0, 0));
        await Sender.SendFileAsync(new MemoryStream(zssOnlyKnowsOther), order, 3);

        await _endpoint.ProcessInboxAsync();
        var rejection = Assert.Single(await ReceiveAsync());

        Assert.Equal((ReplyKind.Rejection, "000007"), (rejection.Kind, rejection.FileNumber));
        Assert.Contains("gesamt.agv", rejection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResendWithSameMessageId_NotProcessedTwice()
    {
        var records = File(RecordReplyChannel.Mail, verBest: true);
        byte[] plain = MailTestPki.Bytes(records);
        byte[] sealedFile = MailTestPki.Seal(plain, MailTestPki.Employer, MailTestPki.Office);
        var order = MailSender.CreateOrderRecord((FileHeader)records[0], plain.Length, 3, new DateTime(2011, 2, 3, 8, 0, 0));

        var first = await Sender.SendFileAsync(new MemoryStream(sealedFile), order, 3);
        var firstPass = await _endpoint.ProcessInboxAsync();
        _clock.Advance(TimeSpan.FromMinutes(10));
        var again = await Sender.SendFileAsync(new MemoryStream(sealedFile), order, 3); // the SMTP answer was lost: sent again
        var secondPass = await _endpoint.ProcessInboxAsync();
        var thirdPass = await _endpoint.ProcessInboxAsync();

        Assert.Equal(first.MessageId, again.MessageId);
        Assert.Equal(MailSubmissionStatus.Submitted, Assert.Single(firstPass).Status);
        var duplicate = Assert.Single(secondPass);
        Assert.Equal((MailSubmissionStatus.Duplicate, first.MessageId), (duplicate.Status, duplicate.MessageId));
        Assert.Empty(duplicate.Replies);
        Assert.Empty(thirdPass);
        Assert.Single(_zss.Submissions);
        Assert.Equal(3, _store.Count);
        Assert.Equal(2, (await ReceiveAsync()).Count); // receipt + confirmation, once
    }

    [Fact]
    public async Task RfvUnavailable_ReceiptAtOnceConfirmationMailedWhenTheFileIsFinished()
    {
        await SendAsync(File(RecordReplyChannel.Mail, verBest: true));
        _rfv.SetState(RfvState.NoServer);

        var outcome = Assert.Single(await _endpoint.ProcessInboxAsync());
        var early = await ReceiveAsync();
        Assert.Empty(await _endpoint.RetryPendingAsync()); // still unavailable
        _rfv.SetState(RfvState.Available);
        var finished = Assert.Single(await _endpoint.RetryPendingAsync());
        var late = await ReceiveAsync();

        Assert.True(outcome.Submission!.IsPending);
        Assert.Equal(ReplyKind.AcceptanceReceipt, Assert.Single(early).Kind);
        Assert.Equal(outcome.MessageId, finished.MessageId);
        Assert.Equal(ReplyKind.ProcessingConfirmation, Assert.Single(finished.Replies).Kind);
        Assert.Equal(ReplyKind.ProcessingConfirmation, Assert.Single(late).Kind);
        Assert.Equal(3, _store.Count);
        Assert.Empty(await _endpoint.RetryPendingAsync());
    }

    [Fact]
    public async Task NotEncryptedForTheOffice_RejectionNamesEmployerAndFileFromTheOrderRecord()
    {
        var records = File(RecordReplyChannel.Mail, verBest: true);
        byte[] plain = MailTestPki.Bytes(records);
        byte[] forSomeoneElse = MailTestPki.Seal(plain, MailTestPki.Employer, MailTestPki.OtherEmployer);
        var order = MailSender.CreateOrderRecord((FileHeader)records[0], plain.Length, 3, new DateTime(2011, 2, 3, 8, 0, 0));
        await Sender.SendFileAsync(new MemoryStream(forSomeoneElse), order, 3);

        var outcome = Assert.Single(await _endpoint.ProcessInboxAsync());
        var rejection = Assert.Single(await ReceiveAsync());

        Assert.Equal(MailSubmissionStatus.Submitted, outcome.Status); // both parts were there; the office itself refused the file
        Assert.Equal((ReplyKind.Rejection, MailTestPki.EmployerNumber, "000007"), (rejection.Kind, rejection.EmployerNumber, rejection.FileNumber));
        Assert.Contains("NotARecipient", rejection.Reason, StringComparison.Ordinal);
        Assert.Equal(0, _store.Count);
    }
}
