using System.Diagnostics;
using System.Text.Json;
using Memories.Simulator;

namespace Memories.Cli.Tests;

/// <summary>The built <c>mavi</c> program as a user runs it: a real process, real streams, real exit codes.</summary>
public sealed class ProcessTests
{
    [Fact]
    public async Task StatusOnTheBuiltInSimulator_PrintsJsonAndExits0()
    {
        var (code, stdout, stderr) = await RunAsync("tasks", "status", MemoriesSimulator.DocumentationTaskId, "--json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(MemoriesSimulator.DocumentationTaskId, json.RootElement.GetProperty("task_id").GetString());
        Assert.Contains("built-in simulator", stderr);
    }

    [Fact]
    public async Task AUsageErrorExits2WithoutAStackTrace()
    {
        var (code, stdout, stderr) = await RunAsync("tasks", "wait", "t", "--timeout", "forever");

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("'forever' is not a duration", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public async Task HelpListsTheCommands()
    {
        var (code, stdout, _) = await RunAsync("--help");

        Assert.Equal(0, code);
        Assert.Contains("tasks", stdout);
        Assert.Contains("simulator", stdout);
        Assert.Contains("--api-key", stdout);
    }

    /// <summary>
    /// The program in its own build output (…/src/Memories.Cli/bin/{Configuration}/net10.0), where its
    /// dependencies resolve as they do for users; the copy beside the tests resolves them the tests' way.
    /// </summary>
    private static string MaviPath()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string framework = output.Name;
        string configuration = output.Parent!.Name;
        var root = output;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Contracts.sln")))
        {
            root = root.Parent;
        }

        return Path.Combine(root!.FullName, "src", "Memories.Cli", "bin", configuration, framework, "mavi.dll");
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(MaviPath());
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // No key or URL from the machine running the tests: the built-in simulator is what is under test.
        start.Environment.Remove("MEMORIES_API_KEY");
        start.Environment.Remove("MEMORIES_BASE_URL");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
