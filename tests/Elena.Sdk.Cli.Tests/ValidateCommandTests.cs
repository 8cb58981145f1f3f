using System.Globalization;
using System.Text;
using Elena.Sdk.Records;
using Elena.Sdk.Records.Layouts;

namespace Elena.Sdk.Cli.Tests;

public sealed class ValidateCommandTests(CliRunner cli) : IClassFixture<CliRunner>
{
    private static readonly Encoding Latin1 = CliRunner.Latin1;

    /// <summary>Generates a valid file and returns its path and lines.</summary>
    private async Task<(string Path, List<byte[]> Lines)> ValidFileAsync(string name, int mvds = 10, int seed = 5)
    {
        string path = await cli.GenerateAsync(name, "--mvds", mvds.ToString(CultureInfo.InvariantCulture), "--seed", seed.ToString(CultureInfo.InvariantCulture));
        return (path, CliRunner.ReadLines(path));
    }

    private static void AssertNoLineContains(CliResult result, string value)
    {
        Assert.False(string.IsNullOrWhiteSpace(value));
        foreach (string line in result.AllLines)
        {
            Assert.DoesNotContain(value, line, StringComparison.Ordinal);
        }
    }

    private static Finding SingleFinding(CliResult result, string code)
    {
        Assert.Equal(ElenaCli.Invalid, result.ExitCode);
        return Assert.Single(result.Findings, f => f.Code == code);
    }

    [Fact]
    public async Task Validate_ValidFile_ReturnsSuccessAndEmptyOutput()
    {
        var (path, lines) = await ValidFileAsync("valid.txt", mvds: 25);

        var result = await CliRunner.RunAsync("validate", path);

        Assert.Equal(ElenaCli.Success, result.ExitCode);
        Assert.Empty(result.Output);
        string summary = Assert.Single(result.ErrorLines);
        Assert.Contains($"{lines.Count} records", summary, StringComparison.Ordinal);
        Assert.Contains("0 errors", summary, StringComparison.Ordinal);
        Assert.EndsWith("valid", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("invalid", summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_WrongBetriebsnummerCheckDigit_ReportsElr206AtBbnrvu()
    {
        var (path, lines) = await ValidFileAsync("bbnrvu.txt");
        var field = RecordLayouts.Earnings.FixedPart.FindField("BBNRVU")!;
        Assert.Equal(78, field.Position);
        const int target = 4; // the third MVDS (0-based line index)
        string original = CliRunner.Text(lines[target], field.Position, 8);
        Assert.Matches("^[0-9]{8}$", original);
        int checkDigit = original[7] - '0';
        lines[target][field.Position - 1 + 7] = (byte)('0' + ((checkDigit + 1) % 10));
        string corrupted = CliRunner.Text(lines[target], field.Position, 8);
        CliRunner.WriteLines(path, lines);

        var result = await CliRunner.RunAsync("validate", path);

        var finding = SingleFinding(result, "ELR206");
        Assert.Single(result.Findings);
        Assert.Equal(target + 1, finding.Record);
        Assert.Equal("MVDS", finding.Type);
        Assert.Null(finding.Block);
        Assert.Equal("BBNRVU", finding.Field);
        Assert.Equal(78, finding.Column);
        Assert.Equal(15, finding.Length);
        Assert.Equal(CliRunner.LineOffsets(lines)[target] + 77, finding.Byte);
        Assert.False(finding.IsWarning);
        AssertNoLineContains(result, original);
        AssertNoLineContains(result, corrupted);
    }

    [Fact]
    public async Task Validate_BlankFamilyName_ReportsElr201AtFmna()
    {
        var (path, lines) = await ValidFileAsync("fmna.txt");
        const int target = 3;
        int block = CliRunner.FindBlock(lines[target], "DBNA", RecordLayouts.Earnings.FixedPart.Length);
        Assert.True(block > 0, "no DBNA block");
        var field = BlockLayouts.Name.FindField("FMNA")!;
        int column = block + field.Position;
        string familyName = CliRunner.Text(lines[target], column, field.Length).TrimEnd();
        Assert.True(familyName.Length >= 4, familyName);
        lines[target].AsSpan(column - 1, field.Length).Fill((byte)' ');
        CliRunner.WriteLines(path, lines);

        var result = await CliRunner.RunAsync("validate", path);

        var finding = SingleFinding(result, "ELR201");
        Assert.Single(result.Findings);
        Assert.Equal(target + 1, finding.Record);
        Assert.Equal("MVDS", finding.Type);
        Assert.Equal("DBNA", finding.Block);
        Assert.Equal("FMNA", finding.Field);
        Assert.Equal(column, finding.Column);
        Assert.Equal(30, finding.Length);
        Assert.Equal(CliRunner.LineOffsets(lines)[target] + column - 1, finding.Byte);
        AssertNoLineContains(result, familyName);
    }

    [Fact]
    public async Task Validate_TrailerCountOffByOne_ReportsElr307AtZlsz()
    {
        var (path, lines) = await ValidFileAsync("zlsz.txt", mvds: 7);
        var field = RecordLayouts.FileTrailer.FixedPart.FindField("ZLSZ")!;
        int declared = int.Parse(CliRunner.Text(lines[^1], field.Position, field.Length), CultureInfo.InvariantCulture);
        Assert.Equal(8, declared);
        Latin1.GetBytes((declared + 1).ToString("D8", CultureInfo.InvariantCulture)).CopyTo(lines[^1], field.Position - 1);
        CliRunner.WriteLines(path, lines);

        var result = await CliRunner.RunAsync("validate", path);

        var finding = SingleFinding(result, "ELR307");
        Assert.Single(result.Findings);
        Assert.Equal(lines.Count, finding.Record);
        Assert.Equal("NCSZ", finding.Type);
        Assert.Equal("ZLSZ", finding.Field);
        Assert.Equal(field.Position, finding.Column);
        Assert.Equal(8, finding.Length);
        Assert.Equal(CliRunner.LineOffsets(lines)[^1] + field.Position - 1, finding.Byte);
        AssertNoLineContains(result, "00000009");
    }

    [Fact]
    public async Task Validate_MvdsAfterTrailer_ReportsElr304()
    {
        var (path, lines) = await ValidFileAsync("after-trailer.txt", mvds: 4);
        var moved = lines[2];
        lines.RemoveAt(2);
        lines.Add(moved);
        CliRunner.WriteLines(path, lines);

        var result = await CliRunner.RunAsync("validate", path);

        var finding = SingleFinding(result, "ELR304");
        Assert.Equal(lines.Count, finding.Record);
        Assert.Equal("MVDS", finding.Type);
        Assert.Equal(1, finding.Column);
        Assert.Equal(CliRunner.LineOffsets(lines)[^1], finding.Byte);

        // The trailer is no longer last, and its count no longer matches the records before it.
        Assert.Contains(result.Findings, f => f.Code == "ELR303");
        Assert.Contains(result.Findings, f => f.Code == "ELR307" && f.Record == lines.Count - 1);
    }

    [Fact]
    public async Task Validate_SecondFileHeader_ReportsElr304()
    {
        var (path, lines) = await ValidFileAsync("second-header.txt", mvds: 3);
        lines.Insert(3, lines[0]);
        CliRunner.WriteLines(path, lines);

        var result = await CliRunner.RunAsync("validate", path);

        var finding = SingleFinding(result, "ELR304");
        Assert.Equal(4, finding.Record);
        Assert.Equal("VOSZ", finding.Type);
        Assert.Equal("KE", finding.Field);
        Assert.Equal(1, finding.Column);
    }

    [Fact]
    public async Task Validate_ControlCharacterInName_ReportsElr108()
    {
        var (path, lines) = await ValidFileAsync("control.txt");
        const int target = 6;
        int block = CliRunner.FindBlock(lines[target], "DBNA", RecordLayouts.Earnings.FixedPart.Length);
        var field = BlockLayouts.Name.FindField("FMNA")!;
        int column = block + field.Position;
        string familyName = CliRunner.Text(lines[target], column, field.Length).TrimEnd();
        Assert.True(familyName.Length >= 4, familyName);
        lines[target][column] = 0x07; // the family name's second letter becomes BEL
        string rest = CliRunner.Text(lines[target], column + 2, familyName.Length - 2);
        CliRunner.WriteLines(path, lines);

        var result = await CliRunner.RunAsync("validate", path);

        var finding = SingleFinding(result, "ELR108");
        Assert.Single(result.Findings);
        Assert.Equal(target + 1, finding.Record);
        Assert.Equal("MVDS", finding.Type);
        Assert.Equal("DBNA", finding.Block);
        Assert.Equal("FMNA", finding.Field);
        Assert.Equal(column, finding.Column);
        Assert.Equal(CliRunner.LineOffsets(lines)[target] + column - 1, finding.Byte);
        AssertNoLineContains(result, familyName);
        AssertNoLineContains(result, "\a");
        if (rest.Length >= 3)
        {
            AssertNoLineContains(result, rest);
        }
    }

    [Fact]
    public async Task Validate_ControlCharacterInFixedPart_ReportsElr108AtItsField()
    {
        var (path, lines) = await ValidFileAsync("control-fixed.txt", mvds: 3);
        var field = RecordLayouts.Earnings.FixedPart.FindField("AZVU")!;
        lines[3][field.Position] = 0x1B; // ESC inside the personnel reference
        CliRunner.WriteLines(path, lines);

        var result = await CliRunner.RunAsync("validate", path);

        var finding = SingleFinding(result, "ELR108");
        Assert.Equal(4, finding.Record);
        Assert.Null(finding.Block);
        Assert.Equal("AZVU", finding.Field);
        Assert.Equal(field.Position, finding.Column);
    }

    [Theory]
    [InlineData("--mvds")]
    [InlineData("--dsvv")]
    public async Task Validate_MoreThanMailLimit_ReportsElr309ForMailOnly(string kind)
    {
        string path = await cli.GenerateAsync($"mail-limit{kind}.txt", kind, "2001", "--seed", "8");
        string type = kind == "--mvds" ? "MVDS" : "DSVV";

        var mail = await CliRunner.RunAsync("validate", path, "--channel", "Mail");
        var extra = await CliRunner.RunAsync("validate", path, "--channel", "Extra");
        var byDefault = await CliRunner.RunAsync("validate", path);

        var finding = SingleFinding(mail, "ELR309");
        Assert.Single(mail.Findings);
        Assert.Equal(2003, finding.Record); // VOSZ, DSKO, then the 2,001st payload record
        Assert.Equal(type, finding.Type);
        Assert.Equal(1, finding.Column);
        Assert.Contains("2000", finding.Message, StringComparison.Ordinal);

        Assert.Equal(ElenaCli.Success, extra.ExitCode);
        Assert.Empty(extra.Output);
        Assert.Equal(ElenaCli.Success, byDefault.ExitCode);
        Assert.Empty(byDefault.Output);
    }

    [Fact]
    public async Task Validate_ExactlyMailLimit_IsValidForMail()
    {
        string path = await cli.GenerateAsync("mail-at-limit.txt", "--dsvv", "2000", "--seed", "8");

        var result = await CliRunner.RunAsync("validate", path, "--channel", "Mail");

        Assert.Equal(ElenaCli.Success, result.ExitCode);
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task Validate_SeveralCorruptions_ReportsEachOnItsOwnLine()
    {
        var (path, lines) = await ValidFileAsync("several.txt", mvds: 6);
        var bbnrvu = RecordLayouts.Earnings.FixedPart.FindField("BBNRVU")!;
        lines[2][bbnrvu.Position - 1 + 7] = lines[2][bbnrvu.Position - 1 + 7] == (byte)'9' ? (byte)'0' : (byte)(lines[2][bbnrvu.Position - 1 + 7] + 1);
        int block = CliRunner.FindBlock(lines[5], "DBNA", RecordLayouts.Earnings.FixedPart.Length);
        lines[5].AsSpan(block + BlockLayouts.Name.FindField("FMNA")!.Position - 1, 30).Fill((byte)' ');
        var zlsz = RecordLayouts.FileTrailer.FixedPart.FindField("ZLSZ")!;
        "00000001"u8.CopyTo(lines[^1].AsSpan(zlsz.Position - 1));
        CliRunner.WriteLines(path, lines);

        var result = await CliRunner.RunAsync("validate", path);

        Assert.Equal(ElenaCli.Invalid, result.ExitCode);
        Assert.Equal(
            [("ELR206", 3L, "BBNRVU"), ("ELR201", 6L, "FMNA"), ("ELR307", (long)lines.Count, "ZLSZ")],
            result.Findings.Select(f => (f.Code, f.Record, f.Field)));
        Assert.Contains("3 errors", result.Error, StringComparison.Ordinal);
        Assert.Contains("invalid", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_LineBrokenBeforeFamilyName_DoesNotEchoTheName()
    {
        // A stray line end inside a record: the next "record" starts with the family name. The finding may
        // name the record but must not show its first characters, which are personal data.
        var (path, lines) = await ValidFileAsync("broken-line.txt", mvds: 4);
        const int target = 3;
        int block = CliRunner.FindBlock(lines[target], "DBNA", RecordLayouts.Earnings.FixedPart.Length);
        var field = BlockLayouts.Name.FindField("FMNA")!;
        int start = block + field.Position - 1;
        string familyName = CliRunner.Text(lines[target], start + 1, field.Length).TrimEnd();
        Assert.True(familyName.Length >= 4, familyName);
        var head = lines[target][..start];
        var tail = lines[target][start..];
        lines[target] = head;
        lines.Insert(target + 1, tail);
        CliRunner.WriteLines(path, lines);

        var result = await CliRunner.RunAsync("validate", path);

        Assert.Equal(ElenaCli.Invalid, result.ExitCode);
        Assert.Contains(result.Findings, f => f.Record == target + 2 && f.Code == "ELR102");
        AssertNoLineContains(result, familyName);
        AssertNoLineContains(result, familyName[..4]);
    }

    [Fact]
    public async Task Validate_OutputLinesFollowTheFormatOfValidateCommandFormat()
    {
        var (path, lines) = await ValidFileAsync("format.txt", mvds: 2);
        var beam = RecordLayouts.Earnings.FixedPart.FindField("BEAM")!;
        lines[2][beam.Position - 1] = (byte)'X';
        CliRunner.WriteLines(path, lines);

        var result = await CliRunner.RunAsync("validate", path);

        var finding = SingleFinding(result, "ELR208");
        var expected = Commands.ValidateCommand.Format(new RecordError(
            finding.Code, finding.Message,
            new RecordLocation(3, "MVDS", null, "BEAM", beam.Position, 1, CliRunner.LineOffsets(lines)[2] + beam.Position - 1)));
        Assert.Equal(expected, finding.Line);
    }

    [Fact]
    public async Task Validate_Warning_IsPrefixedAndKeepsExitCodeZero()
    {
        // An ELENA file with a DSKO v04 is accepted with a warning (docs/error-codes.md, ELR210).
        var (path, lines) = await ValidFileAsync("warning.txt", mvds: 2);
        string text = Latin1.GetString(lines[1]);
        Assert.Equal("02", text.Substring(39, 2));
        var v04 = RecordLayouts.CommunicationV04.FixedPart;
        var bytes = lines[1];
        "04"u8.CopyTo(bytes.AsSpan(39));
        bytes.AsSpan(v04.FindField("RESERVE")!.Position - 1, 5).Fill((byte)' ');
        CliRunner.WriteLines(path, lines);

        var result = await CliRunner.RunAsync("validate", path);

        Assert.Equal(ElenaCli.Success, result.ExitCode);
        var finding = Assert.Single(result.Findings);
        Assert.True(finding.IsWarning);
        Assert.Equal("ELR210", finding.Code);
        Assert.Equal(2, finding.Record);
        Assert.StartsWith("warning ELR210 record 2 DSKO", finding.Line, StringComparison.Ordinal);
        Assert.Contains("1 warnings", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_EmptyFile_ReportsElr301()
    {
        string path = cli.PathOf("empty.txt");
        await File.WriteAllBytesAsync(path, []);

        var result = await CliRunner.RunAsync("validate", path);

        var finding = SingleFinding(result, "ELR301");
        Assert.Equal(0, finding.Record);
    }

    [Fact]
    public async Task Validate_MissingFile_ReturnsUsageError()
    {
        string path = cli.PathOf("missing.txt");

        var result = await CliRunner.RunAsync("validate", path);

        Assert.Equal(ElenaCli.UsageError, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.Contains("not found", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_UnknownChannel_ReturnsUsageError()
    {
        var (path, _) = await ValidFileAsync("channel.txt", mvds: 1);

        var result = await CliRunner.RunAsync("validate", path, "--channel", "Pigeon");

        Assert.Equal(ElenaCli.UsageError, result.ExitCode);
    }

    [Fact]
    public async Task Validate_NoFileArgument_ReturnsUsageError()
    {
        var result = await CliRunner.RunAsync("validate");

        Assert.Equal(ElenaCli.UsageError, result.ExitCode);
    }
}
