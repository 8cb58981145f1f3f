using Elena.Sdk.Records.Layouts;

namespace Elena.Sdk.Records.Models;

/// <summary>One retired insurance number in <see cref="RetiredNumbersBlock"/> (DBST), 12 characters.</summary>
public sealed class RetiredNumber : GroupItem
{
    /// <summary>Creates a blank item.</summary>
    public RetiredNumber()
        : base(BlockLayouts.RetiredNumberItem)
    {
    }

    internal RetiredNumber(ReadOnlySpan<byte> data)
        : base(BlockLayouts.RetiredNumberItem, data)
    {
    }

    /// <summary>The retired insurance number (VSNRST).</summary>
    public string Number { get => GetText("VSNRST"); set => SetText("VSNRST", value); }
}
