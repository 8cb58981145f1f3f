using System.Text;
using Elena.Sdk.Records.Models;
using Elena.Sdk.Testing;
using Elena.Sdk.Transport.Mail;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Pop3;
using MailKit.Security;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace Elena.Sdk.Transport.Tests.Mail;

/// <summary>Composing and sending files by e-mail through a real SMTP server, read back over IMAP and POP3.</summary>
[Collection(MailServerGroup.Name)]
public sealed class MailSenderTests(MailServerFixture server)
{
    private static readonly DateTimeOffset Now = new(2011, 2, 3, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Now);

    private MailSender CreateSender(string from, string office, int port = 0) => new(new MailSenderOptions
    {
        Server = port == 0 ? server.Smtp : new MailServerOptions { Host = "127.0.0.1", Port = port, Security = MailSecurity.None },
        FromAddress = from,
        OfficeAddress = office,
        SenderName = "Müller & Schmidt GmbH",
        ContactPerson = "Lohnbuchhaltung",
        ContactPhone = "0511 123456-0",
        TimeProvider = _clock,
    });

    private static (byte[] Sealed, OrderRecord Order, int Count) SealedFile(int mvds = 3, int fileNumber = 7, int seed = 5)
    {
        var records = MailTestPki.Generate(mvds: mvds, fileNumber: fileNumber, seed: seed);
        byte[] plain = MailTestPki.Bytes(records);
        byte[] sealedFile = MailTestPki.Seal(plain, MailTestPki.Employer, MailTestPki.Office);
        var order = MailSender.CreateOrderRecord((FileHeader)records[0], plain.Length, transferNumber: 12, new DateTime(2011, 2, 3, 8, 0, 0));
        return (sealedFile, order, mvds);
    }

    private static byte[] Decode(MimePart part)
    {
        using var stream = new MemoryStream();
        part.Content!.DecodeTo(stream);
        return stream.ToArray();
    }

    [Fact]
    public async Task SendFileAsync_ReadOverImap_OneMessageWithPayloadAndOrderRecordByteIdentical()
    {
        string from = MailServerFixture.NewAddress("employer");
        string office = MailServerFixture.NewAddress("zss");
        var (sealedFile, order, count) = SealedFile();

        var sent = await CreateSender(from, office).SendFileAsync(new MemoryStream(sealedFile), order, count);

        using var imap = new ImapClient();
        await imap.ConnectAsync("127.0.0.1", server.ImapPort, SecureSocketOptions.None);
        await imap.AuthenticateAsync(office, MailServerFixture.Password);
        await imap.Inbox.OpenAsync(FolderAccess.ReadOnly);
        Assert.Equal(1, imap.Inbox.Count);
        var message = await imap.Inbox.GetMessageAsync(0);

        Assert.Equal(sent.MessageId, message.MessageId);
        Assert.Equal(MailTestPki.EmployerNumber, message.Subject);
        var fromBox = Assert.Single(message.From.Mailboxes);
        Assert.Equal((MailTestPki.EmployerNumber, from), (fromBox.Name, fromBox.Address));
        Assert.Equal(office, Assert.Single(message.To.Mailboxes).Address);
        Assert.Equal("mixed", ((Multipart)message.Body!).ContentType.MediaSubtype);

        var parts = message.Attachments.OfType<MimePart>().ToList();
        Assert.Equal(2, parts.Count);
        Assert.Equal("EENA0012", parts[0].FileName);
        Assert.Equal("application/octet-stream", parts[0].ContentType.MimeType);
        Assert.Equal(sealedFile, Decode(parts[0]));
        Assert.Equal("EENA0012.AUF", parts[1].FileName);
        Assert.Equal("text/plain", parts[1].ContentType.MimeType);
        Assert.Equal("iso-8859-1", parts[1].ContentType.Charset);
        var auf = OrderRecord.Parse(Decode(parts[1]));
        Assert.Equal(sealedFile.Length, auf.TransmittedSize);
        Assert.Equal(order.PayloadSize, auf.PayloadSize);
        Assert.Equal("EENA0000007", auf.FileName);
        Assert.Equal(ReferenceParties.CentralStorageOffice, auf.Receiver);

        string[] lines = message.TextBody!.Split(["\r\n", "\n"], StringSplitOptions.None);
        Assert.Equal("EENA0012.AUF,348,20110203:080000", lines[0]);
        Assert.Equal($"EENA0012,{sealedFile.Length},20110203:080000", lines[1]);
        Assert.Equal(["Müller & Schmidt GmbH", "Lohnbuchhaltung", from, "0511 123456-0"], lines[2..6]);
        Assert.Equal("iso-8859-1", message.BodyParts.First().ContentType.Charset);
    }

    [Fact]
    public async Task SendFileAsync_ReadOverPop3_AttachmentsByteIdentical()
    {
        string from = MailServerFixture.NewAddress("employer");
        string office = MailServerFixture.NewAddress("zss");
        var (sealedFile, order, count) = SealedFile(mvds: 40);

        await CreateSender(from, office).SendFileAsync(new MemoryStream(sealedFile), order, count);

        using var pop = new Pop3Client();
        await pop.ConnectAsync("127.0.0.1", server.Pop3Port, SecureSocketOptions.None);
        await pop.AuthenticateAsync(office, MailServerFixture.Password);
        Assert.Equal(1, pop.Count);
        var message = await pop.GetMessageAsync(0);
        var parts = message.Attachments.OfType<MimePart>().ToList();
        Assert.Equal(sealedFile, Decode(parts[0]));
        Assert.Equal(348, Decode(parts[1]).Length);
        await pop.DisconnectAsync(true);
    }

    [Fact]
    public async Task SendFileAsync_SameFileAgain_SameMessageIdOtherFileOtherId()
    {
        string from = MailServerFixture.NewAddress("employer");
        string office = MailServerFixture.NewAddress("zss");
        var (sealedFile, order, count) = SealedFile();
        var (otherSealed, otherOrder, _) = SealedFile();
        var sender = CreateSender(from, office);

        var first = await sender.SendFileAsync(new MemoryStream(sealedFile), order, count);
        _clock.Advance(TimeSpan.FromMinutes(5));
        var again = await sender.SendFileAsync(new MemoryStream(sealedFile), order, count);
        var other = await sender.SendFileAsync(new MemoryStream(otherSealed), otherOrder, count);

        Assert.Equal(first.MessageId, again.MessageId);
        Assert.NotEqual(first.MessageId, other.MessageId); // same records sealed again: other key, other bytes
        Assert.StartsWith($"elena.{MailTestPki.EmployerNumber}.EENA0000007.", first.MessageId, StringComparison.Ordinal);
        Assert.EndsWith("@example.test", first.MessageId, StringComparison.Ordinal);
        Assert.Equal(3, server.CountDelivered(office));
    }

    [Fact]
    public async Task SendFileAsync_StreamWithPrefix_SendsFromCurrentPositionOnly()
    {
        string office = MailServerFixture.NewAddress("zss");
        var (sealedFile, order, count) = SealedFile();
        var stream = new MemoryStream([.. "PREFIX"u8.ToArray(), .. sealedFile]) { Position = 6 };

        using var message = await CreateSender(MailServerFixture.NewAddress("employer"), office).ComposeAsync(stream, order, count);

        Assert.Equal(sealedFile, Decode(message.Attachments.OfType<MimePart>().First()));
        Assert.Equal(6, stream.Position);
    }

    [Fact]
    public async Task SendFileAsync_MoreThan2000Records_RefusedBeforeAnythingIsSent()
    {
        string office = MailServerFixture.NewAddress("zss");
        var records = MailTestPki.Generate(mvds: 2001);
        byte[] plain = MailTestPki.Bytes(records);
        int count = await MailSender.CountRecordsAsync(new MemoryStream(plain));
        byte[] sealedFile = MailTestPki.Seal(plain, MailTestPki.Employer, MailTestPki.Office);
        var order = MailSender.CreateOrderRecord((FileHeader)records[0], plain.Length, 1, new DateTime(2011, 2, 3, 8, 0, 0));

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => CreateSender(MailServerFixture.NewAddress("employer"), office).SendFileAsync(new MemoryStream(sealedFile), order, count));

        Assert.Equal(2001, count);
        Assert.Contains("at most 2,000", error.Message, StringComparison.Ordinal);
        Assert.Contains("eXTra", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.CountDelivered(office));
    }

    [Fact]
    public async Task SendFileAsync_Exactly2000Records_Sent()
    {
        string office = MailServerFixture.NewAddress("zss");
        var records = MailTestPki.Generate(mvds: 2000);
        byte[] plain = MailTestPki.Bytes(records);
        byte[] sealedFile = MailTestPki.Seal(plain, MailTestPki.Employer, MailTestPki.Office);
        var order = MailSender.CreateOrderRecord((FileHeader)records[0], plain.Length, 1, new DateTime(2011, 2, 3, 8, 0, 0));

        await CreateSender(MailServerFixture.NewAddress("employer"), office).SendFileAsync(new MemoryStream(sealedFile), order, await MailSender.CountRecordsAsync(new MemoryStream(plain)));

        Assert.Equal(1, server.CountDelivered(office));
    }

    [Fact]
    public async Task SendFileAsync_NoServerListening_TransientMailTransportException()
    {
        var (sealedFile, order, count) = SealedFile();
        int closedPort = server.SmtpPort == 1 ? 2 : 1; // nothing listens on port 1 on loopback

        var error = await Assert.ThrowsAsync<MailTransportException>(
            () => CreateSender(MailServerFixture.NewAddress("employer"), MailServerFixture.NewAddress("zss"), closedPort).SendFileAsync(new MemoryStream(sealedFile), order, count));

        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task SendFileAsync_OrderRecordWithoutOwner_Refused()
    {
        var (sealedFile, order, count) = SealedFile();
        order.Owner = "";

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => CreateSender(MailServerFixture.NewAddress("employer"), MailServerFixture.NewAddress("zss")).SendFileAsync(new MemoryStream(sealedFile), order, count));

        Assert.Contains("ABSENDER_EIGNER", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MailSenderOptions_PasswordNeverInToString()
    {
        var options = new MailServerOptions { Host = "smtp.example.de", Port = 587, UserName = "lohn", Password = "Geheim!123" };

        Assert.Equal("smtp.example.de:587", options.ToString());
    }

    [Fact]
    public async Task ComposeAsync_NonSeekableStream_ClearError()
    {
        var (sealedFile, order, count) = SealedFile();
        var sender = CreateSender(MailServerFixture.NewAddress("employer"), MailServerFixture.NewAddress("zss"));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => sender.ComposeAsync(new NonSeekable(sealedFile), order, count));

        Assert.Contains("seekable", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("refuse", 550, false)]
    [InlineData("busy", 451, true)]
    public async Task SendFileAsync_ServerRefusesRecipient_MailTransportExceptionWithCode(string who, int code, bool transient)
    {
        var (sealedFile, order, count) = SealedFile();

        var error = await Assert.ThrowsAsync<MailTransportException>(
            () => CreateSender(MailServerFixture.NewAddress("employer"), MailServerFixture.NewAddress(who)).SendFileAsync(new MemoryStream(sealedFile), order, count));

        Assert.Equal((code, transient), (error.StatusCode, error.IsTransient));
    }

    [Fact]
    public async Task SendFileAsync_Logs_FileSentEventWithoutSecrets()
    {
        var logs = new ListLoggerProvider();
        var factory = logs;
        var (sealedFile, order, count) = SealedFile();
        var sender = new MailSender(new MailSenderOptions
        {
            Server = new MailServerOptions { Host = "127.0.0.1", Port = server.SmtpPort, Security = MailSecurity.None },
            FromAddress = MailServerFixture.NewAddress("employer"),
            OfficeAddress = MailServerFixture.NewAddress("zss"),
            TimeProvider = _clock,
        }, factory);

        var sent = await sender.SendFileAsync(new MemoryStream(sealedFile), order, count);

        var entry = Assert.Single(logs.Entries, e => e.EventId == MailLogEvents.FileSent);
        Assert.Contains(sent.MessageId, entry.Message, StringComparison.Ordinal);
        Assert.Contains("EENA0012", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendFileAsync_LoginRefused_NotTransientAndPasswordNowhere()
    {
        var logs = new ListLoggerProvider();
        var factory = logs;
        var (sealedFile, order, count) = SealedFile();
        const string password = "Geheim!Passwort-42";
        var sender = new MailSender(new MailSenderOptions
        {
            // aiosmtpd offers no AUTH: the log-in is refused before anything is sent.
            Server = new MailServerOptions { Host = "127.0.0.1", Port = server.SmtpPort, Security = MailSecurity.None, UserName = "lohn", Password = password },
            FromAddress = MailServerFixture.NewAddress("employer"),
            OfficeAddress = MailServerFixture.NewAddress("zss"),
            TimeProvider = _clock,
        }, factory);

        var error = await Assert.ThrowsAsync<MailTransportException>(() => sender.SendFileAsync(new MemoryStream(sealedFile), order, count));

        Assert.False(error.IsTransient);
        Assert.DoesNotContain(password, error.ToString(), StringComparison.Ordinal);
        var failed = Assert.Single(logs.Entries, e => e.EventId == MailLogEvents.SendFailed);
        Assert.DoesNotContain(password, failed.Message + failed.Exception, StringComparison.Ordinal);
    }

    private sealed class NonSeekable(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}

/// <summary>Collects log entries (a logger factory of its own; the tests reference only the logging abstractions).</summary>
internal sealed class ListLoggerProvider : Microsoft.Extensions.Logging.ILoggerFactory
{
    public void AddProvider(Microsoft.Extensions.Logging.ILoggerProvider provider)
    {
    }

    public List<(int EventId, string Message, string? Exception)> Entries { get; } = [];

    public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(ListLoggerProvider owner) : Microsoft.Extensions.Logging.ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (owner.Entries)
            {
                owner.Entries.Add((eventId.Id, formatter(state, exception), exception?.ToString()));
            }
        }
    }
}
