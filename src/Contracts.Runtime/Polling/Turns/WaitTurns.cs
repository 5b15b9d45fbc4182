namespace Contracts.Runtime.Polling.Turns;

/// <summary>
/// The one place that says which part grants a wait's next request, composed once per wait from
/// its options:
/// <list type="number">
/// <item><description>the item checks, for the items a hint named (<see cref="PollingOptions.Wakeups"/>), with the wait's other unfinished items;</description></item>
/// <item><description>the item checks (<see cref="PollingOptions.ItemBatcher"/>), once the batch has listed unfinished items and until it is due to be listed again, and, with a scheduler, only while other waits share the account (alone, a wait polls its batch);</description></item>
/// <item><description>else the account's scheduler (<see cref="PollingOptions.Scheduler"/>), which also decides when a due poll goes;</description></item>
/// <item><description>else the shared limiter (<see cref="PollingOptions.RateLimiter"/>), or none.</description></item>
/// </list>
/// A scheduler and a limiter together are refused by <see cref="PollingOptions.Validate"/>.
/// </summary>
internal sealed class WaitTurns<TItem, TId>
    where TId : notnull
{
    private readonly ItemCheckTurns<TItem, TId>? _itemChecks;
    private readonly SchedulerTurns<TItem, TId>? _scheduled;
    private readonly LimiterTurns<TItem, TId> _limited;
    private readonly AccountPollScheduler? _scheduler;

    public WaitTurns(BatchPoll<TItem, TId> poll, PollingOptions options, SendRequest<TItem> send)
    {
        _scheduler = options.Scheduler;
        _itemChecks = poll.FetchItems is not null && options.ItemBatcher is { } batcher ? new ItemCheckTurns<TItem, TId>(poll, batcher, send) : null;
        _scheduled = _scheduler is null ? null : new SchedulerTurns<TItem, TId>(poll, _scheduler, send);
        _limited = new LimiterTurns<TItem, TId>(poll, options.RateLimiter, options.MinDelay, options.TimeProvider, send);
    }

    /// <summary>Whether the wait can check items one by one (the poll has item checks, and the options an item batcher).</summary>
    public bool ChecksItems => _itemChecks is not null;

    /// <summary>Whether the wait sleeps until its next poll is due itself; false when the scheduler does (it knows which wait is most overdue).</summary>
    public bool WaitsForItsOwnDueTime => _scheduler is null;

    /// <summary>Registers the wait with the account's scheduler for its whole run (null without one).</summary>
    public IDisposable? Enter() => _scheduler?.Enter();

    /// <summary>The wait's next request; null when none came by <see cref="TurnRequest.LastTurnAt"/>: one sent later would not be answered before the deadline.</summary>
    /// <param name="turn">When the wait asks.</param>
    /// <param name="batchRefreshDueAt">When the batch is due to be listed again (new items may have appeared).</param>
    /// <param name="pending">The wait's unfinished items, as last seen (asked for only when item checks may act).</param>
    /// <param name="checkNow">Items to check now because a hint named them (with the wait's other unfinished ones); empty otherwise.</param>
    /// <param name="trace">The wait's part in a shared request's trace.</param>
    /// <param name="cancellationToken">Stops the wait.</param>
    public Task<Turn<TItem>?> TakeAsync(TurnRequest turn, DateTimeOffset batchRefreshDueAt, Func<IReadOnlyList<TItem>> pending, IReadOnlyList<TItem> checkNow, RequestTrace trace, CancellationToken cancellationToken)
    {
        if (_itemChecks is not null && checkNow.Count > 0)
        {
            return _itemChecks.TakeAsync(checkNow, turn, trace, cancellationToken);
        }

        if (_itemChecks is not null
            && _scheduler is null or { ActiveWaits: > 1 }
            && turn.DueAt < batchRefreshDueAt
            && pending() is { Count: > 0 } unfinished)
        {
            return _itemChecks.TakeAsync(unfinished, turn, trace, cancellationToken);
        }

        return _scheduled is not null
            ? _scheduled.TakeAsync(turn, trace, cancellationToken)
            : _limited.TakeAsync(turn, cancellationToken);
    }
}
