using Elena.Sdk.Records.Layouts;

namespace Elena.Sdk.Records.Models;

/// <summary>Tax-free payments (DBSB): 6 characters and 0–31 items of 43; the count (ANSB) is written from <see cref="GroupBlock{TItem}.Items"/>.</summary>
public sealed class TaxFreePaymentsBlock : GroupBlock<TaxFreePayment>
{
    /// <summary>Creates a block with no items.</summary>
    public TaxFreePaymentsBlock()
        : base(BlockLayouts.TaxFreePayments)
    {
    }

    internal TaxFreePaymentsBlock(ReadOnlySpan<byte> data)
        : base(BlockLayouts.TaxFreePayments, data, item => new TaxFreePayment(item))
    {
    }
}
