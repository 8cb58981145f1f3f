using System.IO.Pipelines;
using System.Text;
using Elena.Sdk.Records.Models;
using Elena.Sdk.Records.Reading;
using Elena.Sdk.Records.Tests.Support;

namespace Elena.Sdk.Records.Tests;

public class RecordReaderTests
{
    private static readonly byte[] Valid = TestFiles.ValidEarningsFile(records: 10, seed: 3);

    [Theory]
    [InlineData("CR LF", "\r\n", true)]
    [InlineData("LF alone", "\n", true)]
    [InlineData("CR LF, no final line end", "\r\n", false)]
    [InlineData("LF, no final line end", "\n", false)]
    public async Task ReadAsync_LineEndVariants_SameRecords(string description, string newLine, bool finalLineEnd)
    {
        var lines = TestFiles.Lines(Valid);
        string text = string.Join(newLine, lines) + (finalLineEnd ? newLine : "");

        var records = await ReadAllAsync(Encoding.Latin1.GetBytes(text));

        Assert.True(records.Count == lines.Count, description);
        Assert.Equal(lines, records.Select(r => Encoding.Latin1.GetString(r.ToBytes())));
    }

    [Fact]
    public async Task ReadAsync_ByteOffsetsAndNumbers_PointAtEachLine()
    {
        await using var reader = new RecordReader(new MemoryStream(Valid));
        long expectedOffset = 0;
        long number = 0;
        while (await reader.ReadAsync())
        {
            Assert.Equal(++number, reader.Current.Number);
            Assert.Equal(expectedOffset, reader.Current.ByteOffset);
            expectedOffset += reader.Current.Length + 2;
        }

        Assert.Equal(Valid.Length, expectedOffset);
    }

    [Fact]
    public async Task ReadAsync_MalformedRecord_ThrowsWithLocationAndGoesOn()
    {
        var lines = TestFiles.Lines(Valid);
        lines[4] = TestFiles.Put(lines[4], 163, "1A1");
        long offset = lines.Take(4).Sum(l => l.Length + 2);
        await using var reader = new RecordReader(new MemoryStream(TestFiles.Join(lines)));

        for (int i = 0; i < 4; i++)
        {
            Assert.True(await reader.ReadAsync());
        }

        var ex = await Assert.ThrowsAsync<RecordFormatException>(async () => await reader.ReadAsync());
        Assert.Equal(RecordErrorCodes.NotNumeric, ex.Code);
        Assert.Equal(new RecordLocation(5, "MVDS", null, "PERSGR", 163, 3, offset + 162), ex.Location);
        Assert.IsAssignableFrom<FormatException>(ex);

        Assert.True(await reader.ReadAsync());
        Assert.Equal(6, reader.Current.Number);
    }

    [Fact]
    public async Task ReadAsync_CollectMode_KeepsFindingsPerRecord()
    {
        var lines = TestFiles.Lines(Valid);
        lines[3] = TestFiles.Put(lines[3], 217, "X");
        await using var reader = new RecordReader(new MemoryStream(TestFiles.Join(lines)), new RecordReaderOptions { ThrowOnError = false });
        var perRecord = new List<int>();
        while (await reader.ReadAsync())
        {
            perRecord.Add(reader.Current.Findings.Count);
        }

        Assert.Equal(lines.Count, perRecord.Count);
        Assert.Equal(1, perRecord[3]);
        Assert.Equal(1, perRecord.Sum());
    }

    [Fact]
    public async Task ReadAsync_LineLongerThanMaximum_RecordTooLong()
    {
        byte[] endless = Encoding.Latin1.GetBytes(new string('A', 5000));
        await using var reader = new RecordReader(new MemoryStream(endless), new RecordReaderOptions { MaxRecordLength = 1000 });

        var ex = await Assert.ThrowsAsync<RecordFormatException>(async () => await reader.ReadAsync());
        Assert.Equal(RecordErrorCodes.RecordTooLong, ex.Code);
        Assert.False(await reader.ReadAsync());
    }

    [Fact]
    public async Task ReadAsync_Utf8WithBom_ConvertsAndCountsBytes()
    {
        var lines = TestFiles.Lines(Valid);
        byte[] utf8 = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n")];
        var latin1Records = await ReadAllAsync(Valid);

        await using var reader = new RecordReader(new MemoryStream(utf8));
        var records = new List<RecordModel>();
        long lastOffset = 0;
        while (await reader.ReadAsync())
        {
            records.Add(reader.Current.ToModel());
            lastOffset = reader.Current.ByteOffset;
        }

        Assert.Equal(RecordEncoding.Utf8WithBom, reader.Encoding);
        Assert.Equal(latin1Records.Select(r => r.ToBytes()), records.Select(r => r.ToBytes()));
        Assert.Equal(3 + Encoding.UTF8.GetByteCount(string.Concat(lines.SkipLast(1).Select(l => l + "\r\n"))), lastOffset);
    }

    [Fact]
    public async Task ReadAsync_Utf8CharacterOutsideLatin1_RejectedWithColumn()
    {
        var lines = TestFiles.Lines(Valid);
        int dbna = lines[2].IndexOf("DBNA", 245, StringComparison.Ordinal) + 1;
        lines[2] = TestFiles.Put(lines[2], dbna + 4, "Ł");
        byte[] utf8 = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(string.Join("\r\n", lines))];

        await using var reader = new RecordReader(new MemoryStream(utf8));
        Assert.True(await reader.ReadAsync());
        Assert.True(await reader.ReadAsync());
        var ex = await Assert.ThrowsAsync<RecordFormatException>(async () => await reader.ReadAsync());

        Assert.Equal(RecordErrorCodes.CharacterNotAllowed, ex.Code);
        Assert.Equal(dbna + 4, ex.Location.Column);
    }

    [Fact]
    public async Task ReadAsync_InvalidUtf8AfterBom_InvalidUtf8()
    {
        byte[] bad = [0xEF, 0xBB, 0xBF, (byte)'V', (byte)'O', 0xC3, 0x28, (byte)'\n'];
        await using var reader = new RecordReader(new MemoryStream(bad));
        var ex = await Assert.ThrowsAsync<RecordFormatException>(async () => await reader.ReadAsync());
        Assert.Equal(RecordErrorCodes.InvalidUtf8, ex.Code);
    }

    [Fact]
    public async Task ReadAsync_FromPipeInSmallChunks_SameRecords()
    {
        var pipe = new Pipe();
        var writing = Task.Run(async () =>
        {
            for (int i = 0; i < Valid.Length; i += 7)
            {
                await pipe.Writer.WriteAsync(Valid.AsMemory(i, Math.Min(7, Valid.Length - i)));
            }

            await pipe.Writer.CompleteAsync();
        });

        var records = new List<byte[]>();
        await using (var reader = new RecordReader(pipe.Reader))
        {
            while (await reader.ReadAsync())
            {
                records.Add(reader.Current.ToModel().ToBytes());
            }
        }

        await writing;
        Assert.Equal((await ReadAllAsync(Valid)).Select(r => r.ToBytes()), records);
    }

    [Fact]
    public async Task ReadAllAsync_TypedModels_InFileOrder()
    {
        var records = await ReadAllAsync(Valid);

        Assert.IsType<FileHeader>(records[0]);
        Assert.IsType<CommunicationRecord>(records[1]);
        Assert.All(records.Skip(2).SkipLast(1), r => Assert.IsType<EarningsRecord>(r));
        Assert.IsType<FileTrailer>(records[^1]);
    }

    private static async Task<long> CountAsync(byte[] file)
    {
        await using var reader = new RecordReader(new MemoryStream(file));
        long n = 0;
        while (await reader.ReadAsync())
        {
            n++;
        }

        return n;
    }

    private static Task<List<RecordModel>> ReadAllAsync(byte[] file)
        => RecordReader.ReadAllAsync(new MemoryStream(file)).ToListAsync().AsTask();
}
