using Microsoft.Extensions.Logging;

namespace Elena.Sdk.Transport.Mail;

/// <summary>The event ids of the mail transport's log messages (stable; documented for log filters and alerts).</summary>
public static class MailLogEvents
{
    /// <summary>A file was sent by e-mail (Message-ID, transfer name, size).</summary>
    public const int FileSent = 3101;

    /// <summary>Sending a file by e-mail failed (Message-ID, whether transient).</summary>
    public const int SendFailed = 3102;

    /// <summary>A reply mail was read and handed to the caller (kind, Message-ID).</summary>
    public const int ReplyReceived = 3103;

    /// <summary>A mail in the mailbox is not a reply of an acceptance office; it is left alone.</summary>
    public const int NotAReply = 3104;

    /// <summary>A reply mail could not be read (attachment cannot be opened or parsed); it is left in the mailbox.</summary>
    public const int ReplyUnreadable = 3105;

    /// <summary>A stored reply mail was removed from the mailbox (deleted or moved).</summary>
    public const int ReplyRemoved = 3106;
}

internal static partial class MailLog
{
    [LoggerMessage(EventId = MailLogEvents.FileSent, Level = LogLevel.Information,
        Message = "Sent file {TransferName} ({Size} bytes) by e-mail to {Server} as {MessageId} in {ElapsedMs} ms")]
    public static partial void FileSent(ILogger logger, string transferName, long size, string server, string messageId, long elapsedMs);

    [LoggerMessage(EventId = MailLogEvents.SendFailed, Level = LogLevel.Warning,
        Message = "Sending {MessageId} by e-mail to {Server} failed (transient: {IsTransient}); sending it again keeps the Message-ID")]
    public static partial void SendFailed(ILogger logger, string messageId, string server, bool isTransient, Exception exception);

    [LoggerMessage(EventId = MailLogEvents.ReplyReceived, Level = LogLevel.Information,
        Message = "Received reply {Kind} for employer {Employer} file {FileNumber} as {MessageId}")]
    public static partial void ReplyReceived(ILogger logger, Elena.Sdk.Transport.Replies.ReplyKind kind, string employer, string? fileNumber, string messageId);

    [LoggerMessage(EventId = MailLogEvents.NotAReply, Level = LogLevel.Information,
        Message = "Mail {MessageId} is not a reply of an acceptance office; left in the mailbox")]
    public static partial void NotAReply(ILogger logger, string messageId);

    [LoggerMessage(EventId = MailLogEvents.ReplyUnreadable, Level = LogLevel.Warning,
        Message = "Reply mail {MessageId} cannot be read ({Detail}); left in the mailbox")]
    public static partial void ReplyUnreadable(ILogger logger, string messageId, string detail);

    [LoggerMessage(EventId = MailLogEvents.ReplyRemoved, Level = LogLevel.Debug,
        Message = "Reply mail {MessageId} stored by the caller; removed from the mailbox")]
    public static partial void ReplyRemoved(ILogger logger, string messageId);
}
