using Elena.Sdk.Crypto;

namespace Elena.Sdk.Transport.Mail;

/// <summary>How replies are read from the employer's mailbox.</summary>
public enum MailboxProtocol
{
    /// <summary>IMAP (a folder; stored replies are deleted or moved).</summary>
    Imap,

    /// <summary>POP3 (the inbox; stored replies are deleted when the session ends).</summary>
    Pop3,
}

/// <summary>Settings of <see cref="MailReplyReceiver"/>.</summary>
public sealed class MailReceiverOptions
{
    /// <summary>The IMAP or POP3 server of the mailbox the office replies to.</summary>
    public required MailServerOptions Server { get; init; }

    /// <summary>IMAP or POP3. Default <see cref="MailboxProtocol.Imap"/>.</summary>
    public MailboxProtocol Protocol { get; init; } = MailboxProtocol.Imap;

    /// <summary>
    /// How reply files are opened: the employer's decryption keys (reply files are encrypted for the Betriebsnummer of
    /// the VOSZ) and the trust anchors the office's signature must chain to.
    /// </summary>
    public required OpenOptions Open { get; init; }

    /// <summary>The IMAP folder replies arrive in. Default <c>INBOX</c>.</summary>
    public string Folder { get; init; } = "INBOX";

    /// <summary>
    /// IMAP only: the folder stored replies are moved to (created when missing), or <see langword="null"/> (default)
    /// to delete them. POP3 always deletes.
    /// </summary>
    public string? ProcessedFolder { get; init; }

    /// <summary>
    /// Refuse a reply file whose signer names a Betriebsnummer other than the subject's office (a forged or misrouted
    /// reply). Default true. A signer certificate without a Betriebsnummer is accepted when its chain is trusted.
    /// </summary>
    public bool RequireSignerIsOffice { get; init; } = true;

    /// <summary>The most messages looked at per <see cref="MailReplyReceiver.ReceiveAsync"/> call. Default 500.</summary>
    public int MaxMessages { get; init; } = 500;

    /// <summary>The clock (<see cref="Replies.Reply.ReceivedAt"/>). Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Server, nameof(Server));
        Server.Validate(nameof(Server));
        ArgumentNullException.ThrowIfNull(Open, nameof(Open));
        ArgumentException.ThrowIfNullOrWhiteSpace(Folder, nameof(Folder));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxMessages, nameof(MaxMessages));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
    }
}
