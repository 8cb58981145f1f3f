using Elena.Sdk.Transport.Replies;

namespace Elena.Sdk.Transport.State;

/// <summary>A reply as the <see cref="ClientStateStore"/> holds it: the reply with its file, and what became of it.</summary>
public sealed class StoredReply
{
    internal StoredReply(long storeId, Reply reply, DateTimeOffset storedAt, DateTimeOffset? acknowledgedAt, DateTimeOffset? handledAt, int attempts)
    {
        StoreId = storeId;
        Reply = reply;
        StoredAt = storedAt;
        AcknowledgedAt = acknowledgedAt;
        HandledAt = handledAt;
        Attempts = attempts;
    }

    /// <summary>The store's key of the reply.</summary>
    public long StoreId { get; }

    /// <summary>The reply; <see cref="Reply.Content"/> holds the opened reply file and <see cref="Reply.File"/> its parse.</summary>
    public Reply Reply { get; }

    /// <summary>When it was stored.</summary>
    public DateTimeOffset StoredAt { get; }

    /// <summary>When its receipt was confirmed to the sender (eXTra ConfirmationOfReceipt, mail deleted), if it was.</summary>
    public DateTimeOffset? AcknowledgedAt { get; }

    /// <summary>When a handler finished with it (<see cref="ReplyInbox"/>), if one did.</summary>
    public DateTimeOffset? HandledAt { get; }

    /// <summary>How often it was claimed for handling.</summary>
    public int Attempts { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Reply.Kind} {Reply.Id} from {Reply.OfficeNumber} for {Reply.EmployerNumber}/{Reply.FileNumber}";
}
