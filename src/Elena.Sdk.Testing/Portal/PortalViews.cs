using Elena.Sdk.Testing.Replies;
using Elena.Sdk.Testing.Zss;
using Elena.Sdk.Transport.Replies;

namespace Elena.Sdk.Testing.Portal;

/// <summary>Builds the portal's DTOs from the office's state (docs/decisions.md PO3–PO5).</summary>
internal static class PortalViews
{
    public static IReadOnlyList<PortalFileStatus> Files(InMemoryZss zss, string employer, DateTimeOffset now)
        => zss.ReceivedFiles.Where(f => f.Employer == employer)
            .OrderByDescending(f => f.ReceivedAt).ThenByDescending(f => f.FileId, StringComparer.Ordinal)
            .Select(f => Status(f, zss.FindSubmission(f.FileId), zss.GetDeliveries(f.FileId), now))
            .ToList();

    public static PortalFileDetail? File(InMemoryZss zss, string employer, string fileId, DateTimeOffset now)
    {
        var received = zss.ReceivedFiles.FirstOrDefault(f => f.FileId == fileId && f.Employer == employer);
        if (received is null)
        {
            return null;
        }

        var submission = zss.FindSubmission(fileId);
        var deliveries = zss.GetDeliveries(fileId);
        var status = Status(received, submission, deliveries, now);
        var replies = Replies(submission, deliveries, now);
        var records = submission is null ? [] : submission.Records.Select(r => Record(r, submission.Replies)).ToList();
        return new PortalFileDetail(status, replies, records);
    }

    private static PortalFileStatus Status(ReceivedFile file, SubmissionResult? submission, IReadOnlyList<ReplyDelivery> deliveries, DateTimeOffset now)
    {
        var state = submission switch
        {
            null => PortalFileState.Received,
            { IsPending: true } => PortalFileState.Pending,
            _ when submission.Replies.Any(r => r.Kind is ReplyKind.Rejection or ReplyKind.FileRejection) => PortalFileState.Rejected,
            _ => PortalFileState.Processed,
        };
        var records = submission?.Records.Select(r => Outcome(r)).ToList() ?? [];
        var counts = new PortalCounts(
            records.Count,
            submission?.StoredCount ?? 0,
            records.Count(o => o == PortalRecordOutcome.Rejected),
            submission?.Records.Count(r => Outcome(r) != PortalRecordOutcome.Rejected && r.Errors.Count > 0) ?? 0,
            submission?.Records.Count(r => !string.IsNullOrWhiteSpace(r.AssignedNumber)) ?? 0);
        var open = deliveries.Where(d => d.State is ReplyDeliveryState.Waiting or ReplyDeliveryState.Fetched).ToList();
        return new PortalFileStatus(
            file.FileId,
            file.Employer!,
            file.FileNumber,
            file.Channel,
            file.ReceivedAt,
            state,
            submission?.PendingReason,
            counts,
            open.Count,
            deliveries.Count(d => d.State == ReplyDeliveryState.Acknowledged),
            open.Count == 0 ? null : open.Min(d => DaysLeft(d.Reply.CreatedAt, now)));
    }

    /// <summary>Days left before a reply put on the server at <paramref name="createdAt"/> goes out on paper: a day begun counts (rounded up), at least 0.</summary>
    public static int DaysLeft(DateTimeOffset createdAt, DateTimeOffset now)
        => Math.Max(0, (int)Math.Ceiling((createdAt.AddDays(InMemoryZss.ServerRetentionDays) - now).TotalDays));

    private static List<PortalReply> Replies(SubmissionResult? submission, IReadOnlyList<ReplyDelivery> deliveries, DateTimeOffset now)
    {
        var result = new List<PortalReply>();
        if (submission is null)
        {
            return result;
        }

        foreach (var reply in submission.Replies)
        {
            var delivery = deliveries.FirstOrDefault(d => ReferenceEquals(d.Reply.Reply, reply)) ?? deliveries.FirstOrDefault(d => d.Reply.Reply == reply);
            if (delivery is null)
            {
                result.Add(new PortalReply(reply.Kind, reply.Route, reply.WithFile, reply.MailSubject, reply.Reason, PortalReplyState.NotOnServer,
                    null, null, null, null, null, null));
                continue;
            }

            var state = delivery.State switch
            {
                ReplyDeliveryState.Waiting => PortalReplyState.Waiting,
                ReplyDeliveryState.Fetched => PortalReplyState.Fetched,
                ReplyDeliveryState.Acknowledged => PortalReplyState.Acknowledged,
                _ => PortalReplyState.Paper,
            };
            bool open = state is PortalReplyState.Waiting or PortalReplyState.Fetched;
            var created = delivery.Reply.CreatedAt;
            result.Add(new PortalReply(reply.Kind, reply.Route, reply.WithFile, reply.MailSubject, reply.Reason, state, delivery.Reply.Id, created,
                open ? DaysLeft(created, now) : null, open ? created.AddDays(InMemoryZss.ServerRetentionDays) : null, delivery.FetchedAt, delivery.AcknowledgedAt));
        }

        return result;
    }

    private static PortalRecordOutcome Outcome(RecordOutcome record)
    {
        if (record.Stored)
        {
            return record.Errors.Count > 0 ? PortalRecordOutcome.StoredWithNotices : PortalRecordOutcome.Stored;
        }

        // A DSVV answered by the DSRV carries its GDMQ; one rejected by the ZSS's checks has none.
        return record.RecordType == "DSVV" && record.ReasonCode is not null ? PortalRecordOutcome.Answered : PortalRecordOutcome.Rejected;
    }

    private static PortalRecord Record(RecordOutcome record, IReadOnlyList<ZssReply> replies)
    {
        var outcome = Outcome(record);
        ReplyKind? reply = outcome switch
        {
            PortalRecordOutcome.Answered => ReplyKind.NumberAssignment,
            PortalRecordOutcome.Stored => ReplyKind.ProcessingConfirmation,
            _ => replies.Select(r => (ReplyKind?)r.Kind).FirstOrDefault(k => k is ReplyKind.RecordRejection or ReplyKind.RecordNotices),
        };
        if (reply is { } kind && !replies.Any(r => r.Kind == kind))
        {
            reply = null;
        }

        var errors = record.Errors.Select(e => new PortalError(e.Code, FieldOf(e.Text), e.Text, DbfeCatalogue.Meaning(e.Code), e.Code.Length > 4 && e.Code[4] == 'H')).ToList();
        string? assigned = string.IsNullOrWhiteSpace(record.AssignedNumber) ? null : record.AssignedNumber.Trim();
        return new PortalRecord(record.Number, record.RecordType, outcome, record.Stored, reply, errors, assigned, record.ReasonCode);
    }

    /// <summary>The field name before the colon of a DBFE text (<c>FIELD: message</c>, decisions R26), or empty.</summary>
    public static string FieldOf(string text)
    {
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return string.Empty;
        }

        foreach (char c in text.AsSpan(0, colon))
        {
            if (c is not ((>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_'))
            {
                return string.Empty;
            }
        }

        return text[..colon];
    }
}
