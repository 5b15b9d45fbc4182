using System.Diagnostics;

namespace Memories.Cli.Tests;

/// <summary>Runs a program of this repository from its own build output, as a real process.</summary>
internal static class BuiltProgram
{
    /// <summary>
    /// The built mavi (…/src/Memories.Cli/bin/{Configuration}/net10.0), where its dependencies
    /// resolve as they do for users; the copy beside the tests resolves them the tests' way.
    /// </summary>
    public static string Mavi => PathOf("src", "Memories.Cli", "mavi.dll");

    public static string Benchmarks => PathOf("tests", "Contracts.Benchmarks", "Contracts.Benchmarks.dll");

    /// <summary>Runs <paramref name="program"/> with <c>dotnet</c> and collects its exit code and streams.</summary>
    /// <param name="program">The built assembly.</param>
    /// <param name="arguments">Its command line.</param>
    /// <param name="workingDirectory">Where it runs; the tests' folder when null.</param>
    /// <param name="timeout">How long it may run; 2 minutes when null.</param>
    public static Task<(int Code, string Stdout, string Stderr)> RunAsync(string program, IEnumerable<string> arguments, string? workingDirectory = null, TimeSpan? timeout = null) =>
        RunProcessAsync("dotnet", [program, .. arguments], workingDirectory, timeout);

    /// <summary>Runs an executable (the native mavi, or dotnet itself) and collects its exit code and streams; killed, with what it wrote, past the timeout.</summary>
    public static async Task<(int Code, string Stdout, string Stderr)> RunProcessAsync(string executable, IEnumerable<string> arguments, string? workingDirectory = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Nothing from the machine running the tests: each test says what it connects to.
        start.Environment.Remove("MEMORIES_API_KEY");
        start.Environment.Remove("MEMORIES_BASE_URL");
        start.Environment.Remove("MEMORIES_RATE_BUDGET");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var limit = timeout ?? TimeSpan.FromMinutes(2);
        using var cancel = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(executable)} {string.Join(' ', start.ArgumentList)} ran longer than {limit}; stderr so far: {await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The clone the tests run from: the folder holding Contracts.sln.</summary>
    public static string RepositoryRoot
    {
        get
        {
            var root = new DirectoryInfo(AppContext.BaseDirectory);
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "Contracts.sln")))
            {
                root = root.Parent;
            }

            return root?.FullName ?? throw new InvalidOperationException("No Contracts.sln above " + AppContext.BaseDirectory);
        }
    }

    private static string PathOf(string folder, string project, string assembly)
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string framework = output.Name;
        string configuration = output.Parent!.Name;
        return Path.Combine(RepositoryRoot, folder, project, "bin", configuration, framework, assembly);
    }
}
