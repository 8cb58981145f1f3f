using System.Globalization;
using Elena.Sdk.Records.Layouts;

namespace Elena.Sdk.Cli.Tests;

public sealed class GenerateCommandTests(CliRunner cli) : IClassFixture<CliRunner>
{
    private static readonly string[] MvdsDataBlocks =
        ["DBEN", "DBNA", "DBGB", "DBAN", "DBAG", "DBAB", "DBFZ", "DBSE", "DBSB", "DBAS", "DBZD", "DBNB", "DBHA", "DBKE"];

    [Fact]
    public async Task Generate_SameSeed_ProducesByteIdenticalFiles()
    {
        string first = await cli.GenerateAsync("same-seed-1.txt", "--mvds", "40", "--seed", "42");
        string second = await cli.GenerateAsync("same-seed-2.txt", "--mvds", "40", "--seed", "42");

        byte[] a = File.ReadAllBytes(first);
        byte[] b = File.ReadAllBytes(second);
        Assert.True(a.Length > 40 * 245, "the file is too small to hold 40 MVDS");
        Assert.Equal(a, b);
    }

    [Fact]
    public async Task Generate_SameSeedDsvv_ProducesByteIdenticalFiles()
    {
        string first = await cli.GenerateAsync("same-seed-dsvv-1.txt", "--dsvv", "25", "--seed", "9");
        string second = await cli.GenerateAsync("same-seed-dsvv-2.txt", "--dsvv", "25", "--seed", "9");

        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
    }

    [Fact]
    public async Task Generate_DifferentSeed_ProducesDifferentFiles()
    {
        string first = await cli.GenerateAsync("seed-1.txt", "--mvds", "20", "--seed", "1");
        string second = await cli.GenerateAsync("seed-2.txt", "--mvds", "20", "--seed", "2");

        Assert.NotEqual(File.ReadAllBytes(first), File.ReadAllBytes(second));

        // Not only a different employer number: the persons differ as well.
        var vsnr1 = CliRunner.ReadLines(first).Where(l => CliRunner.TypeOf(l) == "MVDS").Select(VsnrOf).ToList();
        var vsnr2 = CliRunner.ReadLines(second).Where(l => CliRunner.TypeOf(l) == "MVDS").Select(VsnrOf).ToList();
        Assert.NotEqual(vsnr1, vsnr2);
    }

    [Fact]
    public async Task Generate_DefaultSeed_EqualsSeedOne()
    {
        string implicitSeed = await cli.GenerateAsync("default-seed.txt", "--mvds", "5");
        string explicitSeed = await cli.GenerateAsync("seed-one.txt", "--mvds", "5", "--seed", "1");

        Assert.Equal(File.ReadAllBytes(explicitSeed), File.ReadAllBytes(implicitSeed));
    }

    [Fact]
    public async Task Generate_Dsvv_WritesDsvvRecordsOnly()
    {
        string path = await cli.GenerateAsync("dsvv-only.txt", "--dsvv", "12", "--seed", "5");

        var types = CliRunner.ReadLines(path).Select(CliRunner.TypeOf).ToList();
        Assert.Equal(["VOSZ", "DSKO", .. Enumerable.Repeat("DSVV", 12), "NCSZ"], types);
    }

    [Fact]
    public async Task Generate_Mvds_WritesMvdsRecordsOnly()
    {
        string path = await cli.GenerateAsync("mvds-only.txt", "--mvds", "7", "--seed", "5");

        var types = CliRunner.ReadLines(path).Select(CliRunner.TypeOf).ToList();
        Assert.Equal(["VOSZ", "DSKO", .. Enumerable.Repeat("MVDS", 7), "NCSZ"], types);
    }

    [Theory]
    [InlineData("--mvds", "1")]
    [InlineData("--mvds", "60")]
    [InlineData("--dsvv", "1")]
    [InlineData("--dsvv", "60")]
    public async Task Generate_Output_Validates(string kind, string count)
    {
        string path = await cli.GenerateAsync($"validates{kind}{count}.txt", kind, count, "--seed", "17");

        var result = await CliRunner.RunAsync("validate", path);

        Assert.True(result.ExitCode == ElenaCli.Success, string.Join(Environment.NewLine, result.AllLines));
        Assert.Empty(result.Output);
    }

    [Theory]
    [InlineData("201503")]
    [InlineData("199912")]
    [InlineData("203002")]
    public async Task Generate_Month_SetsReportingMonthAndValidates(string month)
    {
        string path = await cli.GenerateAsync($"month-{month}.txt", "--mvds", "30", "--month", month);

        var lines = CliRunner.ReadLines(path);
        var monthStart = RecordLayouts.Earnings.FixedPart.FindField("MONATBEG")!;
        foreach (var mvds in lines.Where(l => CliRunner.TypeOf(l) == "MVDS"))
        {
            Assert.StartsWith(month, CliRunner.Text(mvds, monthStart.Position, monthStart.Length), StringComparison.Ordinal);
        }

        // The file is created in the month after the reporting month.
        var created = RecordLayouts.FileHeader.FixedPart.FindField("ED")!;
        var expected = DateOnly.ParseExact(month + "01", "yyyyMMdd", CultureInfo.InvariantCulture).AddMonths(1);
        Assert.Equal(expected.ToString("yyyyMMdd", CultureInfo.InvariantCulture), CliRunner.Text(lines[0], created.Position, created.Length));

        var result = await CliRunner.RunAsync("validate", path);
        Assert.True(result.ExitCode == ElenaCli.Success, string.Join(Environment.NewLine, result.AllLines));
    }

    [Theory]
    [InlineData("--mvds", "50")]
    [InlineData("--dsvv", "50")]
    public async Task Generate_Output_HasCrLfLineEndsAndLatin1BytesWithoutBom(string kind, string count)
    {
        string path = await cli.GenerateAsync($"bytes{kind}.txt", kind, count, "--seed", "3");
        byte[] bytes = File.ReadAllBytes(path);

        Assert.Equal("VOSZ"u8.ToArray(), bytes[..4]); // no UTF-8 byte order mark (EF BB BF) in front
        Assert.Equal((byte)'\r', bytes[^2]);
        Assert.Equal((byte)'\n', bytes[^1]);

        int lineEnds = 0;
        bool hasNonAscii = false;
        for (int i = 0; i < bytes.Length; i++)
        {
            byte b = bytes[i];
            if (b == (byte)'\n')
            {
                Assert.True(i > 0 && bytes[i - 1] == (byte)'\r', $"LF without CR at byte {i}");
                lineEnds++;
            }
            else if (b == (byte)'\r')
            {
                Assert.True(i + 1 < bytes.Length && bytes[i + 1] == (byte)'\n', $"CR without LF at byte {i}");
            }
            else
            {
                // Printable ISO-8859-1: no C0/C1 control characters.
                Assert.True(b is >= 0x20 and <= 0x7E or >= 0xA0, $"byte 0x{b:X2} at {i} is not printable ISO-8859-1");
                hasNonAscii |= b >= 0xA0;
            }
        }

        Assert.Equal(int.Parse(count, CultureInfo.InvariantCulture) + 3, lineEnds);

        // German names are written as single ISO-8859-1 bytes, never as UTF-8 sequences (Ã¼ for ü).
        Assert.True(hasNonAscii, "50 synthetic persons should include a name with an umlaut");
        Assert.DoesNotContain((byte)0xC3, bytes);
    }

    [Theory]
    [InlineData("--mvds", "1")]
    [InlineData("--mvds", "33")]
    [InlineData("--dsvv", "8")]
    public async Task Generate_TrailerRecordCount_EqualsRecordsMinusTwo(string kind, string count)
    {
        string path = await cli.GenerateAsync($"zlsz{kind}{count}.txt", kind, count);
        var lines = CliRunner.ReadLines(path);

        var zlsz = RecordLayouts.FileTrailer.FixedPart.FindField("ZLSZ")!;
        Assert.Equal("NCSZ", CliRunner.TypeOf(lines[^1]));
        int declared = int.Parse(CliRunner.Text(lines[^1], zlsz.Position, zlsz.Length), CultureInfo.InvariantCulture);
        Assert.Equal(lines.Count - 2, declared);
        Assert.Equal(int.Parse(count, CultureInfo.InvariantCulture) + 1, declared);
    }

    [Fact]
    public async Task Generate_HeaderAndTrailer_AgreeOnPartiesAndFileNumber()
    {
        string path = await cli.GenerateAsync("header-trailer.txt", "--mvds", "3", "--seed", "8");
        var lines = CliRunner.ReadLines(path);

        foreach (string name in new[] { "VFMM", "ABSN", "EPNR", "ED", "DTNR" })
        {
            var header = RecordLayouts.FileHeader.FixedPart.FindField(name)!;
            var trailer = RecordLayouts.FileTrailer.FixedPart.FindField(name)!;
            Assert.Equal(CliRunner.Text(lines[0], header.Position, header.Length), CliRunner.Text(lines[^1], trailer.Position, trailer.Length));
        }

        Assert.Equal("AGENA", CliRunner.Text(lines[0], 5, 5));
    }

    [Fact]
    public async Task Generate_MvdsAndDsvvTogether_ReturnsUsageError()
    {
        string path = cli.PathOf("both.txt");

        var result = await CliRunner.RunAsync("generate", "--mvds", "3", "--dsvv", "3", "--out", path);

        Assert.Equal(ElenaCli.UsageError, result.ExitCode);
        Assert.Contains("--mvds", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task Generate_NeitherMvdsNorDsvv_ReturnsUsageError()
    {
        string path = cli.PathOf("neither.txt");

        var result = await CliRunner.RunAsync("generate", "--seed", "3", "--out", path);

        Assert.Equal(ElenaCli.UsageError, result.ExitCode);
        Assert.NotEmpty(result.Error);
        Assert.False(File.Exists(path));
    }

    [Theory]
    [InlineData("--mvds", "0")]
    [InlineData("--mvds", "-3")]
    [InlineData("--dsvv", "-1")]
    public async Task Generate_CountNotPositive_ReturnsUsageError(string kind, string count)
    {
        string path = cli.PathOf($"not-positive{kind}{count}.txt");

        var result = await CliRunner.RunAsync("generate", kind, count, "--out", path);

        Assert.Equal(ElenaCli.UsageError, result.ExitCode);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task Generate_NegativeDsvvWithMvds_ReturnsUsageError()
    {
        string path = cli.PathOf("negative-dsvv.txt");

        var result = await CliRunner.RunAsync("generate", "--mvds", "3", "--dsvv", "-1", "--out", path);

        Assert.Equal(ElenaCli.UsageError, result.ExitCode);
        Assert.False(File.Exists(path));
    }

    [Theory]
    [InlineData("201113")]
    [InlineData("201100")]
    [InlineData("2011")]
    [InlineData("2011011")]
    [InlineData("20110a")]
    [InlineData("abcdef")]
    [InlineData("2011-1")]
    [InlineData("189912")]
    [InlineData("")]
    public async Task Generate_BadMonth_ReturnsUsageError(string month)
    {
        string path = cli.PathOf("bad-month.txt");

        var result = await CliRunner.RunAsync("generate", "--mvds", "2", "--month", month, "--out", path);

        Assert.Equal(ElenaCli.UsageError, result.ExitCode);
        Assert.Contains("JJJJMM", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task Generate_MonthWhoseFollowingMonthIsOutOfRange_ReturnsUsageErrorWithoutCrash()
    {
        // 999912 passes the JJJJMM check, but the file's creation date (the month after) does not exist.
        string path = cli.PathOf("month-999912.txt");

        var result = await CliRunner.RunAsync("generate", "--mvds", "2", "--month", "999912", "--out", path);

        Assert.DoesNotContain("Unhandled exception", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.Equal(ElenaCli.UsageError, result.ExitCode);
        Assert.False(File.Exists(path));
        Assert.Empty(Directory.GetFiles(cli.Folder, ".month-999912.txt*"));
    }

    [Fact]
    public async Task Generate_MissingOut_ReturnsUsageError()
    {
        var result = await CliRunner.RunAsync("generate", "--mvds", "2");

        Assert.Equal(ElenaCli.UsageError, result.ExitCode);
        Assert.Contains("--out", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_CountNotANumber_ReturnsUsageError()
    {
        string path = cli.PathOf("not-a-number.txt");

        var result = await CliRunner.RunAsync("generate", "--mvds", "many", "--out", path);

        Assert.Equal(ElenaCli.UsageError, result.ExitCode);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task Generate_MoreThanExtraLimit_WarnsAndFileFailsValidationWithElr309()
    {
        string path = cli.PathOf("too-many.txt");

        var generated = await CliRunner.RunAsync("generate", "--mvds", "20001", "--out", path);

        Assert.Equal(ElenaCli.Success, generated.ExitCode);
        var warning = Assert.Single(generated.ErrorLines, l => l.Contains("warning", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("20000", warning, StringComparison.Ordinal);
        Assert.Contains("20001", warning, StringComparison.Ordinal);
        Assert.Empty(generated.Output);

        var validated = await CliRunner.RunAsync("validate", path);

        Assert.Equal(ElenaCli.Invalid, validated.ExitCode);
        var finding = Assert.Single(validated.Findings);
        Assert.Equal("ELR309", finding.Code);
        Assert.Equal(20_003, finding.Record); // VOSZ, DSKO, then the 20,001st MVDS
        Assert.Equal("MVDS", finding.Type);
        Assert.Contains("20004 records", validated.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_ExactlyExtraLimit_DoesNotWarn()
    {
        string path = cli.PathOf("at-limit.txt");

        var generated = await CliRunner.RunAsync("generate", "--dsvv", "20000", "--out", path);

        Assert.Equal(ElenaCli.Success, generated.ExitCode);
        Assert.DoesNotContain(generated.ErrorLines, l => l.Contains("warning", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(generated.ErrorLines, l => l.Contains("20003 records", StringComparison.Ordinal));
        File.Delete(path);
    }

    [Fact]
    public async Task Generate_OutIntoExistingFile_ReplacesItCompletelyAndLeavesNoTempFiles()
    {
        string reference = await cli.GenerateAsync("replace-reference.txt", "--mvds", "4", "--seed", "11");
        string folder = Path.Combine(cli.Folder, "replace");
        Directory.CreateDirectory(folder);
        string target = Path.Combine(folder, "monthly.txt");

        // An existing, much longer file: nothing of it may survive.
        File.WriteAllBytes(target, Enumerable.Repeat((byte)'X', 1_000_000).ToArray());

        var result = await CliRunner.RunAsync("generate", "--mvds", "4", "--seed", "11", "--out", target);

        Assert.Equal(ElenaCli.Success, result.ExitCode);
        Assert.Equal(File.ReadAllBytes(reference), File.ReadAllBytes(target));
        Assert.Equal([target], Directory.GetFiles(folder));
        Assert.Empty(Directory.GetDirectories(folder));
    }

    [Fact]
    public async Task Generate_OutIntoExistingFileTwice_LeavesOnlyTheLastFile()
    {
        string folder = Path.Combine(cli.Folder, "twice");
        Directory.CreateDirectory(folder);
        string target = Path.Combine(folder, "monthly.txt");

        Assert.Equal(ElenaCli.Success, (await CliRunner.RunAsync("generate", "--mvds", "30", "--seed", "1", "--out", target)).ExitCode);
        Assert.Equal(ElenaCli.Success, (await CliRunner.RunAsync("generate", "--dsvv", "2", "--seed", "2", "--out", target)).ExitCode);

        var types = CliRunner.ReadLines(target).Select(CliRunner.TypeOf).ToList();
        Assert.Equal(["VOSZ", "DSKO", "DSVV", "DSVV", "NCSZ"], types);
        Assert.Equal([target], Directory.GetFiles(folder));
    }

    [Fact]
    public async Task Generate_OutIntoMissingFolder_CreatesTheFolder()
    {
        string target = Path.Combine(cli.Folder, "new-folder", "sub", "file.txt");

        var result = await CliRunner.RunAsync("generate", "--mvds", "2", "--out", target);

        Assert.Equal(ElenaCli.Success, result.ExitCode);
        Assert.True(File.Exists(target));
        Assert.Contains("wrote 5 records", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_Cancelled_LeavesExistingFileUntouchedAndNoTempFiles()
    {
        string folder = Path.Combine(cli.Folder, "cancelled");
        Directory.CreateDirectory(folder);
        string target = Path.Combine(folder, "monthly.txt");
        byte[] before = "previous content\r\n"u8.ToArray();
        File.WriteAllBytes(target, before);
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        CliResult? result = null;
        try
        {
            result = await CliRunner.RunAsync(cancellation.Token, "generate", "--mvds", "5000", "--out", target);
        }
        catch (OperationCanceledException)
        {
            // Acceptable: the command was cancelled.
        }

        Assert.NotEqual(ElenaCli.Success, result?.ExitCode);
        Assert.Equal(before, File.ReadAllBytes(target));
        Assert.Equal([target], Directory.GetFiles(folder));
    }

    [Fact]
    public async Task Generate_FiftyRecords_ContainEveryMvdsDataBlockType()
    {
        string path = await cli.GenerateAsync("all-blocks.txt", "--mvds", "50", "--seed", "23");

        using var json = await CliRunner.InspectJsonAsync(path);
        var seen = json.RootElement.GetProperty("records").EnumerateArray()
            .Where(r => r.GetProperty("type").GetString() == "MVDS")
            .SelectMany(r => r.GetProperty("blocks").EnumerateArray())
            .Select(b => b.GetProperty("type").GetString()!)
            .ToHashSet(StringComparer.Ordinal);

        foreach (string block in MvdsDataBlocks)
        {
            Assert.Contains(block, seen);
        }

        Assert.Subset(MvdsDataBlocks.ToHashSet(StringComparer.Ordinal), seen);
    }

    [Fact]
    public async Task Generate_Mvds_BirthDateInInsuranceNumberEqualsDbgbBirthDate()
    {
        string path = await cli.GenerateAsync("vsnr-birth.txt", "--mvds", "60", "--seed", "31");

        using var json = await CliRunner.InspectJsonAsync(path);
        int checkedRecords = 0;
        foreach (var record in json.RootElement.GetProperty("records").EnumerateArray().Where(r => r.GetProperty("type").GetString() == "MVDS"))
        {
            string vsnr = record.GetProperty("fields").GetProperty("VSNRVFNR").GetString()!;
            var birth = Assert.Single(record.GetProperty("blocks").EnumerateArray(), b => b.GetProperty("type").GetString() == "DBGB");
            string gbdt = birth.GetProperty("fields").GetProperty("GBDT").GetString()!;
            string sex = birth.GetProperty("fields").GetProperty("GE").GetString()!;

            Assert.Equal(12, vsnr.Length);
            Assert.Equal(8, gbdt.Length);

            // VSNR bbTTMMJJass against GBDT JJJJMMTT.
            string ddmmyy = vsnr.Substring(2, 6);
            Assert.Equal(gbdt[6..8] + gbdt[4..6] + gbdt[2..4], ddmmyy);

            // Serial 00–49 male, 50–99 female.
            int serial = int.Parse(vsnr.AsSpan(9, 2), CultureInfo.InvariantCulture);
            Assert.Equal(sex == "W", serial >= 50);
            checkedRecords++;
        }

        Assert.Equal(60, checkedRecords);
    }

    [Fact]
    public async Task Generate_Dsvv_HasNameBirthAndAddressBlocksAndBlankNumber()
    {
        string path = await cli.GenerateAsync("dsvv-blocks.txt", "--dsvv", "10", "--seed", "4");

        using var json = await CliRunner.InspectJsonAsync(path);
        var requests = json.RootElement.GetProperty("records").EnumerateArray().Where(r => r.GetProperty("type").GetString() == "DSVV").ToList();
        Assert.Equal(10, requests.Count);
        foreach (var record in requests)
        {
            Assert.Equal("", record.GetProperty("fields").GetProperty("VSNRVFNR").GetString());
            var blocks = record.GetProperty("blocks").EnumerateArray().Select(b => b.GetProperty("type").GetString()).ToList();
            Assert.Equal(["DBNA", "DBGB", "DBAN"], blocks);
        }
    }

    private static string VsnrOf(byte[] mvds)
    {
        var field = RecordLayouts.Earnings.FixedPart.FindField("VSNRVFNR")!;
        return CliRunner.Text(mvds, field.Position, field.Length);
    }
}
