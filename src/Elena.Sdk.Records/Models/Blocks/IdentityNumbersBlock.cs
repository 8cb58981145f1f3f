using Elena.Sdk.Records.Layouts;

namespace Elena.Sdk.Records.Models;

/// <summary>Identity numbers of a participant (DBID): 6 characters and 1–20 items of 21; the count (ANID) is written from <see cref="GroupBlock{TItem}.Items"/>.</summary>
public sealed class IdentityNumbersBlock : GroupBlock<IdentityNumber>
{
    /// <summary>Creates a block with no items.</summary>
    public IdentityNumbersBlock()
        : base(BlockLayouts.IdentityNumbers)
    {
    }

    internal IdentityNumbersBlock(ReadOnlySpan<byte> data)
        : base(BlockLayouts.IdentityNumbers, data, item => new IdentityNumber(item))
    {
    }
}
