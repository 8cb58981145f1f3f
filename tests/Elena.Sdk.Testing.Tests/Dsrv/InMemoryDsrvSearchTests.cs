using Elena.Sdk.Records.Identifiers;
using Elena.Sdk.Testing.Dsrv;
using static Elena.Sdk.Testing.Tests.Dsrv.DsrvTestData;

namespace Elena.Sdk.Testing.Tests.Dsrv;

public class InMemoryDsrvSearchTests
{
    private const DsrvReactions Found = DsrvReactions.ReportNumber | DsrvReactions.ReportNumberToEmployer;

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 2)]
    public void Search_VfnrAndVsnrExist_ReturnsVsnrWithoutReactions(bool civilServant, int row)
    {
        var dsrv = NewDsrv(out var master);
        string vsnr = Vsnr();
        string vfnr = Vsnr(area: "01");
        master.Add(Person(vsnr, vfnr, civilServant));

        var result = dsrv.Search(Dsvv(civilServant));

        Assert.Equal("02", result.ReasonCode);
        Assert.Equal(vsnr, result.Number);
        Assert.Equal(row, result.TableCase);
        Assert.Equal(DsrvReactions.None, result.Reactions);
        AssertDbvr(result, "02", vsnr);
    }

    [Fact]
    public void Search_VfnrOnlyCivilServant_ReturnsVfnrGdmq02Case3()
    {
        var dsrv = NewDsrv(out var master);
        string vfnr = Vsnr(area: "01");
        master.Add(Person(vfnr: vfnr, civilServant: true));

        var result = dsrv.Search(Dsvv(true));

        Assert.Equal("02", result.ReasonCode);
        Assert.Equal(vfnr, result.Number);
        Assert.StartsWith("01", result.Number, StringComparison.Ordinal);
        Assert.Equal(3, result.TableCase);
        Assert.Equal(Found, result.Reactions);
        AssertDbvr(result, "02", vfnr);
        Assert.Null(master.FindByNumber(vfnr)!.InsuranceNumber);
    }

    [Fact]
    public void Search_VfnrOnlyNotCivilServant_ActivatesVfnrAsVsnrCase4()
    {
        var dsrv = NewDsrv(out var master);
        string vfnr = Vsnr(area: "01");
        master.Add(Person(vfnr: vfnr));

        var result = dsrv.Search(Dsvv(false));

        Assert.Equal("02", result.ReasonCode);
        Assert.Equal(vfnr, result.Number);
        Assert.Equal(4, result.TableCase);
        Assert.Equal(DsrvReactions.ActivateProcedureNumber | Found | DsrvReactions.DsrvInformsParticipant, result.Reactions);
        Assert.Equal(vfnr, master.FindByNumber(vfnr)!.InsuranceNumber);
        AssertDbvr(result, "02", vfnr);
    }

    [Theory]
    [InlineData(true, 5)]
    [InlineData(false, 6)]
    public void Search_VsnrOnly_ReturnsVsnrGdmq02(bool civilServant, int row)
    {
        var dsrv = NewDsrv(out var master);
        string vsnr = Vsnr();
        master.Add(Person(vsnr));

        var result = dsrv.Search(Dsvv(civilServant));

        Assert.Equal("02", result.ReasonCode);
        Assert.Equal(vsnr, result.Number);
        Assert.True(InsuranceNumber.IsValid(result.Number));
        Assert.Equal(row, result.TableCase);
        Assert.Equal(Found, result.Reactions);
        Assert.False(result.IsError);
        AssertDbvr(result, "02", vsnr);
    }

    [Fact]
    public void Search_NoneFoundCivilServant_AssignsVfnrGdmq21Case7()
    {
        var dsrv = NewDsrv(out var master);

        var result = dsrv.Search(Dsvv(true, family: "Öztürk"));

        Assert.Equal("21", result.ReasonCode);
        Assert.Equal(7, result.TableCase);
        Assert.Equal(DsrvReactions.AssignProcedureNumber | DsrvReactions.ReportNewProcedureNumber | DsrvReactions.ZssInformsParticipant | DsrvReactions.ReportNumberToEmployer, result.Reactions);
        Assert.True(InsuranceNumber.IsValid(result.Number));
        Assert.Equal("01170870O00", result.Number![..11]);
        AssertDbvr(result, "21", result.Number);
        Assert.Equal("01", result.NumberReturn.AreaNumber);
        var stored = master.FindByNumber(result.Number);
        Assert.NotNull(stored);
        Assert.True(stored.IsCivilServant);
        Assert.Null(stored.InsuranceNumber);
    }

    [Fact]
    public void Search_NoneFoundCivilServantTwice_SerialsUnique()
    {
        var dsrv = NewDsrv(out _);

        var first = dsrv.Search(Dsvv(true, first: "Anna", sex: "W"));
        var second = dsrv.Search(Dsvv(true, first: "Berta", sex: "W"));

        Assert.NotEqual(first.Number, second.Number);
        Assert.Equal("50", first.Number![9..11]);
        Assert.Equal("51", second.Number![9..11]);
        Assert.True(InsuranceNumber.IsValid(second.Number));
    }

    [Fact]
    public void Search_NoneFoundNotCivilServant_Gdmq24Case8()
    {
        var dsrv = NewDsrv(out _);

        var result = dsrv.Search(Dsvv(false));

        Assert.Equal("24", result.ReasonCode);
        Assert.Equal(8, result.TableCase);
        Assert.Equal(DsrvReactions.ReportNoNumber, result.Reactions);
        Assert.Null(result.Number);
        Assert.True(result.IsError);
        Assert.Equal(DsrvErrorCodes.NoNumberAssigned, Assert.Single(result.Errors).Code);
        AssertDbvr(result, "24", string.Empty);
    }

    [Fact]
    public void Search_SeveralCivilServantResolved_Gdmq22ThenGdmq02()
    {
        var dsrv = NewDsrv(out var master);
        master.Add(Person(Vsnr(serial: 1)));
        master.Add(Person(Vsnr(serial: 2)));

        var open = dsrv.Search(Dsvv(true));

        Assert.Equal("22", open.ReasonCode);
        Assert.NotNull(open.CheckCaseId);
        Assert.Contains(open.CheckCaseId, dsrv.OpenCheckCases);
        AssertDbvr(open, "22", string.Empty);

        var resolved = dsrv.ResolveCheckCase(open.CheckCaseId, Vsnr(serial: 2));

        Assert.Equal("02", resolved.ReasonCode);
        Assert.Equal(Vsnr(serial: 2), resolved.Number);
        AssertDbvr(resolved, "02", Vsnr(serial: 2));
        Assert.Empty(dsrv.OpenCheckCases);
        Assert.Throws<KeyNotFoundException>(() => dsrv.ResolveCheckCase(open.CheckCaseId, Vsnr(serial: 2)));
    }

    [Fact]
    public void Search_SeveralCivilServantRejected_Gdmq22ThenGdmq26()
    {
        var dsrv = NewDsrv(out var master);
        master.Add(Person(Vsnr(serial: 1)));
        master.Add(Person(Vsnr(serial: 2)));

        var open = dsrv.Search(Dsvv(true));
        var rejected = dsrv.RejectCheckCase(open.CheckCaseId!);

        Assert.Equal("26", rejected.ReasonCode);
        Assert.True(rejected.IsError);
        Assert.Equal(DsrvErrorCodes.ImplausiblePersonalData, Assert.Single(rejected.Errors).Code);
        AssertDbvr(rejected, "26", string.Empty);
    }

    [Fact]
    public void Search_SeveralNotCivilServant_Gdmq23Error()
    {
        var dsrv = NewDsrv(out var master);
        master.Add(Person(Vsnr(serial: 1)));
        master.Add(Person(Vsnr(serial: 2)));

        var result = dsrv.Search(Dsvv(false));

        Assert.Equal("23", result.ReasonCode);
        Assert.True(result.IsError);
        Assert.Null(result.CheckCaseId);
        Assert.Equal(DsrvErrorCodes.NotUnique, Assert.Single(result.Errors).Code);
        Assert.Empty(dsrv.OpenCheckCases);
    }

    [Theory]
    [InlineData("50667", "", DsrvErrorCodes.TownMissing)]
    [InlineData("5066", "Köln", DsrvErrorCodes.PostalCodeInvalid)]
    [InlineData("ABCDE", "Köln", DsrvErrorCodes.PostalCodeInvalid)]
    public void Search_WrongAddress_Gdmq25WithError(string postalCode, string town, string code)
    {
        var dsrv = NewDsrv(out var master);
        master.Add(Person(Vsnr()));

        var result = dsrv.Search(Dsvv(false, postalCode: postalCode, town: town));

        Assert.Equal("25", result.ReasonCode);
        Assert.Null(result.Number);
        Assert.True(result.IsError);
        Assert.Equal(code, Assert.Single(result.Errors).Code);
        AssertDbvr(result, "25", string.Empty);
    }

    [Theory]
    [InlineData(" 50667")]
    [InlineData("d-50667")]
    public void Search_CorrectablePostcode_CorrectedDbanAndNoticeThenFound(string postalCode)
    {
        var dsrv = NewDsrv(out var master);
        master.Add(Person(Vsnr()));

        var result = dsrv.Search(Dsvv(false, postalCode: postalCode));

        Assert.Equal("02", result.ReasonCode);
        Assert.NotNull(result.CorrectedAddress);
        Assert.Equal("50667", result.CorrectedAddress.PostalCode);
        Assert.Equal("Köln", result.CorrectedAddress.Town);
        Assert.Equal(DsrvErrorCodes.PostalCodeCorrected, Assert.Single(result.Errors).Code);
    }

    [Fact]
    public void Search_NameVariantsNormalised_Found()
    {
        var dsrv = NewDsrv(out var master);
        master.Add(Person(Vsnr(), family: "Müller-Lüdenscheidt", first: "Hans Peter"));

        var result = dsrv.Search(Dsvv(false, family: "MUELLER LUEDENSCHEIDT", first: "hans-peter"));

        Assert.Equal("02", result.ReasonCode);
        Assert.Equal(Vsnr(), result.Number);
    }

    [Fact]
    public void Search_FaultInjected_ThrowsOnceThenRecovers()
    {
        var dsrv = NewDsrv(out var master);
        master.Add(Person(Vsnr()));
        dsrv.InjectFault(DsrvFault.T04);

        var ex = Assert.Throws<DsrvException>(() => dsrv.Search(Dsvv(false)));

        Assert.Equal(DsrvFault.T04, ex.Fault);
        Assert.Equal("T04", ex.Code);
        Assert.Equal("02", dsrv.Search(Dsvv(false)).ReasonCode);
    }

    private static void AssertDbvr(NumberSearch result, string gdmq, string number)
    {
        Assert.Equal(gdmq, result.NumberReturn.ReasonCode);
        Assert.Equal(number, result.NumberReturn.Number);
        Assert.Equal(number.Length > 0 ? number[..2] : string.Empty, result.NumberReturn.AreaNumber);
    }
}
