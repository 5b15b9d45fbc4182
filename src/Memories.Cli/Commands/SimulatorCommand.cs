using System.CommandLine;
using Memories.Simulator;

namespace Memories.Cli.Commands;

/// <summary><c>mavi simulator</c>: runs the local simulator until Ctrl+C.</summary>
internal static class SimulatorCommand
{
    public static Command Create(CliConsole console)
    {
        var port = new Option<int>("--port")
        {
            Description = "Port on 127.0.0.1 (default: a free one).",
        };
        port.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 0 or > 65535)
            {
                result.AddError("--port must be between 0 and 65535.");
            }
        });
        var noRateLimit = new Option<bool>("--no-rate-limit") { Description = "Never answer 0429 (for benchmarks: the API's own limits are 1 upload a minute, 12 downloads a minute)." };
        var downloadSize = new Option<long?>("--download-size") { Description = "Bytes of each downloaded video file (default 4 MiB)." };
        downloadSize.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<long?>() is < 0)
            {
                result.AddError("--download-size must not be negative.");
            }
        });
        var command = new Command("simulator", "Run a local simulator of the memories.ai API on 127.0.0.1.") { port, noRateLimit, downloadSize };
        command.SetAction((parse, ct) => Errors.Guard(console, async () =>
        {
            var options = new SimulatorOptions { Port = parse.GetValue(port), EnforceRateLimit = !parse.GetValue(noRateLimit) };
            options.DownloadSize = parse.GetValue(downloadSize) ?? options.DownloadSize;
            await using var simulator = await MemoriesSimulator.StartAsync(options, ct).ConfigureAwait(false);
            await console.Out.WriteLineAsync($"""
                Simulator listening on {simulator.BaseAddress}
                Its key (local only): {simulator.ApiKey}
                Seeded task: {MemoriesSimulator.DocumentationTaskId}
                Try: mavi --base-url {simulator.BaseAddress} --api-key {simulator.ApiKey} tasks wait {MemoriesSimulator.DocumentationTaskId}
                Press Ctrl+C to stop.
                """).ConfigureAwait(false);
            await simulator.WaitForShutdownAsync(ct).ConfigureAwait(false);
            return ExitCodes.Succeeded;
        }));
        return command;
    }
}
