using System.Diagnostics;

namespace Elena.Sdk.Transport.Tests.Extra.Support;

/// <summary>The shared eXTra reference files (read in place, never copied) and schema validation with xmllint.</summary>
internal static class ExtraFiles
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

    /// <summary>../shared/reference/extra.</summary>
    public static string Reference => Path.GetFullPath(Path.Combine(RepositoryRoot.Value, "..", "shared", "reference", "extra"));

    /// <summary>A schema of the generic eXTra 1.4 set.</summary>
    public static string Schema(string name) => Path.Combine(Reference, "xsd-1.4", name);

    public static IEnumerable<string> Samples()
        => Directory.EnumerateFiles(Path.Combine(Reference, "samples-elena"), "*.xml")
            .Concat(Directory.EnumerateFiles(Path.Combine(Reference, "samples-komserver-1.4"), "*.xml"))
            .Order(StringComparer.Ordinal);

    /// <summary>Runs <c>xmllint --noout --schema</c> on the bytes; fails the test with xmllint's output when invalid.</summary>
    public static void AssertValid(byte[] xml, string schemaName)
    {
        string file = Path.Combine(Path.GetTempPath(), "elena-extra-" + Guid.NewGuid().ToString("N") + ".xml");
        File.WriteAllBytes(file, xml);
        try
        {
            var (exit, output) = Run("xmllint", "--noout", "--schema", Schema(schemaName), file);
            Assert.True(exit == 0, $"xmllint against {schemaName} failed ({exit}):\n{output}");
        }
        finally
        {
            File.Delete(file);
        }
    }

    public static (int ExitCode, string Output) Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr);
    }
}
