using Elena.Sdk.Records.Models;

namespace Elena.Sdk.Testing.Dsrv;

/// <summary>Outcome of a DSRV identity check.</summary>
public enum IdentityCheckStatus
{
    /// <summary>Identity confirmed: DBVR with the current number and DBST with the retired numbers.</summary>
    Confirmed,

    /// <summary>The number is unknown or the personal data are missing: DBFE.</summary>
    Mismatch,

    /// <summary>Duplicate-assignment suspicion (match score below 40 %): DBFE.</summary>
    Rejected,
}

/// <summary>The DSRV's answer to an identity check of one MVDS.</summary>
public sealed class IdentityCheck
{
    internal IdentityCheck(IdentityCheckStatus status, string requestId, string ticket, DateTimeOffset checkedAt)
    {
        Status = status;
        RequestId = requestId;
        Ticket = ticket;
        CheckedAt = checkedAt;
    }

    /// <summary>The outcome.</summary>
    public IdentityCheckStatus Status { get; }

    /// <summary>True when <see cref="Status"/> is <see cref="IdentityCheckStatus.Confirmed"/>.</summary>
    public bool IsConfirmed => Status == IdentityCheckStatus.Confirmed;

    /// <summary>The request id the caller sent (empty when none).</summary>
    public string RequestId { get; }

    /// <summary>The DSRV's ticket, used as ResponseID.</summary>
    public string Ticket { get; }

    /// <summary>When the check ran.</summary>
    public DateTimeOffset CheckedAt { get; }

    /// <summary>The current VSNR (or VFNR) when confirmed; a retired number sent by the employer resolves to it.</summary>
    public string? CurrentNumber { get; init; }

    /// <summary>The person's retired numbers (DBST content).</summary>
    public IReadOnlyList<string> RetiredNumbers { get; init; } = [];

    /// <summary>Match score 0–1 (share of equal normalised fields, birth date weighted double); 0 when not computed.</summary>
    public double Score { get; init; }

    /// <summary>The DBFE blocks (empty when confirmed).</summary>
    public IReadOnlyList<ErrorBlock> Errors { get; init; } = [];

    /// <summary>The DBVR block (GDMQ 02, area, current number) when confirmed.</summary>
    public NumberReturnBlock? NumberReturn { get; init; }

    /// <summary>The DBST block when confirmed.</summary>
    public RetiredNumbersBlock? RetiredNumbersBlock { get; init; }
}
