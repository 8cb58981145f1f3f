using Elena.Sdk.Records.Models;
using Elena.Sdk.Testing.Data;
using Elena.Sdk.Testing.Replies;
using Elena.Sdk.Transport.Replies;
using Microsoft.Extensions.Time.Testing;

namespace Elena.Sdk.Transport.Tests.Replies;

public sealed class ReplyFileTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 2, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task RecordReply_GivesTheFaultyRecordsWithTheirBlocks_AndTheAnsweredFile()
    {
        var (header, dsko, records, trailer) = await GenerateAsync(mvds: 3);
        var builder = new ReplyFileBuilder("66660008", Clock);
        byte[] bytes = builder.RecordReply(header, new AnnotatedRecord(dsko, []),
            [new AnnotatedRecord(records[1], [new ErrorBlock("MVDSz05", "VSNR: check digit")])], trailer, officeFileNumber: 4);

        var reply = await ReplyFile.ParseAsync(new MemoryStream(bytes));

        Assert.Equal("66660008", reply.OfficeNumber);
        Assert.Equal(header.Sender, reply.EmployerNumber);
        Assert.Equal(header.GetRaw("DTNR"), reply.AnsweredFileNumber);
        Assert.Equal(["VOSZ", "VOSZ", "DSKO", "MVDS", "NCSZ", "NCSZ"], reply.Records.Select(r => r.RecordType));
        var faulty = Assert.Single(reply.AnsweredRecords);
        Assert.Equal(4, faulty.Number);
        Assert.Equal("MVDSz05", Assert.Single(faulty.Errors).Code);
        Assert.Equal(((ElenaRecord)records[1]).InsuranceNumber, ((ElenaRecord)faulty.Record).InsuranceNumber);
    }

    [Fact]
    public async Task ProcessingConfirmation_IsANoticeNotAnError()
    {
        var (header, dsko, _, trailer) = await GenerateAsync(mvds: 1);
        byte[] bytes = new ReplyFileBuilder("66660008", Clock).ProcessingConfirmation(header, dsko, trailer, 1);

        var reply = ReplyFile.Parse(bytes);

        var block = Assert.Single(reply.RecordsWithErrors).Errors.Single();
        Assert.Equal(ReplyFileBuilder.ConfirmationCode, block.Code);
        Assert.False(ReplyFile.IsError(block));
        Assert.Empty(reply.AnsweredRecords);
    }

    private static async Task<(FileHeader, CommunicationRecord, List<RecordModel>, FileTrailer)> GenerateAsync(int mvds)
    {
        using var file = new MemoryStream();
        await SyntheticFileGenerator.WriteAsync(file, new SyntheticFileOptions { EarningsRecords = mvds, Seed = 3 });
        var all = ReplyFile.Parse(file.ToArray()).Records.Select(r => r.Record).ToList();
        return ((FileHeader)all[0], (CommunicationRecord)all[1], all.Skip(2).SkipLast(1).ToList(), (FileTrailer)all[^1]);
    }
}
