using Elena.Sdk.Records.Layouts;

namespace Elena.Sdk.Records.Models;

/// <summary>
/// Reporting facts (DBME), 147 characters, in the layout of DSME v04 (<see cref="BlockLayouts.ReportingFactsV04"/>)
/// or v05 (<see cref="BlockLayouts.ReportingFactsV05"/>). A notification record accepts only the layout of its
/// own version.
/// </summary>
public sealed class ReportingFactsBlock : DataBlock
{
    private readonly string _transitionZoneField;

    /// <summary>Creates a blank reporting facts block.</summary>
    /// <param name="layout"><see cref="BlockLayouts.ReportingFactsV04"/> or <see cref="BlockLayouts.ReportingFactsV05"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="layout"/> is not a DBME layout.</exception>
    public ReportingFactsBlock(SegmentLayout layout)
        : base(CheckLayout(layout))
    {
        _transitionZoneField = TransitionZoneField(layout);
    }

    internal ReportingFactsBlock(SegmentLayout layout, ReadOnlySpan<byte> data)
        : base(CheckLayout(layout), data)
    {
        _transitionZoneField = TransitionZoneField(layout);
    }

    /// <summary>Cancellation (KENNZST).</summary>
    public bool? IsCancellation { get => GetFlag("KENNZST"); set => SetFlag("KENNZST", value); }

    /// <summary>Transition zone indicator, <c>0</c>–<c>2</c> (KENNZGLE in v04, KENNZMIDI in v05).</summary>
    public string TransitionZone { get => GetText(_transitionZoneField); set => SetText(_transitionZoneField, value); }

    /// <summary>Start of the reporting period (ZRBG).</summary>
    public DateOnly? PeriodStart { get => GetDate("ZRBG"); set => SetDate("ZRBG", value); }

    /// <summary>End of the reporting period; <see langword="null"/> writes zeros (ZREN).</summary>
    public DateOnly? PeriodEnd { get => GetDate("ZREN"); set => SetDate("ZREN", value); }

    /// <summary>Days of short-term employment (ZLTG).</summary>
    public int? ShortTermEmploymentDays { get => (int?)GetNumber("ZLTG"); set => SetNumber("ZLTG", value); }

    /// <summary>Currency, <c>E</c> for euro (WG).</summary>
    public string Currency { get => GetText("WG"); set => SetText("WG", value); }

    /// <summary>Pay in whole euro (EG).</summary>
    public long? Pay { get => GetNumber("EG"); set => SetNumber("EG", value); }

    /// <summary>Contribution group key (BYGR).</summary>
    public string ContributionGroupKey { get => GetText("BYGR"); set => SetText("BYGR", value); }

    /// <summary>Activity key (TTSC).</summary>
    public string ActivityKey { get => GetText("TTSC"); set => SetText("TTSC", value); }

    /// <summary>Legal area: <c>W</c> west or <c>O</c> east (KENNZRK).</summary>
    public string LegalArea { get => GetText("KENNZRK"); set => SetText("KENNZRK", value); }

    /// <summary>Multiple employment (KENNZMF).</summary>
    public bool? IsMultipleEmployment { get => GetFlag("KENNZMF"); set => SetFlag("KENNZMF", value); }

    /// <summary>Kind of employee (KENNZAP).</summary>
    public string EmployeeKind { get => GetText("KENNZAP"); set => SetText("KENNZAP", value); }

    /// <summary>Seasonal worker (KENNZSAN).</summary>
    public bool? IsSeasonalWorker { get => GetFlag("KENNZSAN"); set => SetFlag("KENNZSAN", value); }

    /// <summary>Pension-relevant pay in whole euro without the transition-zone reduction (EGRB, v05 only).</summary>
    /// <exception cref="InvalidOperationException">The block has the v04 layout, which has no such field.</exception>
    public long? PensionRelevantPay
    {
        get => GetNumber(RequireV05());
        set => SetNumber(RequireV05(), value);
    }

    private string RequireV05() => Layout.FindField("EGRB") is not null
        ? "EGRB"
        : throw new InvalidOperationException("EGRB (pension-relevant pay) exists only in the DBME layout of DSME v05; this block has the v04 layout.");

    private static SegmentLayout CheckLayout(SegmentLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return ReferenceEquals(layout, BlockLayouts.ReportingFactsV04) || ReferenceEquals(layout, BlockLayouts.ReportingFactsV05)
            ? layout
            : throw new ArgumentException(
                $"A reporting facts block needs {nameof(BlockLayouts)}.{nameof(BlockLayouts.ReportingFactsV04)} or {nameof(BlockLayouts.ReportingFactsV05)}; got {layout.Identifier}.",
                nameof(layout));
    }

    private static string TransitionZoneField(SegmentLayout layout) => layout.FindField("KENNZMIDI") is null ? "KENNZGLE" : "KENNZMIDI";
}
