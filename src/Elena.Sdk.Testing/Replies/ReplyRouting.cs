using Elena.Sdk.Transport.Replies;

namespace Elena.Sdk.Testing.Replies;

/// <summary>
/// Where each reply goes (seed 004; procedure.md §6): by the channel the file came by, DSKO FERUECK (412:
/// J mail, K communication server, N paper, any other value read as K) and VERBEST (411: confirmation wanted).
/// </summary>
public static class ReplyRouting
{
    /// <summary>Reads FERUECK: <c>J</c> mail, <c>N</c> paper, anything else (including <c>K</c>) the communication server.</summary>
    /// <param name="fieldValue">The FERUECK field as written.</param>
    /// <returns>The route for record-level replies.</returns>
    public static ReplyRoute FromReplyChannelField(string? fieldValue) => fieldValue switch
    {
        "J" => ReplyRoute.Mail,
        "N" => ReplyRoute.Paper,
        _ => ReplyRoute.Server,
    };

    /// <summary>The route of a reply.</summary>
    /// <param name="kind">The reply kind.</param>
    /// <param name="submission">The channel the file came by.</param>
    /// <param name="replyChannelField">DSKO FERUECK as written (null when the DSKO could not be read).</param>
    /// <param name="confirmationWanted">DSKO VERBEST = J.</param>
    /// <returns>The route, and whether the reply file is attached (mail).</returns>
    public static (ReplyRoute Route, bool WithFile) Route(ReplyKind kind, SubmissionChannel submission, string? replyChannelField, bool confirmationWanted)
    {
        var submitted = submission == SubmissionChannel.Mail ? ReplyRoute.Mail : ReplyRoute.Server;
        var records = FromReplyChannelField(replyChannelField);
        return kind switch
        {
            // Receipts, rejections and file rejections answer on the channel the file came by.
            ReplyKind.AcceptanceReceipt => (submitted, false),
            ReplyKind.Rejection => (submitted, false),
            ReplyKind.FileRejection => (submitted, true),

            // Record replies and number assignments follow FERUECK.
            ReplyKind.RecordRejection or ReplyKind.RecordNotices or ReplyKind.NumberAssignment => (records, records != ReplyRoute.Paper),

            // The confirmation only with VERBEST = J: FERUECK N → mail without file, J → mail with file, K → server; never paper.
            ReplyKind.ProcessingConfirmation when !confirmationWanted => (ReplyRoute.None, false),
            ReplyKind.ProcessingConfirmation => records switch
            {
                ReplyRoute.Paper => (ReplyRoute.Mail, false),
                ReplyRoute.Mail => (ReplyRoute.Mail, true),
                _ => (ReplyRoute.Server, true),
            },
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    /// <summary>The e-mail subject line of a reply (seed 004), exactly as the acceptance offices write it.</summary>
    /// <param name="kind">The reply kind.</param>
    /// <param name="office">Betriebsnummer of the acceptance office (x).</param>
    /// <param name="employer">Betriebsnummer of the employer (y).</param>
    /// <param name="fileNumber">File sequence number from the employer's VOSZ (z), as written (6 digits).</param>
    /// <returns>The subject.</returns>
    public static string MailSubject(ReplyKind kind, string office, string employer, string fileNumber) => ReplySubjects.Format(kind, office, employer, fileNumber);
}
