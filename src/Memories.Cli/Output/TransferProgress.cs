using System.Diagnostics;
using System.Globalization;

namespace Memories.Cli.Output;

/// <summary>
/// Bytes sent or received, on stderr: a bar redrawn in place (bytes, rate, time left) when stderr is
/// a terminal, otherwise a plain line at most every second and at the end, so logs stay readable.
/// </summary>
internal sealed class TransferProgress(TextWriter error, bool terminal, string verb, string name, long? total) : IProgress<long>
{
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();
    private readonly object _gate = new();
    private TimeSpan? _lastShown;
    private long _bytes;

    public void Report(long value)
    {
        lock (_gate)
        {
            _bytes = value;
            var now = _elapsed.Elapsed;
            var every = terminal ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromSeconds(1);
            if (_lastShown is { } last && now - last < every && value != total)
            {
                return;
            }

            _lastShown = now;
            Write(done: false);
        }
    }

    /// <summary>The last line, with the total and the average rate.</summary>
    public void Finish()
    {
        lock (_gate)
        {
            Write(done: true);
        }
    }

    private void Write(bool done)
    {
        double seconds = Math.Max(_elapsed.Elapsed.TotalSeconds, 0.001);
        double rate = _bytes / seconds;
        string amount = total is { } all ? $"{Size(_bytes)} of {Size(all)}" : Size(_bytes);
        string left = total is { } whole && rate > 0 && !done ? $", {Math.Ceiling((whole - _bytes) / rate).ToString(CultureInfo.InvariantCulture)} s left" : string.Empty;
        string line = $"{verb} {name}: {amount}, {Size((long)rate)}/s{left}";
        if (terminal)
        {
            int percent = total is > 0 ? (int)(_bytes * 100 / total.Value) : 0;
            string bar = total is > 0 ? "[" + new string('#', percent / 5).PadRight(20, '.') + $"] {percent,3}% " : string.Empty;
            error.Write("\r" + bar + line + "   ");
            if (done)
            {
                error.WriteLine();
            }
        }
        else
        {
            error.WriteLine("mavi: " + line);
        }

        error.Flush();
    }

    private static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => (bytes / (double)(1L << 30)).ToString("0.00", CultureInfo.InvariantCulture) + " GB",
        >= 1L << 20 => (bytes / (double)(1L << 20)).ToString("0.0", CultureInfo.InvariantCulture) + " MB",
        >= 1L << 10 => (bytes / (double)(1L << 10)).ToString("0", CultureInfo.InvariantCulture) + " KB",
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " B",
    };
}
