using System.Text;
using Elena.Sdk.Records.Tests.Support;
using Elena.Sdk.Records.Validation;

namespace Elena.Sdk.Records.Tests;

/// <summary>File-level rules: framing, counts, DTNR, parties, mixing, limits.</summary>
public class RecordFileValidatorTests
{
    private static readonly List<string> Lines = TestFiles.Lines(TestFiles.ValidEarningsFile(records: 6, seed: 21));

    private static List<string> Copy() => [.. Lines];

    public static TheoryData<string, Func<List<string>, List<string>>, string, long> Broken() => new()
    {
        { "header missing", l => l.Skip(1).ToList(), RecordErrorCodes.HeaderMissing, 1 },
        { "trailer missing", l => l.SkipLast(1).ToList(), RecordErrorCodes.TrailerMissing, 8 },
        { "record after the trailer", l => [.. l, l[2]], RecordErrorCodes.RecordOutOfPlace, 10 },
        { "second header", l => { l.Insert(3, l[0]); return l; }, RecordErrorCodes.RecordOutOfPlace, 4 },
        { "DSKO not second", l => { (l[1], l[2]) = (l[2], l[1]); return l; }, RecordErrorCodes.CommunicationRecordMisplaced, 2 },
        { "two DSKO", l => { l.Insert(2, l[1]); return l; }, RecordErrorCodes.CommunicationRecordMisplaced, 3 },
        { "DTNR differs", l => { l[^1] = TestFiles.Put(l[^1], 48, "000002"); return l; }, RecordErrorCodes.FileNumberMismatch, 9 },
        { "DTNR zero", l => { l[0] = TestFiles.Put(l[0], 48, "000000"); l[^1] = TestFiles.Put(l[^1], 48, "000000"); return l; }, RecordErrorCodes.FileNumberMismatch, 1 },
        { "ZLSZ off by one", l => { l[^1] = TestFiles.Put(l[^1], 54, "00000008"); return l; }, RecordErrorCodes.RecordCountMismatch, 9 },
        { "EPNR differs in the trailer", l => { l[^1] = TestFiles.Put(l[^1], 25, "66667777"); return l; }, RecordErrorCodes.HeaderTrailerMismatch, 9 },
        { "DSKO creator differs", l => { l[1] = TestFiles.Put(l[1], 64, "33526082"); return l; }, RecordErrorCodes.CreatorMismatch, 2 },
        { "no payload", l => [l[0], l[1], TestFiles.Put(l[^1], 54, "00000001")], RecordErrorCodes.NoPayloadRecords, 3 },
        { "ELENA file with a DEÜV procedure code", l => { l[0] = TestFiles.Put(l[0], 5, "AGDEU"); l[^1] = TestFiles.Put(l[^1], 5, "AGDEU"); return l; }, RecordErrorCodes.ValueNotAllowed, 1 },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public async Task ValidateAsync_BrokenFraming_ReportsCodeAtRecord(string description, Func<List<string>, List<string>> breakIt, string code, long recordNumber)
    {
        var result = await ValidateAsync(breakIt(Copy()));

        Assert.False(result.IsValid, description);
        Assert.Contains(result.Errors, e => e.Code == code && e.Location.RecordNumber == recordNumber);
    }

    [Fact]
    public async Task ValidateAsync_GeneratedFile_Valid()
    {
        var result = await ValidateAsync(Lines);
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Findings));
        Assert.Equal(9, result.RecordCount);
        Assert.Empty(result.Findings);
        Assert.Same(result, result.EnsureValid());
    }

    [Fact]
    public async Task ValidateAsync_DsvvFile_Valid()
    {
        var result = await RecordFileValidator.ValidateAsync(new MemoryStream(TestFiles.ValidNumberRequestFile()));
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Findings));
    }

    [Fact]
    public async Task ValidateAsync_MvdsAndDsvvMixed_MixedRecordTypes()
    {
        var dsvv = TestFiles.Lines(TestFiles.ValidNumberRequestFile(records: 1));
        var lines = Copy();
        lines.Insert(3, dsvv[2]);
        lines[^1] = TestFiles.Put(lines[^1], 54, (lines.Count - 2).ToString("D8"));

        var result = await ValidateAsync(lines);

        var error = Assert.Single(result.Errors);
        Assert.Equal(RecordErrorCodes.MixedRecordTypes, error.Code);
        Assert.Equal(4, error.Location.RecordNumber);
    }

    [Theory]
    [InlineData(TransferChannel.Mail, 2_000, true)]
    [InlineData(TransferChannel.Mail, 2_001, false)]
    [InlineData(TransferChannel.Extra, 2_001, true)]
    public async Task ValidateAsync_RecordLimitPerChannel(TransferChannel channel, int records, bool valid)
    {
        byte[] file = TestFiles.ValidEarningsFile(records, seed: 1);

        var result = await RecordFileValidator.ValidateAsync(new MemoryStream(file), new FileValidationOptions { Channel = channel });

        Assert.Equal(valid, result.IsValid);
        if (!valid)
        {
            var error = Assert.Single(result.Errors);
            Assert.Equal(RecordErrorCodes.TooManyRecords, error.Code);
            Assert.Equal(records + 2, error.Location.RecordNumber);
        }
    }

    [Fact]
    public async Task ValidateAsync_ManyErrors_CountsAllCollectsAtMostMax()
    {
        var lines = Copy();
        for (int i = 2; i < lines.Count - 1; i++)
        {
            lines[i] = TestFiles.Put(lines[i], 163, "ABC");
            lines[i] = TestFiles.Put(lines[i], 217, "X");
        }

        var result = await RecordFileValidator.ValidateAsync(new MemoryStream(TestFiles.Join(lines)), new FileValidationOptions { MaxFindings = 5 });

        Assert.Equal(12, result.ErrorCount);
        Assert.Equal(5, result.Findings.Count);
        Assert.True(result.IsTruncated);
        Assert.Throws<RecordFormatException>(() => result.EnsureValid());
    }

    [Fact]
    public async Task ValidateAsync_EmptyFile_FileEmpty()
    {
        var result = await RecordFileValidator.ValidateAsync(new MemoryStream());
        Assert.Equal(RecordErrorCodes.FileEmpty, Assert.Single(result.Errors).Code);
    }

    [Fact]
    public async Task ValidateAsync_FieldErrorsAndFramingErrors_AllReportedInFileOrder()
    {
        var lines = Copy();
        lines[3] = TestFiles.Put(lines[3], 217, "X");
        lines[^1] = TestFiles.Put(lines[^1], 54, "00000099");

        var result = await ValidateAsync(lines);

        Assert.Equal([RecordErrorCodes.InvalidFlag, RecordErrorCodes.RecordCountMismatch], result.Errors.Select(e => e.Code));
        Assert.Equal([4L, 9L], result.Errors.Select(e => e.Location.RecordNumber));
    }

    private static Task<ValidationResult> ValidateAsync(IEnumerable<string> lines)
        => RecordFileValidator.ValidateAsync(new MemoryStream(TestFiles.Join(lines)));
}
