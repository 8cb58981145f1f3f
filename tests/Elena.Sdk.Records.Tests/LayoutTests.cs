using Elena.Sdk.Records.Identifiers;
using Elena.Sdk.Records.Layouts;
using Elena.Sdk.Records.Validation;
using Elena.Sdk.Testing;

namespace Elena.Sdk.Records.Tests;

/// <summary>Positions from the specifications (wire-formats §1, §2) and the SDK's documented decisions.</summary>
public class LayoutTests
{
    [Theory]
    [InlineData("DSKO", "02", "EMAILAP", 341, 70)]
    [InlineData("DSKO", "02", "VERBEST", 411, 1)]
    [InlineData("DSKO", "02", "FERUECK", 412, 1)]
    [InlineData("DSKO", "02", "BBNRER", 64, 15)]
    [InlineData("DSKO", "04", "ABSNER", 64, 15)]
    [InlineData("VOSZ", "01", "DTNR", 48, 6)]
    [InlineData("NCSZ", "01", "ZLSZ", 54, 8)]
    [InlineData("MVDS", "01", "VSNRVFNR", 64, 12)]
    [InlineData("MVDS", "01", "BEAM", 171, 1)]
    [InlineData("MVDS", "01", "MMEN", 218, 1)]
    [InlineData("MVDS", "01", "MMKE", 231, 1)]
    [InlineData("DSME", "05", "MMBM", 360, 1)]
    [InlineData("DSME", "05", "DSID", 228, 32)]
    [InlineData("DSME", "04", "MMKV", 189, 1)]
    public void Field_Position_MatchesSpecification(string type, string version, string field, int position, int length)
    {
        var f = RecordLayouts.Find(type, version, type == "MVDS" ? "ELENA" : null)!.FixedPart.FindField(field)!;
        Assert.Equal((position, length), (f.Position, f.Length));
    }

    [Theory]
    [InlineData("VOSZ", 105)]
    [InlineData("NCSZ", 63)]
    [InlineData("DSKO", 415)]
    [InlineData("MVDS", 245)]
    [InlineData("DSME", 559)]
    public void FixedPart_Length_MatchesSpecification(string type, int length)
        => Assert.All(RecordLayouts.All.Where(l => l.RecordType == type), l => Assert.Equal(length, l.FixedPart.Length));

    [Fact]
    public void Blocks_Lengths_MatchSpecification()
    {
        Assert.Equal(
            [237, 125, 117, 133, 348, 51, 6, 6, 6, 29, 135, 108, 21, 522, 20, 6, 6],
            RecordLayouts.Earnings.Blocks.Select(b => b.Layout.Length));
        Assert.Equal(76, BlockLayouts.Error.Length);
        Assert.Equal((18, 43, 43), (BlockLayouts.AbsencePeriodItem.Length, BlockLayouts.TaxablePaymentItem.Length, BlockLayouts.TaxFreePaymentItem.Length));
    }

    [Fact]
    public void ElenaNumberRequest_FixesFlags()
    {
        var fixedPart = RecordLayouts.ElenaNumberRequest.FixedPart;
        Assert.Equal("J", fixedPart.FindField("MMNA")!.Literal);
        Assert.Equal("N", fixedPart.FindField("MMEN")!.Literal);
        Assert.Equal("N", fixedPart.FindField("KENNZST")!.Literal);
    }

    [Fact]
    public void Decisions_AreValid()
    {
        Assert.Equal("AGENA", FileValidationOptions.ElenaProcedureCode);
        Assert.True(EmployerNumber.IsValid(ReferenceParties.CentralStorageOffice));
        Assert.NotEqual(ReferenceParties.PensionDataOffice, ReferenceParties.CentralStorageOffice);
        Assert.Equal((2_000, 20_000), (FileValidationOptions.MailRecordLimit, FileValidationOptions.ExtraRecordLimit));
    }
}
