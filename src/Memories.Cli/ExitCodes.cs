namespace Memories.Cli;

/// <summary>What <c>mavi</c> returns, so scripts can react without parsing output.</summary>
public static class ExitCodes
{
    /// <summary>Every video succeeded (or, for <c>status</c>, the request succeeded).</summary>
    public const int Succeeded = 0;

    /// <summary>Anything not covered below: network down, the service failing, a bug.</summary>
    public const int Failed = 1;

    /// <summary>The command line or the settings are wrong.</summary>
    public const int Usage = 2;

    /// <summary>Every video finished and at least one failed.</summary>
    public const int CompletedWithFailures = 3;

    /// <summary>The deadline came with videos still pending.</summary>
    public const int TimedOut = 4;

    /// <summary>No video ever appeared: unknown task id, or still downloading.</summary>
    public const int NothingAppeared = 5;

    /// <summary>The API refused: authorization, balance, permission or bad parameters.</summary>
    public const int Refused = 6;

    /// <summary>Stopped by Ctrl+C while streaming (<c>chat</c>): 128 + SIGINT, as shells report it.</summary>
    public const int Interrupted = 130;

    /// <summary>
    /// Which of several waits' exit codes a command ends with: the one that needs attention most
    /// (nothing appeared or any error, then timed out, then failed videos, then success); the
    /// first of equals.
    /// </summary>
    /// <param name="codes">The exit code of each wait, at least one.</param>
    /// <returns>The code to exit with.</returns>
    internal static int MostUrgent(IEnumerable<int> codes) => codes.MaxBy(Urgency);

    private static int Urgency(int code) => code switch
    {
        Succeeded => 0,
        CompletedWithFailures => 1,
        TimedOut => 2,
        _ => 3,
    };
}
