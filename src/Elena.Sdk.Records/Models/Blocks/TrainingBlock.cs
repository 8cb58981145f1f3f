using Elena.Sdk.Records.Layouts;

namespace Elena.Sdk.Records.Models;

/// <summary>Training (DBAS), 29 characters.</summary>
public sealed class TrainingBlock : DataBlock
{
    /// <summary>Creates a blank training block.</summary>
    public TrainingBlock()
        : base(BlockLayouts.Training)
    {
    }

    internal TrainingBlock(ReadOnlySpan<byte> data)
        : base(BlockLayouts.Training, data)
    {
    }

    /// <summary>Kind of training, <c>1</c> or <c>2</c> (MMARTAS).</summary>
    public string Kind { get => GetText("MMARTAS"); set => SetText("MMARTAS", value); }

    /// <summary>Start of training (ASBEG).</summary>
    public DateOnly? Start { get => GetDate("ASBEG"); set => SetDate("ASBEG", value); }

    /// <summary>Planned end of training (ASVOREND).</summary>
    public DateOnly? PlannedEnd { get => GetDate("ASVOREND"); set => SetDate("ASVOREND", value); }

    /// <summary>Actual end of training; <see langword="null"/> while ongoing, written as zeros (TATASEND).</summary>
    public DateOnly? ActualEnd { get => GetDate("TATASEND"); set => SetDate("TATASEND", value); }
}
