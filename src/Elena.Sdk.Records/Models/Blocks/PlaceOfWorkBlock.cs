using Elena.Sdk.Records.Layouts;

namespace Elena.Sdk.Records.Models;

/// <summary>Deviating place of work (DBAB), 51 characters.</summary>
public sealed class PlaceOfWorkBlock : DataBlock
{
    /// <summary>Creates a blank place of work block.</summary>
    public PlaceOfWorkBlock()
        : base(BlockLayouts.PlaceOfWork)
    {
    }

    internal PlaceOfWorkBlock(ReadOnlySpan<byte> data)
        : base(BlockLayouts.PlaceOfWork, data)
    {
    }

    /// <summary>Country code (BORTLDKZ).</summary>
    public string CountryCode { get => GetText("BORTLDKZ"); set => SetText("BORTLDKZ", value); }

    /// <summary>Postcode (BPLZ).</summary>
    public string PostalCode { get => GetText("BPLZ"); set => SetText("BPLZ", value); }

    /// <summary>Town (BORT).</summary>
    public string Town { get => GetText("BORT"); set => SetText("BORT", value); }
}
