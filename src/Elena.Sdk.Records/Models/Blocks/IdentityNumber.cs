using Elena.Sdk.Records.Layouts;

namespace Elena.Sdk.Records.Models;

/// <summary>One identity number in <see cref="IdentityNumbersBlock"/> (DBID), 21 characters.</summary>
public sealed class IdentityNumber : GroupItem
{
    /// <summary>Creates a blank item.</summary>
    public IdentityNumber()
        : base(BlockLayouts.IdentityItem)
    {
    }

    internal IdentityNumber(ReadOnlySpan<byte> data)
        : base(BlockLayouts.IdentityItem, data)
    {
    }

    /// <summary>Kind: <c>Z</c> certificate identity number (ZID), <c>V</c> provisional identity number (vID) (IDART).</summary>
    public string Kind { get => GetText("IDART"); set => SetText("IDART", value); }

    /// <summary>The ZID or vID (ID).</summary>
    public string Id { get => GetText("ID"); set => SetText("ID", value); }
}
