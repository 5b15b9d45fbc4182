namespace Contracts.Runtime.Polling;

/// <summary>
/// Every item seen during a wait, keyed by id and kept as last seen, including items that later
/// vanish from the answers; and the outcome once all of them have finished.
/// </summary>
internal sealed class ItemTracker<TItem, TId>
    where TId : notnull
{
    private readonly Func<TItem, TId> _getId;
    private readonly Func<TItem, StatusOutcome> _getOutcome;
    private readonly Dictionary<TId, TItem> _lastSeen = new();
    private readonly List<TId> _order = new();
    private readonly HashSet<TId> _vanished = new();
    private HashSet<TId> _seenPending = new();
    private bool _listedByBatch;

    public ItemTracker(Func<TItem, TId> getId, Func<TItem, StatusOutcome> getOutcome)
    {
        _getId = getId;
        _getOutcome = getOutcome;
    }

    public bool EverSeen => _order.Count > 0;

    /// <summary>
    /// Takes one answer in. An id listed twice in one answer is decided the same whatever the
    /// order: it has finished only when every listing has (pending wins), and failed when any
    /// listing failed (failure wins over success).
    /// </summary>
    public void Observe(IReadOnlyList<TItem> items)
    {
        _listedByBatch |= items.Count > 0;
        var present = new HashSet<TId>();
        foreach (var item in items)
        {
            var id = _getId(item);
            bool again = !present.Add(id);
            if (!_lastSeen.ContainsKey(id))
            {
                _order.Add(id);
            }

            if (!again || Rank(_getOutcome(item)) > Rank(_getOutcome(_lastSeen[id])))
            {
                _lastSeen[id] = item;
            }
        }

        _vanished.Clear();
        foreach (var id in _order)
        {
            if (!present.Contains(id))
            {
                _vanished.Add(id);
            }
        }
    }

    /// <summary>
    /// Takes in a partial answer about known items (a check of some of them): each item listed
    /// replaces its last-seen state; an item left out is no news, so nothing counts as vanished.
    /// Unknown ids are ignored, except those a hint named (<paramref name="hinted"/>): the API has
    /// now confirmed them, and they join the batch.
    /// </summary>
    public void Update(IReadOnlyList<TItem> items, IReadOnlySet<TId>? hinted = null)
    {
        foreach (var item in items)
        {
            var id = _getId(item);
            if (_lastSeen.ContainsKey(id))
            {
                _lastSeen[id] = item;
            }
            else if (hinted?.Contains(id) == true)
            {
                _order.Add(id);
                _lastSeen[id] = item;
            }
        }
    }

    /// <summary>Whether the item is known (listed by the batch, or confirmed after a hint).</summary>
    public bool Knows(TId id) => _lastSeen.ContainsKey(id);

    /// <summary>
    /// How many items seen pending at the previous call have finished since; then remembers which
    /// are pending now. An item first seen finished is not counted: when it finished is unknown.
    /// </summary>
    public int TakeNewlyFinished()
    {
        int finished = 0;
        var pendingNow = new HashSet<TId>();
        foreach (var id in _order)
        {
            if (_getOutcome(_lastSeen[id]) == StatusOutcome.Pending)
            {
                pendingNow.Add(id);
            }
            else if (_seenPending.Contains(id))
            {
                finished++;
            }
        }

        _seenPending = pendingNow;
        return finished;
    }

    /// <summary>The known items still pending, as last seen.</summary>
    public List<TItem> PendingItems()
    {
        var pending = new List<TItem>();
        foreach (var id in _order)
        {
            if (_getOutcome(_lastSeen[id]) == StatusOutcome.Pending)
            {
                pending.Add(_lastSeen[id]);
            }
        }

        return pending;
    }

    private static int Rank(StatusOutcome outcome) => outcome switch
    {
        StatusOutcome.Pending => 2,
        StatusOutcome.Failure => 1,
        _ => 0,
    };

    /// <summary>
    /// The outcome when every known item has finished; null while any is pending or none is known.
    /// Until the batch itself has listed its items, <paramref name="expected"/> items must be known
    /// (confirmed one by one): fewer finished ones are not yet the whole batch.
    /// </summary>
    public WaitOutcome? FinishedOutcome(int? expected = null)
    {
        if (_order.Count == 0 || (!_listedByBatch && _order.Count < expected))
        {
            return null;
        }

        int failed = 0;
        foreach (var item in _lastSeen.Values)
        {
            switch (_getOutcome(item))
            {
                case StatusOutcome.Pending:
                    return null;
                case StatusOutcome.Failure:
                    failed++;
                    break;
            }
        }

        return failed == 0 ? WaitOutcome.Succeeded : failed == _order.Count ? WaitOutcome.AllFailed : WaitOutcome.CompletedWithFailures;
    }

    public BatchSnapshot<TItem> Snapshot(int attempt, TimeSpan elapsed, Exception? transientError, DateTimeOffset? nextPollAt, WaitOutcome? outcome, int answers)
    {
        var items = new List<TItem>(_order.Count);
        var succeeded = new List<TItem>();
        var failed = new List<TItem>();
        var pending = new List<TItem>();
        var vanished = new List<TItem>();
        foreach (var id in _order)
        {
            var item = _lastSeen[id];
            items.Add(item);
            (_getOutcome(item) switch
            {
                StatusOutcome.Success => succeeded,
                StatusOutcome.Failure => failed,
                _ => pending,
            }).Add(item);
            if (_vanished.Contains(id))
            {
                vanished.Add(item);
            }
        }

        return new BatchSnapshot<TItem>(attempt, elapsed, items, succeeded, failed, pending, vanished, transientError, nextPollAt, outcome) { Answers = answers };
    }
}
