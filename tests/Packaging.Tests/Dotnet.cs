using System.Diagnostics;

namespace Packaging.Tests;

/// <summary>Runs the dotnet CLI in a folder and returns its exit code and combined output.</summary>
internal static class Dotnet
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string directory, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    public static async Task<string> SucceedAsync(string directory, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var (code, output) = await RunAsync(directory, environment, arguments);
        Assert.True(code == 0, $"dotnet {string.Join(' ', arguments)} failed ({code}):\n{output}");
        return output;
    }
}
