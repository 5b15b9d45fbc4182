using System.Diagnostics;

namespace Memories.Cli.Tests;

/// <summary>
/// The benchmarks are a program run on purpose (see tests/Contracts.Benchmarks/README.md); this
/// runs its scheduling simulation small, so that it keeps building and keeps telling the truth.
/// </summary>
public sealed class BenchmarkSmokeTests
{
    [Fact]
    public async Task TheSchedulerSimulationRunsAndNeverBreachesTheBudget()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(BenchmarksPath());
        start.ArgumentList.Add("scheduler");
        start.ArgumentList.Add("10");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);

        Assert.True(process.ExitCode == 0, await error);
        var rows = (await output).Split('\n').Where(line => line.StartsWith("| ", StringComparison.Ordinal)).Skip(1).ToList();
        foreach (string strategy in new[] { "account-wide scheduler", "scheduler + list_videos checks" })
        {
            var cells = Assert.Single(rows, r => r.StartsWith($"| {strategy} | 10 |", StringComparison.Ordinal)).Split('|', StringSplitOptions.TrimEntries);
            Assert.Equal("0", cells[4]);   // breaches
            Assert.EndsWith("/ 0", cells[5], StringComparison.Ordinal);   // no wait ended not-found
        }

        Assert.Contains(rows, r => r.StartsWith("| best possible | 10 | 10 (10 + 0) | 0 |", StringComparison.Ordinal));
    }

    /// <summary>
    /// Every BenchmarkDotNet benchmark (decoding, encoding, generator against Refit) once, in BenchmarkDotNet's
    /// dry job: they set up (each checks its contestants agree), run, and report a figure; none is timed here.
    /// </summary>
    [Fact]
    public async Task EveryBenchmarkRunsOnceInTheDryJob()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { BenchmarksPath(), "--filter", "*", "--job", "dry", "--inProcess" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);

        string text = await output;
        Assert.True(process.ExitCode == 0, await error + text);
        var rows = text.Split('\n').Where(line => line.StartsWith("| '", StringComparison.Ordinal) || line.StartsWith("| Refit", StringComparison.Ordinal) || line.StartsWith("| Contracts.Generator", StringComparison.Ordinal)).ToList();
        Assert.Equal(7 * 3 + 7 + 6, rows.Count);   // decoding (7 contestants, 3 payloads), encoding, generator
        Assert.All(rows, row => Assert.DoesNotContain("| NA ", row, StringComparison.Ordinal));
    }

    private static string BenchmarksPath()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string framework = output.Name;
        string configuration = output.Parent!.Name;
        var root = output;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Contracts.sln")))
        {
            root = root.Parent;
        }

        return Path.Combine(root!.FullName, "tests", "Contracts.Benchmarks", "bin", configuration, framework, "Contracts.Benchmarks.dll");
    }
}
