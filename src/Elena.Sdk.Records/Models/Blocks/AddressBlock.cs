using Elena.Sdk.Records.Layouts;

namespace Elena.Sdk.Records.Models;

/// <summary>Address (DBAN), 133 characters.</summary>
public sealed class AddressBlock : DataBlock
{
    /// <summary>Creates a blank address block.</summary>
    public AddressBlock()
        : base(BlockLayouts.Address)
    {
    }

    internal AddressBlock(ReadOnlySpan<byte> data)
        : base(BlockLayouts.Address, data)
    {
    }

    /// <summary>Country code; blank or <c>D</c> for Germany (LDKZ).</summary>
    public string CountryCode { get => GetText("LDKZ"); set => SetText("LDKZ", value); }

    /// <summary>Postcode (PLZ).</summary>
    public string PostalCode { get => GetText("PLZ"); set => SetText("PLZ", value); }

    /// <summary>Town (ORT).</summary>
    public string Town { get => GetText("ORT"); set => SetText("ORT", value); }

    /// <summary>Street (STR).</summary>
    public string Street { get => GetText("STR"); set => SetText("STR", value); }

    /// <summary>House number (NR).</summary>
    public string HouseNumber { get => GetText("NR"); set => SetText("NR", value); }

    /// <summary>Address supplement, e.g. "c/o" or a building part (ADRZU).</summary>
    public string AddressSupplement { get => GetText("ADRZU"); set => SetText("ADRZU", value); }
}
