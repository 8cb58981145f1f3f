using Elena.Sdk.Records.Identifiers;

namespace Elena.Sdk.Records.Tests.Identifiers;

public class EmployerNumberTests
{
    [Theory]
    [InlineData("33526082")] // check digit p itself
    [InlineData("19278293")] // check digit (p + 5) mod 10
    [InlineData("17046976")] // ITSG OSTC
    [InlineData("19878051")] // GKV communication server
    [InlineData("66667777")] // DSRV
    [InlineData("66660008")] // reference ZSS (docs/decisions.md R22)
    public void IsValid_PublishedNumbers_True(string number) => Assert.True(EmployerNumber.IsValid(number));

    [Theory]
    [InlineData("33526083", "wrong check digit")]
    [InlineData("19278294", "wrong check digit, neither p nor p+5")]
    [InlineData("00012347", "first three digits 000")]
    [InlineData("10512342", "first three digits in 100–110")]
    [InlineData("3352608", "seven digits")]
    [InlineData("335260820", "nine digits")]
    [InlineData("3352608A", "letter")]
    [InlineData("", "empty")]
    public void IsValid_Malformed_False(string number, string why)
    {
        Assert.False(EmployerNumber.IsValid(number), why);
    }

    [Fact]
    public void ComputeCheckDigit_FirstSevenOfValidNumber_GivesDirectDigit()
    {
        Assert.Equal(2, EmployerNumber.ComputeCheckDigit("3352608"));
        Assert.Equal(8, EmployerNumber.ComputeCheckDigit("1927829"));
    }

    [Fact]
    public void IsValid_AllCheckDigitsOfOnePrefix_ExactlyTwoPass()
    {
        int valid = Enumerable.Range(0, 10).Count(d => EmployerNumber.IsValid("1234567" + d));
        Assert.Equal(2, valid);
    }
}
