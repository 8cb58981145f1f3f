using Elena.Sdk.Records.Layouts;

namespace Elena.Sdk.Records.Models;

/// <summary>Absence periods (DBFZ): 6 characters and 0–31 items of 18; the count (ANFZ) is written from <see cref="GroupBlock{TItem}.Items"/>.</summary>
public sealed class AbsencePeriodsBlock : GroupBlock<AbsencePeriod>
{
    /// <summary>Creates a block with no items.</summary>
    public AbsencePeriodsBlock()
        : base(BlockLayouts.AbsencePeriods)
    {
    }

    internal AbsencePeriodsBlock(ReadOnlySpan<byte> data)
        : base(BlockLayouts.AbsencePeriods, data, item => new AbsencePeriod(item))
    {
    }
}
