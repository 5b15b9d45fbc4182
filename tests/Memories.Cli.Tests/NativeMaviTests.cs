using System.Text.Json;
using Memories.Simulator;

namespace Memories.Cli.Tests;

/// <summary>
/// mavi published as a native executable (Native AOT), as the README tells users to build it:
/// zero trim or AOT warnings, and the binary runs a real wait against its built-in simulator.
/// </summary>
public sealed class NativeMaviTests
{
    [Fact]
    public async Task PublishedNatively_WithoutWarnings_ItShowsHelpAndWaitsForATask()
    {
        var scratch = Directory.CreateTempSubdirectory("mavi-native-");
        try
        {
            string output = Path.Combine(scratch.FullName, "out");

            // Its own artifacts folder: the other test projects build and pack the same projects meanwhile.
            var (code, log) = await RunAsync(
                "dotnet",
                ["publish", Path.Combine(BuiltProgram.RepositoryRoot, "src", "Memories.Cli"), "-r", "linux-x64", "-p:PublishAot=true", "-c", "Release", "--artifacts-path", Path.Combine(scratch.FullName, "artifacts"), "-o", output],
                TimeSpan.FromMinutes(10));
            Assert.True(code == 0, log);
            var warnings = log.Split('\n').Where(line => line.Contains(": warning ", StringComparison.Ordinal)).ToList();
            Assert.True(warnings.Count == 0, string.Join('\n', warnings));
            string mavi = Path.Combine(output, "mavi");
            Assert.True(File.Exists(mavi), "no native mavi in " + output);
            Assert.False(File.Exists(Path.Combine(output, "mavi.dll")), "a JIT assembly beside the native binary");

            var help = await RunAsync(mavi, ["--help"], TimeSpan.FromSeconds(30));
            Assert.Equal(0, help.Code);
            Assert.Contains("--rate-budget", help.Output);

            var wait = await RunAsync(mavi, ["tasks", "wait", MemoriesSimulator.DocumentationTaskId, "--json", "--min-delay", "1s", "--max-delay", "1s"], TimeSpan.FromMinutes(2));
            Assert.True(wait.Code == 0, wait.Output);
            string json = wait.Output.Split('\n').Single(line => line.StartsWith('{'));
            using var result = JsonDocument.Parse(json);
            Assert.Equal("succeeded", result.RootElement.GetProperty("outcome").GetString());
            Assert.Equal(2, result.RootElement.GetProperty("videos").GetArrayLength());
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    /// <summary>Runs a program directly (the native binary needs no dotnet host), stdout and stderr together.</summary>
    private static async Task<(int Code, string Output)> RunAsync(string program, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var (code, stdout, stderr) = await BuiltProgram.RunProcessAsync(program, arguments, timeout: timeout);
        return (code, stdout + stderr);
    }
}
