using Elena.Sdk.Testing.Dsrv;
using static Elena.Sdk.Testing.Tests.Dsrv.DsrvTestData;

namespace Elena.Sdk.Testing.Tests.Dsrv;

public class InMemoryDsrvIdentityTests
{
    [Fact]
    public void CheckIdentity_AllFieldsMatch_ConfirmedScoreOne()
    {
        var dsrv = NewDsrv(out var master);
        master.Add(Person(Vsnr()));

        var result = dsrv.CheckIdentity(Mvds(Vsnr(), family: "MUELLER", first: "hans"));

        Assert.Equal(IdentityCheckStatus.Confirmed, result.Status);
        Assert.Equal(1.0, result.Score);
        Assert.Equal(Vsnr(), result.CurrentNumber);
        Assert.Equal(Vsnr(), result.NumberReturn!.Number);
        Assert.Empty(result.Errors);
        Assert.Empty(result.RetiredNumbersBlock!.Items);
    }

    [Fact]
    public void CheckIdentity_UnknownNumber_MismatchWithDbfe()
    {
        var dsrv = NewDsrv(out _);

        var result = dsrv.CheckIdentity(Mvds(Vsnr()));

        Assert.Equal(IdentityCheckStatus.Mismatch, result.Status);
        Assert.Null(result.CurrentNumber);
        Assert.Equal(DsrvErrorCodes.NumberUnknown, Assert.Single(result.Errors).Code);
    }

    [Fact]
    public void CheckIdentity_OnlyBirthDateMatches_RejectedBelowThreshold()
    {
        var dsrv = NewDsrv(out var master);
        master.Add(Person(Vsnr()));

        var result = dsrv.CheckIdentity(Mvds(Vsnr(), family: "Schmidt", first: "Eva", birthName: "Schulz", place: "Bonn", sex: "W"));

        Assert.Equal(IdentityCheckStatus.Rejected, result.Status);
        Assert.Equal(2.0 / 7, result.Score, 6);
        var error = Assert.Single(result.Errors);
        Assert.Equal(DsrvErrorCodes.DuplicateAssignmentSuspicion, error.Code);
        Assert.Equal("Doppelvergabeverdacht", error.Text);
        Assert.Null(result.NumberReturn);
    }

    [Fact]
    public void CheckIdentity_BirthDateAndFamilyName_ConfirmedAtThreshold()
    {
        var dsrv = NewDsrv(out var master);
        master.Add(Person(Vsnr()));

        // 3/7 = 42.9 % >= 40 %: the smallest passing combination.
        var result = dsrv.CheckIdentity(Mvds(Vsnr(), family: "Müller", first: "Eva", birthName: "Schulz", place: "Bonn", sex: "W"));

        Assert.Equal(IdentityCheckStatus.Confirmed, result.Status);
        Assert.Equal(3.0 / 7, result.Score, 6);
    }

    [Fact]
    public void CheckIdentity_BirthDateFamilyAndFirstName_Confirmed()
    {
        var dsrv = NewDsrv(out var master);
        master.Add(Person(Vsnr()));

        var result = dsrv.CheckIdentity(Mvds(Vsnr(), birthName: "Schulz", place: "Bonn", sex: "W"));

        Assert.Equal(IdentityCheckStatus.Confirmed, result.Status);
        Assert.Equal(4.0 / 7, result.Score, 6);
    }

    [Fact]
    public void CheckIdentity_RetiredNumberGiven_ResolvesToCurrentWithDbst()
    {
        var dsrv = NewDsrv(out var master);
        string current = Vsnr(serial: 3);
        string retired1 = Vsnr(serial: 1);
        string retired2 = Vsnr(serial: 2);
        master.Add(Person(current, retired: [retired1, retired2]));

        var result = dsrv.CheckIdentity(Mvds(retired1));

        Assert.Equal(IdentityCheckStatus.Confirmed, result.Status);
        Assert.Equal(current, result.CurrentNumber);
        Assert.Equal(current, result.NumberReturn!.Number);
        Assert.Equal("02", result.NumberReturn.ReasonCode);
        Assert.Equal([retired1, retired2], result.RetiredNumbers);
        Assert.Equal([retired1, retired2], result.RetiredNumbersBlock!.Items.Select(i => i.Number));
    }

    [Fact]
    public void CheckIdentity_FaultInjectedTwice_ThrowsTwiceThenRecovers()
    {
        var dsrv = NewDsrv(out var master);
        master.Add(Person(Vsnr()));
        dsrv.InjectFault(DsrvFault.D10, 2);
        dsrv.InjectFault(DsrvFault.Timeout);

        Assert.Equal("D10", Assert.Throws<DsrvException>(() => dsrv.CheckIdentity(Mvds(Vsnr()))).Code);
        Assert.Equal("D10", Assert.Throws<DsrvException>(() => dsrv.CheckIdentity(Mvds(Vsnr()))).Code);
        Assert.Equal(DsrvFault.Timeout, Assert.Throws<DsrvException>(() => dsrv.CheckIdentity(Mvds(Vsnr()))).Fault);
        Assert.True(dsrv.CheckIdentity(Mvds(Vsnr())).IsConfirmed);
    }

    [Fact]
    public void Add_DuplicateNumber_Throws()
    {
        var master = new DsrvMasterData();
        master.Add(Person(Vsnr()));

        Assert.Throws<ArgumentException>(() => master.Add(Person(Vsnr())));
        Assert.Throws<ArgumentException>(() => master.Add(Person("65170870M009")));
    }

    [Theory]
    [InlineData("Müller-Lüdenscheidt", "MUELLERLUEDENSCHEIDT")]
    [InlineData("Strauß", "STRAUSS")]
    [InlineData("José Öz", "JOSEOEZ")]
    public void Normalize_Names_Expected(string input, string expected)
        => Assert.Equal(expected, DsrvMasterData.Normalize(input));
}
