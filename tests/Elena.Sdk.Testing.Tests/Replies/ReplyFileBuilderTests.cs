using Elena.Sdk.Records.Models;
using Elena.Sdk.Records.Reading;
using Elena.Sdk.Testing.Data;
using Elena.Sdk.Testing.Replies;
using Microsoft.Extensions.Time.Testing;

namespace Elena.Sdk.Testing.Tests.Replies;

public class ReplyFileBuilderTests
{
    private static readonly List<RecordModel> File = SyntheticFileGenerator.Generate(new SyntheticFileOptions { EarningsRecords = 4, Employer = "33526082", FileNumber = 12 }).ToList();
    private static readonly ReplyFileBuilder Builder = new(ReferenceParties.CentralStorageOffice, new FakeTimeProvider(new DateTimeOffset(2011, 2, 3, 9, 0, 0, TimeSpan.Zero)));

    private static FileHeader Header => (FileHeader)File[0];

    private static CommunicationRecord Dsko => (CommunicationRecord)File[1];

    private static FileTrailer Trailer => (FileTrailer)File[^1];

    private static async Task<List<RecordModel>> ReadAsync(byte[] reply)
    {
        var records = new List<RecordModel>();
        await using var reader = new RecordReader(new MemoryStream(reply)); // field checks on, throws on any error
        while (await reader.ReadAsync())
        {
            records.Add(reader.Current.ToModel());
        }

        return records;
    }

    private static void AssertOfficeFrame(List<RecordModel> records)
    {
        var office = Assert.IsType<FileHeader>(records[0]);
        Assert.Equal((ReplyFileBuilder.OfficeProcedureCode, ReferenceParties.CentralStorageOffice, "33526082"), (office.ProcedureCode, office.Sender, office.Receiver));
        Assert.Equal(new DateOnly(2011, 2, 3), office.CreatedOn);
        var trailer = Assert.IsType<FileTrailer>(records[^1]);
        Assert.Equal(office.FileNumber, trailer.FileNumber);
        Assert.Equal(records.Count - 2, trailer.RecordCount);
    }

    [Fact]
    public async Task RecordReply_TwoFaultyRecords_OfficeFrameEmployerFrameAndBlocks()
    {
        var faulty = new[]
        {
            new AnnotatedRecord(File[3], [new ErrorBlock("DBNA005", "Familienname fehlt")]),
            new AnnotatedRecord(File[4], [new ErrorBlock("MVDSz01", "Versicherungsnummer unbekannt"), new ErrorBlock("DBGB100", "Geburtsdatum fehlt")]),
        };

        var records = await ReadAsync(Builder.RecordReply(Header, new AnnotatedRecord(Dsko, []), faulty, Trailer, officeFileNumber: 5));

        Assert.Equal(["VOSZ", "VOSZ", "DSKO", "MVDS", "MVDS", "NCSZ", "NCSZ"], records.Select(r => r.RecordType));
        AssertOfficeFrame(records);
        Assert.Equal(5, ((FileHeader)records[0]).FileNumber);
        Assert.Equal(12, ((FileHeader)records[1]).FileNumber); // the employer's own header unchanged
        Assert.Equal(["DBNA005"], records[3].Errors.Select(e => e.Code));
        Assert.Equal("1", records[3]["FEKZ"]);
        Assert.Equal(["MVDSz01", "DBGB100"], records[4].Errors.Select(e => e.Code));
        Assert.Equal("2", records[4]["FEAN"]);
        Assert.Equal(((EarningsRecord)File[4]).InsuranceNumber, ((EarningsRecord)records[4]).InsuranceNumber);
    }

    [Fact]
    public async Task RecordReply_Notices_FlagThree()
    {
        var records = await ReadAsync(Builder.RecordReply(Header, new AnnotatedRecord(Dsko, []),
            [new AnnotatedRecord(File[2], [new ErrorBlock("DBANz90", "Anschrift korrigiert")], IsNotice: true)], Trailer, 6));
        Assert.Equal("3", records[3]["FEKZ"]);
    }

    [Fact]
    public async Task RecordReply_MoreThanNineBlocks_EightAndTheAbortCode()
    {
        var many = Enumerable.Range(1, 12).Select(i => new ErrorBlock($"DBEN{i:000}", "Fehler")).ToList();
        var records = await ReadAsync(Builder.RecordReply(Header, new AnnotatedRecord(Dsko, []), [new AnnotatedRecord(File[2], many)], Trailer, 7));
        Assert.Equal(9, records[3].Errors.Count);
        Assert.Equal("MVDS920", records[3].Errors[8].Code);
    }

    [Fact]
    public async Task ProcessingConfirmation_EmployerTrailerCarriesNcszh10()
    {
        var records = await ReadAsync(Builder.ProcessingConfirmation(Header, Dsko, Trailer, 8));

        Assert.Equal(["VOSZ", "VOSZ", "DSKO", "NCSZ", "NCSZ"], records.Select(r => r.RecordType));
        AssertOfficeFrame(records);
        Assert.Equal(ReplyFileBuilder.ConfirmationCode, Assert.Single(records[3].Errors).Code);
        Assert.Empty(records[^1].Errors);
    }

    [Fact]
    public async Task FileRejection_BlocksOnHeaderDskoAndTrailer()
    {
        var records = await ReadAsync(Builder.FileRejection(
            new AnnotatedRecord(Header, [new ErrorBlock("VOSZz52", "Dateinummer nicht lueckenlos"), new ErrorBlock("VOSZz30", "falscher Empfaenger")]),
            new AnnotatedRecord(Dsko, [new ErrorBlock("DSKO620", "VERBEST fehlt")]),
            new AnnotatedRecord(Trailer, [new ErrorBlock("NCSZz01", "Satzanzahl falsch")]), 9));

        Assert.Equal(["VOSZ", "VOSZ", "DSKO", "NCSZ", "NCSZ"], records.Select(r => r.RecordType));
        AssertOfficeFrame(records);
        Assert.Equal(["VOSZz52"], records[1].Errors.Select(e => e.Code)); // a VOSZ carries at most one DBFE
        Assert.Equal(["DSKO620"], records[2].Errors.Select(e => e.Code));
        Assert.Equal(["NCSZz01", "VOSZz30"], records[3].Errors.Select(e => e.Code));
    }

    [Fact]
    public async Task NumberAssignment_OfficeFrameAroundAnsweredRequests()
    {
        var dsvv = SyntheticFileGenerator.Generate(new SyntheticFileOptions { NumberRequests = 2, Employer = "33526082" }).OfType<NumberRequestRecord>().ToList();
        var answered = dsvv.Select(r =>
        {
            var copy = (NumberRequestRecord)RecordModel.Parse(r.ToBytes());
            copy.NumberReturn = new NumberReturnBlock { ReasonCode = "02", AreaNumber = "12", Number = Elena.Sdk.Records.Identifiers.InsuranceNumber.Create("12", new DateOnly(1980, 1, 1), 'A', 7) };
            return new AnnotatedRecord(copy, []);
        });

        var records = await ReadAsync(Builder.NumberAssignment("33526082", answered, 10));

        Assert.Equal(["VOSZ", "DSVV", "DSVV", "NCSZ"], records.Select(r => r.RecordType));
        AssertOfficeFrame(records);
        Assert.Equal("02", ((NumberRequestRecord)records[1]).NumberReturn!.ReasonCode);
    }
}
