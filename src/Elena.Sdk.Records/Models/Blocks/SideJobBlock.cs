using Elena.Sdk.Records.Layouts;

namespace Elena.Sdk.Records.Models;

/// <summary>Side job of an unemployed person (DBNB), 108 characters.</summary>
public sealed class SideJobBlock : DataBlock
{
    /// <summary>Creates a blank side job block.</summary>
    public SideJobBlock()
        : base(BlockLayouts.SideJob)
    {
    }

    internal SideJobBlock(ReadOnlySpan<byte> data)
        : base(BlockLayouts.SideJob, data)
    {
    }

    /// <summary>Hours worked in calendar week 1, in hundredths of an hour (STU1KW).</summary>
    public long? HoursWeek1 { get => GetNumber("STU1KW"); set => SetNumber("STU1KW", value); }

    /// <summary>Hours worked in calendar week 2, in hundredths of an hour (STU2KW).</summary>
    public long? HoursWeek2 { get => GetNumber("STU2KW"); set => SetNumber("STU2KW", value); }

    /// <summary>Hours worked in calendar week 3, in hundredths of an hour (STU3KW).</summary>
    public long? HoursWeek3 { get => GetNumber("STU3KW"); set => SetNumber("STU3KW", value); }

    /// <summary>Hours worked in calendar week 4, in hundredths of an hour (STU4KW).</summary>
    public long? HoursWeek4 { get => GetNumber("STU4KW"); set => SetNumber("STU4KW", value); }

    /// <summary>Hours worked in calendar week 5, in hundredths of an hour (STU5KW).</summary>
    public long? HoursWeek5 { get => GetNumber("STU5KW"); set => SetNumber("STU5KW", value); }

    /// <summary>Hours worked in calendar week 6, in hundredths of an hour (STU6KW).</summary>
    public long? HoursWeek6 { get => GetNumber("STU6KW"); set => SetNumber("STU6KW", value); }

    /// <summary>Home work: day of issue (HEIMARBAUSG).</summary>
    public string HomeWorkIssueDay { get => GetText("HEIMARBAUSG"); set => SetText("HEIMARBAUSG", value); }

    /// <summary>Home work: day of delivery (HEIMARBABL).</summary>
    public string HomeWorkDeliveryDay { get => GetText("HEIMARBABL"); set => SetText("HEIMARBABL", value); }
}
