using System.IO.Pipelines;
using System.Text;
using Elena.Sdk.Records.Models;
using Elena.Sdk.Records.Reading;
using Elena.Sdk.Records.Writing;

namespace Elena.Sdk.Records.Tests;

public class RecordWriterTests
{
    private static FileHeader Header() => new()
    {
        ProcedureCode = "AGENA",
        Sender = "33526082",
        Receiver = "66660008",
        CreatedOn = new DateOnly(2011, 2, 1),
        FileNumber = 42,
        SenderName = "Müller & Söhne",
    };

    [Fact]
    public async Task Write_Header_PadsFieldsAndEndsWithCrLf()
    {
        using var output = new MemoryStream();
        await using (var writer = new RecordWriter(output))
        {
            await writer.WriteAsync(Header());
        }

        byte[] bytes = output.ToArray();
        Assert.Equal(107, bytes.Length);
        Assert.Equal("\r\n"u8.ToArray(), bytes[^2..]);
        string line = Encoding.Latin1.GetString(bytes, 0, 105);
        Assert.Equal("VOSZAGENA33526082       66660008       20110201000042", line[..53]);   // N right-justified with zeros
        Assert.Equal("Müller & Söhne".PadRight(50), line[53..103]);                         // AN left-justified with blanks
        Assert.Equal("01", line[103..]);
        Assert.Equal(0xFC, bytes[54]);                                                        // ü is one ISO-8859-1 byte
    }

    [Fact]
    public async Task Write_Utf8WithBom_WritesBomOnceAndTwoByteUmlauts()
    {
        using var output = new MemoryStream();
        await using (var writer = new RecordWriter(output, new RecordWriterOptions { Encoding = RecordEncoding.Utf8WithBom, NewLine = "\n" }))
        {
            writer.Write(Header());
            writer.Write(Header());
        }

        byte[] bytes = output.ToArray();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        Assert.Equal(3 + (2 * (105 + 2 + 1)), bytes.Length); // two umlauts take two bytes each
        string text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.Equal(2, text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Write_ToPipe_CountsRecordsAndBytes()
    {
        var pipe = new Pipe();
        await using (var writer = new RecordWriter(pipe.Writer))
        {
            for (int i = 0; i < 3; i++)
            {
                await writer.WriteAsync(Header());
            }

            Assert.Equal(3, writer.RecordCount);
            Assert.Equal(3 * 107, writer.BytesWritten);
        }

        var result = await pipe.Reader.ReadAsync();
        while (!result.IsCompleted)
        {
            pipe.Reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            result = await pipe.Reader.ReadAsync();
        }

        Assert.Equal(3 * 107, result.Buffer.Length);
    }

    [Theory]
    [InlineData("Ł", "character outside ISO-8859-1")]
    [InlineData("\u0007", "control character")]
    public void SetText_CharacterNotAllowed_ThrowsWithoutTheValue(string bad, string description)
    {
        var name = new NameBlock();
        string value = "Kowalski" + bad;

        var ex = Assert.Throws<ArgumentException>(() => name.FamilyName = value);

        Assert.Contains(RecordErrorCodes.CharacterNotAllowed, ex.Message, StringComparison.Ordinal);
        Assert.Contains("FMNA", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Kowalski", ex.Message, StringComparison.Ordinal);
        Assert.True(name.FamilyName.Length == 0, description);
    }

    [Fact]
    public void SetText_ValueTooLong_ThrowsValueTooLongAndLeavesFieldUnchanged()
    {
        var name = new NameBlock { FamilyName = "Schmidt" };
        string tooLong = new('x', 31);

        var ex = Assert.Throws<ArgumentException>(() => name.FamilyName = tooLong);

        Assert.Contains(RecordErrorCodes.ValueTooLong, ex.Message, StringComparison.Ordinal);
        Assert.Equal("Schmidt", name.FamilyName);
    }

    [Fact]
    public void SetNumber_LettersInNumericField_Throws()
    {
        var header = new FileHeader();
        Assert.Throws<ArgumentException>(() => header["DTNR"] = "12A");
    }

    [Fact]
    public void Encode_MoreThanNineErrorBlocks_Throws()
    {
        var record = new EarningsRecord();
        for (int i = 0; i < 10; i++)
        {
            record.Errors.Add(new ErrorBlock("MVDS920", "Prüfung abgebrochen"));
        }

        Assert.Throws<InvalidOperationException>(() => record.ToBytes());
    }

    [Fact]
    public void Encode_ErrorBlocks_SetsFeanFromTheList()
    {
        var record = new EarningsRecord();
        record.Errors.Add(new ErrorBlock("DBNA005", "Familienname fehlt"));
        record.Errors.Add(new ErrorBlock("DBGB100", "Geburtsdatum fehlt"));

        byte[] bytes = record.ToBytes();

        Assert.Equal((byte)'2', bytes[62]);
        Assert.Equal(245 + (2 * 76), bytes.Length);
        var parsed = RecordModel.Parse(bytes);
        Assert.Equal(["DBNA005", "DBGB100"], parsed.Errors.Select(e => e.Code));
        Assert.Equal("Geburtsdatum fehlt", parsed.Errors[1].Text);
    }

    [Fact]
    public void Constructor_BadNewLine_Throws()
        => Assert.Throws<ArgumentException>(() => new RecordWriter(Stream.Null, new RecordWriterOptions { NewLine = "\r" }));
}
