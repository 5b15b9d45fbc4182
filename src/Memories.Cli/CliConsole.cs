namespace Memories.Cli;

/// <summary>Where <c>mavi</c> writes and what it knows of its environment; tests pass their own.</summary>
/// <param name="Out">Standard output: results only.</param>
/// <param name="Error">Standard error: notices, progress lines, errors.</param>
/// <param name="IsTerminal">True when standard output is a terminal (live display); false when redirected.</param>
/// <param name="Environment">Reads environment variables.</param>
public sealed record CliConsole(TextWriter Out, TextWriter Error, bool IsTerminal, Func<string, string?> Environment)
{
    /// <summary>The process's own console.</summary>
    public static CliConsole System => new(
        global::System.Console.Out,
        global::System.Console.Error,
        !global::System.Console.IsOutputRedirected,
        global::System.Environment.GetEnvironmentVariable);
}
