using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Elena.Sdk.Records.Models;
using Elena.Sdk.Records.Reading;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using MimeKit.IO;

namespace Elena.Sdk.Transport.Mail;

/// <summary>What <see cref="MailSender.SendFileAsync"/> sent.</summary>
/// <param name="MessageId">The mail's Message-ID (without angle brackets). The same file always gets the same id.</param>
/// <param name="TransferName">The transfer name (procedure id + transfer number), the payload attachment's name.</param>
/// <param name="SealedSize">Size of the sealed payload in bytes.</param>
/// <param name="SentAt">When the mail was handed to the SMTP server.</param>
public sealed record MailSendResult(string MessageId, string TransferName, long SealedSize, DateTimeOffset SentAt);

/// <summary>
/// Sends sealed ELENA files to the acceptance office by e-mail (wire-formats §7, §9): one message per file pair,
/// <c>multipart/mixed</c> with the sealed payload (<c>application/octet-stream</c>, named by the transfer name) and
/// the order record (<c>&lt;transfer name&gt;.AUF</c>, <c>text/plain; charset=iso-8859-1</c>), the body lines of
/// Anlage 7 and the employer's Betriebsnummer as subject. At most 2,000 MVDS/DSVV per file.
/// </summary>
/// <remarks>
/// The Message-ID is derived from the file (owner, logical file name, SHA-256 of the sealed payload), so a mail sent
/// again after an unclear SMTP failure carries the same id and the office can recognise the repeat. The payload is
/// streamed from the caller's stream, never copied into memory.
/// </remarks>
public sealed class MailSender
{
    /// <summary>The ELENA procedure id for production files in the order record (VERFAHREN_KENNUNG).</summary>
    public const string ProcedureId = "EENA0";

    /// <summary>The ELENA procedure id for test files (not confirmed by a public source; docs/decisions.md TM2).</summary>
    public const string TestProcedureId = "TENA0";

    /// <summary>The extension of the order record attachment.</summary>
    public const string OrderRecordExtension = ".AUF";

    /// <summary>The date format of the body lines (<c>JJJJMMTT:hhmmss</c>).</summary>
    public const string BodyDateFormat = "yyyyMMdd:HHmmss";

    private readonly MailSenderOptions _options;
    private readonly MailboxAddress _from;
    private readonly MailboxAddress _office;
    private readonly ILogger _logger;
    private readonly string _server;

    /// <summary>Creates the sender.</summary>
    /// <param name="options">SMTP server, addresses, body lines.</param>
    /// <param name="loggerFactory">Logging; optional.</param>
    public MailSender(MailSenderOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _from = MailboxAddress.Parse(options.FromAddress);
        _office = MailboxAddress.Parse(options.OfficeAddress);
        _logger = (ILogger?)loggerFactory?.CreateLogger<MailSender>() ?? NullLogger.Instance;
        _server = options.Server.ToString();
    }

    /// <summary>Sends one sealed file with its order record.</summary>
    /// <param name="sealedFile">The sealed (signed, encrypted) file, read from its current position to its end. Must be seekable (a file or memory stream): it is hashed for the Message-ID first. Not disposed.</param>
    /// <param name="orderRecord">The order record of the file (not changed; the copy sent gets the transmitted size and the send time).</param>
    /// <param name="recordCount">The number of MVDS/DSVV in the (plain) file; see <see cref="CountRecordsAsync"/>.</param>
    /// <param name="cancellationToken">Cancels sending.</param>
    /// <returns>The Message-ID and what was sent.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The file holds more records than a mail may carry (2,000): send it by eXTra or split it.</exception>
    /// <exception cref="MailTransportException">The SMTP server refused the mail or the connection failed; <see cref="MailTransportException.IsTransient"/> says whether to try again.</exception>
    public async Task<MailSendResult> SendFileAsync(Stream sealedFile, OrderRecord orderRecord, int recordCount, CancellationToken cancellationToken = default)
    {
        using var message = await ComposeAsync(sealedFile, orderRecord, recordCount, cancellationToken).ConfigureAwait(false);
        string transferName = orderRecord.TransferName;
        string messageId = message.MessageId!;
        long size = sealedFile.Length - sealedFile.Position;
        var stopwatch = Stopwatch.StartNew();
        try
        {
            using var client = new SmtpClient(_options.Server.CreateProtocolLogger());
            await _options.Server.ConnectAsync(client, cancellationToken).ConfigureAwait(false);
            await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
            await client.DisconnectAsync(true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (Translate(ex, "send the file") is { } translated)
        {
            MailLog.SendFailed(_logger, messageId, _server, translated.IsTransient, ex);
            throw translated;
        }

        MailLog.FileSent(_logger, transferName, size, _server, messageId, stopwatch.ElapsedMilliseconds);
        return new MailSendResult(messageId, transferName, size, message.Date);
    }

    /// <summary>
    /// Builds the message <see cref="SendFileAsync"/> sends, without sending it. The payload part reads from
    /// <paramref name="sealedFile"/> when the message is written, so keep the stream open until then.
    /// </summary>
    /// <param name="sealedFile">The sealed file (seekable; from its current position to its end).</param>
    /// <param name="orderRecord">The order record.</param>
    /// <param name="recordCount">The number of MVDS/DSVV in the file.</param>
    /// <param name="cancellationToken">Cancels hashing.</param>
    /// <returns>The message; dispose it when done (the caller's stream stays open).</returns>
    public async Task<MimeMessage> ComposeAsync(Stream sealedFile, OrderRecord orderRecord, int recordCount, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sealedFile);
        ArgumentNullException.ThrowIfNull(orderRecord);
        if (!sealedFile.CanSeek || !sealedFile.CanRead)
        {
            throw new ArgumentException("The sealed file must be a readable, seekable stream (a file or memory stream): it is hashed for the Message-ID before it is sent.", nameof(sealedFile));
        }

        if (recordCount <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(recordCount), "A file holds at least one MVDS or DSVV.");
        }

        if (recordCount > _options.RecordLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(recordCount),
                $"A file sent by e-mail holds at most {_options.RecordLimit:N0} MVDS or DSVV (seed 001 §2.1.1.1); this one holds {recordCount:N0}. Send it by eXTra (up to 20,000) or split it into several files.");
        }

        var findings = orderRecord.Validate();
        if (findings.Count > 0)
        {
            throw new ArgumentException(
                "The order record is not valid: " + string.Join(", ", findings.Select(f => $"{f.Code} {f.Location.FieldName ?? "record"}")) + ".",
                nameof(orderRecord));
        }

        string owner = orderRecord.Owner.Trim();
        if (owner.Length == 0)
        {
            throw new ArgumentException("The order record names no owner (ABSENDER_EIGNER): set the employer's Betriebsnummer.", nameof(orderRecord));
        }

        long start = sealedFile.Position;
        long length = sealedFile.Length - start;
        byte[] hash = await SHA256.HashDataAsync(sealedFile, cancellationToken).ConfigureAwait(false);
        sealedFile.Position = start;

        var now = _options.TimeProvider.GetUtcNow();
        var localNow = _options.TimeProvider.GetLocalNow();
        var sent = OrderRecord.Parse(orderRecord.ToBytes());
        sent.TransmittedSize = length;
        sent.SentAt = localNow.DateTime;
        string transferName = sent.TransferName;
        string created = (sent.CreatedAt ?? localNow.DateTime).ToString(BodyDateFormat, CultureInfo.InvariantCulture);

        var message = new MimeMessage
        {
            MessageId = CreateMessageId(sent, hash, _from.Domain),
            Subject = owner,
            Date = now,
        };
        message.From.Add(new MailboxAddress(owner, _from.Address));
        message.To.Add(_office);

        var body = new TextPart("plain");
        body.SetText(Encoding.Latin1, string.Join("\r\n",
            $"{transferName}{OrderRecordExtension},{OrderRecord.RecordLength},{created}",
            $"{transferName},{length},{created}",
            _options.SenderName ?? string.Empty,
            _options.ContactPerson ?? string.Empty,
            _from.Address,
            _options.ContactPhone ?? string.Empty) + "\r\n");

        var payload = new MimePart("application", "octet-stream")
        {
            Content = new MimeContent(new BoundStream(sealedFile, start, start + length, leaveOpen: true)),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = transferName,
        };

        var order = new MimePart("text", "plain")
        {
            Content = new MimeContent(new MemoryStream(sent.ToBytes(), writable: false)),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = transferName + OrderRecordExtension,
        };
        order.ContentType.Charset = "iso-8859-1";

        message.Body = new Multipart("mixed") { body, payload, order };
        return message;
    }

    /// <summary>
    /// The Message-ID of a file's mail: <c>elena.&lt;owner&gt;.&lt;DATEINAME&gt;.&lt;first 16 bytes of the payload's SHA-256, hex&gt;@&lt;domain&gt;</c>.
    /// The same sealed file with the same order record always gets the same id.
    /// </summary>
    /// <param name="orderRecord">The order record (owner and logical file name).</param>
    /// <param name="payloadSha256">SHA-256 of the sealed payload.</param>
    /// <param name="domain">The sender's mail domain.</param>
    /// <returns>The id, without angle brackets.</returns>
    public static string CreateMessageId(OrderRecord orderRecord, ReadOnlySpan<byte> payloadSha256, string domain)
    {
        ArgumentNullException.ThrowIfNull(orderRecord);
        ArgumentException.ThrowIfNullOrWhiteSpace(domain);
        if (payloadSha256.Length < 16)
        {
            throw new ArgumentException("Pass the 32-byte SHA-256 of the sealed payload.", nameof(payloadSha256));
        }

        static string Clean(string s) => new([.. s.Trim().Where(char.IsAsciiLetterOrDigit)]);
        return $"elena.{Clean(orderRecord.Owner)}.{Clean(orderRecord.FileName)}.{Convert.ToHexStringLower(payloadSha256[..16])}@{domain}";
    }

    /// <summary>Counts the MVDS and DSVV of a plain (unsealed) record file, streamed, for the 2,000-record mail limit.</summary>
    /// <param name="plainFile">The file; read to its end, not disposed.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <returns>The number of MVDS and DSVV records.</returns>
    public static async Task<int> CountRecordsAsync(Stream plainFile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plainFile);
        int count = 0;
        var reader = new RecordReader(plainFile, new RecordReaderOptions { ValidateFields = false, ThrowOnError = false });
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (reader.Current.RecordType is "MVDS" or "DSVV")
                {
                    count++;
                }
            }
        }

        return count;
    }

    /// <summary>
    /// An order record for an ELENA file sent by mail: procedure <see cref="ProcedureId"/> (or <see cref="TestProcedureId"/>),
    /// owner and physical sender = the VOSZ sender, receivers = the VOSZ receiver (the ZSS), DATEINAME = procedure id +
    /// the VOSZ file number (6 digits), PKCS#7 encryption and signature, ISO-8859-1.
    /// </summary>
    /// <param name="header">The file's VOSZ.</param>
    /// <param name="payloadSize">Size of the plain file in bytes.</param>
    /// <param name="transferNumber">The running transfer number between employer and office (0–999; +1 per successful transfer, reused after a failed one).</param>
    /// <param name="createdAt">Creation time (local time; sender + procedure + this time identify the shipment).</param>
    /// <param name="senderEmail">Where the office sends replies (positions 275–318, at most 44 characters), or <see langword="null"/> for the mail's sender.</param>
    /// <param name="test">True for a test file (<see cref="TestProcedureId"/>).</param>
    /// <returns>The order record.</returns>
    public static OrderRecord CreateOrderRecord(FileHeader header, long payloadSize, int transferNumber, DateTime createdAt, string? senderEmail = null, bool test = false)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentOutOfRangeException.ThrowIfNegative(payloadSize);
        if (transferNumber is < 0 or > 999)
        {
            throw new ArgumentOutOfRangeException(nameof(transferNumber), "The transfer number lies between 0 and 999 (it wraps from 999 to 0).");
        }

        if (senderEmail is not null && (senderEmail.Length > 44 || !MailboxAddress.TryParse(senderEmail, out _)))
        {
            throw new ArgumentException("The reply address must be an e-mail address of at most 44 characters (order record positions 275–318).", nameof(senderEmail));
        }

        string procedure = test ? TestProcedureId : ProcedureId;
        int fileNumber = header.FileNumber ?? throw new ArgumentException("The VOSZ has no file number (DTNR).", nameof(header));
        return new OrderRecord
        {
            ProcedureId = procedure,
            TransferNumber = transferNumber,
            Owner = header.Sender,
            PhysicalSender = header.Sender,
            Receiver = header.Receiver,
            PhysicalReceiver = header.Receiver,
            FileName = procedure + fileNumber.ToString("D6", CultureInfo.InvariantCulture),
            CreatedAt = createdAt,
            PayloadSize = payloadSize,
            TransmittedSize = 0,
            SenderEmail = senderEmail ?? string.Empty,
        };
    }

    /// <summary>Maps MailKit and network failures to <see cref="MailTransportException"/>; null for anything else.</summary>
    internal static MailTransportException? Translate(Exception ex, string what) => ex switch
    {
        MailTransportException already => already,
        SmtpCommandException command => new MailTransportException(
            $"The SMTP server refused to {what} (reply {(int)command.StatusCode}, {command.ErrorCode}).",
            (int)command.StatusCode is >= 400 and < 500, (int)command.StatusCode, ex),
        AuthenticationException => new MailTransportException($"The mail server did not accept the log-in; could not {what}. Check the user name and password.", false, null, ex),
        SslHandshakeException => new MailTransportException($"The TLS handshake with the mail server failed; could not {what}.", false, null, ex),
        CommandException => new MailTransportException($"The mail server refused a command; could not {what}.", false, null, ex),
        ProtocolException or ServiceNotConnectedException or IOException or SocketException or TimeoutException =>
            new MailTransportException($"The connection to the mail server failed; could not {what}. Trying again later can help.", true, null, ex),
        _ => null,
    };
}
