using System.Globalization;

namespace Elena.Sdk.Samples.MonthlyRun;

/// <summary>What a progress bar counts.</summary>
internal enum ProgressUnit
{
    /// <summary>Records.</summary>
    Records,

    /// <summary>Bytes, shown in MB.</summary>
    Bytes,
}

/// <summary>
/// Plain-text progress bars. On a terminal one line is redrawn with a carriage return; when the output is redirected
/// (a log, a CI job, a test) a line is printed every <see cref="RedirectedInterval"/> instead, and the final state
/// always gets its own line.
/// </summary>
internal sealed class ProgressDisplay(TextWriter output, bool interactive, TimeProvider time)
{
    /// <summary>How often a terminal line is redrawn.</summary>
    public static readonly TimeSpan InteractiveInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>How often a line is printed when the output is redirected.</summary>
    public static readonly TimeSpan RedirectedInterval = TimeSpan.FromSeconds(2);

    /// <summary>Whether lines are redrawn in place.</summary>
    public bool IsInteractive => interactive;

    /// <summary>Starts a bar that polls <paramref name="current"/> for the amount done.</summary>
    /// <param name="label">What is being done.</param>
    /// <param name="total">The amount when done.</param>
    /// <param name="unit">What is counted.</param>
    /// <param name="current">Reads the amount done (called on a timer thread).</param>
    /// <returns>The bar; <see cref="ProgressBar.Complete"/> it when the work is done.</returns>
    public ProgressBar Start(string label, long total, ProgressUnit unit, Func<long> current)
        => new(output, interactive, time, label, total, unit, current);
}

/// <summary>One progress bar (see <see cref="ProgressDisplay"/>).</summary>
internal sealed class ProgressBar : IDisposable
{
    private const int Width = 30;
    private readonly TextWriter _output;
    private readonly bool _interactive;
    private readonly TimeProvider _time;
    private readonly string _label;
    private readonly long _total;
    private readonly ProgressUnit _unit;
    private readonly Func<long> _current;
    private readonly long _started;
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private long _lastShown = -1;
    private bool _done;

    internal ProgressBar(TextWriter output, bool interactive, TimeProvider time, string label, long total, ProgressUnit unit, Func<long> current)
    {
        _output = output;
        _interactive = interactive;
        _time = time;
        _label = label;
        _total = Math.Max(1, total);
        _unit = unit;
        _current = current;
        _started = time.GetTimestamp();
        var interval = interactive ? ProgressDisplay.InteractiveInterval : ProgressDisplay.RedirectedInterval;
        Render(final: false);
        _timer = time.CreateTimer(_ => Render(final: false), null, interval, interval);
    }

    /// <summary>How long the bar has been running.</summary>
    public TimeSpan Elapsed => _time.GetElapsedTime(_started);

    /// <summary>Stops the bar and prints its final line (with the time taken).</summary>
    /// <returns>The time the work took.</returns>
    public TimeSpan Complete()
    {
        _timer.Dispose();
        var elapsed = Elapsed;
        lock (_gate)
        {
            if (!_done)
            {
                _done = true;
                long value = _current();

                // A redirected log already holding the final amount gets no second line for it.
                if (_interactive || value != _lastShown)
                {
                    string line = Line(value, elapsed);
                    _output.Write(_interactive ? "\r" + line + "\n" : line + "\n");
                    _output.Flush();
                }
            }
        }

        return elapsed;
    }

    public void Dispose() => _timer.Dispose();

    private void Render(bool final)
    {
        lock (_gate)
        {
            if (_done)
            {
                return;
            }

            long value = _current();
            if (!_interactive && value == _lastShown && !final)
            {
                return; // a redirected log gets a line only when something moved
            }

            _lastShown = value;
            string line = Line(value, Elapsed);
            _output.Write(_interactive ? "\r" + line : line + "\n");
            _output.Flush();
        }
    }

    private string Line(long value, TimeSpan elapsed)
    {
        double share = Math.Clamp((double)value / _total, 0, 1);
        int filled = (int)Math.Round(share * Width);
        string bar = new string('#', filled) + new string('.', Width - filled);
        string amount = _unit == ProgressUnit.Bytes
            ? string.Create(CultureInfo.InvariantCulture, $"{value / 1e6,7:0.0} / {_total / 1e6:0.0} MB")
            : string.Create(CultureInfo.InvariantCulture, $"{value,7:N0} / {_total:N0} records");
        return string.Create(CultureInfo.InvariantCulture, $"      {_label,-11} [{bar}] {share * 100,3:0}%  {amount}  {elapsed.TotalSeconds,5:0.0} s");
    }
}
