using System.CommandLine;
using Memories.Cli.Commands;

namespace Memories.Cli;

/// <summary>The <c>mavi</c> command line, runnable in-process (tests) or from <c>Main</c>.</summary>
public static class MaviApp
{
    /// <summary>Parses and runs a command line; returns the exit code (see <see cref="ExitCodes"/>).</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="console">Where output goes and what the environment holds.</param>
    /// <param name="cancellationToken">Stops the command (Ctrl+C).</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken = default)
    {
        var global = new GlobalOptions();
        var root = new RootCommand("mavi: memories.ai from the command line (tasks, videos, search, chat, upload), against the real API or an offline simulator.")
        {
            global.BaseUrl,
            global.ApiKey,
            global.RateBudget,
            global.Verbose,
        };
        root.Add(TasksCommands.Create(global, console));
        root.Add(VideosCommands.Create(global, console));
        root.Add(SearchCommand.Create(global, console));
        root.Add(ChatCommand.Create(global, console));
        root.Add(UploadCommand.Create(global, console));
        root.Add(SimulatorCommand.Create(console));

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await console.Error.WriteLineAsync("mavi: " + Errors.MaskKeys(error.Message)).ConfigureAwait(false);
            }

            await console.Error.WriteLineAsync("Run 'mavi --help' for usage.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { Output = console.Out, Error = console.Error }, cancellationToken).ConfigureAwait(false);
    }
}
