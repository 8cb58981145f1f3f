using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace Elena.Sdk.Samples.Tests;

/// <summary>What a sample printed and returned.</summary>
public sealed record SampleResult(string Name, int ExitCode, string Output, string Error, TimeSpan Elapsed)
{
    /// <summary>Asserts exit code 0 and that every expected line fragment was printed (on standard output).</summary>
    public SampleResult Succeeded(params string[] expected)
    {
        Assert.True(ExitCode == 0, $"{Name} exited with {ExitCode} after {Elapsed.TotalSeconds:F1} s.\n--- stdout\n{Output}\n--- stderr\n{Error}");
        foreach (string fragment in expected)
        {
            Assert.True(Output.Contains(fragment, StringComparison.Ordinal), $"{Name} did not print \"{fragment}\".\n--- stdout\n{Output}");
        }

        return this;
    }
}

/// <summary>
/// Runs a console sample as a child process, the way a user runs its build output:
/// <c>dotnet &lt;repo&gt;/samples/NAME/bin/&lt;Configuration&gt;/net10.0/NAME.dll args…</c>. The configuration is this
/// test assembly's; the solution build (and this project's references) build the samples first.
/// </summary>
public static class SampleRun
{
    /// <summary>Generous: a sample on a busy 2-core CI machine.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    private static readonly Lazy<string> RepositoryRoot = new(FindRepositoryRoot);

    /// <summary>The repository root (the folder with Elena.Sdk.sln).</summary>
    public static string Root => RepositoryRoot.Value;

    /// <summary>The build configuration of this test assembly (Debug or Release).</summary>
    public static string Configuration =>
        typeof(SampleRun).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>Runs sample <paramref name="name"/> (its folder under samples/, e.g. <c>01-MonthlyFile</c>) and waits for it.</summary>
    public static SampleResult Run(string name, params string[] args) => Run(name, args, environment: null, timeout: null);

    /// <summary>Runs a sample with extra environment variables (a null value removes the variable).</summary>
    public static SampleResult Run(string name, string[] args, IReadOnlyDictionary<string, string?>? environment, TimeSpan? timeout = null)
    {
        string dll = Path.Combine(Root, "samples", name, "bin", Configuration, "net10.0", AssemblyNameOf(name) + ".dll");
        Assert.True(File.Exists(dll), $"Sample {name} is not built: {dll} is missing. Build the solution (dotnet build Elena.Sdk.sln -c {Configuration}) first.");

        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Root,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(dll);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[key] = value;
        }

        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? DefaultTimeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"{name} did not finish within {(timeout ?? DefaultTimeout).TotalMinutes} minutes.\n--- stdout\n{output.Result}\n--- stderr\n{error.Result}");
        }

        process.WaitForExit(); // drains the redirected streams
        return new SampleResult(name, process.ExitCode, output.Result, error.Result, stopwatch.Elapsed);
    }

    /// <summary>The dotnet host: the one running the tests (DOTNET_HOST_PATH under dotnet test), else dotnet on PATH.</summary>
    public static string DotnetHost()
    {
        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (host is { Length: > 0 } && File.Exists(host))
        {
            return host;
        }

        string? current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }

    /// <summary>The sample's assembly name: its project's AssemblyName, else the folder name.</summary>
    private static string AssemblyNameOf(string name)
    {
        string project = Path.Combine(Root, "samples", name, name + ".csproj");
        string? assembly = File.Exists(project)
            ? System.Xml.Linq.XDocument.Load(project).Descendants("AssemblyName").Select(e => e.Value.Trim()).FirstOrDefault()
            : null;
        return string.IsNullOrEmpty(assembly) ? name : assembly;
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Elena.Sdk.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Elena.Sdk.sln was not found above {AppContext.BaseDirectory}.");
    }
}
