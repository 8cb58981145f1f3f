using System.Globalization;
using System.Text.Json;
using Elena.Sdk.Records.Layouts;

namespace Elena.Sdk.Cli.Tests;

public sealed class InspectCommandTests(CliRunner cli) : IClassFixture<CliRunner>
{
    private static IReadOnlyList<JsonElement> Records(JsonDocument json)
        => json.RootElement.GetProperty("records").EnumerateArray().ToList();

    private static string Str(JsonElement fields, string name) => fields.GetProperty(name).GetString()!;

    private static List<string> Keys(JsonElement fields) => fields.EnumerateObject().Select(p => p.Name).ToList();

    private static List<string> Names(SegmentLayout layout) => layout.Fields.Select(f => f.Name).ToList();

    private static IEnumerable<JsonElement> Blocks(JsonElement record, string type)
        => record.GetProperty("blocks").EnumerateArray().Where(b => b.GetProperty("type").GetString() == type);

    [Fact]
    public async Task Inspect_Json_HasOneEntryPerRecordWithNumberAndByteOffset()
    {
        string path = await cli.GenerateAsync("json-count.txt", "--mvds", "12", "--seed", "2");
        var lines = CliRunner.ReadLines(path);
        long[] offsets = CliRunner.LineOffsets(lines);

        using var json = await CliRunner.InspectJsonAsync(path);
        var records = Records(json);

        Assert.Equal(15, records.Count);
        Assert.Equal(lines.Count, records.Count);
        for (int i = 0; i < records.Count; i++)
        {
            Assert.Equal(i + 1, records[i].GetProperty("number").GetInt64());
            Assert.Equal(offsets[i], records[i].GetProperty("byteOffset").GetInt64());
            Assert.False(records[i].TryGetProperty("errors", out _), $"record {i + 1} has errors");
        }
    }

    [Fact]
    public async Task Inspect_Json_ListsRecordTypesAndVersionsInFileOrder()
    {
        string path = await cli.GenerateAsync("json-order.txt", "--mvds", "5", "--seed", "2");

        using var json = await CliRunner.InspectJsonAsync(path);
        var records = Records(json);

        Assert.Equal(["VOSZ", "DSKO", "MVDS", "MVDS", "MVDS", "MVDS", "MVDS", "NCSZ"], records.Select(r => r.GetProperty("type").GetString()));
        Assert.Equal(["01", "02", "01", "01", "01", "01", "01", "01"], records.Select(r => r.GetProperty("version").GetString()));
    }

    [Fact]
    public async Task Inspect_Json_FieldKeysAreSpecificationNames()
    {
        string path = await cli.GenerateAsync("json-keys.txt", "--mvds", "10", "--seed", "6");

        using var json = await CliRunner.InspectJsonAsync(path);
        var records = Records(json);

        var header = records[0].GetProperty("fields");
        Assert.Equal(Names(RecordLayouts.FileHeader.FixedPart), Keys(header));
        Assert.Equal("AGENA", Str(header, "VFMM"));
        Assert.Equal("VOSZ", Str(header, "KE"));
        Assert.Equal("000001", Str(header, "DTNR"));

        var communication = records[1].GetProperty("fields");
        Assert.Equal(Names(RecordLayouts.CommunicationV02.FixedPart), Keys(communication));
        Assert.Equal("K", Str(communication, "FERUECK"));
        Assert.Equal("J", Str(communication, "VERBEST"));
        Assert.Equal("ELENA", Str(communication, "VF"));
        Assert.Equal(Str(header, "ABSN"), Str(communication, "BBNRER"));

        foreach (var mvds in records.Where(r => r.GetProperty("type").GetString() == "MVDS"))
        {
            Assert.Equal(Names(RecordLayouts.Earnings.FixedPart), Keys(mvds.GetProperty("fields")));
            Assert.Equal(Str(header, "ABSN"), Str(mvds.GetProperty("fields"), "BBNRVU"));
            foreach (var block in mvds.GetProperty("blocks").EnumerateArray())
            {
                string type = block.GetProperty("type").GetString()!;
                var slot = Assert.Single(RecordLayouts.Earnings.Blocks, s => s.Layout.Identifier == type);
                Assert.Equal(Names(slot.Layout), Keys(block.GetProperty("fields")));
                Assert.Equal(type, Str(block.GetProperty("fields"), "KE"));
            }
        }

        var trailer = records[^1].GetProperty("fields");
        Assert.Equal(Names(RecordLayouts.FileTrailer.FixedPart), Keys(trailer));
        Assert.Equal("00000011", Str(trailer, "ZLSZ"));
    }

    [Fact]
    public async Task Inspect_Json_ValuesAreTrimmedFieldContents()
    {
        string path = await cli.GenerateAsync("json-values.txt", "--mvds", "8", "--seed", "12");
        var lines = CliRunner.ReadLines(path);

        using var json = await CliRunner.InspectJsonAsync(path);
        var records = Records(json);

        int compared = 0;
        for (int i = 0; i < records.Count; i++)
        {
            var layout = i switch
            {
                0 => RecordLayouts.FileHeader,
                1 => RecordLayouts.CommunicationV02,
                _ when i == records.Count - 1 => RecordLayouts.FileTrailer,
                _ => RecordLayouts.Earnings,
            };
            var fields = records[i].GetProperty("fields");
            foreach (var f in layout.FixedPart.Fields)
            {
                string expected = CliRunner.Text(lines[i], f.Position, f.Length).Trim();
                Assert.Equal(expected, Str(fields, f.Name));
                compared++;
            }
        }

        // The sender's name is padded to 50 characters in the file but trimmed in JSON.
        string name = Str(records[0].GetProperty("fields"), "NAAB");
        Assert.NotEmpty(name);
        Assert.Equal(name.Trim(), name);
        Assert.True(compared > 300);
    }

    [Fact]
    public async Task Inspect_Json_BlockValuesMatchFileBytes()
    {
        string path = await cli.GenerateAsync("json-block-values.txt", "--mvds", "3", "--seed", "12");
        var lines = CliRunner.ReadLines(path);

        using var json = await CliRunner.InspectJsonAsync(path);
        var mvds = Records(json)[2];
        var name = Assert.Single(Blocks(mvds, "DBNA"));

        int at = CliRunner.FindBlock(lines[2], "DBNA", RecordLayouts.Earnings.FixedPart.Length);
        Assert.True(at > 0);
        foreach (var f in BlockLayouts.Name.Fields)
        {
            Assert.Equal(CliRunner.Text(lines[2], at + f.Position, f.Length).Trim(), Str(name.GetProperty("fields"), f.Name));
        }

        Assert.NotEmpty(Str(name.GetProperty("fields"), "FMNA"));
    }

    [Fact]
    public async Task Inspect_Json_BlocksFollowPresenceFlags()
    {
        string path = await cli.GenerateAsync("json-flags.txt", "--mvds", "40", "--seed", "19");

        using var json = await CliRunner.InspectJsonAsync(path);
        foreach (var mvds in Records(json).Where(r => r.GetProperty("type").GetString() == "MVDS"))
        {
            var fields = mvds.GetProperty("fields");
            var announced = RecordLayouts.Earnings.Blocks
                .Where(s => s.FlagField is not null && Str(fields, s.FlagField) == "J")
                .Select(s => s.Layout.Identifier)
                .ToList();
            var present = mvds.GetProperty("blocks").EnumerateArray().Select(b => b.GetProperty("type").GetString()!).ToList();
            Assert.Equal(announced, present);
            Assert.Equal(["DBEN", "DBNA", "DBGB", "DBAN"], present.Take(4));
        }
    }

    [Fact]
    public async Task Inspect_Json_AbsencePeriodsBlockHasItems()
    {
        string path = await cli.GenerateAsync("json-items.txt", "--mvds", "20", "--seed", "27");

        using var json = await CliRunner.InspectJsonAsync(path);
        var absences = Records(json).SelectMany(r => Blocks(r, "DBFZ")).ToList();

        Assert.NotEmpty(absences);
        foreach (var block in absences)
        {
            int count = int.Parse(Str(block.GetProperty("fields"), "ANFZ"), CultureInfo.InvariantCulture);
            var items = block.GetProperty("items").EnumerateArray().ToList();
            Assert.InRange(count, 1, 31);
            Assert.Equal(count, items.Count);
            foreach (var item in items)
            {
                var fields = item.GetProperty("fields");
                Assert.Equal(Names(BlockLayouts.AbsencePeriodItem), Keys(fields));
                Assert.Matches("^[0-9]{8}$", Str(fields, "FEHLBEG"));
                Assert.Matches("^(0[1-9]|1[0-6])$", Str(fields, "FEHLART"));
            }
        }

        // Blocks without a repeating group have no items.
        var name = Records(json).SelectMany(r => Blocks(r, "DBNA")).First();
        Assert.False(name.TryGetProperty("items", out _));
    }

    [Fact]
    public async Task Inspect_Json_KeepsGermanCharacters()
    {
        string path = await cli.GenerateAsync("json-umlauts.txt", "--mvds", "50", "--seed", "3");

        using var json = await CliRunner.InspectJsonAsync(path);
        var names = Records(json).SelectMany(r => Blocks(r, "DBNA"))
            .SelectMany(b => new[] { Str(b.GetProperty("fields"), "FMNA"), Str(b.GetProperty("fields"), "VONA") })
            .ToList();

        Assert.Contains(names, n => n.IndexOfAny(['ä', 'ö', 'ü', 'ß', 'Ä', 'Ö', 'Ü', 'ë', 'é']) >= 0);
        Assert.DoesNotContain(names, n => n.Contains('Ã', StringComparison.Ordinal) || n.Contains('\uFFFD', StringComparison.Ordinal));
    }

    [Fact]
    public async Task Inspect_Text_ShowsFieldNamesAndColumnRanges()
    {
        string path = await cli.GenerateAsync("text.txt", "--mvds", "3", "--seed", "2");

        var result = await CliRunner.RunAsync("inspect", path);

        Assert.Equal(ElenaCli.Success, result.ExitCode);
        var lines = result.OutputLines;
        Assert.Equal(["Record 1: VOSZ", "Record 2: DSKO", "Record 3: MVDS", "Record 4: MVDS", "Record 5: MVDS", "Record 6: NCSZ"],
            lines.Where(l => l.StartsWith("Record ", StringComparison.Ordinal)).Select(l => l[..14]));

        Assert.Contains(lines, l => l.TrimStart().StartsWith("EMAILAP", StringComparison.Ordinal) && l.Contains(" 341-410 ", StringComparison.Ordinal)
            && l.Contains("\"lohn@example.de\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.TrimStart().StartsWith("VFMM", StringComparison.Ordinal) && l.Contains(" 5-9 ", StringComparison.Ordinal)
            && l.Contains("\"AGENA\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.TrimStart().StartsWith("FERUECK", StringComparison.Ordinal) && l.Contains(" 412-412 ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.TrimStart().StartsWith("BBNRVU", StringComparison.Ordinal) && l.Contains(" 78-92 ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.TrimStart().StartsWith("ZLSZ", StringComparison.Ordinal) && l.Contains("\"00000004\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Inspect_Text_ShowsBlockColumnsWithinTheRecord()
    {
        string path = await cli.GenerateAsync("text-blocks.txt", "--mvds", "1", "--seed", "2");
        var file = CliRunner.ReadLines(path);
        int at = CliRunner.FindBlock(file[2], "DBNA", RecordLayouts.Earnings.FixedPart.Length);
        var fmna = BlockLayouts.Name.FindField("FMNA")!;

        var result = await CliRunner.RunAsync("inspect", path);

        var lines = result.OutputLines;
        int header = lines.ToList().FindIndex(l => l.TrimStart().StartsWith("DBNA ", StringComparison.Ordinal));
        Assert.True(header > 0, "no DBNA block line");
        Assert.EndsWith($"columns {at + 1}-{at + BlockLayouts.Name.Length}", lines[header], StringComparison.Ordinal);

        int start = at + fmna.Position;
        string familyName = CliRunner.Text(file[2], start, fmna.Length).TrimEnd();
        string fmnaLine = lines[header + 2];
        Assert.StartsWith("FMNA", fmnaLine.TrimStart(), StringComparison.Ordinal);
        Assert.Contains($" {start}-{start + fmna.Length - 1} ", fmnaLine, StringComparison.Ordinal);
        Assert.EndsWith($"\"{familyName}\"", fmnaLine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_Text_CorruptLine_ReportsRecordNotDecodableAndContinues()
    {
        string path = await cli.GenerateAsync("corrupt-text.txt", "--mvds", "3", "--seed", "2");
        var file = CliRunner.ReadLines(path);
        file.Insert(3, "XXXX123"u8.ToArray());
        CliRunner.WriteLines(path, file);

        var result = await CliRunner.RunAsync("inspect", path);

        Assert.Equal(ElenaCli.Success, result.ExitCode);
        var lines = result.OutputLines.ToList();
        int corrupt = lines.FindIndex(l => l.StartsWith("Record 4:", StringComparison.Ordinal));
        Assert.True(corrupt > 0, "record 4 is not shown");
        Assert.StartsWith("Record 4: ?,", lines[corrupt], StringComparison.Ordinal); // an unknown identifier is never echoed
        Assert.Contains("7 characters", lines[corrupt], StringComparison.Ordinal);
        Assert.Contains("cannot be decoded", lines[corrupt + 1], StringComparison.Ordinal);
        Assert.Contains("ELR102", lines[corrupt + 1], StringComparison.Ordinal);

        // The records after it are still shown field by field.
        Assert.StartsWith("Record 5: MVDS", lines[corrupt + 2], StringComparison.Ordinal);
        Assert.Contains(lines.Skip(corrupt + 2), l => l.StartsWith("Record 7: NCSZ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Inspect_Json_CorruptLine_ReportsErrorsInsteadOfFields()
    {
        string path = await cli.GenerateAsync("corrupt-json.txt", "--mvds", "3", "--seed", "2");
        var file = CliRunner.ReadLines(path);
        file.Insert(3, "XXXX123"u8.ToArray());
        CliRunner.WriteLines(path, file);

        using var json = await CliRunner.InspectJsonAsync(path);
        var records = Records(json);

        Assert.Equal(7, records.Count);
        var corrupt = records[3];
        Assert.Equal(4, corrupt.GetProperty("number").GetInt64());
        Assert.False(corrupt.TryGetProperty("fields", out _));
        var error = Assert.Single(corrupt.GetProperty("errors").EnumerateArray());
        Assert.Equal("ELR102", error.GetProperty("code").GetString());
        Assert.Equal(1, error.GetProperty("column").GetInt32());
        Assert.Equal("MVDS", records[4].GetProperty("type").GetString());
        Assert.True(records[4].TryGetProperty("fields", out _));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Inspect_TruncatedRecord_ReportsItAsNotDecodable(bool asJson)
    {
        string path = await cli.GenerateAsync($"truncated-{asJson}.txt", "--mvds", "2", "--seed", "2");
        var file = CliRunner.ReadLines(path);
        file[2] = file[2][..300]; // the MVDS stops inside its first data block
        CliRunner.WriteLines(path, file);

        var result = asJson ? await CliRunner.RunAsync("inspect", path, "--json") : await CliRunner.RunAsync("inspect", path);

        Assert.Equal(ElenaCli.Success, result.ExitCode);
        if (asJson)
        {
            using var json = result.Json();
            var records = Records(json);
            Assert.Equal(5, records.Count);
            Assert.Contains(records[2].GetProperty("errors").EnumerateArray(), e => e.GetProperty("code").GetString() == "ELR101");
        }
        else
        {
            Assert.Contains(result.OutputLines, l => l.Contains("cannot be decoded: ELR101", StringComparison.Ordinal));
            Assert.Contains(result.OutputLines, l => l.StartsWith("Record 5: NCSZ", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Inspect_Json_ControlCharacterInValue_StillProducesValidJson()
    {
        string path = await cli.GenerateAsync("json-control.txt", "--mvds", "2", "--seed", "2");
        var file = CliRunner.ReadLines(path);
        int at = CliRunner.FindBlock(file[2], "DBNA", RecordLayouts.Earnings.FixedPart.Length);
        file[2][at + BlockLayouts.Name.FindField("FMNA")!.Position] = 0x07; // second letter of the family name
        file[2][at + BlockLayouts.Name.FindField("VONA")!.Position] = (byte)'"';
        CliRunner.WriteLines(path, file);

        using var json = await CliRunner.InspectJsonAsync(path);
        var name = Assert.Single(Blocks(Records(json)[2], "DBNA")).GetProperty("fields");

        Assert.Equal('\a', Str(name, "FMNA")[1]);
        Assert.Equal('"', Str(name, "VONA")[1]);
    }

    [Fact]
    public async Task Inspect_EmptyFile_ShowsNoRecords()
    {
        string path = cli.PathOf("empty.txt");
        await File.WriteAllBytesAsync(path, []);

        var text = await CliRunner.RunAsync("inspect", path);
        using var json = await CliRunner.InspectJsonAsync(path);

        Assert.Equal(ElenaCli.Success, text.ExitCode);
        Assert.Empty(text.Output);
        Assert.Empty(Records(json));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Inspect_MissingFile_ReturnsUsageError(bool asJson)
    {
        string path = cli.PathOf("does-not-exist.txt");

        var result = asJson ? await CliRunner.RunAsync("inspect", path, "--json") : await CliRunner.RunAsync("inspect", path);

        Assert.Equal(ElenaCli.UsageError, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.Contains("not found", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_NoFileArgument_ReturnsUsageError()
    {
        var result = await CliRunner.RunAsync("inspect");

        Assert.Equal(ElenaCli.UsageError, result.ExitCode);
    }
}
