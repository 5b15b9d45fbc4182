using Contracts.Runtime.Diagnostics;

namespace Contracts.Runtime.Polling.Turns;

/// <summary>
/// A poll of the batch from the account's <see cref="AccountPollScheduler"/>: the most overdue wait
/// goes first, and waits on the same batch share the request.
/// </summary>
internal sealed class SchedulerTurns<TItem, TId>(BatchPoll<TItem, TId> poll, AccountPollScheduler scheduler, SendRequest<TItem> send)
    where TId : notnull
{
    private readonly PollRequest _request = new(poll.Subject, PollRequest.BatchKind, poll.Budget);

    /// <returns>The turn; null when the scheduler gave none by <see cref="TurnRequest.LastTurnAt"/> (other waits held the budget).</returns>
    public async Task<Turn<TItem>?> TakeAsync(TurnRequest turn, RequestTrace trace, CancellationToken cancellationToken)
    {
        var shared = await scheduler.PollAsync(poll.Key, turn.DueAt, turn.LastPolledAt, turn.LastTurnAt, turn.Deadline, (until, token) => send(poll.Fetch, _request, until, token, trace), cancellationToken, trace).ConfigureAwait(false);
        return shared is null ? null : new Turn<TItem>(null, () => shared.Error is { } error
            ? Task.FromException<IReadOnlyList<TItem>>(error)
            : Task.FromResult(shared.Value!), checksItems: false, trace);
    }
}
