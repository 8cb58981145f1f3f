using Elena.Sdk.Records.Layouts;

namespace Elena.Sdk.Records.Models;

/// <summary>Retired insurance numbers (DBST): 6 characters and 0–10 items of 12; the count (ANST) is written from <see cref="GroupBlock{TItem}.Items"/>.</summary>
public sealed class RetiredNumbersBlock : GroupBlock<RetiredNumber>
{
    /// <summary>Creates a block with no items.</summary>
    public RetiredNumbersBlock()
        : base(BlockLayouts.RetiredNumbers)
    {
    }

    internal RetiredNumbersBlock(ReadOnlySpan<byte> data)
        : base(BlockLayouts.RetiredNumbers, data, item => new RetiredNumber(item))
    {
    }
}
