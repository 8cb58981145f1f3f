namespace Elena.Sdk.Samples.MonthlyRun;

/// <summary>
/// The run's clock: the system clock, moved forward when the run lets days pass (the trust center issues a
/// certificate two days after the order confirmation). Timestamps for durations stay the real monotonic ones.
/// </summary>
internal sealed class SampleClock : TimeProvider
{
    private long _offsetTicks;

    /// <summary>How far the clock has been moved ahead of the system clock.</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => TimeProvider.System.GetUtcNow() + Offset;

    /// <summary>Lets time pass.</summary>
    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
