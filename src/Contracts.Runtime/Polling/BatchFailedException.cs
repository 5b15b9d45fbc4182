namespace Contracts.Runtime.Polling;

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
