using Elena.Sdk.Transport.Replies;

namespace Elena.Sdk.Transport.State;

/// <summary>One reply as a source hands it out: the id to acknowledge it by, and the reply.</summary>
/// <param name="Id">The source's id of the reply (eXTra ResponseID, mail Message-ID); equal to <see cref="Reply.Id"/>.</param>
/// <param name="Reply">The reply, opened (decrypted, verified) and parsed.</param>
public sealed record FetchedReply(string Id, Reply Reply);

/// <summary>
/// Where replies come from, for <see cref="ReplyInbox"/>: the eXTra client (fetch with <c>ResponseID GT</c>,
/// <c>ConfirmationOfReceipt</c>) or a mailbox. One source serves one acceptance office and one employer.
/// </summary>
public interface IReplySource
{
    /// <summary>Fetches replies not yet acknowledged, after an id, in the source's order.</summary>
    /// <param name="afterId">The last id already stored (the fetch cursor), or <see langword="null"/> for the first fetch.</param>
    /// <param name="max">The most replies to return (eXTra <c>MaximumPackages</c>).</param>
    /// <param name="cancellationToken">Cancels the fetch.</param>
    /// <returns>The replies, oldest first; empty when there is nothing to fetch.</returns>
    Task<IReadOnlyList<FetchedReply>> FetchAsync(string? afterId, int max, CancellationToken cancellationToken = default);

    /// <summary>Confirms receipt of replies, so the source stops handing them out. Acknowledging an already acknowledged id succeeds.</summary>
    /// <param name="ids">The ids.</param>
    /// <param name="cancellationToken">Cancels the call (the ids then count as not acknowledged).</param>
    /// <returns>A task.</returns>
    Task AcknowledgeAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default);
}
