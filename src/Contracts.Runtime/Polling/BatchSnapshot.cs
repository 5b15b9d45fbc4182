namespace Contracts.Runtime.Polling;

/// <summary>What a wait knows after one poll: every item seen so far, by outcome, and what comes next.</summary>
/// <typeparam name="TItem">The item type.</typeparam>
/// <param name="Attempt">The poll this snapshot follows, from 1.</param>
/// <param name="Elapsed">Time since the wait started.</param>
/// <param name="Items">Every item seen so far, in first-seen order, each as last seen.</param>
/// <param name="Succeeded">The items that finished successfully.</param>
/// <param name="Failed">The items that failed.</param>
/// <param name="Pending">The items still in progress, unknown statuses included.</param>
/// <param name="Vanished">Items seen earlier that the last answer no longer listed (an anomaly); kept as last seen.</param>
/// <param name="TransientError">The transient error of this poll, when it failed.</param>
/// <param name="NextPollAt">When the next poll is due; null when this is the final snapshot.</param>
/// <param name="Outcome">How the wait ended; null while it goes on.</param>
public sealed record BatchSnapshot<TItem>(
    int Attempt,
    TimeSpan Elapsed,
    IReadOnlyList<TItem> Items,
    IReadOnlyList<TItem> Succeeded,
    IReadOnlyList<TItem> Failed,
    IReadOnlyList<TItem> Pending,
    IReadOnlyList<TItem> Vanished,
    Exception? TransientError,
    DateTimeOffset? NextPollAt,
    WaitOutcome? Outcome)
{
    /// <summary>
    /// How many of the <see cref="Attempt"/> polls were answered (the others faulted). A wait
    /// with no answer observed nothing, so it never ends as <see cref="WaitOutcome.NotFoundOrNotStarted"/>.
    /// </summary>
    public int Answers { get; init; }

    /// <summary>
    /// True when a hint (<see cref="WaitWakeups"/>: a callback) brought this poll forward, so a
    /// display can say which updates a callback caused; its outcome still comes from the answer.
    /// </summary>
    public bool FollowedHint { get; init; }

    /// <summary>True for the last snapshot of a wait.</summary>
    public bool IsFinal => Outcome is not null;
}
