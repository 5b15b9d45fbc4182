using System.Threading.RateLimiting;
using Contracts.Runtime.Diagnostics;

namespace Contracts.Runtime.Polling;

/// <summary>
/// Checks the known, unfinished items of many waits many at a time, through an endpoint that
/// answers several items by id (such as a list filtered by ids). Each wait asks for its items when
/// its own backoff makes it due; the batcher sends one request for every due wait of a group and
/// fills the rest of the request with items due soon, at most one request per
/// <see cref="Window"/>, so that hundreds of waits cost a few requests a minute.
/// </summary>
/// <remarks>
/// Give it to the waits through <see cref="PollingOptions.ItemBatcher"/>; the waits' polls need
/// <see cref="BatchPoll{TItem, TId}.FetchItems"/>. Requests of one group must be interchangeable:
/// the first due wait's fetch answers for all of them.
/// </remarks>
public sealed class ItemStatusBatcher : IDisposable
{
    private readonly int _maxItemsPerRequest;
    private readonly RateLimiter? _budget;
    private readonly TimeProvider _clock;
    private readonly object _gate = new();
    private readonly List<Entry> _pending = new();
    private readonly CancellationTokenSource _stopping = new();
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DateTimeOffset _lastSent = DateTimeOffset.MinValue;
    private long _sequence;
    private long _requestsSent;
    private Task? _pump;

    /// <summary>Creates a batcher.</summary>
    /// <param name="maxItemsPerRequest">The most items one request asks for (the endpoint's page size); a single wait with more still goes in one request.</param>
    /// <param name="window">The least time between two requests; due waits gather during it.</param>
    /// <param name="budget">A limiter each request takes a permit from, or null when the HTTP pipeline already spaces the endpoint.</param>
    /// <param name="clock">The clock; the system's by default.</param>
    /// <param name="family">The budget family its requests spend (such as <c>list</c>), as its backlog metric names it; never a secret.</param>
    public ItemStatusBatcher(int maxItemsPerRequest, TimeSpan window, RateLimiter? budget = null, TimeProvider? clock = null, string? family = null)
    {
        Family = family;
        ArgumentOutOfRangeException.ThrowIfLessThan(maxItemsPerRequest, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, TimeSpan.Zero);
        _maxItemsPerRequest = maxItemsPerRequest;
        Window = window;
        _budget = budget;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>The least time between two requests.</summary>
    public TimeSpan Window { get; }

    /// <summary>The budget family its requests spend, as its metrics name it.</summary>
    public string? Family { get; }

    /// <summary>How many waits are waiting for their items to be checked now.</summary>
    public int PendingWaits
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>How many requests have been sent.</summary>
    public long RequestsSent => Interlocked.Read(ref _requestsSent);

    /// <summary>
    /// Called with the time of each decision to send, on the batcher's clock, as it is made: tests
    /// judge the window by it, not by when their fake of the request happens to run.
    /// </summary>
    internal Action<DateTimeOffset>? SentAt { get; set; }

    /// <inheritdoc/>
    public void Dispose()
    {
        _stopping.Cancel();
        lock (_gate)
        {
            BudgetTelemetry.ChecksQueued(Family, -_pending.Count);
            _pending.Clear();
            _wake.TrySetResult();
        }
    }

    /// <summary>
    /// Checks <paramref name="items"/> in the first request that goes out after
    /// <paramref name="dueAt"/>: the items the answer lists (items it leaves out are no news), or
    /// null when no request went out for them by <paramref name="lastTurnAt"/>. The request lives
    /// as long as any wait in it still needs it: one wait's cancellation or deadline never cuts the
    /// others' answer, and a wait whose <paramref name="deadline"/> comes first gets an
    /// <see cref="AttemptTimedOutException"/>.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    internal async Task<IReadOnlyList<TItem>?> CheckAsync<TItem, TId>(
        string group,
        IReadOnlyList<TItem> items,
        Func<TItem, TId> getId,
        DateTimeOffset dueAt,
        DateTimeOffset lastTurnAt,
        DateTimeOffset deadline,
        Func<IReadOnlyList<TItem>, DateTimeOffset, CancellationToken, Task<IReadOnlyList<TItem>>> fetch,
        CancellationToken cancellationToken,
        RequestTrace? trace = null)
        where TId : notnull
    {
        var entry = new Entry<TItem, TId>(group, items, getId, fetch, dueAt, deadline) { Trace = trace };
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
            entry.Sequence = ++_sequence;
            _pending.Add(entry);
            BudgetTelemetry.ChecksQueued(Family, +1);
            _pump ??= Task.Run(PumpAsync);
            _wake.TrySetResult();
        }

        using var untilLastTurn = Timer(lastTurnAt);
        using var untilDeadline = Timer(deadline);
        using (cancellationToken.Register(() => Leave(entry, inFlight: null)))
        using (untilLastTurn.Token.Register(() => LeaveUnsent(entry)))
        using (untilDeadline.Token.Register(() => Leave(entry, new AttemptTimedOutException(deadline - entry.SentAt, null))))
        {
            var answer = await entry.Answer.Task.ConfigureAwait(false);
            if (answer is null)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            return answer;
        }
    }

    /// <summary>
    /// Moves the queued checks of <paramref name="group"/> that ask for any of <paramref name="ids"/>
    /// to the front (a hint said those items changed); the next request still waits for the window.
    /// </summary>
    /// <returns>True when such a check was queued.</returns>
    internal bool Hurry(string group, IReadOnlyCollection<object> ids)
    {
        var wanted = ids.ToHashSet();
        bool hurried = false;
        lock (_gate)
        {
            foreach (var entry in _pending.Where(e => e.Group == group && e.Ids.Any(wanted.Contains)))
            {
                entry.DueAt = DateTimeOffset.MinValue;
                hurried = true;
            }

            if (hurried)
            {
                _wake.TrySetResult();
            }
        }

        return hurried;
    }

    private CancellationTokenSource Timer(DateTimeOffset at)
    {
        var remaining = at - _clock.GetUtcNow();
        return new CancellationTokenSource(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, _clock);
    }

    /// <summary>A wait whose last moment for a request came: it leaves if its items were not sent yet.</summary>
    private void LeaveUnsent(Entry entry)
    {
        lock (_gate)
        {
            if (entry.Request is not null)
            {
                return; // under way: the wait stays for the answer until its deadline
            }
        }

        Leave(entry, inFlight: null);
    }

    /// <summary>
    /// A wait left (cancelled, starved or past its deadline): before its request, it leaves the
    /// queue; in a request, it stops waiting for it, and the request is cancelled only once no wait
    /// in it is left.
    /// </summary>
    private void Leave(Entry entry, Exception? inFlight)
    {
        SharedRequest? abandoned = null;
        lock (_gate)
        {
            if (entry.Left)
            {
                return;
            }

            entry.Left = true;
            if (entry.Request is not { } request)
            {
                if (_pending.Remove(entry))
                {
                    BudgetTelemetry.ChecksQueued(Family, -1);
                }
            }
            else if (request.Leave())
            {
                abandoned = request;
            }
        }

        entry.Abandon(entry.Request is null ? null : inFlight);
        abandoned?.Cancel();
    }

    /// <summary>Sends a request whenever one is due and the window since the last has passed.</summary>
    private async Task PumpAsync()
    {
        var stopping = _stopping.Token;
        while (!stopping.IsCancellationRequested)
        {
            Task wake;
            DateTimeOffset? sendAt;
            lock (_gate)
            {
                wake = _wake.Task;
                if (wake.IsCompleted)
                {
                    _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    wake = _wake.Task;
                }

                sendAt = _pending.Count == 0 ? null : Max(_pending.Min(e => e.DueAt), _lastSent + Window);
            }

            var wait = sendAt is null ? Timeout.InfiniteTimeSpan : sendAt.Value - _clock.GetUtcNow();
            if (wait != Timeout.InfiniteTimeSpan && wait <= TimeSpan.Zero)
            {
                await SendAsync(stopping).ConfigureAwait(false);
                continue;
            }

            using var sleep = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            var delay = Task.Delay(wait, _clock, sleep.Token);
            await Task.WhenAny(delay, wake).ConfigureAwait(false);
            await sleep.CancelAsync().ConfigureAwait(false);
        }
    }

    private async Task SendAsync(CancellationToken stopping)
    {
        RateLimitLease? lease = null;
        if (_budget is not null)
        {
            try
            {
                var askedAt = _clock.GetUtcNow();
                lease = await _budget.AcquireAsync(1, stopping).ConfigureAwait(false);
                BudgetTelemetry.Waited(Family, _clock.GetUtcNow() - askedAt);
            }
            catch (Exception error) when (error is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
        }

        List<Entry> batch;
        SharedRequest request;
        lock (_gate)
        {
            batch = TakeBatch(_clock.GetUtcNow());
            request = new SharedRequest(batch.Count);
            if (batch.Count > 0)
            {
                _lastSent = _clock.GetUtcNow();
                SentAt?.Invoke(_lastSent);
                foreach (var entry in batch)
                {
                    entry.Request = request;
                    entry.SentAt = _lastSent;
                }
            }
        }

        if (batch.Count == 0)
        {
            lease?.Dispose();
            return;
        }

        Interlocked.Increment(ref _requestsSent);
        using (Budgets.RateBudgetScope.Hold(lease is null ? null : _budget))
        {
            _ = batch[0].RunAsync(batch, lease, request);
        }
    }

    /// <summary>
    /// The most overdue wait's group: its due waits first (oldest first), then waits due soon,
    /// while the request has room.
    /// </summary>
    private List<Entry> TakeBatch(DateTimeOffset now)
    {
        var first = _pending.Where(e => e.DueAt <= now).OrderBy(e => e.DueAt).ThenBy(e => e.Sequence).FirstOrDefault();
        if (first is null)
        {
            return new List<Entry>();
        }

        var batch = new List<Entry> { first };
        var ids = new HashSet<object>(first.Ids);
        foreach (var entry in _pending.Where(e => e != first && e.SharesRequestWith(first)).OrderBy(e => e.DueAt).ThenBy(e => e.Sequence))
        {
            int added = entry.Ids.Count(id => !ids.Contains(id));
            if (ids.Count + added > _maxItemsPerRequest)
            {
                continue;
            }

            ids.UnionWith(entry.Ids);
            batch.Add(entry);
        }

        foreach (var entry in batch)
        {
            _pending.Remove(entry);
        }

        BudgetTelemetry.ChecksQueued(Family, -batch.Count);
        return batch;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>One wait's request to have its items checked.</summary>
    /// <summary>One request under way and how many of its waits still need it (counted under the batcher's lock).</summary>
    private sealed class SharedRequest(int waits)
    {
        private readonly CancellationTokenSource _abandoned = new();
        private int _waits = waits;

        public CancellationToken Abandoned => _abandoned.Token;

        /// <summary>One wait stopped waiting; true when it was the last.</summary>
        public bool Leave() => --_waits == 0;

        public void Cancel() => _abandoned.Cancel();
    }

    /// <summary>One wait's request to have its items checked.</summary>
    private abstract class Entry(string group, DateTimeOffset dueAt, DateTimeOffset deadline)
    {
        public string Group { get; } = group;

        /// <summary>When the wait's own schedule makes it due; the front of the queue once hurried (set under the batcher's lock).</summary>
        public DateTimeOffset DueAt { get; set; } = dueAt;

        public DateTimeOffset Deadline { get; } = deadline;

        public long Sequence { get; set; }

        /// <summary>The request its items went out in; null while it is queued (set under the batcher's lock).</summary>
        public SharedRequest? Request { get; set; }

        public DateTimeOffset SentAt { get; set; }

        /// <summary>Whether the wait has stopped waiting (set under the batcher's lock).</summary>
        public bool Left { get; set; }

        /// <summary>The wait's part in the request's trace; null when it is not traced.</summary>
        public RequestTrace? Trace { get; init; }

        public abstract IReadOnlyCollection<object> Ids { get; }

        public abstract bool SharesRequestWith(Entry other);

        /// <summary>The wait stops waiting: with no answer (null), or with <paramref name="error"/> as its answer.</summary>
        public abstract void Abandon(Exception? error);

        public abstract Task RunAsync(List<Entry> batch, RateLimitLease? lease, SharedRequest request);
    }

    private sealed class Entry<TItem, TId>(string group, IReadOnlyList<TItem> items, Func<TItem, TId> getId, Func<IReadOnlyList<TItem>, DateTimeOffset, CancellationToken, Task<IReadOnlyList<TItem>>> fetch, DateTimeOffset dueAt, DateTimeOffset deadline)
        : Entry(group, dueAt, deadline)
        where TId : notnull
    {
        private readonly HashSet<object> _ids = items.Select(item => (object)getId(item)).ToHashSet();

        public TaskCompletionSource<IReadOnlyList<TItem>?> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override IReadOnlyCollection<object> Ids => _ids;

        public override bool SharesRequestWith(Entry other) => other is Entry<TItem, TId> && other.Group == Group;

        public override void Abandon(Exception? error)
        {
            if (error is null)
            {
                Answer.TrySetResult(null);
            }
            else
            {
                Answer.TrySetException(error);
            }
        }

        public override async Task RunAsync(List<Entry> batch, RateLimitLease? lease, SharedRequest request)
        {
            var entries = batch.Cast<Entry<TItem, TId>>().ToList();
            var seen = new HashSet<TId>();
            var union = new List<TItem>();
            foreach (var entry in entries)
            {
                union.AddRange(entry.Items().Where(item => seen.Add(getId(item))));
            }

            if (entries[0].Trace is { } trace)
            {
                trace.OtherWaits = RequestTrace.Others(entries.Skip(1).Select(e => e.Trace));
            }

            IReadOnlyList<TItem> answer;
            using (lease)
            {
                try
                {
                    // Bounded by the latest deadline of the waits in it, and cancelled only when none is left.
                    answer = await fetch(union, entries.Max(e => e.Deadline), request.Abandoned).ConfigureAwait(false);
                }
                catch (Exception error)
                {
                    RequestTrace.Answered(entries.Skip(1).Select(e => e.Trace), entries[0].Trace?.Request ?? default);
                    foreach (var entry in entries)
                    {
                        entry.Answer.TrySetException(error);
                    }

                    return;
                }
            }

            RequestTrace.Answered(entries.Skip(1).Select(e => e.Trace), entries[0].Trace?.Request ?? default);
            foreach (var entry in entries)
            {
                entry.Answer.TrySetResult(answer.Where(item => entry._ids.Contains(getId(item))).ToList());
            }
        }

        private IReadOnlyList<TItem> Items() => items;
    }
}
