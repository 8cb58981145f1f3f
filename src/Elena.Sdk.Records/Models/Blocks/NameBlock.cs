using Elena.Sdk.Records.Layouts;

namespace Elena.Sdk.Records.Models;

/// <summary>Name (DBNA), 125 characters.</summary>
public sealed class NameBlock : DataBlock
{
    /// <summary>Creates a blank name block.</summary>
    public NameBlock()
        : base(BlockLayouts.Name)
    {
    }

    internal NameBlock(ReadOnlySpan<byte> data)
        : base(BlockLayouts.Name, data)
    {
    }

    /// <summary>Family name (FMNA).</summary>
    public string FamilyName { get => GetText("FMNA"); set => SetText("FMNA", value); }

    /// <summary>First name (VONA).</summary>
    public string FirstName { get => GetText("VONA"); set => SetText("VONA", value); }

    /// <summary>Name prefix, e.g. "von" (VOSA).</summary>
    public string Prefix { get => GetText("VOSA"); set => SetText("VOSA", value); }

    /// <summary>Name suffix, e.g. "Freiherr" (NAZU).</summary>
    public string Suffix { get => GetText("NAZU"); set => SetText("NAZU", value); }

    /// <summary>Title, e.g. "Dr." (TITEL).</summary>
    public string Title { get => GetText("TITEL"); set => SetText("TITEL", value); }

    /// <summary>Change indicator A/M (KENNZAB).</summary>
    public string ChangeIndicator { get => GetText("KENNZAB"); set => SetText("KENNZAB", value); }
}
