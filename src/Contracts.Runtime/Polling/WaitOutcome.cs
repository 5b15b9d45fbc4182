namespace Contracts.Runtime.Polling;

/// <summary>How a wait on a batch ended.</summary>
public enum WaitOutcome
{
    /// <summary>Every item finished successfully.</summary>
    Succeeded,

    /// <summary>Every item finished; some failed.</summary>
    CompletedWithFailures,

    /// <summary>Every item finished, and all failed.</summary>
    AllFailed,

    /// <summary>The deadline came with items still pending.</summary>
    TimedOut,

    /// <summary>No item ever appeared: the batch is unknown, or has not started (the API cannot tell which).</summary>
    NotFoundOrNotStarted,
}
