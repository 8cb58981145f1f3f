using Elena.Sdk.Records.Models;
using Elena.Sdk.Records.Reading;
using Elena.Sdk.Records.Tests.Support;
using Elena.Sdk.Records.Writing;

namespace Elena.Sdk.Records.Tests;

/// <summary>The real DEÜV sample files in ../shared/reference/sample-files read and write back byte for byte.</summary>
public class SampleFilesTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in TestFiles.AllSampleFiles())
        {
            data.Add(Path.GetRelativePath(TestFiles.SampleFiles, file));
        }

        return data;
    }

    [Fact]
    public void SampleFiles_ArePresent() => Assert.True(TestFiles.AllSampleFiles().Count() >= 50);

    [Theory]
    [MemberData(nameof(Files))]
    public async Task ReadThenWrite_SampleFile_IsByteIdenticalApartFromLineEnds(string relativePath)
    {
        byte[] original = await File.ReadAllBytesAsync(Path.Combine(TestFiles.SampleFiles, relativePath));
        var records = new List<RecordModel>();
        RecordEncoding encoding;
        await using (var reader = new RecordReader(new MemoryStream(original), new RecordReaderOptions { ValidateFields = false }))
        {
            while (await reader.ReadAsync())
            {
                Assert.True(reader.Current.IsDecoded, $"record {reader.Current.Number} not decoded");
                records.Add(reader.Current.ToModel());
            }

            encoding = reader.Encoding;
        }

        using var output = new MemoryStream();
        await using (var writer = new RecordWriter(output, new RecordWriterOptions { Encoding = encoding, NewLine = "\n" }))
        {
            foreach (var record in records)
            {
                writer.Write(record);
            }
        }

        Assert.Equal(Normalise(original), Normalise(output.ToArray()));
    }

    [Fact]
    public async Task Read_SampleWithAllBlocks_DecodesEveryDsmeV05Block()
    {
        await using var stream = File.OpenRead(Path.Combine(TestFiles.SampleFiles, "deuev", "DSME05", "AlleBausteine.dat"));
        var records = await RecordReader.ReadAllAsync(stream, new RecordReaderOptions { ValidateFields = false }).ToListAsync();

        var dsme = Assert.IsType<NotificationRecord>(records[1]);
        Assert.Equal("05", dsme.Version);
        Assert.Equal(
            ["DBME", "DBNA", "DBGB", "DBAN", "DBEU", "DBUV", "DBKS", "DBSO", "DBKV", "DBBM"],
            dsme.Blocks.Select(b => b.Identifier).ToArray());
        Assert.Equal("Mustermann", dsme.Name!.FamilyName);
        Assert.Equal(new DateOnly(1994, 10, 1), dsme.Birth!.BirthDate);
    }

    [Fact]
    public async Task Read_DsmeVersion02_KeptVerbatimWithWarning()
    {
        await using var stream = File.OpenRead(Path.Combine(TestFiles.SampleFiles, "deuev", "DSME02", "deuev10_1.dat"));
        await using var reader = new RecordReader(stream);
        var types = new List<Type>();
        var warnings = new List<string>();
        while (await reader.ReadAsync())
        {
            types.Add(reader.Current.ToModel().GetType());
            warnings.AddRange(reader.Current.Findings.Select(f => f.Code));
        }

        Assert.Equal([typeof(FileHeader), typeof(CommunicationRecord), typeof(UnknownRecord), typeof(FileTrailer)], types);
        Assert.Equal([RecordErrorCodes.UnsupportedVersion], warnings);
        Assert.Equal(RecordEncoding.Utf8WithBom, reader.Encoding);
    }

    [Fact]
    public async Task Read_Utf8SampleWithUmlaut_DecodesToLatin1Characters()
    {
        await using var stream = File.OpenRead(Path.Combine(TestFiles.SampleFiles, "deuev", "DSME02", "deuev49_1.dat"));
        var header = Assert.IsType<FileHeader>(await RecordReader.ReadAllAsync(stream, new RecordReaderOptions { ValidateFields = false }).FirstAsync());
        Assert.Contains("Wölting", header.SenderName, StringComparison.Ordinal);
        Assert.Equal(105, header.ToBytes().Length);
    }

    private static byte[] Normalise(byte[] bytes)
    {
        var list = bytes.Where(b => b != (byte)'\r').ToList();
        while (list.Count > 0 && list[^1] == (byte)'\n')
        {
            list.RemoveAt(list.Count - 1);
        }

        return [.. list];
    }
}
