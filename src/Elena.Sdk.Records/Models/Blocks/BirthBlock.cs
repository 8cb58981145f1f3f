using Elena.Sdk.Records.Layouts;

namespace Elena.Sdk.Records.Models;

/// <summary>Birth data (DBGB), 117 characters.</summary>
public sealed class BirthBlock : DataBlock
{
    /// <summary>Creates a blank birth data block.</summary>
    public BirthBlock()
        : base(BlockLayouts.Birth)
    {
    }

    internal BirthBlock(ReadOnlySpan<byte> data)
        : base(BlockLayouts.Birth, data)
    {
    }

    /// <summary>Birth name (GBNA).</summary>
    public string BirthName { get => GetText("GBNA"); set => SetText("GBNA", value); }

    /// <summary>Prefix of the birth name, e.g. "von" (GBVORSA).</summary>
    public string BirthNamePrefix { get => GetText("GBVORSA"); set => SetText("GBVORSA", value); }

    /// <summary>Suffix of the birth name, e.g. "Freiherr" (GBNAZU).</summary>
    public string BirthNameSuffix { get => GetText("GBNAZU"); set => SetText("GBNAZU", value); }

    /// <summary>Birth date (GBDT).</summary>
    public DateOnly? BirthDate { get => GetDate("GBDT"); set => SetDate("GBDT", value); }

    /// <summary>Sex: <c>M</c>, <c>W</c> or <c>X</c> (GE).</summary>
    public string Sex { get => GetText("GE"); set => SetText("GE", value); }

    /// <summary>Place of birth (GBOT).</summary>
    public string PlaceOfBirth { get => GetText("GBOT"); set => SetText("GBOT", value); }
}
