using Elena.Sdk.Records.Identifiers;

namespace Elena.Sdk.Records.Tests.Identifiers;

public class InsuranceNumberTests
{
    [Fact]
    public void IsValid_WorkedExampleFromVkvv_True() => Assert.True(InsuranceNumber.IsValid("65170839J003"));

    [Theory]
    [InlineData("65170839J004", "wrong check digit")]
    [InlineData("65171339J003", "month 13")]
    [InlineData("65320839J003", "day 32")]
    [InlineData("6517083JJ003", "letter in the date")]
    [InlineData("651708391003", "digit instead of letter")]
    [InlineData("65170839j003", "lower-case letter")]
    [InlineData("65170839J00", "eleven characters")]
    public void IsValid_Malformed_False(string number, string why) => Assert.False(InsuranceNumber.IsValid(number), why);

    [Theory]
    [InlineData("12", 1980, 2, 29, 'M', 7)]
    [InlineData("01", 1975, 12, 31, 'Z', 99)]
    [InlineData("65", 2000, 1, 1, 'A', 50)]
    public void Create_AnyParts_ProducesValidNumberWithParts(string area, int y, int m, int d, char initial, int serial)
    {
        string number = InsuranceNumber.Create(area, new DateOnly(y, m, d), initial, serial);

        Assert.True(InsuranceNumber.IsValid(number));
        Assert.Equal(area, number[..2]);
        Assert.Equal($"{d:00}{m:00}{y % 100:00}", number[2..8]);
        Assert.Equal(initial, number[8]);
        Assert.Equal($"{serial:00}", number[9..11]);
    }

    [Fact]
    public void IsProcedureNumber_Area01_True()
    {
        string vfnr = InsuranceNumber.Create(InsuranceNumber.ProcedureNumberArea, new DateOnly(1970, 5, 4), 'B', 12);
        Assert.True(InsuranceNumber.IsProcedureNumber(System.Text.Encoding.ASCII.GetBytes(vfnr)));
        Assert.False(InsuranceNumber.IsProcedureNumber("65170839J003"u8));
    }

    [Fact]
    public void IsValid_EveryCheckDigit_ExactlyOnePasses()
        => Assert.Equal(1, Enumerable.Range(0, 10).Count(d => InsuranceNumber.IsValid("65170839J00" + d)));
}
