using System.Security.Cryptography.X509Certificates;
using System.Text;
using Elena.Sdk.Records.Models;
using Elena.Sdk.Testing;
using Elena.Sdk.Testing.Replies;
using Elena.Sdk.Transport.Mail;
using Elena.Sdk.Transport.Replies;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace Elena.Sdk.Transport.Tests.Mail;

/// <summary>Receiving the office's reply mails from a real mailbox over IMAP and POP3: classify, open, parse, store, remove.</summary>
[Collection(MailServerGroup.Name)]
public sealed class MailReplyReceiverTests(MailServerFixture server)
{
    private const string Office = ReferenceParties.CentralStorageOffice;
    private const string Employer = MailTestPki.EmployerNumber;
    private static readonly DateTimeOffset Now = new(2011, 2, 3, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Now);

    public static TheoryData<MailboxProtocol> Protocols => [MailboxProtocol.Imap, MailboxProtocol.Pop3];

    private MailReplyReceiver Receiver(string address, MailboxProtocol protocol = MailboxProtocol.Imap, string? processedFolder = null, string? protocolLog = null) => new(new MailReceiverOptions
    {
        Server = protocol == MailboxProtocol.Imap ? server.Imap(address, protocolLog) : server.Pop3(address),
        Protocol = protocol,
        Open = MailTestPki.EmployerOpenOptions(),
        ProcessedFolder = processedFolder,
        TimeProvider = _clock,
    });

    /// <summary>A plain reply file of the right layout for each kind (built by the reference office's builder).</summary>
    private byte[] ReplyFileFor(ReplyKind kind)
    {
        var records = MailTestPki.Generate(mvds: kind == ReplyKind.NumberAssignment ? 0 : 2, dsvv: kind == ReplyKind.NumberAssignment ? 2 : 0, fileNumber: 7);
        var builder = new ReplyFileBuilder(Office, _clock);
        var header = (FileHeader)records[0];
        var dsko = (CommunicationRecord)records[1];
        var trailer = (FileTrailer)records[^1];
        var error = new ErrorBlock("MVDSz02", "PERSGR: not numeric");
        return kind switch
        {
            ReplyKind.FileRejection => builder.FileRejection(new AnnotatedRecord(header, []), new AnnotatedRecord(dsko, []), new AnnotatedRecord(trailer, [new ErrorBlock("NCSZz37", "ZLSZ: wrong count")]), 1),
            ReplyKind.RecordRejection => builder.RecordReply(header, new AnnotatedRecord(dsko, []), [new AnnotatedRecord(records[2], [error])], trailer, 1),
            ReplyKind.RecordNotices => builder.RecordReply(header, new AnnotatedRecord(dsko, []), [new AnnotatedRecord(records[2], [new ErrorBlock("MVDSH01", "notice")], IsNotice: true)], trailer, 1),
            ReplyKind.NumberAssignment => builder.NumberAssignment(Employer, records.Skip(2).SkipLast(1).Select(r => new AnnotatedRecord(r, [])), 1),
            _ => builder.ProcessingConfirmation(header, dsko, trailer, 1),
        };
    }

    /// <summary>Sends a reply mail as the office would: subject, body, and optionally the sealed file + order record.</summary>
    private async Task<string> SendReplyAsync(string to, string subject, string body, byte[]? plainFile = null, X509Certificate2? signer = null, X509Certificate2? recipient = null)
    {
        var message = new MimeMessage { Subject = subject, MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("zss.example.test") };
        message.From.Add(new MailboxAddress(Office, "zss@zss.example.test"));
        message.To.Add(MailboxAddress.Parse(to));
        var text = new TextPart("plain");
        text.SetText(Encoding.Latin1, body);
        if (plainFile is null)
        {
            message.Body = text;
        }
        else
        {
            byte[] sealedFile = MailTestPki.Seal(plainFile, signer ?? MailTestPki.Office, recipient ?? MailTestPki.Employer);
            var auf = new OrderRecord { ProcedureId = "EENA0", TransferNumber = 1, Owner = Office, PhysicalSender = Office, Receiver = Employer, PhysicalReceiver = Employer, FileName = "EENA0000001", CreatedAt = new DateTime(2011, 2, 3), PayloadSize = plainFile.Length, TransmittedSize = sealedFile.Length };
            var builder = new BodyBuilder();
            builder.Attachments.Add("EENA0001", sealedFile, new ContentType("application", "octet-stream"));
            builder.Attachments.Add("EENA0001.AUF", auf.ToBytes(), new ContentType("text", "plain") { Charset = "iso-8859-1" });
            message.Body = new Multipart("mixed") { text, builder.Attachments[0], builder.Attachments[1] };
        }

        using var smtp = new SmtpClient();
        await smtp.ConnectAsync("127.0.0.1", server.SmtpPort, SecureSocketOptions.None);
        await smtp.SendAsync(message);
        await smtp.DisconnectAsync(true);
        return message.MessageId;
    }

    private static bool HasFile(ReplyKind kind) => kind is ReplyKind.FileRejection or ReplyKind.RecordRejection or ReplyKind.RecordNotices or ReplyKind.NumberAssignment;

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task ReceiveAsync_EveryReplyKind_ClassifiedOpenedParsedAndRemoved(MailboxProtocol protocol)
    {
        string employer = MailServerFixture.NewAddress("employer");
        var ids = new Dictionary<ReplyKind, string>();
        foreach (var kind in Enum.GetValues<ReplyKind>())
        {
            ids[kind] = await SendReplyAsync(employer, ReplySubjects.Format(kind, Office, Employer, "000007"),
                kind is ReplyKind.Rejection or ReplyKind.FileRejection ? "Grund: Anhang fehlt" : "", HasFile(kind) ? ReplyFileFor(kind) : null);
        }

        var confirmationWithFile = await SendReplyAsync(employer, ReplySubjects.Format(ReplyKind.ProcessingConfirmation, Office, Employer, "000008"), "", ReplyFileFor(ReplyKind.ProcessingConfirmation));
        var store = new List<Reply>();

        var result = await Receiver(employer, protocol).ReceiveAsync((reply, _) => { store.Add(reply); return Task.CompletedTask; });

        Assert.Equal(8, result.Stored.Count);
        Assert.Empty(result.Skipped);
        Assert.Equal(store, result.Stored);
        foreach (var kind in Enum.GetValues<ReplyKind>())
        {
            var reply = Assert.Single(store, r => r.Id == ids[kind]);
            Assert.Equal(kind, reply.Kind);
            Assert.Equal(Elena.Sdk.Transport.Replies.ReplyChannel.Mail, reply.Channel);
            Assert.Equal((Office, Employer), (reply.OfficeNumber, reply.EmployerNumber));
            Assert.Equal(kind == ReplyKind.NumberAssignment ? null : "000007", reply.FileNumber);
            Assert.Equal(Now, reply.ReceivedAt);
            Assert.Equal(HasFile(kind), reply.File is not null);
            Assert.Equal(kind is ReplyKind.Rejection or ReplyKind.FileRejection ? "Grund: Anhang fehlt" : null, reply.Reason);
            if (HasFile(kind))
            {
                Assert.Equal(ReplyFileFor(kind).Length, reply.Content!.Value.Length);
                Assert.Equal(Office, reply.File!.OfficeNumber);
            }
        }

        Assert.Equal(2, Assert.Single(store, r => r.Kind == ReplyKind.NumberAssignment).File!.Records.Count(r => r.RecordType == "DSVV"));
        Assert.Equal("MVDSz02", Assert.Single(store, r => r.Kind == ReplyKind.RecordRejection).File!.RecordsWithErrors.Single(r => r.RecordType == "MVDS").Errors.Single().Code);
        var withFile = Assert.Single(store, r => r.Id == confirmationWithFile);
        Assert.Equal(ReplyFileBuilder.ConfirmationCode, withFile.File!.Records[^2].Errors.Single().Code);
        Assert.Equal(0, server.CountDelivered(employer));
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task ReceiveAsync_OtherMail_LeftAloneAndReportedNotAReply(MailboxProtocol protocol)
    {
        string employer = MailServerFixture.NewAddress("employer");
        string other = await SendReplyAsync(employer, "Einladung zur Betriebsfeier", "Bitte bis Freitag zusagen.");
        await SendReplyAsync(employer, ReplySubjects.Format(ReplyKind.AcceptanceReceipt, Office, Employer, "000001"), "");

        var result = await Receiver(employer, protocol).ReceiveAsync((_, _) => Task.CompletedTask);

        Assert.Equal(ReplyKind.AcceptanceReceipt, Assert.Single(result.Stored).Kind);
        var skipped = Assert.Single(result.Skipped);
        Assert.Equal((other, SkippedMailReason.NotAReply, "Einladung zur Betriebsfeier"), (skipped.MessageId, skipped.Reason, skipped.Subject));
        Assert.Equal(1, server.CountDelivered(employer));
        var again = await Receiver(employer, protocol).ReceiveAsync((_, _) => Task.CompletedTask);
        Assert.Equal(other, Assert.Single(again.Skipped).MessageId);
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task ReceiveAsync_StoreFails_ReplyStaysInMailboxAndComesAgain(MailboxProtocol protocol)
    {
        string employer = MailServerFixture.NewAddress("employer");
        string first = await SendReplyAsync(employer, ReplySubjects.Format(ReplyKind.AcceptanceReceipt, Office, Employer, "000001"), "");
        string second = await SendReplyAsync(employer, ReplySubjects.Format(ReplyKind.RecordRejection, Office, Employer, "000001"), "", ReplyFileFor(ReplyKind.RecordRejection));
        int calls = 0;

        var error = await Assert.ThrowsAsync<IOException>(() => Receiver(employer, protocol).ReceiveAsync((reply, _) =>
            ++calls == 2 ? throw new IOException("disk full") : Task.CompletedTask));

        Assert.Equal("disk full", error.Message);
        Assert.Equal(1, server.CountDelivered(employer)); // the first was stored and removed, the second stays
        var retry = await Receiver(employer, protocol).ReceiveAsync((_, _) => Task.CompletedTask);
        Assert.Equal(second, Assert.Single(retry.Stored).Id);
        Assert.NotEqual(first, second);
        Assert.Equal(0, server.CountDelivered(employer));
    }

    [Fact]
    public async Task ReceiveAsync_FileNotEncryptedForUs_UnreadableAndLeftInMailbox()
    {
        string employer = MailServerFixture.NewAddress("employer");
        await SendReplyAsync(employer, ReplySubjects.Format(ReplyKind.RecordRejection, Office, Employer, "000001"), "", ReplyFileFor(ReplyKind.RecordRejection), recipient: MailTestPki.OtherEmployer);

        var result = await Receiver(employer).ReceiveAsync((_, _) => throw new InvalidOperationException("must not be called"));

        var skipped = Assert.Single(result.Skipped);
        Assert.Equal(SkippedMailReason.Unreadable, skipped.Reason);
        Assert.Contains("NotARecipient", skipped.Detail, StringComparison.Ordinal);
        Assert.Equal(1, server.CountDelivered(employer));
    }

    [Fact]
    public async Task ReceiveAsync_FileSignedByAnotherParty_Unreadable()
    {
        string employer = MailServerFixture.NewAddress("employer");
        await SendReplyAsync(employer, ReplySubjects.Format(ReplyKind.RecordRejection, Office, Employer, "000001"), "", ReplyFileFor(ReplyKind.RecordRejection), signer: MailTestPki.OtherEmployer);

        var result = await Receiver(employer).ReceiveAsync((_, _) => Task.CompletedTask);

        Assert.Empty(result.Stored);
        Assert.Contains("another party", Assert.Single(result.Skipped).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReceiveAsync_ProcessedFolder_StoredRepliesMovedThere()
    {
        string employer = MailServerFixture.NewAddress("employer");
        string id = await SendReplyAsync(employer, ReplySubjects.Format(ReplyKind.ProcessingConfirmation, Office, Employer, "000003"), "");

        var result = await Receiver(employer, processedFolder: "Elena-Processed").ReceiveAsync((_, _) => Task.CompletedTask);

        Assert.Single(result.Stored);
        using var imap = new ImapClient();
        await imap.ConnectAsync("127.0.0.1", server.ImapPort, SecureSocketOptions.None);
        await imap.AuthenticateAsync(employer, MailServerFixture.Password);
        await imap.Inbox.OpenAsync(FolderAccess.ReadOnly);
        Assert.Equal(0, imap.Inbox.Count);
        var processed = await imap.GetFolderAsync("Elena-Processed");
        await processed.OpenAsync(FolderAccess.ReadOnly);
        Assert.Equal(id, (await processed.GetMessageAsync(0)).MessageId);
    }

    [Fact]
    public async Task ReceiveAsync_ProtocolLog_PasswordRedacted()
    {
        string employer = MailServerFixture.NewAddress("employer");
        string log = Path.Combine(server.Dir, Guid.NewGuid().ToString("N") + ".log");
        await SendReplyAsync(employer, ReplySubjects.Format(ReplyKind.AcceptanceReceipt, Office, Employer, "000001"), "");

        await Receiver(employer, protocolLog: log).ReceiveAsync((_, _) => Task.CompletedTask);

        string text = await File.ReadAllTextAsync(log);
        Assert.Contains("AUTHENTICATE", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Annahmebest", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{employer}\0{MailServerFixture.Password}")), text, StringComparison.Ordinal);
        Assert.DoesNotContain(" " + MailServerFixture.Password, text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"" + MailServerFixture.Password + "\"", text, StringComparison.Ordinal);
    }
}
