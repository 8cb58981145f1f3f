using Elena.Sdk.Records.Models;
using Elena.Sdk.Transport.Replies;

namespace Elena.Sdk.Transport.Extra;

/// <summary>
/// How a reply's kind travels in an eXTra package (docs/decisions.md TX3): <c>DataSet/@type</c> =
/// <c>urn:elena-sdk:reply:&lt;Kind&gt;</c> and <c>DataSet/@name</c> = the seed-004 subject line, which also names
/// office, employer and file number. A package without them is classified by its reply file.
/// </summary>
public static class ExtraReplyKinds
{
    /// <summary>The URI of a kind.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The URI.</returns>
    public static string ToUri(ReplyKind kind) => ExtraUris.ReplyKindPrefix + kind;

    /// <summary>Reads a kind URI (case-insensitive).</summary>
    /// <param name="uri">The URI.</param>
    /// <param name="kind">The kind.</param>
    /// <returns>True when it names a kind.</returns>
    public static bool TryParse(string? uri, out ReplyKind kind)
    {
        kind = default;
        return uri is not null && uri.StartsWith(ExtraUris.ReplyKindPrefix, StringComparison.OrdinalIgnoreCase)
            && Enum.TryParse(uri.AsSpan(ExtraUris.ReplyKindPrefix.Length), ignoreCase: true, out kind) && Enum.IsDefined(kind);
    }

    /// <summary>Classifies a reply file by its layout (seed 004) when the package does not say.</summary>
    /// <param name="file">The parsed reply file.</param>
    /// <returns>The kind.</returns>
    public static ReplyKind Infer(ReplyFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        bool employerHeader = file.Records.Skip(1).Any(r => r.Record is FileHeader);
        var answered = file.AnsweredRecords.ToList();
        if (!employerHeader && answered.Any(r => r.RecordType == "DSVV"))
        {
            return ReplyKind.NumberAssignment;
        }

        if (answered.Any(r => r.Errors.Any(ReplyFile.IsError)))
        {
            return ReplyKind.RecordRejection;
        }

        if (answered.Any(r => r.Errors.Count > 0))
        {
            return ReplyKind.RecordNotices;
        }

        return file.Records.Any(r => r.Errors.Any(ReplyFile.IsError)) ? ReplyKind.FileRejection : ReplyKind.ProcessingConfirmation;
    }
}
