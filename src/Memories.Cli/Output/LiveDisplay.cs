using System.Globalization;
using System.Text;
using Contracts.Runtime.Polling;
using Memories.Contracts;

namespace Memories.Cli.Output;

/// <summary>
/// Redraws a task's videos in place on a terminal after each poll, and counts down to the next
/// poll in between, with ANSI cursor movement (no dependency beyond the terminal itself).
/// </summary>
internal sealed class LiveDisplay : IProgress<BatchSnapshot<TaskVideo>>
{
    private readonly TextWriter _out;
    private readonly string _taskId;
    private readonly TimeProvider _clock;
    private readonly object _gate = new();
    private BatchSnapshot<TaskVideo>? _last;
    private int _linesDrawn;

    public LiveDisplay(TextWriter output, string taskId, TimeProvider clock)
    {
        _out = output;
        _taskId = taskId;
        _clock = clock;
    }

    public void Report(BatchSnapshot<TaskVideo> value)
    {
        lock (_gate)
        {
            _last = value;
            Draw();
        }
    }

    /// <summary>Redraws the countdown once a second until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task TickAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), _clock);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                lock (_gate)
                {
                    if (_last is { IsFinal: false })
                    {
                        Draw();
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Draw()
    {
        var snapshot = _last!;
        var text = new StringBuilder();
        if (_linesDrawn > 0)
        {
            text.Append("\x1b[").Append(_linesDrawn.ToString(CultureInfo.InvariantCulture)).Append('F').Append("\x1b[J");
        }

        var lines = new List<string>
        {
            $"\x1b[1mTask {_taskId}\x1b[0m  poll {snapshot.Attempt}{(snapshot.FollowedHint ? " (after a callback)" : string.Empty)}, {Duration.Format(snapshot.Elapsed)} elapsed",
        };
        lines.AddRange(VideoReport.Table(snapshot.Items).TrimEnd('\n').Split('\n').Select(Colour));
        lines.Add(VideoReport.Counts(snapshot) + (snapshot.TransientError is { } error ? $"  (last poll failed: {OneLine(error.Message)})" : string.Empty));
        lines.Add(snapshot.NextPollAt is { } next
            ? $"next poll in {Duration.Format(Max(next - _clock.GetUtcNow(), TimeSpan.Zero))} (at {next.ToLocalTime():HH:mm:ss})"
            : "done: " + VideoReport.OutcomeName(snapshot.Outcome));
        foreach (var line in lines)
        {
            text.Append(line).Append('\n');
        }

        _out.Write(text.ToString());
        _out.Flush();
        _linesDrawn = lines.Count;
    }

    private static string Colour(string line) =>
        line.Contains(" PARSE ", StringComparison.Ordinal) ? "\x1b[32m" + line + "\x1b[0m"
        : line.Contains(" FAIL", StringComparison.Ordinal) || line.Contains(" PARSE_ERROR", StringComparison.Ordinal) ? "\x1b[31m" + line + "\x1b[0m"
        : line;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
