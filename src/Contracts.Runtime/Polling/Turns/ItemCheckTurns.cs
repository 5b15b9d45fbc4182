using Contracts.Runtime.Diagnostics;

namespace Contracts.Runtime.Polling.Turns;

/// <summary>
/// A check of the wait's known, unfinished items, in one request with other waits' items
/// (<see cref="ItemStatusBatcher"/>): the batch is not listed again until it is due to be.
/// </summary>
internal sealed class ItemCheckTurns<TItem, TId>(BatchPoll<TItem, TId> poll, ItemStatusBatcher batcher, SendRequest<TItem> send)
    where TId : notnull
{
    private readonly PollRequest _request = new(poll.ItemChecksSubject ?? poll.Subject, PollRequest.ItemsKind, poll.ItemChecksBudget);

    /// <returns>The turn; null when no request went out for the items by <see cref="TurnRequest.LastTurnAt"/>.</returns>
    public async Task<Turn<TItem>?> TakeAsync(IReadOnlyList<TItem> pending, TurnRequest turn, RequestTrace trace, CancellationToken cancellationToken)
    {
        var fetchItems = poll.FetchItems!;
        IReadOnlyList<TItem>? items;
        try
        {
            items = await batcher.CheckAsync(poll.ItemGroup, pending, poll.GetId, turn.DueAt, turn.LastTurnAt, turn.Deadline, (all, until, shared) => send(token => fetchItems(all, token), _request, until, shared, trace), cancellationToken, trace).ConfigureAwait(false);
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            // The shared check failed: this wait's answer is that failure, classified like any other.
            return new Turn<TItem>(null, () => Task.FromException<IReadOnlyList<TItem>>(error), checksItems: true, trace);
        }

        return items is null ? null : new Turn<TItem>(null, () => Task.FromResult(items), checksItems: true, trace);
    }
}
