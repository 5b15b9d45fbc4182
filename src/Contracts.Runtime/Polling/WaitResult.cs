namespace Contracts.Runtime.Polling;

/// <summary>The complete account of a wait: how it ended and where every item stands.</summary>
/// <typeparam name="TItem">The item type.</typeparam>
public sealed class WaitResult<TItem>
{
    /// <summary>
    /// Creates the account of a finished wait from its final snapshot; the waiter does this, and
    /// tests of code that consumes waits can too.
    /// </summary>
    /// <param name="last">The final snapshot: its <see cref="BatchSnapshot{TItem}.Outcome"/> is set.</param>
    /// <param name="lastTransientError">The last transient error met during the wait, if any.</param>
    /// <exception cref="ArgumentException"><paramref name="last"/> has no outcome.</exception>
    public WaitResult(BatchSnapshot<TItem> last, Exception? lastTransientError = null)
    {
        ArgumentNullException.ThrowIfNull(last);
        LastSnapshot = last;
        Outcome = last.Outcome ?? throw new ArgumentException("A result needs the final snapshot.", nameof(last));
        LastTransientError = lastTransientError;
    }

    /// <summary>How the wait ended.</summary>
    public WaitOutcome Outcome { get; }

    /// <summary>Every item seen, in first-seen order, each as last seen.</summary>
    public IReadOnlyList<TItem> Items => LastSnapshot.Items;

    /// <summary>The items that finished successfully.</summary>
    public IReadOnlyList<TItem> Succeeded => LastSnapshot.Succeeded;

    /// <summary>The items that failed.</summary>
    public IReadOnlyList<TItem> Failed => LastSnapshot.Failed;

    /// <summary>The items still pending when the wait ended.</summary>
    public IReadOnlyList<TItem> Pending => LastSnapshot.Pending;

    /// <summary>Items that disappeared from the answers after being seen (an anomaly worth reporting).</summary>
    public IReadOnlyList<TItem> Vanished => LastSnapshot.Vanished;

    /// <summary>How many requests were made.</summary>
    public int Attempts => LastSnapshot.Attempt;

    /// <summary>How many requests were answered (the others faulted); zero for a wait that never got a turn or an answer.</summary>
    public int Answers => LastSnapshot.Answers;

    /// <summary>How long the wait took.</summary>
    public TimeSpan Elapsed => LastSnapshot.Elapsed;

    /// <summary>The final snapshot.</summary>
    public BatchSnapshot<TItem> LastSnapshot { get; }

    /// <summary>The last transient error met during the wait, even if later polls succeeded.</summary>
    public Exception? LastTransientError { get; }

    /// <summary>Returns this result when every item succeeded; throws a <see cref="WaitException"/> otherwise.</summary>
    /// <returns>This result.</returns>
    public WaitResult<TItem> EnsureSuccess() => Outcome switch
    {
        WaitOutcome.Succeeded => this,
        WaitOutcome.CompletedWithFailures or WaitOutcome.AllFailed => throw new BatchFailedException(Outcome, Failed.Count, Items.Count),
        WaitOutcome.TimedOut => throw new WaitTimedOutException(Pending.Count, Items.Count, Elapsed),
        _ => throw new NothingAppearedException(Elapsed),
    };
}
