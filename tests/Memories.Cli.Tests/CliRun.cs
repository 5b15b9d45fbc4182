using Memories.Cli;

namespace Memories.Cli.Tests;

/// <summary>One in-process run of <c>mavi</c>, with its streams captured.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Error)
{
    public string All => Out + Error;

    public static async Task<CliRun> RunAsync(string[] args, bool terminal = false, IReadOnlyDictionary<string, string>? environment = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = new CliConsole(output, error, terminal, name => environment?.GetValueOrDefault(name));
        int code = await MaviApp.RunAsync(args, console);
        return new CliRun(code, output.ToString(), error.ToString());
    }
}
