using System.Text;
using Elena.Sdk.Records.Layouts;
using Elena.Sdk.Records.Tests.Support;

namespace Elena.Sdk.Records.Tests;

/// <summary>The span-level decoder: one record at a time, every malformation named with code, field and column.</summary>
public class RecordDecoderTests
{
    // Generated file: line 3 is MVDS #0 (has DBAG), line 5 is MVDS #2 (has DBFZ); see SyntheticFileGenerator.
    private static readonly List<string> Lines = TestFiles.Lines(TestFiles.ValidEarningsFile(records: 20, seed: 11));

    private static string Mvds(int index) => Lines[index + 2];

    private static int Block(string line, string id)
    {
        int at = line.IndexOf(id, 245, StringComparison.Ordinal);
        Assert.True(at >= 0, $"{id} not in the test record");
        return at + 1; // 1-based column of the block
    }

    public static TheoryData<string, Func<string, string>, string, string?, Func<string, int>?> Malformed() => new()
    {
        { "blank required family name", l => TestFiles.Put(l, Block(l, "DBNA") + 4, new string(' ', 30)), RecordErrorCodes.RequiredFieldMissing, "FMNA", l => Block(l, "DBNA") + 4 },
        { "letter in numeric person group", l => TestFiles.Put(l, 163, "1A1"), RecordErrorCodes.NotNumeric, "PERSGR", _ => 163 },
        { "reason code not in list", l => TestFiles.Put(l, 166, "99"), RecordErrorCodes.ValueNotAllowed, "GD", _ => 166 },
        { "30 February", l => TestFiles.Put(l, 172, "20110230"), RecordErrorCodes.InvalidDate, "MONATBEG", _ => 172 },
        { "hour 25 in timestamp", l => TestFiles.Put(l, 42, "20110201250000000000"), RecordErrorCodes.InvalidTimestamp, "ED", _ => 42 },
        { "Betriebsnummer check digit", l => TestFiles.Put(l, 85, l[84] == '9' ? "0" : ((char)(l[84] + 1)).ToString()), RecordErrorCodes.InvalidEmployerNumber, "BBNRVU", _ => 78 },
        { "Betriebsnummer not followed by blanks", l => TestFiles.Put(l, 90, "1"), RecordErrorCodes.InvalidEmployerNumber, "BBNRVU", _ => 78 },
        { "insurance number check digit", l => TestFiles.Put(l, 75, l[74] == '9' ? "0" : ((char)(l[74] + 1)).ToString()), RecordErrorCodes.InvalidInsuranceNumber, "VSNRVFNR", _ => 64 },
        { "cancellation flag X", l => TestFiles.Put(l, 217, "X"), RecordErrorCodes.InvalidFlag, "KENNZST", _ => 217 },
        { "sign *", l => TestFiles.Put(l, Block(l, "DBEN") + 38, "*"), RecordErrorCodes.InvalidSign, "VSTBREGLF", l => Block(l, "DBEN") + 38 },
        { "procedure not ELENA", l => TestFiles.Put(l, 5, "DEUEV"), RecordErrorCodes.LiteralMismatch, "VF", _ => 5 },
        { "reserve not blank", l => TestFiles.Put(l, 240, "X"), RecordErrorCodes.ReserveNotBlank, "RESERVE", _ => 232 },
        { "error flag 0 with an error block", l => TestFiles.Put(l, 63, "1") + "DBFE" + "ELR201 Text".PadRight(72), RecordErrorCodes.ErrorFlagInconsistent, "FEAN", _ => 63 },
        { "birth date contradicts insurance number", l => TestFiles.Put(l, Block(l, "DBGB") + 74, "19000101"), RecordErrorCodes.InsuranceNumberMismatch, "VSNRVFNR", _ => 64 },
        { "control character in a name", l => TestFiles.Put(l, Block(l, "DBNA") + 5, "\u0007"), RecordErrorCodes.CharacterNotAllowed, "FMNA", l => Block(l, "DBNA") + 4 },
    };

    public static TheoryData<string, Func<string, string>, string> Undecodable() => new()
    {
        { "too short for the fixed part", l => l[..100], RecordErrorCodes.RecordTooShort },
        { "shorter than the identifier", _ => "MV", RecordErrorCodes.RecordTooShort },
        { "unknown identifier", l => "XXXX" + l[4..], RecordErrorCodes.UnknownRecordType },
        { "flag J but block absent", l => TestFiles.Put(l, 231, "J"), RecordErrorCodes.BlockMissing },
        { "FEAN 2 without error blocks", l => TestFiles.Put(l, 63, "2"), RecordErrorCodes.ErrorBlockCountMismatch },
        { "an error block FEAN does not announce", l => l + "DBFE" + new string(' ', 72), RecordErrorCodes.ErrorBlockCountMismatch },
        { "characters after the last block", l => l + "XYZ", RecordErrorCodes.UnexpectedData },
        { "last block cut off", l => l[..^3], RecordErrorCodes.RecordTooShort },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Validate_MalformedField_ReportsCodeFieldAndColumn(string description, Func<string, string> mutate, string code, string? field, Func<string, int>? column)
    {
        string line = mutate(Mvds(0));
        var findings = Decode(line, out bool decoded);

        Assert.True(decoded, description);
        var finding = Assert.Single(findings, f => f.Code == code);
        Assert.Equal(field, finding.Location.FieldName);
        if (column is not null)
        {
            Assert.Equal(column(Mvds(0)), finding.Location.Column);
        }

        Assert.Equal("MVDS", finding.Location.RecordType);
        Assert.Equal(finding.Location.Column - 1, finding.Location.ByteOffset);
    }

    [Theory]
    [MemberData(nameof(Undecodable))]
    public void TryDecode_BrokenStructure_FailsWithCode(string description, Func<string, string> mutate, string code)
    {
        var findings = Decode(mutate(Mvds(2)), out bool decoded);

        Assert.False(decoded, description);
        Assert.Contains(findings, f => f.Code == code && f.Severity == RecordErrorSeverity.Error);
    }

    [Fact]
    public void Validate_ValidGeneratedRecords_NoFindings()
    {
        foreach (var line in Lines)
        {
            Assert.Empty(Decode(line, out bool decoded));
            Assert.True(decoded);
        }
    }

    [Fact]
    public void TryDecode_GroupCountAboveMaximum_InvalidGroupCount()
    {
        string line = Mvds(2);
        int dbfz = Block(line, "DBFZ");
        var findings = Decode(TestFiles.Put(line, dbfz + 4, "45"), out bool decoded);

        Assert.False(decoded);
        var f = Assert.Single(findings);
        Assert.Equal(RecordErrorCodes.InvalidGroupCount, f.Code);
        Assert.Equal(("DBFZ", "ANFZ", dbfz + 4), (f.Location.BlockType, f.Location.FieldName, f.Location.Column));
    }

    [Fact]
    public void TryDecode_MvdsWithAbsencePeriods_FindsBlocksInOrderWithItems()
    {
        var structure = new RecordStructure();
        Assert.True(RecordDecoder.TryDecode(Encoding.Latin1.GetBytes(Mvds(2)), structure, new List<RecordError>()));

        var ids = structure.Blocks.ToArray().Select(b => b.Identifier).ToList();
        Assert.Equal(ids.OrderBy(id => RecordLayouts.Earnings.Blocks.ToList().FindIndex(s => s.Layout.Identifier == id)), ids);
        var dbfz = structure.Blocks.ToArray().Single(b => b.Identifier == "DBFZ");
        Assert.InRange(dbfz.ItemCount, 1, 3);
        Assert.Equal(6 + (18 * dbfz.ItemCount), dbfz.Length);
    }

    [Fact]
    public void Validate_MessagesNeverContainTheFieldValue()
    {
        string line = Mvds(0);
        int dbna = Block(line, "DBNA");
        string family = line.Substring(dbna + 3, 30).TrimEnd();
        string corrupted = TestFiles.Put(line, dbna + 4, "\u0001" + family[1..]);

        var findings = Decode(corrupted, out _);

        Assert.NotEmpty(findings);
        Assert.All(findings, f => Assert.DoesNotContain(family[1..], f.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public void Identify_KnownLayouts_AreFound()
    {
        Assert.Same(RecordLayouts.Earnings, RecordDecoder.Identify(Encoding.Latin1.GetBytes(Mvds(0))));
        Assert.Same(RecordLayouts.FileHeader, RecordDecoder.Identify(Encoding.Latin1.GetBytes(Lines[0])));
        Assert.Same(RecordLayouts.CommunicationV02, RecordDecoder.Identify(Encoding.Latin1.GetBytes(Lines[1])));
        Assert.Same(RecordLayouts.FileTrailer, RecordDecoder.Identify(Encoding.Latin1.GetBytes(Lines[^1])));
        Assert.True(RecordDecoder.Identify(Encoding.Latin1.GetBytes(TestFiles.Put(Mvds(0), 40, "07")))!.IsOpaque);
        Assert.Null(RecordDecoder.Identify("ABCD"u8));
    }

    private static List<RecordError> Decode(string line, out bool decoded)
    {
        var bytes = Encoding.Latin1.GetBytes(line);
        var structure = new RecordStructure();
        var findings = new List<RecordError>();
        decoded = RecordDecoder.TryDecode(bytes, structure, findings);
        if (decoded)
        {
            RecordDecoder.Validate(bytes, structure, findings);
        }

        return findings;
    }
}

public class RecordDecoderAllocationTests
{
    [Fact]
    public void TryDecodeAndValidate_ValidRecords_AllocateNothing()
    {
        var lines = TestFiles.Lines(TestFiles.ValidEarningsFile(records: 200, seed: 9)).Select(Encoding.Latin1.GetBytes).ToList();
        var structure = new RecordStructure();
        var findings = new List<RecordError>();
        foreach (var line in lines)
        {
            // Warm up every layout and path once.
            RecordDecoder.TryDecode(line, structure, findings);
            RecordDecoder.Validate(line, structure, findings);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int round = 0; round < 10; round++)
        {
            foreach (var line in lines)
            {
                RecordDecoder.TryDecode(line, structure, findings);
                RecordDecoder.Validate(line, structure, findings);
            }
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Empty(findings);
        Assert.Equal(0, allocated);
    }
}
