using Elena.Sdk.Records.Models;

namespace Elena.Sdk.Testing.Dsrv;

/// <summary>The DSRV's answer to a DSVV number request.</summary>
public sealed class NumberSearch
{
    internal NumberSearch(string reasonCode, string? number)
    {
        ReasonCode = reasonCode;
        Number = number;
        NumberReturn = new NumberReturnBlock { ReasonCode = reasonCode };
        if (number is not null)
        {
            NumberReturn.AreaNumber = number[..2];
            NumberReturn.Number = number;
        }
    }

    /// <summary>GDMQ code (see <see cref="DsrvReasonCodes"/>).</summary>
    public string ReasonCode { get; }

    /// <summary>The number returned or assigned (GDMQ 02 or 21), else <see langword="null"/>.</summary>
    public string? Number { get; }

    /// <summary>The DBVR block: GDMQ, area number and number.</summary>
    public NumberReturnBlock NumberReturn { get; }

    /// <summary>DBFE blocks: errors and hints.</summary>
    public IReadOnlyList<ErrorBlock> Errors { get; init; } = [];

    /// <summary>The corrected address (DBAN) when the DSRV corrected it, else <see langword="null"/>.</summary>
    public AddressBlock? CorrectedAddress { get; init; }

    /// <summary>The check case id (GDMQ 22), else <see langword="null"/>.</summary>
    public string? CheckCaseId { get; init; }

    /// <summary>Reactions of the reaction table that were applied.</summary>
    public DsrvReactions Reactions { get; init; }

    /// <summary>Reaction table row 1–8, or 0 when the table was not reached (address error, several candidates, check case).</summary>
    public int TableCase { get; init; }

    /// <summary>True when the answer is an error (GDMQ 23, 24, 25, 26).</summary>
    public bool IsError => ReasonCode is DsrvReasonCodes.CheckCaseEmployee or DsrvReasonCodes.NoNumberAssigned
        or DsrvReasonCodes.WrongAddress or DsrvReasonCodes.ImplausiblePersonalData;
}
