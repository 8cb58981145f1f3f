using Elena.Sdk.Records.Layouts;

namespace Elena.Sdk.Records.Models;

/// <summary>One tax-free payment in <see cref="TaxFreePaymentsBlock"/> (DBSB), 43 characters.</summary>
public sealed class TaxFreePayment : GroupItem
{
    /// <summary>Creates a blank item.</summary>
    public TaxFreePayment()
        : base(BlockLayouts.TaxFreePaymentItem)
    {
    }

    internal TaxFreePayment(ReadOnlySpan<byte> data)
        : base(BlockLayouts.TaxFreePaymentItem, data)
    {
    }

    /// <summary>Amount in cents (VSB/SB).</summary>
    public long? AmountCents { get => GetSigned("VSB", "SB"); set => SetSigned("VSB", "SB", value); }

    /// <summary>Kind of payment, two digits (SBART).</summary>
    public string Kind { get => GetText("SBART"); set => SetText("SBART", value); }

    /// <summary>Kind of payment as text (SBARTTX).</summary>
    public string KindText { get => GetText("SBARTTX"); set => SetText("SBARTTX", value); }
}
