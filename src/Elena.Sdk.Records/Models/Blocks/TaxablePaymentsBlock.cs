using Elena.Sdk.Records.Layouts;

namespace Elena.Sdk.Records.Models;

/// <summary>Taxable other payments (DBSE): 6 characters and 0–31 items of 43; the count (ANSTSOB) is written from <see cref="GroupBlock{TItem}.Items"/>.</summary>
public sealed class TaxablePaymentsBlock : GroupBlock<TaxablePayment>
{
    /// <summary>Creates a block with no items.</summary>
    public TaxablePaymentsBlock()
        : base(BlockLayouts.TaxablePayments)
    {
    }

    internal TaxablePaymentsBlock(ReadOnlySpan<byte> data)
        : base(BlockLayouts.TaxablePayments, data, item => new TaxablePayment(item))
    {
    }
}
