using Elena.Sdk.Records.Layouts;

namespace Elena.Sdk.Records.Models;

/// <summary>Employer (DBAG), 348 characters.</summary>
public sealed class EmployerBlock : DataBlock
{
    /// <summary>Creates a blank employer block.</summary>
    public EmployerBlock()
        : base(BlockLayouts.Employer)
    {
    }

    internal EmployerBlock(ReadOnlySpan<byte> data)
        : base(BlockLayouts.Employer, data)
    {
    }

    /// <summary>Employer name, part 1 (NAME1AG).</summary>
    public string Name1 { get => GetText("NAME1AG"); set => SetText("NAME1AG", value); }

    /// <summary>Employer name, part 2 (NAME2AG).</summary>
    public string Name2 { get => GetText("NAME2AG"); set => SetText("NAME2AG", value); }

    /// <summary>Employer name, part 3 (NAME3AG).</summary>
    public string Name3 { get => GetText("NAME3AG"); set => SetText("NAME3AG", value); }

    /// <summary>Country code (AGLDKZ).</summary>
    public string CountryCode { get => GetText("AGLDKZ"); set => SetText("AGLDKZ", value); }

    /// <summary>Postcode (AGPLZ).</summary>
    public string PostalCode { get => GetText("AGPLZ"); set => SetText("AGPLZ", value); }

    /// <summary>Town (AGORT).</summary>
    public string Town { get => GetText("AGORT"); set => SetText("AGORT", value); }

    /// <summary>Street (AGSTR).</summary>
    public string Street { get => GetText("AGSTR"); set => SetText("AGSTR", value); }

    /// <summary>House number (AGHAUSNR).</summary>
    public string HouseNumber { get => GetText("AGHAUSNR"); set => SetText("AGHAUSNR", value); }

    /// <summary>Address supplement (AGADRZU).</summary>
    public string AddressSupplement { get => GetText("AGADRZU"); set => SetText("AGADRZU", value); }

    /// <summary>Contact person (AGAP).</summary>
    public string ContactName { get => GetText("AGAP"); set => SetText("AGAP", value); }

    /// <summary>Contact person's phone (AGTEL).</summary>
    public string ContactPhone { get => GetText("AGTEL"); set => SetText("AGTEL", value); }

    /// <summary>Contact person's e-mail address (AGEMAIL).</summary>
    public string ContactEmail { get => GetText("AGEMAIL"); set => SetText("AGEMAIL", value); }
}
