namespace Memories.Cli.Tests;

/// <summary>
/// The benchmarks are a program run on purpose (see tests/Contracts.Benchmarks/README.md); these
/// run it small, so that it keeps building and keeps telling the truth.
/// </summary>
public sealed class BenchmarkSmokeTests
{
    [Fact]
    public async Task TheSchedulerSimulationRunsAndNeverBreachesTheBudget()
    {
        var (exitCode, output, error) = await RunBenchmarksAsync("scheduler", "10");

        Assert.True(exitCode == 0, error);
        var rows = output.Split('\n').Where(line => line.StartsWith("| ", StringComparison.Ordinal)).Skip(1).ToList();
        foreach (string strategy in new[] { "account-wide scheduler", "scheduler + list_videos checks" })
        {
            var cells = Assert.Single(rows, r => r.StartsWith($"| {strategy} | 10 |", StringComparison.Ordinal)).Split('|', StringSplitOptions.TrimEntries);
            Assert.Equal("0", cells[4]);   // breaches
            Assert.EndsWith("/ 0", cells[5], StringComparison.Ordinal);   // no wait ended not-found
        }

        Assert.Contains(rows, r => r.StartsWith("| best possible | 10 | 10 (10 + 0) | 0 |", StringComparison.Ordinal));
    }

    /// <summary>The paired ratios run (three pairs, no timing judged) and give a ratio for each decoding payload, for encoding and for the generator.</summary>
    [Fact]
    public async Task ThePairedRatiosRunForEveryPayload()
    {
        var (exitCode, output, error) = await RunBenchmarksAsync("pairs", "3");

        Assert.True(exitCode == 0, error);
        var rows = output.Split('\n').Where(line => line.StartsWith("| decode |", StringComparison.Ordinal) || line.StartsWith("| encode |", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, rows.Count);
        Assert.All(rows, row => Assert.All(row.Split('|', StringSplitOptions.TrimEntries)[3..5], ratio => Assert.True(double.Parse(ratio, System.Globalization.CultureInfo.InvariantCulture) > 0, row)));

        // Decoding also reports what entering JsonSerializer costs the floor itself.
        Assert.All(rows.Where(row => row.StartsWith("| decode |", StringComparison.Ordinal)), row => Assert.True(double.Parse(row.Split('|', StringSplitOptions.TrimEntries)[5], System.Globalization.CultureInfo.InvariantCulture) > 0, row));
        Assert.Matches(@"Generator, cold, against Refit's: [0-9.]+ \(with no contract file: [0-9.]+\)", output);
    }

    /// <summary>
    /// The transfer figures run small (8 MB, one round): every upload and download moved every byte
    /// (the report refuses a short one), each gives a speed and a memory figure, and the events arrived.
    /// </summary>
    [Fact]
    public async Task TheTransferFiguresRunForUploadsDownloadsAndEvents()
    {
        var (exitCode, output, error) = await RunBenchmarksAsync("transfers", "8", "1");

        Assert.True(exitCode == 0, error + output);
        var rows = output.Split('\n').Where(line => line.StartsWith("| multipart upload |", StringComparison.Ordinal) || line.StartsWith("| file answer |", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, rows.Count);
        Assert.All(rows, row => Assert.True(double.Parse(row.Split('|', StringSplitOptions.TrimEntries)[4], System.Globalization.CultureInfo.InvariantCulture) > 0, row));
        Assert.Matches(@"Events: 1000 events .* median [0-9.]+ ms, p99 [0-9.]+ ms, max [0-9.]+ ms", output);
    }

    /// <summary>
    /// The chat latency figure runs the built mavi as a process and finds every piece of the answer
    /// in what it printed (the report says how many it missed otherwise); no time is asserted.
    /// </summary>
    [Fact]
    public async Task TheChatLatencyFigureFindsEveryPiecePrintedByMavi()
    {
        var (exitCode, output, error) = await RunBenchmarksAsync("chat-latency", BuiltProgram.Mavi, "5", "1");

        Assert.True(exitCode == 0, error + output);
        Assert.Matches(@"\| 5 \| 1 ms \| [0-9.]+ ms \| [0-9.]+ ms \| [0-9.]+ ms \| [0-9.]+ ms \|", output);
    }

    /// <summary>
    /// Every BenchmarkDotNet benchmark (decoding, encoding, events, generator against Refit) once, in BenchmarkDotNet's
    /// dry job: they set up (each checks its contestants agree), run, and report a figure; none is timed here.
    /// </summary>
    [Fact]
    public async Task EveryBenchmarkRunsOnceInTheDryJob()
    {
        var (exitCode, output, error) = await RunBenchmarksAsync("--filter", "*", "--job", "dry", "--inProcess");

        Assert.True(exitCode == 0, error + output);
        var rows = output.Split('\n').Where(line => line.StartsWith("| '", StringComparison.Ordinal) || line.StartsWith("| Refit", StringComparison.Ordinal) || line.StartsWith("| Contracts.Generator", StringComparison.Ordinal)
            || line.StartsWith("| HandWritten ", StringComparison.Ordinal) || line.StartsWith("| Generated ", StringComparison.Ordinal)).ToList();
        Assert.Equal(8 * 3 + 7 + 7 + 2, rows.Count);   // decoding (8 contestants, 3 payloads), encoding, generator, events
        Assert.All(rows, row => Assert.DoesNotContain("| NA ", row, StringComparison.Ordinal));
    }

    /// <summary>Runs the built benchmark program as a process, in a scratch folder for BenchmarkDotNet's artifacts.</summary>
    private static async Task<(int ExitCode, string Output, string Error)> RunBenchmarksAsync(params string[] arguments)
    {
        var scratch = Directory.CreateTempSubdirectory("benchmarks-");
        try
        {
            return await BuiltProgram.RunAsync(BuiltProgram.Benchmarks, arguments, scratch.FullName, TimeSpan.FromMinutes(5));
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }
}
