using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace Memories.Cli.Output;

/// <summary>
/// Shows bytes sent or received on stderr while a transfer runs: Spectre.Console's progress bar
/// (bytes, rate, time left) when stderr is a terminal, otherwise a plain line at most every second
/// and at the end, so logs stay readable.
/// </summary>
internal static class TransferProgress
{
    /// <summary>Runs <paramref name="transfer"/>, handing it the progress to report its bytes to.</summary>
    /// <param name="console">Where stderr is, and whether it is a terminal.</param>
    /// <param name="verb">"uploading", "downloading".</param>
    /// <param name="name">What moves: a file or a video number.</param>
    /// <param name="total">How many bytes in all, when known.</param>
    /// <param name="transfer">The transfer.</param>
    public static async Task<T> RunAsync<T>(CliConsole console, string verb, string name, long? total, Func<IProgress<long>, Task<T>> transfer)
    {
        if (!console.ErrorIsTerminal)
        {
            var lines = new PlainLines(console.Error, verb, name, total);
            var result = await transfer(lines).ConfigureAwait(false);
            lines.Finish();
            return result;
        }

        // The caller knows stderr is a terminal; Spectre's own detection looks at stdout, which may be a pipe.
        var terminal = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(console.Error), Ansi = AnsiSupport.Yes, Interactive = InteractionSupport.Yes });
        return await terminal.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask($"{verb} {Markup.Escape(name)}", maxValue: total ?? 1);
                task.IsIndeterminate = total is null;
                return await transfer(new Progress(bytes => task.Value = total is null ? Math.Min(bytes, task.MaxValue) : bytes)).ConfigureAwait(false);
            }).ConfigureAwait(false);
    }

    /// <summary>Reports synchronously, in the transfer's own thread: <see cref="Progress{T}"/> would post to the thread pool.</summary>
    private sealed class Progress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }

    private sealed class PlainLines(TextWriter error, string verb, string name, long? total) : IProgress<long>
    {
        private readonly Stopwatch _elapsed = Stopwatch.StartNew();
        private readonly Lock _gate = new();
        private TimeSpan? _lastShown;
        private long _bytes;

        public void Report(long value)
        {
            lock (_gate)
            {
                _bytes = value;
                var now = _elapsed.Elapsed;
                if (_lastShown is { } last && now - last < TimeSpan.FromSeconds(1))
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
            double rate = _bytes / Math.Max(_elapsed.Elapsed.TotalSeconds, 0.001);
            string amount = total is { } all ? $"{Size(_bytes)} of {Size(all)}" : Size(_bytes);
            string left = total is { } whole && rate > 0 && !done ? $", {Math.Ceiling((whole - _bytes) / rate).ToString(CultureInfo.InvariantCulture)} s left" : string.Empty;
            error.WriteLine($"mavi: {verb} {name}: {amount}, {Size((long)rate)}/s{left}{(done ? ", done" : string.Empty)}");
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
}
