using Elena.Sdk.Records.Layouts;

namespace Elena.Sdk.Records.Models;

/// <summary>One taxable other payment in <see cref="TaxablePaymentsBlock"/> (DBSE), 43 characters.</summary>
public sealed class TaxablePayment : GroupItem
{
    /// <summary>Creates a blank item.</summary>
    public TaxablePayment()
        : base(BlockLayouts.TaxablePaymentItem)
    {
    }

    internal TaxablePayment(ReadOnlySpan<byte> data)
        : base(BlockLayouts.TaxablePaymentItem, data)
    {
    }

    /// <summary>Amount in cents (VSTSOB/STSOB).</summary>
    public long? AmountCents { get => GetSigned("VSTSOB", "STSOB"); set => SetSigned("VSTSOB", "STSOB", value); }

    /// <summary>Kind of payment, two digits, e.g. <c>01</c> Christmas bonus, <c>99</c> other (STSOBART).</summary>
    public string Kind { get => GetText("STSOBART"); set => SetText("STSOBART", value); }

    /// <summary>Kind of payment as text (STSOBARTTX).</summary>
    public string KindText { get => GetText("STSOBARTTX"); set => SetText("STSOBARTTX", value); }
}
