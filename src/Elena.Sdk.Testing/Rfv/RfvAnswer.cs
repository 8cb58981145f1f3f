using Elena.Sdk.Records.Models;
using Elena.Sdk.Testing.Dsrv;

namespace Elena.Sdk.Testing.Rfv;

/// <summary>The RFV's answer to the ZSS for one MVDS.</summary>
public sealed class RfvAnswer
{
    internal RfvAnswer(EarningsRecord record, IdentityCheck check, string requestId, string dsrvRequestId, string responseId)
    {
        Record = record;
        Check = check;
        RequestId = requestId;
        DsrvRequestId = dsrvRequestId;
        ResponseId = responseId;
    }

    /// <summary>
    /// Confirmed: the base MVDS without DBNA/DBGB/DBAN plus DBID listing every vID/ZID of the person. Otherwise the
    /// MVDS as sent with the DSRV's DBFE blocks appended (FEKZ <c>1</c>).
    /// </summary>
    public EarningsRecord Record { get; }

    /// <summary>The DSRV's answer.</summary>
    public IdentityCheck Check { get; }

    /// <summary>True when the DSRV confirmed the identity.</summary>
    public bool IsConfirmed => Check.IsConfirmed;

    /// <summary>The ZSS's RequestID.</summary>
    public string RequestId { get; }

    /// <summary>The RequestID the RFV sent to the DSRV: ZSS id + <c>_</c> + 4 lowercase letters.</summary>
    public string DsrvRequestId { get; }

    /// <summary>The ResponseID to the ZSS: DSRV ticket + <c>_</c> + 5 lowercase letters.</summary>
    public string ResponseId { get; }

    /// <summary>The person's current id (ZID or vID) when confirmed.</summary>
    public string? CurrentId { get; init; }

    /// <summary>True when a vID was assigned by this call.</summary>
    public bool VidAssigned { get; init; }

    /// <summary>The DSRV's DBVR (current number) when confirmed.</summary>
    public NumberReturnBlock? NumberReturn => Check.NumberReturn;

    /// <summary>The DSRV's DBST (retired numbers) when confirmed.</summary>
    public RetiredNumbersBlock? RetiredNumbers => Check.RetiredNumbersBlock;

    /// <summary>The DSRV's DBFE blocks when not confirmed.</summary>
    public IReadOnlyList<ErrorBlock> Errors => Check.Errors;
}

/// <summary>Result of registering a signature card.</summary>
/// <param name="Zid">The new ZID, now the person's current id.</param>
/// <param name="PreviousId">The previous current id (a vID or earlier ZID) whose stored data the ZSS moves to the ZID; <see langword="null"/> when none.</param>
public sealed record CardRegistration(string Zid, string? PreviousId);
