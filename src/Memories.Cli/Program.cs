using Memories.Cli;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // First Ctrl+C stops the wait cleanly; the process then exits with its code.
    e.Cancel = true;
    cancel.Cancel();
};
return await MaviApp.RunAsync(args, CliConsole.System, cancel.Token);
