using System.Text;
using Elena.Sdk.Records.Models;

namespace Elena.Sdk.Records.Tests;

public class OrderRecordTests
{
    private static OrderRecord Sample() => new()
    {
        ProcedureId = "EENA0",
        TransferNumber = 7,
        Owner = "33526082",
        PhysicalSender = "33526082",
        Receiver = "66660008",
        PhysicalReceiver = "66660008",
        FileName = "EENA0000001",
        CreatedAt = new DateTime(2011, 2, 1, 8, 0, 0),
        SentAt = new DateTime(2011, 2, 1, 8, 5, 0),
        PayloadSize = 123_456,
        TransmittedSize = 130_001,
        SenderEmail = "lohn@example.de",
    };

    [Fact]
    public void ToBytes_Sample_348CharactersAtSpecifiedPositions()
    {
        string s = Encoding.Latin1.GetString(Sample().ToBytes());

        Assert.Equal(348, s.Length);
        Assert.Equal("50000001", s[..8]);
        Assert.Equal("00000348", s[8..16]);
        Assert.Equal("EENA0", s[19..24]);
        Assert.Equal("007", s[24..27]);
        Assert.Equal("33526082       ", s[32..47]);
        Assert.Equal("EENA0000001", s[104..115]);
        Assert.Equal("20110201080000", s[115..129]);
        Assert.Equal("000000123456", s[178..190]);
        Assert.Equal("I1", s[202..204]);
        Assert.Equal("000303", s[204..210]);
        Assert.Equal("lohn@example.de", s[274..318].TrimEnd());
        Assert.Equal("EENA0007", Sample().TransferName);
    }

    [Fact]
    public void Parse_WrittenRecord_RoundTripsAndValidates()
    {
        byte[] bytes = Sample().ToBytes();
        var parsed = OrderRecord.Parse([.. bytes, (byte)'\r', (byte)'\n']);

        Assert.Equal(bytes, parsed.ToBytes());
        Assert.Empty(parsed.Validate());
        Assert.Equal(130_001, parsed.TransmittedSize);
    }

    [Theory]
    [InlineData(347, 0, "", "wrong length")]
    [InlineData(348, 0, "400000", "wrong identifier")]
    [InlineData(348, 8, "00000349", "wrong length field")]
    public void Parse_Malformed_InvalidOrderRecord(int length, int at, string replacement, string description)
    {
        char[] chars = Encoding.Latin1.GetString(Sample().ToBytes()).ToCharArray();
        replacement.CopyTo(0, chars, at, replacement.Length);
        byte[] bytes = Encoding.Latin1.GetBytes(new string(chars))[..length];

        var ex = Assert.Throws<RecordFormatException>(() => OrderRecord.Parse(bytes));
        Assert.True(ex.Code == RecordErrorCodes.InvalidOrderRecord, description);
    }

    [Fact]
    public void Validate_EncryptedButUnsigned_Reported()
    {
        var record = Sample();
        record.Signature = "00";
        var error = Assert.Single(record.Validate());
        Assert.Equal(RecordErrorCodes.InvalidOrderRecord, error.Code);
        Assert.Equal("ELEKTRONISCHE_UNTERSCHRIFT", error.Location.FieldName);
    }

    [Fact]
    public void Validate_BadCharacterSetAndDate_Reported()
    {
        var record = Sample();
        record.CharacterSet = "X9";
        record["DATUM_ERSTELLUNG"] = "20111301080000";
        Assert.Equal([RecordErrorCodes.InvalidTimestamp, RecordErrorCodes.ValueNotAllowed], record.Validate().Select(e => e.Code));
    }
}
