namespace Elena.Sdk.Transport.Replies;

/// <summary>How a reply reached the employer.</summary>
public enum ReplyChannel
{
    /// <summary>eXTra: the synchronous response to a send, or fetched from the communication server.</summary>
    Extra,

    /// <summary>E-mail.</summary>
    Mail,
}

/// <summary>
/// One reply of the acceptance office, whatever the channel: its kind, the file it answers (employer Betriebsnummer
/// and file number), and the parsed reply file when one came with it.
/// </summary>
public sealed class Reply
{
    /// <summary>The reply kind.</summary>
    public required ReplyKind Kind { get; init; }

    /// <summary>How it came.</summary>
    public required ReplyChannel Channel { get; init; }

    /// <summary>
    /// The channel's id of the reply: the eXTra ResponseID, or the mail's Message-ID. Unique per office; the key for
    /// de-duplication and acknowledgement.
    /// </summary>
    public required string Id { get; init; }

    /// <summary>Betriebsnummer of the acceptance office.</summary>
    public required string OfficeNumber { get; init; }

    /// <summary>Betriebsnummer of the employer (the file's sender).</summary>
    public required string EmployerNumber { get; init; }

    /// <summary>The employer's file number (VOSZ DTNR) the reply answers; <see langword="null"/> when the channel does not say (number assignments by mail).</summary>
    public string? FileNumber { get; init; }

    /// <summary>When the employer received it (from the client's <see cref="TimeProvider"/>).</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The opened (decrypted, verified) reply file, or <see langword="null"/> when the reply has none (receipts, rejections, confirmations by mail without file).</summary>
    public ReadOnlyMemory<byte>? Content { get; init; }

    /// <summary>The parsed reply file, or <see langword="null"/> when there is none.</summary>
    public ReplyFile? File { get; init; }

    /// <summary>The office's reason in words (rejections and file rejections), when it gave one.</summary>
    public string? Reason { get; init; }
}
