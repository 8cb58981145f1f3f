using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Elena.Sdk.Cli.Tests;

/// <summary>The outcome of one in-process run of the <c>elena</c> command line.</summary>
/// <param name="ExitCode">The exit code.</param>
/// <param name="Output">Everything written to standard output.</param>
/// <param name="Error">Everything written to standard error.</param>
public sealed record CliResult(int ExitCode, string Output, string Error)
{
    /// <summary>The non-empty lines of standard output, without line ends.</summary>
    public IReadOnlyList<string> OutputLines => SplitLines(Output);

    /// <summary>The non-empty lines of standard error, without line ends.</summary>
    public IReadOnlyList<string> ErrorLines => SplitLines(Error);

    /// <summary>Standard output and standard error, line by line.</summary>
    public IEnumerable<string> AllLines => OutputLines.Concat(ErrorLines);

    /// <summary>The findings of <c>elena validate</c>, parsed from standard output.</summary>
    public IReadOnlyList<Finding> Findings => OutputLines.Select(Finding.Parse).ToList();

    /// <summary>Standard output parsed as JSON (the caller disposes it).</summary>
    public JsonDocument Json() => JsonDocument.Parse(Output);

    private static List<string> SplitLines(string text)
        => text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
}

/// <summary>One line of <c>elena validate</c>: <c>[warning ]CODE record N TYPE[/BLOCK] field NAME column C length L byte B: message</c>.</summary>
public sealed partial record Finding(bool IsWarning, string Code, long Record, string Type, string? Block, string Field, int Column, int Length, long Byte, string Message, string Line)
{
    [GeneratedRegex(@"^(?<warning>warning )?(?<code>ELR\d{3}) record (?<record>\d+) (?<type>[^ /]+)(?:/(?<block>[^ ]+))? field (?<field>[^ ]+) column (?<column>\d+) length (?<length>\d+) byte (?<byte>\d+): (?<message>.+)$")]
    private static partial Regex Pattern();

    /// <summary>Parses one output line; fails the test when the line does not follow the format.</summary>
    public static Finding Parse(string line)
    {
        var m = Pattern().Match(line);
        Assert.True(m.Success, $"Not a validate finding line: {line}");
        return new Finding(
            m.Groups["warning"].Success,
            m.Groups["code"].Value,
            long.Parse(m.Groups["record"].Value, CultureInfo.InvariantCulture),
            m.Groups["type"].Value,
            m.Groups["block"].Success ? m.Groups["block"].Value : null,
            m.Groups["field"].Value,
            int.Parse(m.Groups["column"].Value, CultureInfo.InvariantCulture),
            int.Parse(m.Groups["length"].Value, CultureInfo.InvariantCulture),
            long.Parse(m.Groups["byte"].Value, CultureInfo.InvariantCulture),
            m.Groups["message"].Value,
            line);
    }
}

/// <summary>
/// Runs <see cref="ElenaCli.RunAsync"/> in-process with string writers, and owns a temporary folder for one test
/// class (use it as an <see cref="IClassFixture{TFixture}"/>); the folder is deleted when the class is done.
/// </summary>
public sealed class CliRunner : IDisposable
{
    /// <summary>ISO-8859-1, the encoding of record files.</summary>
    public static readonly Encoding Latin1 = Encoding.Latin1;

    public CliRunner()
    {
        Folder = Path.Combine(Path.GetTempPath(), "elena-cli-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
    }

    /// <summary>The temporary folder of this test class.</summary>
    public string Folder { get; }

    /// <summary>A path in the temporary folder.</summary>
    public string PathOf(string fileName) => Path.Combine(Folder, fileName);

    /// <summary>Runs the command line with the given arguments.</summary>
    public static async Task<CliResult> RunAsync(params string[] args)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        int exitCode = await ElenaCli.RunAsync(args, output, error);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Runs the command line with a cancellation token.</summary>
    public static async Task<CliResult> RunAsync(CancellationToken cancellationToken, params string[] args)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        int exitCode = await ElenaCli.RunAsync(args, output, error, cancellationToken);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Runs <c>elena generate</c> into a file of the temporary folder and checks that it succeeded.</summary>
    /// <param name="fileName">The file name in the temporary folder.</param>
    /// <param name="options">The options, e.g. <c>--mvds 10 --seed 3</c>.</param>
    /// <returns>The full path of the file.</returns>
    public async Task<string> GenerateAsync(string fileName, params string[] options)
    {
        string path = PathOf(fileName);
        var result = await RunAsync(["generate", .. options, "--out", path]);
        Assert.True(result.ExitCode == ElenaCli.Success, $"generate failed ({result.ExitCode}): {result.Error}");
        return path;
    }

    /// <summary>Runs <c>elena inspect FILE --json</c> and parses the output.</summary>
    public static async Task<JsonDocument> InspectJsonAsync(string path)
    {
        var result = await RunAsync("inspect", path, "--json");
        Assert.Equal(ElenaCli.Success, result.ExitCode);
        return result.Json();
    }

    /// <summary>Reads a record file as its lines (ISO-8859-1 bytes without CR LF).</summary>
    public static List<byte[]> ReadLines(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        var lines = new List<byte[]>();
        int start = 0;
        for (int i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                int end = i > start && bytes[i - 1] == (byte)'\r' ? i - 1 : i;
                lines.Add(bytes[start..end]);
                start = i + 1;
            }
        }

        if (start < bytes.Length)
        {
            lines.Add(bytes[start..]);
        }

        return lines;
    }

    /// <summary>Writes lines as a record file: each line followed by CR LF.</summary>
    public static void WriteLines(string path, IEnumerable<byte[]> lines)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        foreach (var line in lines)
        {
            stream.Write(line);
            stream.Write("\r\n"u8);
        }
    }

    /// <summary>The byte offset in the file of each line's first byte (lines end in CR LF).</summary>
    public static long[] LineOffsets(IReadOnlyList<byte[]> lines)
    {
        var offsets = new long[lines.Count];
        long offset = 0;
        for (int i = 0; i < lines.Count; i++)
        {
            offsets[i] = offset;
            offset += lines[i].Length + 2;
        }

        return offsets;
    }

    /// <summary>The record identifier (first four characters) of a line.</summary>
    public static string TypeOf(byte[] line) => Latin1.GetString(line, 0, Math.Min(4, line.Length));

    /// <summary>The text of a line at 1-based column <paramref name="position"/>.</summary>
    public static string Text(byte[] line, int position, int length) => Latin1.GetString(line, position - 1, length);

    /// <summary>The 0-based offset of a data block (found by its identifier after the fixed part), or -1.</summary>
    public static int FindBlock(byte[] line, string identifier, int fixedPartLength)
    {
        int at = line.AsSpan(fixedPartLength).IndexOf(Latin1.GetBytes(identifier));
        return at < 0 ? -1 : fixedPartLength + at;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temporary folder left behind does no harm.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
