namespace Contracts.Runtime.Polling;

/// <summary>A wait did not end with every item succeeded.</summary>
public abstract class WaitException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="outcome">How the wait ended.</param>
    /// <param name="message">What happened.</param>
    /// <param name="inner">The cause, if any.</param>
    protected WaitException(WaitOutcome? outcome, string message, Exception? inner = null)
        : base(message, inner)
    {
        Outcome = outcome;
    }

    /// <summary>How the wait ended, when it ended with an outcome.</summary>
    public WaitOutcome? Outcome { get; }
}

/// <summary>Every item finished, and at least one failed.</summary>
public sealed class BatchFailedException : WaitException
{
    internal BatchFailedException(WaitOutcome outcome, int failed, int total)
        : base(outcome, $"{failed} of {total} items failed.")
    {
        FailedCount = failed;
    }

    /// <summary>How many items failed.</summary>
    public int FailedCount { get; }
}

/// <summary>The deadline came with items still pending.</summary>
public sealed class WaitTimedOutException : WaitException
{
    internal WaitTimedOutException(int pending, int total, TimeSpan elapsed)
        : base(WaitOutcome.TimedOut, $"Timed out after {elapsed.TotalSeconds:0.#} s with {pending} of {total} items still pending.")
    {
        PendingCount = pending;
    }

    /// <summary>How many items were still pending.</summary>
    public int PendingCount { get; }
}

/// <summary>No item ever appeared: the batch is unknown or has not started.</summary>
public sealed class NothingAppearedException : WaitException
{
    internal NothingAppearedException(TimeSpan elapsed)
        : base(WaitOutcome.NotFoundOrNotStarted, $"No item appeared within {elapsed.TotalSeconds:0.#} s: the id is unknown (or belongs to another account), or the batch has not started.")
    {
    }
}

/// <summary>Too many transient faults in a row: the service is not answering usefully.</summary>
public sealed class PollingGaveUpException : WaitException
{
    internal PollingGaveUpException(int consecutiveFaults, Exception lastFault)
        : base(null, $"Gave up after {consecutiveFaults} transient faults in a row; the last was: {lastFault.Message}", lastFault)
    {
        ConsecutiveFaults = consecutiveFaults;
    }

    /// <summary>How many transient faults came in a row.</summary>
    public int ConsecutiveFaults { get; }
}
