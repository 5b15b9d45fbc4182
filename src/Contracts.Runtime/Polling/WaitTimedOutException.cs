namespace Contracts.Runtime.Polling;

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
