using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Elena.Sdk.Testing.Dsrv;
using Elena.Sdk.Testing.Rfv;
using Microsoft.Extensions.Time.Testing;
using static Elena.Sdk.Testing.Tests.Dsrv.DsrvTestData;

namespace Elena.Sdk.Testing.Tests.Rfv;

public class InMemoryRfvTests
{
    private static readonly byte[] Issuer = [0x30, 0x0B, 0x31, 0x09, 0x30, 0x07, 0x06, 0x03, 0x55, 0x04, 0x03];
    private static readonly byte[] Serial = [0x01, 0x23, 0x45, 0x67];

    private static InMemoryRfv NewRfv(out DsrvMasterData master, out InMemoryDsrv dsrv, int seed = 7)
    {
        dsrv = NewDsrv(out master);
        return new InMemoryRfv(dsrv, new FakeTimeProvider(), seed);
    }

    [Fact]
    public void Process_Confirmed_AssignsVidAndStripsPersonalBlocks()
    {
        var rfv = NewRfv(out var master, out _);
        master.Add(Person(Vsnr()));
        var mvds = Mvds(Vsnr());

        var answer = rfv.Process(mvds, "12345");

        Assert.True(answer.IsConfirmed);
        Assert.True(answer.VidAssigned);
        Assert.Null(answer.Record.Name);
        Assert.Null(answer.Record.Birth);
        Assert.Null(answer.Record.Address);
        Assert.NotNull(mvds.Name);
        Assert.Equal("P4711", answer.Record.PersonnelReference);
        var id = Assert.Single(answer.Record.IdentityNumbers!.Items);
        Assert.Equal("V", id.Kind);
        Assert.True(ParticipantIds.IsVid(id.Id));
        Assert.Equal(id.Id, answer.CurrentId);
        Assert.Equal(Vsnr(), answer.NumberReturn!.Number);
        Assert.NotNull(answer.RetiredNumbers);
    }

    [Fact]
    public void Process_SecondTime_ReusesVid()
    {
        var rfv = NewRfv(out var master, out _);
        master.Add(Person(Vsnr()));

        var first = rfv.Process(Mvds(Vsnr()), "1");
        var second = rfv.Process(Mvds(Vsnr()), "2");

        Assert.False(second.VidAssigned);
        Assert.Equal(first.CurrentId, second.CurrentId);
        Assert.Equal([first.CurrentId!], rfv.IdsOf(Vsnr()));
    }

    [Fact]
    public void Process_RetiredNumber_LinksToCurrentAndCarriesDbst()
    {
        var rfv = NewRfv(out var master, out _);
        string retired = Vsnr(serial: 1);
        master.Add(Person(Vsnr(serial: 2), retired: [retired]));

        var answer = rfv.Process(Mvds(retired), "1");

        Assert.Equal(Vsnr(serial: 2), answer.NumberReturn!.Number);
        Assert.Equal(retired, Assert.Single(answer.RetiredNumbers!.Items).Number);
        Assert.Equal(answer.CurrentId, rfv.CurrentId(Vsnr(serial: 2)));
        Assert.Equal(answer.CurrentId, rfv.CurrentId(retired));
    }

    [Fact]
    public void Process_Rejected_ReturnsMvdsWithDbfe()
    {
        var rfv = NewRfv(out var master, out _);
        master.Add(Person(Vsnr()));

        var answer = rfv.Process(Mvds(Vsnr(), family: "Schmidt", first: "Eva", birthName: "Schulz", place: "Bonn", sex: "W"), "1");

        Assert.False(answer.IsConfirmed);
        Assert.Equal(DsrvErrorCodes.DuplicateAssignmentSuspicion, Assert.Single(answer.Record.Errors).Code);
        Assert.Equal("1", answer.Record.ErrorFlag);
        Assert.Null(answer.Record.IdentityNumbers);
        Assert.Null(answer.CurrentId);
        Assert.Empty(rfv.IdsOf(Vsnr()));
    }

    [Fact]
    public void Process_Ids_ChainedAsProcedure()
    {
        var rfv = NewRfv(out var master, out _);
        master.Add(Person(Vsnr()));

        var answer = rfv.Process(Mvds(Vsnr()), "12345");

        Assert.Matches(new Regex("^12345_[a-z]{4}$"), answer.DsrvRequestId);
        Assert.Equal(answer.DsrvRequestId, answer.Check.RequestId);
        Assert.Matches(new Regex("^[0-9]+_[a-z]{5}$"), answer.ResponseId);
        Assert.StartsWith(answer.Check.Ticket + "_", answer.ResponseId, StringComparison.Ordinal);
    }

    [Fact]
    public void Process_SameSeed_SameIds()
    {
        var a = NewRfv(out var masterA, out _, seed: 3);
        var b = NewRfv(out var masterB, out _, seed: 3);
        masterA.Add(Person(Vsnr()));
        masterB.Add(Person(Vsnr()));

        var x = a.Process(Mvds(Vsnr()), "1");
        var y = b.Process(Mvds(Vsnr()), "1");

        Assert.Equal(x.DsrvRequestId, y.DsrvRequestId);
        Assert.Equal(x.ResponseId, y.ResponseId);
    }

    [Fact]
    public void RegisterCard_AfterVid_ZidCurrentAndVidKept()
    {
        var rfv = NewRfv(out var master, out _);
        master.Add(Person(Vsnr()));
        string vid = rfv.Process(Mvds(Vsnr()), "1").CurrentId!;

        var registration = rfv.RegisterCard(Vsnr(), Issuer, Serial);

        string expected = Convert.ToHexString(SHA256.HashData([.. Issuer, .. Serial]))[..20];
        Assert.Equal(expected, registration.Zid);
        Assert.Equal(vid, registration.PreviousId);
        Assert.Equal(expected, rfv.CurrentId(Vsnr()));
        Assert.Equal([vid, expected], rfv.IdsOf(Vsnr()));

        var answer = rfv.Process(Mvds(Vsnr()), "2");
        Assert.Equal(expected, answer.CurrentId);
        Assert.Equal(["V", "Z"], answer.Record.IdentityNumbers!.Items.Select(i => i.Kind));
        Assert.Equal([vid, expected], answer.Record.IdentityNumbers.Items.Select(i => i.Id));
    }

    [Fact]
    public void CreateZid_KnownInput_UpperHexOfFirstTenHashBytes()
    {
        string zid = ParticipantIds.CreateZid(Issuer, Serial);

        Assert.Equal(Convert.ToHexString(SHA256.HashData([.. Issuer, .. Serial]).AsSpan(0, 10)), zid);
        Assert.Equal(20, zid.Length);
        Assert.True(ParticipantIds.IsZid(zid));
        Assert.False(ParticipantIds.IsVid(zid));
    }

    [Fact]
    public void CreateVid_KnownSequence_CheckDigitPerRule()
    {
        // 000000000000000123: only the last three digits weigh: positions 16,17,18 have weights 5,7,1.
        // 1*5 = 5, 2*7 = 14 -> 1+4 = 5, 3*1 = 3 -> sum 13 -> check digit 3.
        Assert.Equal("V0000000000000001233", ParticipantIds.CreateVid(123));
        Assert.True(ParticipantIds.IsVid("V0000000000000001233"));
        Assert.False(ParticipantIds.IsVid("V0000000000000001234"));
    }

    [Fact]
    public void Process_TenThousandPersons_VidsUniqueAndWellFormed()
    {
        var rfv = NewRfv(out var master, out _);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var rx = new Regex("^V[0-9]{19}$");
        for (int i = 0; i < 10_000; i++)
        {
            string number = Elena.Sdk.Records.Identifiers.InsuranceNumber.Create("65", BirthDate.AddDays(i / 100), 'M', i % 100);
            master.Add(Person(number) with { BirthDate = BirthDate.AddDays(i / 100) });
            var answer = rfv.Process(Mvds(number, birthDate: BirthDate.AddDays(i / 100)), i.ToString());
            string vid = answer.CurrentId!;
            Assert.Matches(rx, vid);
            Assert.True(ParticipantIds.IsVid(vid));
            Assert.True(ids.Add(vid));
        }

        Assert.Equal(10_000, ids.Count);
    }

    [Theory]
    [InlineData(RfvState.NoNetwork, true)]
    [InlineData(RfvState.NoServer, true)]
    [InlineData(RfvState.RetryNeeded, true)]
    [InlineData(RfvState.Halt, false)]
    [InlineData(RfvState.DsrvError, false)]
    public void Process_StateNotAvailable_ThrowsWithTransientFlag(RfvState state, bool transient)
    {
        var rfv = NewRfv(out var master, out _);
        master.Add(Person(Vsnr()));
        rfv.SetState(state);

        var ex = Assert.Throws<RfvUnavailableException>(() => rfv.Process(Mvds(Vsnr()), "1"));

        Assert.Equal(state, ex.State);
        Assert.Equal(transient, ex.IsTransient);
        rfv.SetState(RfvState.Available);
        Assert.True(rfv.Process(Mvds(Vsnr()), "1").IsConfirmed);
    }

    [Fact]
    public void Process_DsrvFault_ThrowsDsrvErrorWithCodeThenRecovers()
    {
        var rfv = NewRfv(out var master, out var dsrv);
        master.Add(Person(Vsnr()));
        dsrv.InjectFault(DsrvFault.E96);

        var ex = Assert.Throws<RfvUnavailableException>(() => rfv.Process(Mvds(Vsnr()), "1"));

        Assert.Equal(RfvState.DsrvError, ex.State);
        Assert.Equal("E96", ex.DsrvCode);
        Assert.False(ex.IsTransient);
        Assert.IsType<DsrvException>(ex.InnerException);
        Assert.True(rfv.Process(Mvds(Vsnr()), "1").IsConfirmed);
    }

    [Fact]
    public void ProcessPackage_OneRequestOneResponseIdForAllRecords_AnswersInOrder()
    {
        var rfv = NewRfv(out var master, out _);
        master.Add(Person(Vsnr(serial: 1)));
        master.Add(Person(Vsnr(serial: 2)));

        var answers = rfv.ProcessPackage([Mvds(Vsnr(serial: 1)), Mvds(Vsnr(serial: 2)), Mvds(Vsnr(serial: 3))], "777", parallelism: 2);

        Assert.Equal(3, answers.Count);
        Assert.Single(answers.Select(a => a.DsrvRequestId).Distinct());
        Assert.Single(answers.Select(a => a.ResponseId).Distinct());
        Assert.StartsWith("777_", answers[0].DsrvRequestId, StringComparison.Ordinal);
        Assert.Equal([true, true, false], answers.Select(a => a.IsConfirmed));
        Assert.Equal([ParticipantIds.CreateVid(1), ParticipantIds.CreateVid(2)], answers.Take(2).Select(a => a.CurrentId));
        Assert.Equal(["777"], rfv.AnsweredRequests);
    }

    [Fact]
    public void ProcessPackage_MoreThan2000_Refused()
    {
        var rfv = NewRfv(out _, out _);
        var package = Enumerable.Repeat(Mvds(Vsnr()), InMemoryDsrv.MaxPackageSize + 1).ToList();

        Assert.Throws<ArgumentOutOfRangeException>(() => rfv.ProcessPackage(package, "1"));
    }

    [Fact]
    public void ProcessPackage_DsrvFault_NothingOfThePackageLinked()
    {
        var rfv = NewRfv(out var master, out var dsrv);
        master.Add(Person(Vsnr(serial: 1)));
        master.Add(Person(Vsnr(serial: 2)));
        dsrv.InjectFault(DsrvFault.T02);

        var ex = Assert.Throws<RfvUnavailableException>(() => rfv.ProcessPackage([Mvds(Vsnr(serial: 1)), Mvds(Vsnr(serial: 2))], "1"));

        Assert.Equal(RfvState.DsrvError, ex.State);
        Assert.Empty(rfv.IdsOf(Vsnr(serial: 1)));
        Assert.Empty(rfv.IdsOf(Vsnr(serial: 2)));
        Assert.Empty(rfv.AnsweredRequests);
        Assert.Equal(2, rfv.ProcessPackage([Mvds(Vsnr(serial: 1)), Mvds(Vsnr(serial: 2))], "2").Count(a => a.VidAssigned));
    }
}
