using System.Text.Json.Serialization;
using Elena.Sdk.Testing.Replies;
using Elena.Sdk.Testing.Zss;
using Elena.Sdk.Transport.Replies;

namespace Elena.Sdk.Testing.Portal;

/// <summary>The state of a received file as the service portal shows it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PortalFileState>))]
public enum PortalFileState
{
    /// <summary>Received and being processed.</summary>
    Received,

    /// <summary>Held: the RFV or DSRV could not be reached; the rest of the file is processed when it can (see <see cref="PortalFileStatus.PendingReason"/>).</summary>
    Pending,

    /// <summary>Processed: every record was stored, rejected or answered, and the replies were produced.</summary>
    Processed,

    /// <summary>Not taken: rejected on acceptance (signature, admission) or as a whole (file rejection).</summary>
    Rejected,
}

/// <summary>Where a reply is, as the service portal shows it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PortalReplyState>))]
public enum PortalReplyState
{
    /// <summary>Not put on the communication server: given synchronously (receipt, rejection) or sent by mail.</summary>
    NotOnServer,

    /// <summary>On the communication server, not fetched yet.</summary>
    Waiting,

    /// <summary>Fetched, not acknowledged yet.</summary>
    Fetched,

    /// <summary>Fetched and acknowledged.</summary>
    Acknowledged,

    /// <summary>Not acknowledged within 120 days: sent on paper.</summary>
    Paper,
}

/// <summary>What happened to one record, as the service portal shows it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PortalRecordOutcome>))]
public enum PortalRecordOutcome
{
    /// <summary>Stored without remarks (MVDS).</summary>
    Stored,

    /// <summary>Stored, with notices (MVDS).</summary>
    StoredWithNotices,

    /// <summary>Not stored: the record reply lists its errors.</summary>
    Rejected,

    /// <summary>A number request (DSVV) answered in the number assignment.</summary>
    Answered,
}

/// <summary>One DBFE block of a reply, field by field.</summary>
/// <param name="Code">The 7-character DBFE number, e.g. <c>MVDSz02</c>.</param>
/// <param name="Field">The field the text names (<c>FIELD: message</c>), or empty.</param>
/// <param name="Text">The short text of the DBFE block.</param>
/// <param name="Meaning">The meaning of the number from <c>docs/error-codes.md</c> (English), or empty when it is not listed there.</param>
/// <param name="IsNotice">True for a notice (the fifth character is <c>H</c>): the record was taken all the same.</param>
public sealed record PortalError(string Code, string Field, string Text, string Meaning, bool IsNotice);

/// <summary>One reply the office produced for a file.</summary>
/// <param name="Kind">The reply kind.</param>
/// <param name="Route">Where it went (server, mail, paper, synchronous answer).</param>
/// <param name="WithFile">Whether a reply file travels with it.</param>
/// <param name="MailSubject">The seed-004 subject line.</param>
/// <param name="Reason">For a rejection: why the file was not taken.</param>
/// <param name="State">Where it is now.</param>
/// <param name="ResponseId">The id on the communication server (eXTra ResponseID), for replies put there.</param>
/// <param name="CreatedAt">When it was put on the server.</param>
/// <param name="DaysLeft">For a reply waiting or fetched but not acknowledged: days left before it goes out on paper (120-day rule; a day begun counts).</param>
/// <param name="PaperDueAt">For a reply on the server: when it goes out on paper unless acknowledged.</param>
/// <param name="FetchedAt">When it was first fetched.</param>
/// <param name="AcknowledgedAt">When it was acknowledged.</param>
public sealed record PortalReply(
    ReplyKind Kind,
    ReplyRoute Route,
    bool WithFile,
    string MailSubject,
    string? Reason,
    PortalReplyState State,
    long? ResponseId,
    DateTimeOffset? CreatedAt,
    int? DaysLeft,
    DateTimeOffset? PaperDueAt,
    DateTimeOffset? FetchedAt,
    DateTimeOffset? AcknowledgedAt);

/// <summary>The counts of a file's records.</summary>
/// <param name="Records">Payload records processed so far (MVDS and DSVV).</param>
/// <param name="Stored">MVDS stored.</param>
/// <param name="Rejected">Records not taken (with errors).</param>
/// <param name="Notices">Records taken with notices.</param>
/// <param name="NumbersAssigned">DSVV answered with an insurance number.</param>
public sealed record PortalCounts(int Records, int Stored, int Rejected, int Notices, int NumbersAssigned);

/// <summary>The status of one file received from the employer (the file list of the service portal).</summary>
/// <param name="FileId">The office's id for the file.</param>
/// <param name="Employer">The employer's Betriebsnummer.</param>
/// <param name="FileNumber">The file number (VOSZ DTNR), or <see langword="null"/> when it could not be read.</param>
/// <param name="Channel">How it came.</param>
/// <param name="ReceivedAt">When it was received.</param>
/// <param name="State">Its state.</param>
/// <param name="PendingReason">For <see cref="PortalFileState.Pending"/>: the RFV/DSRV fault that holds it.</param>
/// <param name="Counts">The record counts so far.</param>
/// <param name="RepliesWaiting">Replies on the communication server not acknowledged yet (waiting or fetched).</param>
/// <param name="RepliesAcknowledged">Replies fetched and acknowledged.</param>
/// <param name="MinimumDaysLeft">The fewest days left before a reply of this file goes out on paper, or <see langword="null"/> when none is waiting.</param>
public sealed record PortalFileStatus(
    string FileId,
    string Employer,
    string? FileNumber,
    SubmissionChannel Channel,
    DateTimeOffset ReceivedAt,
    PortalFileState State,
    string? PendingReason,
    PortalCounts Counts,
    int RepliesWaiting,
    int RepliesAcknowledged,
    int? MinimumDaysLeft);

/// <summary>One record of a file (the file detail of the service portal). Holds no field value of the record itself.</summary>
/// <param name="Number">Position in the submitted file (VOSZ = 1).</param>
/// <param name="RecordType">MVDS or DSVV (or the type found).</param>
/// <param name="Outcome">What happened to it.</param>
/// <param name="Stored">Whether it was stored.</param>
/// <param name="Reply">The reply that answers it, if any (record rejection, notice protocol, processing confirmation, number assignment).</param>
/// <param name="Errors">Its DBFE blocks, field by field.</param>
/// <param name="AssignedNumber">For DSVV: the insurance number the DSRV assigned, as in the employer's number assignment.</param>
/// <param name="ReasonCode">For DSVV: the GDMQ.</param>
public sealed record PortalRecord(
    long Number,
    string RecordType,
    PortalRecordOutcome Outcome,
    bool Stored,
    ReplyKind? Reply,
    IReadOnlyList<PortalError> Errors,
    string? AssignedNumber,
    string? ReasonCode);

/// <summary>One file with its records and replies (the file detail of the service portal).</summary>
/// <param name="Status">The file's status.</param>
/// <param name="Replies">Every reply, in the order produced.</param>
/// <param name="Records">Per payload record, in file order.</param>
public sealed record PortalFileDetail(PortalFileStatus Status, IReadOnlyList<PortalReply> Replies, IReadOnlyList<PortalRecord> Records);

/// <summary>A browser sign-in link for the service portal.</summary>
/// <param name="Url">The one-time sign-in URL (absolute).</param>
/// <param name="ExpiresAt">When the link stops working if not used.</param>
public sealed record PortalSession(Uri Url, DateTimeOffset ExpiresAt);
