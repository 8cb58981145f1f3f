using System.Diagnostics;
using System.Globalization;

namespace Elena.Sdk.Cli.Tests.Extra;

/// <summary>Helpers shared by the tests of <c>elena serve</c>.</summary>
internal static class ServeTestSupport
{
    /// <summary>A fresh reference environment (<c>elena env init</c>) in the runner's folder.</summary>
    public static async Task<string> InitEnvironmentAsync(this CliRunner runner)
    {
        string folder = runner.PathOf("env-" + Guid.NewGuid().ToString("N"));
        var result = await CliRunner.RunAsync("env", "init", folder);
        Assert.True(result.ExitCode == ElenaCli.Success, $"env init failed ({result.ExitCode}): {result.Error}");
        return folder;
    }
}

/// <summary>Runs <c>elena serve</c> in-process until disposed; waits until it printed all its lines.</summary>
internal sealed class Serving : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly StringWriter _output = new(CultureInfo.InvariantCulture);
    private readonly TextWriter _synchronized;
    private Task<int>? _run;

    private Serving() => _synchronized = TextWriter.Synchronized(_output);

    public string[] Lines
    {
        get
        {
            lock (_synchronized)
            {
                return _output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
            }
        }
    }

    /// <summary>The eXTra URL (first line).</summary>
    public string Url => Value("extra");

    public string Value(string label) => Lines.Single(l => l.StartsWith(label + ": ", StringComparison.Ordinal))[(label.Length + 2)..];

    public static async Task<Serving> StartAsync(string environment, params string[] options)
    {
        var serving = new Serving();
        serving._run = Task.Run(() => ElenaCli.RunAsync(["serve", "--env", environment, .. options], serving._synchronized, TextWriter.Null, serving._stop.Token));
        var clock = Stopwatch.StartNew();
        while (!serving.Lines.Any(l => l.StartsWith("admitted employers: ", StringComparison.Ordinal)))
        {
            Assert.False(serving._run.IsCompleted, $"serve ended early: {string.Join('\n', serving.Lines)}");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "serve did not print its addresses within 60 s");
            await Task.Delay(20);
        }

        return serving;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        Assert.Equal(ElenaCli.Success, await _run!);
        _stop.Dispose();
    }
}
