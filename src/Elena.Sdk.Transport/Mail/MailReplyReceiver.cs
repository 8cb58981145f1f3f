using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using Elena.Sdk.Crypto;
using Elena.Sdk.Records;
using Elena.Sdk.Transport.Replies;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Pop3;
using MailKit.Search;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;

namespace Elena.Sdk.Transport.Mail;

/// <summary>Why a mail was not handed over as a reply.</summary>
public enum SkippedMailReason
{
    /// <summary>Not a reply of an acceptance office (the subject is none of the seed-004 subjects). Left alone.</summary>
    NotAReply,

    /// <summary>A reply whose attachment cannot be opened (not encrypted for us, bad signature, wrong signer) or parsed. Left in the mailbox.</summary>
    Unreadable,
}

/// <summary>A mail that was looked at but not handed over.</summary>
/// <param name="MessageId">Its Message-ID.</param>
/// <param name="Subject">Its subject.</param>
/// <param name="Reason">Why it was skipped.</param>
/// <param name="Detail">What exactly (an error code or a short text; never record contents).</param>
public sealed record SkippedMail(string MessageId, string? Subject, SkippedMailReason Reason, string Detail);

/// <summary>The result of reading one mail.</summary>
/// <param name="Reply">The reply, or <see langword="null"/> when the mail was skipped.</param>
/// <param name="Skipped">Why it was skipped, or <see langword="null"/> for a reply.</param>
public sealed record MailReadResult(Reply? Reply, SkippedMail? Skipped);

/// <summary>The result of one pass over the mailbox.</summary>
/// <param name="Stored">Replies the caller stored; they were removed from the mailbox.</param>
/// <param name="Skipped">Mails left in the mailbox, with the reason.</param>
public sealed record MailReceiveResult(IReadOnlyList<Reply> Stored, IReadOnlyList<SkippedMail> Skipped);

/// <summary>
/// Receives the acceptance office's replies from the employer's mailbox over IMAP or POP3: classifies each mail by
/// its seed-004 subject line and attachments, opens the attached reply file (decrypt, verify) and parses it, and
/// hands each <see cref="Reply"/> to the caller. A mail is removed from the mailbox only after the caller's store
/// callback returned, so a crash never loses a reply (it is read again; <see cref="Reply.Id"/> = Message-ID is the
/// key for de-duplication). Other mail is left alone.
/// </summary>
public sealed class MailReplyReceiver
{
    private readonly MailReceiverOptions _options;
    private readonly MessageOpener _opener;
    private readonly ILogger _logger;

    /// <summary>Creates the receiver.</summary>
    /// <param name="options">Mailbox, protocol, keys.</param>
    /// <param name="loggerFactory">Logging; optional.</param>
    public MailReplyReceiver(MailReceiverOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _opener = new MessageOpener(options.Open);
        _logger = (ILogger?)loggerFactory?.CreateLogger<MailReplyReceiver>() ?? NullLogger.Instance;
    }

    /// <summary>
    /// Reads the mailbox once: every reply is handed to <paramref name="storeAsync"/> and, once that returned, removed
    /// from the mailbox (deleted, or moved to <see cref="MailReceiverOptions.ProcessedFolder"/>).
    /// </summary>
    /// <param name="storeAsync">Stores one reply durably. When it throws, the reply stays in the mailbox, the pass stops, and the exception is rethrown (replies stored before are removed).</param>
    /// <param name="cancellationToken">Cancels the pass; replies not yet stored stay in the mailbox.</param>
    /// <returns>The replies stored and the mails skipped.</returns>
    /// <exception cref="MailTransportException">The mail server could not be reached or refused the log-in.</exception>
    public async Task<MailReceiveResult> ReceiveAsync(Func<Reply, CancellationToken, Task> storeAsync, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(storeAsync);
        var stored = new List<Reply>();
        var skipped = new List<SkippedMail>();
        ExceptionDispatchInfo? storeFailure;
        try
        {
            storeFailure = _options.Protocol == MailboxProtocol.Pop3
                ? await ReceivePop3Async(storeAsync, stored, skipped, cancellationToken).ConfigureAwait(false)
                : await ReceiveImapAsync(storeAsync, stored, skipped, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (MailSender.Translate(ex, "read the mailbox") is { } translated)
        {
            throw translated;
        }

        storeFailure?.Throw();
        return new MailReceiveResult(stored, skipped);
    }

    /// <summary>Classifies one mail and, for a reply, opens and parses its file. Does not touch any mailbox.</summary>
    /// <param name="message">The mail.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <returns>The reply, or why the mail is not one.</returns>
    public async Task<MailReadResult> ReadAsync(MimeMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        string id = MessageIdOf(message);
        if (!ReplySubjects.TryParse(message.Subject, out var heading))
        {
            MailLog.NotAReply(_logger, id);
            return new MailReadResult(null, new SkippedMail(id, message.Subject, SkippedMailReason.NotAReply, "The subject is not a reply subject of seed 004."));
        }

        var attachments = message.Attachments.OfType<MimePart>().ToList();
        var file = attachments.FirstOrDefault(a => !IsOrderRecord(a));
        ReadOnlyMemory<byte>? content = null;
        ReplyFile? parsed = null;
        if (file?.Content is not null)
        {
            try
            {
                using var sealedFile = new MemoryStream();
                await file.Content.DecodeToAsync(sealedFile, cancellationToken).ConfigureAwait(false);
                sealedFile.Position = 0;
                using var plain = new MemoryStream();
                var verification = await _opener.OpenAsync(sealedFile, plain, cancellationToken).ConfigureAwait(false);
                if (_options.RequireSignerIsOffice && verification.Signer is { } signer && signer.Value != heading.Office)
                {
                    return Unreadable(id, message.Subject, "The reply file is signed by another party than the office named in the subject.");
                }

                content = plain.ToArray();
                plain.Position = 0;
                parsed = await ReplyFile.ParseAsync(plain, cancellationToken).ConfigureAwait(false);
            }
            catch (SecureMessageException ex)
            {
                return Unreadable(id, message.Subject, $"The reply file cannot be opened: {ex.Error}.");
            }
            catch (RecordFormatException ex)
            {
                return Unreadable(id, message.Subject, $"The reply file cannot be parsed: {ex.Error.Code} in record {ex.Error.Location.RecordNumber}.");
            }
        }

        var reply = new Reply
        {
            Kind = heading.Kind,
            Channel = ReplyChannel.Mail,
            Id = id,
            OfficeNumber = heading.Office,
            EmployerNumber = heading.Employer,
            FileNumber = heading.FileNumber ?? parsed?.AnsweredFileNumber,
            ReceivedAt = _options.TimeProvider.GetUtcNow(),
            Content = content,
            File = parsed,
            Reason = heading.Kind is ReplyKind.Rejection or ReplyKind.FileRejection && message.TextBody is { } body && body.Trim().Length > 0 ? body.Trim() : null,
        };
        MailLog.ReplyReceived(_logger, reply.Kind, reply.EmployerNumber, reply.FileNumber, id);
        return new MailReadResult(reply, null);
    }

    /// <summary>True for the order record attachment (<c>*.AUF</c>, any case).</summary>
    internal static bool IsOrderRecord(MimePart part)
        => part.FileName?.EndsWith(MailSender.OrderRecordExtension, StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>The mail's Message-ID, or for a mail without one a stable id from the SHA-256 of the whole mail.</summary>
    internal static string MessageIdOf(MimeMessage message)
    {
        if (!string.IsNullOrWhiteSpace(message.MessageId))
        {
            return message.MessageId;
        }

        using var sha = SHA256.Create();
        using (var hashing = new CryptoStream(Stream.Null, sha, CryptoStreamMode.Write))
        {
            message.WriteTo(hashing);
        }

        return Convert.ToHexStringLower(sha.Hash!) + "@elena.invalid";
    }

    private SkippedMail NotAReply(string? messageId, string? subject, string fallbackId)
    {
        string id = messageId?.Trim().Trim('<', '>') is { Length: > 0 } trimmed ? trimmed : fallbackId;
        MailLog.NotAReply(_logger, id);
        return new SkippedMail(id, subject, SkippedMailReason.NotAReply, "The subject is not a reply subject of seed 004.");
    }

    private MailReadResult Unreadable(string id, string? subject, string detail)
    {
        MailLog.ReplyUnreadable(_logger, id, detail);
        return new MailReadResult(null, new SkippedMail(id, subject, SkippedMailReason.Unreadable, detail));
    }

    private async Task<ExceptionDispatchInfo?> ReceiveImapAsync(Func<Reply, CancellationToken, Task> storeAsync, List<Reply> stored, List<SkippedMail> skipped, CancellationToken cancellationToken)
    {
        using var client = new ImapClient(_options.Server.CreateProtocolLogger());
        await _options.Server.ConnectAsync(client, cancellationToken).ConfigureAwait(false);
        var folder = string.Equals(_options.Folder, "INBOX", StringComparison.OrdinalIgnoreCase)
            ? client.Inbox
            : await client.GetFolderAsync(_options.Folder, cancellationToken).ConfigureAwait(false);
        await folder.OpenAsync(FolderAccess.ReadWrite, cancellationToken).ConfigureAwait(false);
        IMailFolder? processed = _options.ProcessedFolder is null ? null : await GetOrCreateFolderAsync(client, _options.ProcessedFolder, cancellationToken).ConfigureAwait(false);
        ExceptionDispatchInfo? failure = null;
        var uids = await folder.SearchAsync(SearchQuery.NotDeleted, cancellationToken).ConfigureAwait(false);
        var summaries = await folder.FetchAsync([.. uids.Take(_options.MaxMessages)], MessageSummaryItems.UniqueId | MessageSummaryItems.Envelope, cancellationToken).ConfigureAwait(false);
        foreach (var summary in summaries)
        {
            // Only replies are downloaded; other mail is judged by its envelope and left alone.
            if (!ReplySubjects.TryParse(summary.Envelope?.Subject, out _))
            {
                skipped.Add(NotAReply(summary.Envelope?.MessageId, summary.Envelope?.Subject, $"imap-uid-{summary.UniqueId.Id}"));
                continue;
            }

            var uid = summary.UniqueId;
            using var message = await folder.GetMessageAsync(uid, cancellationToken).ConfigureAwait(false);
            var read = await ReadAsync(message, cancellationToken).ConfigureAwait(false);
            if (read.Reply is not { } reply)
            {
                skipped.Add(read.Skipped!);
                continue;
            }

            failure = await StoreAsync(storeAsync, reply, cancellationToken).ConfigureAwait(false);
            if (failure is not null)
            {
                break;
            }

            stored.Add(reply);
            if (processed is not null)
            {
                await folder.MoveToAsync(uid, processed, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await folder.AddFlagsAsync(uid, MessageFlags.Deleted, silent: true, cancellationToken).ConfigureAwait(false);
                if (client.Capabilities.HasFlag(ImapCapabilities.UidPlus))
                {
                    await folder.ExpungeAsync([uid], cancellationToken).ConfigureAwait(false);
                }
            }

            MailLog.ReplyRemoved(_logger, reply.Id);
        }

        if (processed is null && !client.Capabilities.HasFlag(ImapCapabilities.UidPlus) && stored.Count > 0)
        {
            await folder.ExpungeAsync(cancellationToken).ConfigureAwait(false);
        }

        await client.DisconnectAsync(true, cancellationToken).ConfigureAwait(false);
        return failure;
    }

    private async Task<ExceptionDispatchInfo?> ReceivePop3Async(Func<Reply, CancellationToken, Task> storeAsync, List<Reply> stored, List<SkippedMail> skipped, CancellationToken cancellationToken)
    {
        using var client = new Pop3Client(_options.Server.CreateProtocolLogger());
        await _options.Server.ConnectAsync(client, cancellationToken).ConfigureAwait(false);
        ExceptionDispatchInfo? failure = null;
        int count = Math.Min(client.Count, _options.MaxMessages);
        for (int i = 0; i < count; i++)
        {
            if (client.Capabilities.HasFlag(Pop3Capabilities.Top))
            {
                // Only replies are downloaded; other mail is judged by its headers and left alone.
                var headers = await client.GetMessageHeadersAsync(i, cancellationToken).ConfigureAwait(false);
                string? subject = headers[HeaderId.Subject];
                if (!ReplySubjects.TryParse(subject, out _))
                {
                    skipped.Add(NotAReply(headers[HeaderId.MessageId], subject, $"pop3-{i}"));
                    continue;
                }
            }

            using var message = await client.GetMessageAsync(i, cancellationToken).ConfigureAwait(false);
            var read = await ReadAsync(message, cancellationToken).ConfigureAwait(false);
            if (read.Reply is not { } reply)
            {
                skipped.Add(read.Skipped!);
                continue;
            }

            failure = await StoreAsync(storeAsync, reply, cancellationToken).ConfigureAwait(false);
            if (failure is not null)
            {
                break;
            }

            stored.Add(reply);
            await client.DeleteMessageAsync(i, cancellationToken).ConfigureAwait(false);
            MailLog.ReplyRemoved(_logger, reply.Id);
        }

        // QUIT commits the deletions of the replies stored so far, also when a store failed.
        await client.DisconnectAsync(true, cancellationToken).ConfigureAwait(false);
        return failure;
    }

    private static async Task<ExceptionDispatchInfo?> StoreAsync(Func<Reply, CancellationToken, Task> storeAsync, Reply reply, CancellationToken cancellationToken)
    {
        try
        {
            await storeAsync(reply, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex)
        {
            return ExceptionDispatchInfo.Capture(ex);
        }
    }

    private static async Task<IMailFolder> GetOrCreateFolderAsync(ImapClient client, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetFolderAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (FolderNotFoundException)
        {
            var root = await client.GetFolderAsync(client.PersonalNamespaces[0].Path, cancellationToken).ConfigureAwait(false);
            return await root.CreateAsync(name, true, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"The IMAP server did not create the folder '{name}'.");
        }
    }
}
