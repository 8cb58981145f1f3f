using System.Text;
using Elena.Sdk.Testing.Data;

namespace Elena.Sdk.Records.Tests.Support;

/// <summary>Where the shared reference files are, and valid generated files to corrupt.</summary>
internal static class TestFiles
{
    private static readonly Lazy<string> RepositoryRoot = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Elena.Sdk.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Elena.Sdk.sln not found above the test output folder.");
    });

    public static string Root => RepositoryRoot.Value;

    /// <summary>The public DEÜV sample files in ../shared/reference/sample-files (read in place, never copied).</summary>
    public static string SampleFiles => Path.GetFullPath(Path.Combine(Root, "..", "shared", "reference", "sample-files"));

    public static IEnumerable<string> AllSampleFiles()
        => Directory.EnumerateFiles(SampleFiles, "*.dat", SearchOption.AllDirectories).Order(StringComparer.Ordinal);

    /// <summary>A valid ELENA file as bytes (ISO-8859-1, CR LF).</summary>
    public static byte[] ValidEarningsFile(int records = 20, int seed = 7)
    {
        using var stream = new MemoryStream();
        SyntheticFileGenerator.WriteAsync(stream, new SyntheticFileOptions { EarningsRecords = records, Seed = seed }).GetAwaiter().GetResult();
        return stream.ToArray();
    }

    /// <summary>A valid ELENA DSVV file as bytes.</summary>
    public static byte[] ValidNumberRequestFile(int records = 5, int seed = 7)
    {
        using var stream = new MemoryStream();
        SyntheticFileGenerator.WriteAsync(stream, new SyntheticFileOptions { NumberRequests = records, Seed = seed }).GetAwaiter().GetResult();
        return stream.ToArray();
    }

    /// <summary>The lines of a file without line ends, as ISO-8859-1 strings.</summary>
    public static List<string> Lines(byte[] file)
        => Encoding.Latin1.GetString(file).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).ToList();

    /// <summary>Joins lines with CR LF, ISO-8859-1.</summary>
    public static byte[] Join(IEnumerable<string> lines) => Encoding.Latin1.GetBytes(string.Concat(lines.Select(l => l + "\r\n")));

    /// <summary>Replaces characters at a 1-based column of a line.</summary>
    public static string Put(string line, int column, string text) => line[..(column - 1)] + text + line[(column - 1 + text.Length)..];
}
