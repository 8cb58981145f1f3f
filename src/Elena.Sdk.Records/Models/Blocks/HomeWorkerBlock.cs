using Elena.Sdk.Records.Layouts;

namespace Elena.Sdk.Records.Models;

/// <summary>Home worker (DBHA), 21 characters.</summary>
public sealed class HomeWorkerBlock : DataBlock
{
    /// <summary>Creates a blank home worker block.</summary>
    public HomeWorkerBlock()
        : base(BlockLayouts.HomeWorker)
    {
    }

    internal HomeWorkerBlock(ReadOnlySpan<byte> data)
        : base(BlockLayouts.HomeWorker, data)
    {
    }

    /// <summary>Holiday entitlement in days (URLTAGE).</summary>
    public int? HolidayEntitlementDays { get => (int?)GetNumber("URLTAGE"); set => SetNumber("URLTAGE", value); }

    /// <summary>Holiday days taken (TATSURLTAGE).</summary>
    public int? HolidayDaysTaken { get => (int?)GetNumber("TATSURLTAGE"); set => SetNumber("TATSURLTAGE", value); }

    /// <summary>Holiday pay in cents (URLEG).</summary>
    public long? HolidayPay { get => GetNumber("URLEG"); set => SetNumber("URLEG", value); }

    /// <summary>How the holiday pay was paid, <c>0</c>–<c>2</c> (URLEGGEZ).</summary>
    public string HolidayPayMethod { get => GetText("URLEGGEZ"); set => SetText("URLEGGEZ", value); }
}
