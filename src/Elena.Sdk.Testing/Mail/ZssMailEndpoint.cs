using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Elena.Sdk.Crypto;
using Elena.Sdk.Crypto.Certificates;
using Elena.Sdk.Crypto.KeyLists;
using Elena.Sdk.Records;
using Elena.Sdk.Records.Models;
using Elena.Sdk.Testing.Replies;
using Elena.Sdk.Testing.Zss;
using Elena.Sdk.Transport.Mail;
using Elena.Sdk.Transport.Replies;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Search;
using MimeKit;
using MimeKit.Utils;

namespace Elena.Sdk.Testing.Mail;

/// <summary>Settings of <see cref="ZssMailEndpoint"/>.</summary>
public sealed class ZssMailEndpointOptions
{
    /// <summary>The IMAP server and login of the office's mailbox (where employers send their files).</summary>
    public required MailServerOptions Inbox { get; init; }

    /// <summary>The SMTP server the office sends its replies through.</summary>
    public required MailServerOptions Outbox { get; init; }

    /// <summary>The office's e-mail address (<c>From</c> of every reply).</summary>
    public required string OfficeAddress { get; init; }

    /// <summary>The office's signing certificate and key: reply files are signed with it.</summary>
    public required SealOptions ReplySigner { get; init; }

    /// <summary>Employer certificates (<c>gesamt.agv</c>): reply files are encrypted for the employer's Betriebsnummer.</summary>
    public required CertificateList EmployerCertificates { get; init; }

    /// <summary>The office's Betriebsnummer, for rejections of mails that never reached the office's processing. Default <see cref="ReferenceParties.CentralStorageOffice"/>.</summary>
    public string OfficeNumber { get; init; } = ReferenceParties.CentralStorageOffice;

    /// <summary>The IMAP folder submissions arrive in. Default <c>INBOX</c>.</summary>
    public string Folder { get; init; } = "INBOX";

    /// <summary>The procedure id of the office's reply order records. Default <see cref="MailSender.ProcedureId"/>.</summary>
    public string ProcedureId { get; init; } = MailSender.ProcedureId;

    /// <summary>The clock. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

/// <summary>What happened to one mail in the office's inbox.</summary>
public enum MailSubmissionStatus
{
    /// <summary>Both parts were there; the payload went to <see cref="InMemoryZss.SubmitAsync"/>.</summary>
    Submitted,

    /// <summary>A part was missing or unreadable; a rejection (Ablehnung) went back, nothing was submitted.</summary>
    Rejected,

    /// <summary>A mail with a Message-ID already processed (a resend): not processed again, nothing sent.</summary>
    Duplicate,
}

/// <summary>One reply mail the office sent.</summary>
/// <param name="Kind">The reply kind.</param>
/// <param name="MessageId">The reply mail's Message-ID.</param>
/// <param name="To">The address it went to.</param>
/// <param name="Subject">The seed-004 subject.</param>
/// <param name="WithFile">Whether the sealed reply file and an order record were attached.</param>
public sealed record SentReplyMail(ReplyKind Kind, string MessageId, string To, string Subject, bool WithFile);

/// <summary>The outcome of one mail in the office's inbox.</summary>
/// <param name="MessageId">The submission mail's Message-ID.</param>
/// <param name="Status">What happened.</param>
/// <param name="Submission">The office's result, when the payload was submitted.</param>
/// <param name="Replies">The reply mails sent.</param>
/// <param name="Reason">For a rejection: why.</param>
public sealed record MailSubmissionOutcome(string MessageId, MailSubmissionStatus Status, SubmissionResult? Submission, IReadOnlyList<SentReplyMail> Replies, string? Reason = null);

/// <summary>
/// The reference office's mail endpoint: reads submissions from the office's real mailbox over IMAP, checks that
/// both parts (sealed payload and <c>.AUF</c> order record) are there — else a rejection (Ablehnung, no attachment,
/// reason in the body) — hands the payload to <see cref="InMemoryZss.SubmitAsync"/> and mails every reply routed to
/// mail (FERUECK/VERBEST) by SMTP with its seed-004 subject to the order record's address (positions 275–318), else
/// to the mail's sender. Reply files are sealed for the employer (signed by the office) and travel with an order
/// record; replies without a file stay unencrypted. A Message-ID is processed once.
/// </summary>
public sealed class ZssMailEndpoint : IDisposable
{
    private readonly InMemoryZss _zss;
    private readonly ZssMailEndpointOptions _options;
    private readonly MessageSealer _sealer;
    private readonly MailboxAddress _office;
    private readonly HashSet<string> _processed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _transferNumbers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PendingMail> _pending = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _replyFiles;

    /// <summary>Creates the endpoint.</summary>
    /// <param name="zss">The office that processes the files.</param>
    /// <param name="options">Mailbox, SMTP, office key, employer certificates.</param>
    public ZssMailEndpoint(InMemoryZss zss, ZssMailEndpointOptions options)
    {
        ArgumentNullException.ThrowIfNull(zss);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Inbox);
        ArgumentNullException.ThrowIfNull(options.Outbox);
        ArgumentNullException.ThrowIfNull(options.ReplySigner);
        ArgumentNullException.ThrowIfNull(options.EmployerCertificates);
        if (!MailboxAddress.TryParse(options.OfficeAddress, out var office))
        {
            throw new ArgumentException("OfficeAddress must be an e-mail address.", nameof(options));
        }

        _zss = zss;
        _options = options;
        _office = new MailboxAddress(options.OfficeNumber, office.Address);
        _sealer = new MessageSealer(options.ReplySigner);
    }

    /// <summary>Releases the pass lock.</summary>
    public void Dispose() => _gate.Dispose();

    /// <summary>The Message-IDs processed so far.</summary>
    public IReadOnlyCollection<string> ProcessedMessageIds
    {
        get
        {
            lock (_processed)
            {
                return [.. _processed];
            }
        }
    }

    /// <summary>Reads every unseen mail of the office's inbox once, processes it and sends the replies; marks it seen.</summary>
    /// <param name="cancellationToken">Cancels the pass.</param>
    /// <returns>One outcome per mail looked at.</returns>
    public async Task<IReadOnlyList<MailSubmissionOutcome>> ProcessInboxAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var outcomes = new List<MailSubmissionOutcome>();
            using var imap = new ImapClient();
            using var smtp = new SmtpClient();
            await _options.Inbox.ConnectAsync(imap, cancellationToken).ConfigureAwait(false);
            var folder = string.Equals(_options.Folder, "INBOX", StringComparison.OrdinalIgnoreCase)
                ? imap.Inbox
                : await imap.GetFolderAsync(_options.Folder, cancellationToken).ConfigureAwait(false);
            await folder.OpenAsync(FolderAccess.ReadWrite, cancellationToken).ConfigureAwait(false);
            foreach (var uid in await folder.SearchAsync(SearchQuery.NotSeen, cancellationToken).ConfigureAwait(false))
            {
                using var message = await folder.GetMessageAsync(uid, cancellationToken).ConfigureAwait(false);
                outcomes.Add(await ProcessAsync(message, smtp, cancellationToken).ConfigureAwait(false));
                await folder.AddFlagsAsync(uid, MessageFlags.Seen, silent: true, cancellationToken).ConfigureAwait(false);
            }

            if (smtp.IsConnected)
            {
                await smtp.DisconnectAsync(true, cancellationToken).ConfigureAwait(false);
            }

            await imap.DisconnectAsync(true, cancellationToken).ConfigureAwait(false);
            return outcomes;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<MailSubmissionOutcome> ProcessAsync(MimeMessage message, SmtpClient smtp, CancellationToken cancellationToken)
    {
        string id = MessageIdOf(message);
        lock (_processed)
        {
            if (_processed.Contains(id))
            {
                return new MailSubmissionOutcome(id, MailSubmissionStatus.Duplicate, null, []);
            }
        }

        var parts = message.Attachments.OfType<MimePart>().ToList();
        var orderPart = parts.FirstOrDefault(IsOrderRecord);
        var payloadPart = parts.FirstOrDefault(p => !IsOrderRecord(p));
        OrderRecord? order = null;
        string? problem = null;
        if (orderPart is not null)
        {
            try
            {
                order = OrderRecord.Parse(Decode(orderPart));
            }
            catch (RecordFormatException ex)
            {
                problem = $"The order record (.AUF) cannot be read ({ex.Code}).";
            }
        }

        string employer = order?.Owner.Trim() is { Length: >= 8 } owner && owner.All(char.IsAsciiDigit) ? owner
            : message.Subject?.Trim() is { Length: >= 8 } mailSubject && mailSubject.All(char.IsAsciiDigit) ? mailSubject
            : "00000000";
        string fileNumber = order?.FileName.Trim() is { Length: >= 6 } name && name[^6..].All(char.IsAsciiDigit) ? name[^6..] : "000000";
        var to = ReplyAddress(order, message);
        byte[]? payload = payloadPart is null ? null : Decode(payloadPart);

        problem ??= (payload, orderPart) switch
        {
            (null, null) => "The mail carries neither the sealed file nor its order record (.AUF).",
            (null, _) => "The mail carries no sealed file, only the order record (.AUF).",
            (_, null) => "The mail carries no order record (.AUF) for the sealed file.",
            _ => order!.TransmittedSize is > 0 and var size && size != payload!.Length
                ? $"The sealed file has {payload!.Length} bytes; the order record says {size} (DATEIGROESSE_UEBERTRAGUNG). The attachment may be truncated."
                : null,
        };

        var sent = new List<SentReplyMail>();
        if (problem is not null)
        {
            MarkProcessed(id);
            if (to is not null)
            {
                string rejection = ReplySubjects.Format(ReplyKind.Rejection, _options.OfficeNumber, employer, fileNumber);
                sent.Add(await SendAsync(smtp, to, ReplyKind.Rejection, rejection, problem, null, cancellationToken).ConfigureAwait(false));
            }

            return new MailSubmissionOutcome(id, MailSubmissionStatus.Rejected, null, sent, problem);
        }

        SubmissionResult result;
        using (var stream = new MemoryStream(payload!, writable: false))
        {
            result = await _zss.SubmitAsync(stream, SubmissionChannel.Mail, cancellationToken).ConfigureAwait(false);
        }

        MarkProcessed(id);
        if (to is null)
        {
            return new MailSubmissionOutcome(id, MailSubmissionStatus.Submitted, result, sent);
        }

        sent.AddRange(await SendRepliesAsync(smtp, result, 0, to, employer, fileNumber, cancellationToken).ConfigureAwait(false));
        if (result.IsPending)
        {
            lock (_pending)
            {
                _pending[result.FileId] = new PendingMail(id, to, employer, fileNumber, sent.Count);
            }
        }

        return new MailSubmissionOutcome(id, MailSubmissionStatus.Submitted, result, sent);
    }

    /// <summary>
    /// Finishes files the office held because the RFV/DSRV was unavailable (<see cref="InMemoryZss.RetryPendingAsync"/>)
    /// and mails the replies of those that came by mail and are complete now (those already mailed, such as the
    /// acceptance receipt, are not sent again).
    /// </summary>
    /// <param name="cancellationToken">Cancels the retry.</param>
    /// <returns>One outcome per finished mail submission, with the replies mailed now.</returns>
    public async Task<IReadOnlyList<MailSubmissionOutcome>> RetryPendingAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var outcomes = new List<MailSubmissionOutcome>();
            using var smtp = new SmtpClient();
            foreach (var result in await _zss.RetryPendingAsync(cancellationToken).ConfigureAwait(false))
            {
                PendingMail? pending;
                lock (_pending)
                {
                    if (_pending.Remove(result.FileId, out pending) is false)
                    {
                        continue;
                    }
                }

                var sent = await SendRepliesAsync(smtp, result, pending.Mailed, pending.To, pending.Employer, pending.FileNumber, cancellationToken).ConfigureAwait(false);
                outcomes.Add(new MailSubmissionOutcome(pending.MessageId, MailSubmissionStatus.Submitted, result, sent));
            }

            if (smtp.IsConnected)
            {
                await smtp.DisconnectAsync(true, cancellationToken).ConfigureAwait(false);
            }

            return outcomes;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<List<SentReplyMail>> SendRepliesAsync(SmtpClient smtp, SubmissionResult result, int skip, MailboxAddress to, string employer, string fileNumber, CancellationToken cancellationToken)
    {
        var sent = new List<SentReplyMail>();
        foreach (var reply in result.Replies.Where(r => r.Route == ReplyRoute.Mail).Skip(skip))
        {
            string subject = reply.MailSubject;
            if (reply.Kind == ReplyKind.Rejection)
            {
                // The office could not read the file: the order record names employer and file.
                string who = ReplySubjects.TryParse(subject, out var heading) ? heading.Employer : employer;
                subject = ReplySubjects.Format(ReplyKind.Rejection, _options.OfficeNumber, who, fileNumber);
            }

            string body = reply.Reason ?? BodyOf(reply);
            sent.Add(await SendAsync(smtp, to, reply.Kind, subject, body, reply.WithFile ? reply.File : null, cancellationToken).ConfigureAwait(false));
        }

        return sent;
    }

    private sealed record PendingMail(string MessageId, MailboxAddress To, string Employer, string FileNumber, int Mailed);

    private async Task<SentReplyMail> SendAsync(SmtpClient smtp, MailboxAddress to, ReplyKind kind, string subject, string body, byte[]? file, CancellationToken cancellationToken)
    {
        var localNow = _options.TimeProvider.GetLocalNow();
        using var message = new MimeMessage
        {
            MessageId = MimeUtils.GenerateMessageId(_office.Domain),
            Subject = subject,
            Date = _options.TimeProvider.GetUtcNow(),
        };
        message.From.Add(_office);
        message.To.Add(to);
        var text = new TextPart("plain");
        text.SetText(Encoding.Latin1, body.ReplaceLineEndings("\r\n") + "\r\n");
        if (file is null)
        {
            message.Body = text;
        }
        else
        {
            if (!ReplySubjects.TryParse(subject, out var heading))
            {
                throw new InvalidOperationException("A reply subject must name the employer.");
            }

            var certificate = _options.EmployerCertificates.Find(PartyId.Betriebsnummer(heading.Employer), _options.TimeProvider.GetUtcNow())
                ?? throw new InvalidOperationException($"No certificate for employer {heading.Employer} in EmployerCertificates: the reply file cannot be encrypted, so it is not mailed.");
            var sealedFile = new MemoryStream();
            await _sealer.SealAsync(new MemoryStream(file, writable: false), sealedFile, certificate, cancellationToken).ConfigureAwait(false);
            var order = ReplyOrderRecord(heading.Employer, file.Length, sealedFile.Length, localNow.DateTime);
            sealedFile.Position = 0;
            var sealedPart = new MimePart("application", "octet-stream")
            {
                Content = new MimeContent(sealedFile),
                ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
                ContentTransferEncoding = ContentEncoding.Base64,
                FileName = order.TransferName,
            };
            var orderPart = new MimePart("text", "plain")
            {
                Content = new MimeContent(new MemoryStream(order.ToBytes(), writable: false)),
                ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
                ContentTransferEncoding = ContentEncoding.Base64,
                FileName = order.TransferName + MailSender.OrderRecordExtension,
            };
            orderPart.ContentType.Charset = "iso-8859-1";
            message.Body = new Multipart("mixed") { text, sealedPart, orderPart };
        }

        if (!smtp.IsConnected)
        {
            await _options.Outbox.ConnectAsync(smtp, cancellationToken).ConfigureAwait(false);
        }

        await smtp.SendAsync(message, cancellationToken).ConfigureAwait(false);
        return new SentReplyMail(kind, message.MessageId, to.Address, subject, file is not null);
    }

    private OrderRecord ReplyOrderRecord(string employer, long payloadSize, long sealedSize, DateTime now)
    {
        int transfer;
        int fileNumber;
        lock (_transferNumbers)
        {
            transfer = _transferNumbers.GetValueOrDefault(employer);
            _transferNumbers[employer] = (transfer + 1) % 1000;
            fileNumber = ++_replyFiles;
        }

        return new OrderRecord
        {
            ProcedureId = _options.ProcedureId,
            TransferNumber = transfer,
            Owner = _options.OfficeNumber,
            PhysicalSender = _options.OfficeNumber,
            Receiver = employer,
            PhysicalReceiver = employer,
            FileName = _options.ProcedureId + (fileNumber % 1_000_000).ToString("D6", CultureInfo.InvariantCulture),
            CreatedAt = now,
            SentAt = now,
            PayloadSize = payloadSize,
            TransmittedSize = sealedSize,
            SenderEmail = _office.Address.Length <= 44 ? _office.Address : string.Empty,
        };
    }

    /// <summary>The text of a reply mail without a reason: what it is, and for a file rejection the DBFE codes (never record contents).</summary>
    private static string BodyOf(ZssReply reply)
    {
        string text = reply.Kind switch
        {
            ReplyKind.AcceptanceReceipt => "Die Datei ist bei der Annahmestelle eingegangen.",
            ReplyKind.FileRejection => "Die Datei wurde abgewiesen; die Fehler stehen als DBFE in der angehängten Datei.",
            ReplyKind.RecordRejection => "Fehlerhafte Datensätze wurden abgewiesen und nicht gespeichert; siehe angehängte Datei.",
            ReplyKind.RecordNotices => "Die Datensätze wurden mit Hinweisen verarbeitet; siehe angehängte Datei.",
            ReplyKind.ProcessingConfirmation => "Die Datei wurde fehlerfrei verarbeitet.",
            ReplyKind.NumberAssignment => "Rückmeldung der Versicherungs- bzw. Verfahrensnummern; siehe angehängte Datei.",
            _ => "Die Datei wurde abgelehnt.",
        };
        if (reply.Kind == ReplyKind.FileRejection && reply.File is { } file)
        {
            var codes = ReplyFile.Parse(file).RecordsWithErrors.SelectMany(r => r.Errors).Select(e => e.Code).Distinct();
            text += "\r\nFehler: " + string.Join(", ", codes);
        }

        return text;
    }

    private static MailboxAddress? ReplyAddress(OrderRecord? order, MimeMessage message)
    {
        if (order?.SenderEmail.Trim() is { Length: > 0 } address && MailboxAddress.TryParse(address, out var fromOrder))
        {
            return fromOrder;
        }

        return message.From.Mailboxes.FirstOrDefault() ?? message.Sender;
    }

    private void MarkProcessed(string id)
    {
        lock (_processed)
        {
            _processed.Add(id);
        }
    }

    private static bool IsOrderRecord(MimePart part)
        => part.FileName?.EndsWith(MailSender.OrderRecordExtension, StringComparison.OrdinalIgnoreCase) == true;

    private static byte[] Decode(MimePart part)
    {
        using var stream = new MemoryStream();
        part.Content?.DecodeTo(stream);
        return stream.ToArray();
    }

    private static string MessageIdOf(MimeMessage message)
    {
        if (!string.IsNullOrWhiteSpace(message.MessageId))
        {
            return message.MessageId;
        }

        using var stream = new MemoryStream();
        message.WriteTo(stream);
        return Convert.ToHexStringLower(SHA256.HashData(stream.ToArray())) + "@elena.invalid";
    }
}
