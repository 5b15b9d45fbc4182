namespace Memories.Cli;

/// <summary>Where <c>mavi</c> writes and what it knows of its environment; tests pass their own.</summary>
/// <param name="Out">Standard output: results only.</param>
/// <param name="Error">Standard error: notices, progress lines, errors.</param>
/// <param name="IsTerminal">True when standard output is a terminal (live display); false when redirected.</param>
/// <param name="Environment">Reads environment variables.</param>
public sealed record CliConsole(TextWriter Out, TextWriter Error, bool IsTerminal, Func<string, string?> Environment)
{
    /// <summary>True when standard error is a terminal: transfers draw a progress bar there instead of plain lines.</summary>
    public bool ErrorIsTerminal { get; init; }

    /// <summary>Reads an answer typed at the terminal (a confirmation); null when there is none to read.</summary>
    public Func<string?> ReadLine { get; init; } = () => null;

    /// <summary>The process's own console.</summary>
    public static CliConsole System => new(
        global::System.Console.Out,
        global::System.Console.Error,
        !global::System.Console.IsOutputRedirected,
        global::System.Environment.GetEnvironmentVariable)
    {
        ErrorIsTerminal = !global::System.Console.IsErrorRedirected,
        ReadLine = global::System.Console.ReadLine,
    };
}
