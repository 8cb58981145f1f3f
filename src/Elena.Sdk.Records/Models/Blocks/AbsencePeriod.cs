using Elena.Sdk.Records.Layouts;

namespace Elena.Sdk.Records.Models;

/// <summary>One absence period in <see cref="AbsencePeriodsBlock"/> (DBFZ), 18 characters.</summary>
public sealed class AbsencePeriod : GroupItem
{
    /// <summary>Creates a blank item.</summary>
    public AbsencePeriod()
        : base(BlockLayouts.AbsencePeriodItem)
    {
    }

    internal AbsencePeriod(ReadOnlySpan<byte> data)
        : base(BlockLayouts.AbsencePeriodItem, data)
    {
    }

    /// <summary>Start of the absence (FEHLBEG).</summary>
    public DateOnly? Start { get => GetDate("FEHLBEG"); set => SetDate("FEHLBEG", value); }

    /// <summary>Kind of absence, two digits <c>01</c>–<c>16</c> (FEHLART).</summary>
    public string Kind { get => GetText("FEHLART"); set => SetText("FEHLART", value); }

    /// <summary>End of the absence; <see langword="null"/> while open, written as zeros (FEHLEND).</summary>
    public DateOnly? End { get => GetDate("FEHLEND"); set => SetDate("FEHLEND", value); }
}
