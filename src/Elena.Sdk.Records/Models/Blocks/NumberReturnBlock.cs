using Elena.Sdk.Records.Layouts;

namespace Elena.Sdk.Records.Models;

/// <summary>Number assignment or return (DBVR), 20 characters: the reply to a number request.</summary>
public sealed class NumberReturnBlock : DataBlock
{
    /// <summary>Creates a blank number return block.</summary>
    public NumberReturnBlock()
        : base(BlockLayouts.NumberReturn)
    {
    }

    internal NumberReturnBlock(ReadOnlySpan<byte> data)
        : base(BlockLayouts.NumberReturn, data)
    {
    }

    /// <summary>Reason code, two digits (GDMQ).</summary>
    public string ReasonCode { get => GetText("GDMQ"); set => SetText("GDMQ", value); }

    /// <summary>Area number of the assigning institution, two digits (BRNR).</summary>
    public string AreaNumber { get => GetText("BRNR"); set => SetText("BRNR", value); }

    /// <summary>Insurance or procedure number assigned or found (VSNRZH).</summary>
    public string Number { get => GetText("VSNRZH"); set => SetText("VSNRZH", value); }
}
