using System.Globalization;
using System.Text.RegularExpressions;

namespace Elena.Sdk.Samples.Tests;

/// <summary>
/// The main job (samples/00-MonthlyRun) run as a child process exactly as a user runs it: exit code and the numbers of
/// its summary table. Output is redirected here, so the progress bars must print lines, never carriage returns.
/// </summary>
public sealed class MonthlyRunTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task Run_200Employees_AllStoredConfirmedAndAcknowledged_ExitCodeZero()
    {
        var run = await MonthlyRunProcess.RunAsync("--employees", "200", "--seed", "7", "--key-size", "2048");

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal(200, run.Number("Employees"));
        Assert.Equal(200, run.Number("Records sent (MVDS)"));
        Assert.Equal("yes", run.Value("Acceptance receipt"));
        Assert.Equal(200, run.Number("Accepted and stored"));
        Assert.Equal(0, run.Number("Rejected"));
        Assert.Equal(0, run.Number("Notices"));
        Assert.Equal(0, run.Number("Numbers assigned"));
        Assert.Equal(1, run.Number("Replies fetched"));
        Assert.Contains("ProcessingConfirmation 1", run.Line("Replies fetched"), StringComparison.Ordinal);
        Assert.Equal(1, run.Number("Acknowledged"));
        Assert.Contains("left on the server: 0, unacknowledged in the client state: 0", run.Line("Acknowledged"), StringComparison.Ordinal);
        Assert.Equal("Answered", run.Value("Sent file status"));
        Assert.Contains("Result: everything came back as expected (exit code 0).", run.Output, StringComparison.Ordinal);
        for (int step = 1; step <= 6; step++)
        {
            Assert.Contains($"[{step}/6] ", run.Output, StringComparison.Ordinal);
        }

        // Redirected output: periodic lines, the final state of every bar on its own line, no redraws.
        Assert.DoesNotContain('\r', run.Output);
        Assert.Matches(ProgressDone("building", "200 / 200 records"), run.Output);
        Assert.Matches(ProgressDone("processing", "200 / 200 records"), run.Output);
    }

    [Fact]
    public async Task Run_200EmployeesTwoFaulty_TwoRejectedWithDsrvReasons_ExitCodeZero()
    {
        var run = await MonthlyRunProcess.RunAsync("--employees", "200", "--faulty", "2", "--key-size", "2048");

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal(200, run.Number("Records sent (MVDS)"));
        Assert.Equal(198, run.Number("Accepted and stored"));
        Assert.Equal(2, run.Number("Rejected"));
        Assert.Matches(new Regex(@"^    MVDSz81  VSNR/VFNR nicht im Stammsatz vorhanden\s+1   P\d{6}\r?$", RegexOptions.Multiline), run.Output);
        Assert.Matches(new Regex(@"^    MVDSz82  Doppelvergabeverdacht\s+1   P\d{6}\r?$", RegexOptions.Multiline), run.Output);
        Assert.Equal(0, run.Number("Notices"));
        Assert.Equal(1, run.Number("Replies fetched"));
        Assert.Contains("RecordRejection 1", run.Line("Replies fetched"), StringComparison.Ordinal);
        Assert.DoesNotContain("ProcessingConfirmation", run.Line("Replies fetched"), StringComparison.Ordinal);
        Assert.Equal(1, run.Number("Acknowledged"));
        Assert.Matches(ProgressDone("processing", "198 / 198 records"), run.Output);
    }

    [Fact]
    public async Task Run_FaultyAndRetiredNumbers_RejectionsAndNoticesInOneReply_ExitCodeZero()
    {
        var run = await MonthlyRunProcess.RunAsync("--employees", "60", "--faulty", "3", "--notices", "2", "--seed", "99", "--key-size", "2048");

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal(57, run.Number("Accepted and stored"));
        Assert.Equal(3, run.Number("Rejected"));
        Assert.Matches(new Regex(@"^    MVDSz81 .*\s2   P\d{6}, P\d{6}\r?$", RegexOptions.Multiline), run.Output);
        Assert.Matches(new Regex(@"^    MVDSz82 .*\s1   P\d{6}\r?$", RegexOptions.Multiline), run.Output);
        Assert.Equal(2, run.Number("Notices"));
        Assert.Matches(new Regex(@"^    MVDSH01 .*\s2   P\d{6}, P\d{6}\r?$", RegexOptions.Multiline), run.Output);
        Assert.Contains("RecordRejection 1", run.Line("Replies fetched"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no employees", new[] { "--employees", "0" })]
    [InlineData("more than the eXTra limit of 20,000 per file", new[] { "--employees", "20001" })]
    [InlineData("more faulty employees than half the company", new[] { "--employees", "10", "--faulty", "6" })]
    [InlineData("a key size the trust center does not take", new[] { "--key-size", "1024" })]
    public async Task Run_WrongCommandLine_ExitCodeTwo_NothingRun(string description, string[] arguments)
    {
        var run = await MonthlyRunProcess.RunAsync(arguments);

        Assert.True(run.ExitCode == 2, $"{description}: {run.Output}");
        Assert.DoesNotContain("[1/6]", run.Output, StringComparison.Ordinal);
    }

    private static Regex ProgressDone(string label, string amount)
        => new($@"^      {Regex.Escape(label)}\s+\[#{{30}}\] 100%\s+{Regex.Escape(amount)}\s+\d+\.\d s\r?$", RegexOptions.Multiline);

    /// <summary>One run of the sample: exit code and everything it wrote (stdout and stderr).</summary>
    private sealed class MonthlyRunProcess(int exitCode, string output)
    {
        public int ExitCode { get; } = exitCode;

        public string Output { get; } = output;

        /// <summary>The summary row with the label (two spaces, label padded, value, note).</summary>
        public string Line(string label)
        {
            var match = new Regex($@"^  {Regex.Escape(label)}\s.*$", RegexOptions.Multiline).Match(Output);
            Assert.True(match.Success, $"No summary row '{label}' in:\n{Output}");
            return match.Value;
        }

        /// <summary>The value column of a summary row.</summary>
        public string Value(string label)
        {
            string rest = Line(label)[(2 + label.Length)..].TrimStart();
            int end = rest.IndexOf("   ", StringComparison.Ordinal);
            return (end < 0 ? rest : rest[..end]).Trim();
        }

        /// <summary>The value column of a summary row as a number (thousands separators allowed).</summary>
        public int Number(string label) => int.Parse(Value(label), NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

        public static Task<MonthlyRunProcess> RunAsync(params string[] arguments)
        {
            var run = SampleRun.Run("00-MonthlyRun", arguments, environment: null, Timeout);
            return Task.FromResult(new MonthlyRunProcess(run.ExitCode, run.Output + run.Error));
        }
    }
}
