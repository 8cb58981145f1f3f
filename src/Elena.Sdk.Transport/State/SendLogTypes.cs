using Elena.Sdk.Transport.Replies;

namespace Elena.Sdk.Transport.State;

/// <summary>How a file was sent, for <see cref="ClientStateStore.RecordSentFileAsync"/>.</summary>
public sealed class SentFileInfo
{
    /// <summary>The send's unique id: the eXTra RequestID, or the mail's Message-ID.</summary>
    public required string SendId { get; init; }

    /// <summary>The channel the file went by.</summary>
    public required ReplyChannel Channel { get; init; }

    /// <summary>
    /// When the transmission started; <see langword="null"/> for the store's current time. Pass the time taken before
    /// sending, so that a synchronous receipt is never older than its file.
    /// </summary>
    public DateTimeOffset? SentAt { get; init; }

    /// <summary>
    /// The <see cref="SendId"/> of an earlier send this one repeats (the whole file sent again after no reply within
    /// 5 days); that send then leaves <see cref="ClientStateStore.GetFilesWithoutReplyAsync"/>.
    /// </summary>
    public string? ResendOf { get; init; }
}

/// <summary>One sent file in the employer's send log.</summary>
public sealed class SentFile
{
    /// <summary>The send's unique id (eXTra RequestID or mail Message-ID).</summary>
    public required string SendId { get; init; }

    /// <summary>The channel it went by.</summary>
    public required ReplyChannel Channel { get; init; }

    /// <summary>Betriebsnummer of the file's sender (VOSZ ABSN), the employer the replies go to.</summary>
    public required string EmployerNumber { get; init; }

    /// <summary>Betriebsnummer of the receiver (VOSZ EPNR), the acceptance office.</summary>
    public required string OfficeNumber { get; init; }

    /// <summary>The file sequence number (VOSZ DTNR), six digits as written.</summary>
    public required string FileNumber { get; init; }

    /// <summary>When it was sent.</summary>
    public required DateTimeOffset SentAt { get; init; }

    /// <summary>Number of logged records (MVDS, DSVV: everything but VOSZ, DSKO and NCSZ).</summary>
    public required int RecordCount { get; init; }

    /// <summary>When the first acceptance receipt came, if one did.</summary>
    public DateTimeOffset? ReceiptAt { get; init; }

    /// <summary>When the first reply of any kind (receipt included) came, if one did.</summary>
    public DateTimeOffset? FirstReplyAt { get; init; }

    /// <summary>The <see cref="SendId"/> of the send that repeated this one, if any.</summary>
    public string? ResentAs { get; init; }

    /// <summary>True while the entries are kept as evidence for a pending proceeding (exempt from the 2-year purge).</summary>
    public bool LegalHold { get; init; }

    /// <inheritdoc/>
    public override string ToString() => $"{Channel} send {SendId}: employer {EmployerNumber}, file {FileNumber}, {RecordCount} records, sent {SentAt:u}";
}

/// <summary>
/// One entry of the send log (seed 001 §2.1.1.1 d): a sent record with the time of transmission, reporting month,
/// VSNR/VFNR, Betriebsnummer and the file's running number. Holds personal data: do not log it.
/// </summary>
public sealed class SendLogEntry
{
    /// <summary>The send's unique id (eXTra RequestID or mail Message-ID).</summary>
    public required string SendId { get; init; }

    /// <summary>The channel.</summary>
    public required ReplyChannel Channel { get; init; }

    /// <summary>Time of transmission.</summary>
    public required DateTimeOffset SentAt { get; init; }

    /// <summary>Betriebsnummer of the file's sender (VOSZ ABSN).</summary>
    public required string EmployerNumber { get; init; }

    /// <summary>The file's running number (VOSZ DTNR).</summary>
    public required string FileNumber { get; init; }

    /// <summary>The record's position in the file (VOSZ is 1).</summary>
    public required long RecordNumber { get; init; }

    /// <summary>Record type (MVDS, DSVV, …).</summary>
    public required string RecordType { get; init; }

    /// <summary>Reporting month as <c>yyyy-MM</c> (from MVDS MONATBEG); <see langword="null"/> for records without one (DSVV).</summary>
    public string? ReportingMonth { get; init; }

    /// <summary>VSNR/VFNR of the participant; <see langword="null"/> when blank (a DSVV asking for one).</summary>
    public string? InsuranceNumber { get; init; }

    /// <summary>Betriebsnummer of the employing establishment (BBNRVU).</summary>
    public string? EstablishmentNumber { get; init; }
}

/// <summary>Where a sent file stands.</summary>
public enum SentFileStatus
{
    /// <summary>Sent; nothing came back yet.</summary>
    Sent,

    /// <summary>An acceptance receipt came, no processing result yet (none comes for an error-free file without VERBEST = J).</summary>
    Received,

    /// <summary>A processing result came (rejection, file or record rejection, notices, confirmation, numbers).</summary>
    Answered,
}

/// <summary>The state of one file number: its sends (resends included) and every stored reply to it.</summary>
public sealed class SentFileState
{
    /// <summary>Betriebsnummer of the employer.</summary>
    public required string EmployerNumber { get; init; }

    /// <summary>The file number (VOSZ DTNR).</summary>
    public required string FileNumber { get; init; }

    /// <summary>The sends of this file number, oldest first.</summary>
    public required IReadOnlyList<SentFile> Sends { get; init; }

    /// <summary>The stored replies to this file number, in the order they were received.</summary>
    public required IReadOnlyList<StoredReply> Replies { get; init; }

    /// <summary>Where the file stands.</summary>
    public SentFileStatus Status =>
        Replies.Any(r => r.Reply.Kind != ReplyKind.AcceptanceReceipt) ? SentFileStatus.Answered
        : Replies.Count > 0 || Sends.Any(s => s.ReceiptAt is not null) ? SentFileStatus.Received
        : SentFileStatus.Sent;
}

/// <summary>What <see cref="ClientStateStore.PurgeAsync"/> deleted.</summary>
/// <param name="Files">Sent files removed from the send log.</param>
/// <param name="Records">Send log entries (records) removed.</param>
/// <param name="Replies">Stored replies removed.</param>
public readonly record struct PurgeResult(int Files, int Records, int Replies);
