using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Threading.RateLimiting;
using Contracts.Runtime.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Contracts.Runtime.Polling;

/// <summary>One wait, from the first request to the outcome. Not reusable.</summary>
internal sealed partial class WaitRun<TItem, TId>
    where TId : notnull
{
    private readonly BatchPoll<TItem, TId> _poll;
    private readonly PollingOptions _options;
    private readonly IProgress<BatchSnapshot<TItem>>? _progress;
    private readonly TimeProvider _clock;
    private readonly PollDelay _delays;
    private readonly ItemTracker<TItem, TId> _items;
    private Activity? _activity;
    private int _attempt;
    private int _requests;
    private int _sharedAnswers;

    public WaitRun(BatchPoll<TItem, TId> poll, PollingOptions options, IProgress<BatchSnapshot<TItem>>? progress)
    {
        _poll = poll;
        _options = options;
        _progress = progress;
        _clock = options.TimeProvider;
        _delays = new PollDelay(options.MinDelay, options.MaxDelay);
        _items = new ItemTracker<TItem, TId>(poll.GetId, poll.GetOutcome);
    }

    /// <summary>Runs the wait inside its activity, which ends with the outcome (or the error) and feeds the wait metrics.</summary>
    public async Task<WaitResult<TItem>> RunAsync(CancellationToken cancellationToken)
    {
        var start = _clock.GetUtcNow();
        _activity = PollingTelemetry.StartWait(_poll.Subject, _poll.BatchId);
        try
        {
            var result = await RunCoreAsync(start, cancellationToken).ConfigureAwait(false);
            PollingTelemetry.EndWait(_activity, _poll.Subject, result.LastSnapshot, _sharedAnswers, result.Elapsed);
            return result;
        }
        catch (Exception error)
        {
            PollingTelemetry.FailWait(_activity, _poll.Subject, _attempt, _sharedAnswers, error, _clock.GetUtcNow() - start);
            throw;
        }
    }

    private async Task<WaitResult<TItem>> RunCoreAsync(DateTimeOffset start, CancellationToken cancellationToken)
    {
        var deadline = start + _options.Timeout;

        // No request goes out that nobody would wait for: the schedule's last poll leaves the
        // request its answer window, and a turn that comes later than half of it is not taken.
        var window = _options.AnswerWindow;
        var lastPollAt = deadline - window;
        var lastTurnAt = deadline - (window / 2);
        var emptyGrace = _poll.EmptyIsAmbiguous ? _options.EmptyGracePeriod : TimeSpan.Zero;
        bool emptyAfterGrace = false;
        int attempt = 0;
        int answers = 0;
        var lastAnswerAt = start;
        int consecutiveFaults = 0;
        Exception? lastTransientError = null;
        var dueAt = start;
        var lastPolledAt = DateTimeOffset.MinValue;
        var batchRefreshDueAt = DateTimeOffset.MinValue;
        using var registration = _options.Scheduler?.Enter();

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var turn = await TakeTurnAsync(dueAt, lastPolledAt, batchRefreshDueAt, lastTurnAt, deadline, cancellationToken).ConfigureAwait(false);
            BatchSnapshot<TItem> snapshot;
            if (turn is null)
            {
                // The deadline came while other waits held the shared rate budget: a missing turn
                // is no evidence about the items, so without an answer this is a timeout.
                snapshot = Final(attempt, answers, start, OutOfTime(emptyAfterGrace));
                return new WaitResult<TItem>(snapshot, lastTransientError);
            }

            _attempt = ++attempt;
            var floor = _poll.MinimumInterval;
            TimeSpan? serverDelay = null;
            Exception? fault = null;
            lastPolledAt = _clock.GetUtcNow();

            // A turn covers the request only, not the delay after it.
            using (turn)
            {
                try
                {
                    var answer = await turn.AnswerAsync().ConfigureAwait(false);
                    consecutiveFaults = 0;
                    answers++;
                    emptyAfterGrace |= _clock.GetUtcNow() - start >= emptyGrace;
                    if (turn.ChecksItems)
                    {
                        _items.Update(answer);
                    }
                    else
                    {
                        _items.Observe(answer);
                        batchRefreshDueAt = _clock.GetUtcNow() + _options.BatchRefreshInterval;
                    }

                    // Each item seen pending at the last answer and finished now finished in between.
                    var answeredAt = _clock.GetUtcNow();
                    for (int finished = _items.TakeNewlyFinished(); finished > 0; finished--)
                    {
                        PollingTelemetry.ItemNoticed(_poll.Subject, answeredAt - lastAnswerAt);
                    }

                    lastAnswerAt = answeredAt;
                }
                catch (Exception error)
                {
                    // Whatever the client library wrapped it in, the caller's cancellation is a cancellation.
                    cancellationToken.ThrowIfCancellationRequested();
                    var classified = Classify(error);
                    if (!classified.IsTransient)
                    {
                        ExceptionDispatchInfo.Throw(classified.Error);
                    }

                    fault = lastTransientError = classified.Error;
                    consecutiveFaults++;
                    var retryAfter = classified.RetryAfter ?? RetryAfter.From(classified.RetryAfterHeader, _clock.GetUtcNow());
                    serverDelay = retryAfter;
                    floor = Max(floor, retryAfter ?? TimeSpan.Zero);
                    if (classified.IsRateLimited && retryAfter is null)
                    {
                        // Rate limited without a Retry-After: back off to at least the current ceiling, no jitter below it.
                        floor = Max(floor, _delays.Ceiling(attempt));
                    }
                }
            }

            var now = _clock.GetUtcNow();
            var outcome = _items.FinishedOutcome();

            // Only an answer can make "nothing appeared" true: a fault ends no grace period.
            if (outcome is null && fault is null && !_items.EverSeen && now - start >= emptyGrace)
            {
                outcome = WaitOutcome.NotFoundOrNotStarted;
            }

            TimeSpan? delay = null;
            if (outcome is null)
            {
                if (serverDelay is { } asked && asked > lastPollAt - now)
                {
                    // The server asked for a pause that reaches past the last poll the deadline
                    // allows: waiting it out would overrun, polling earlier would ignore it. That
                    // is its own ending.
                    Report(_items.Snapshot(attempt, now - start, fault, null, null, answers), attempt, fault, TimeSpan.Zero, "rate limited");
                    throw new PollingRateLimitedException(asked, deadline - now, fault!);
                }

                delay = _delays.Next(attempt, lastPollAt - now, _options.Random.NextDouble(), floor);
                // Out of time by its own schedule: when this last request was answered, what it
                // saw still holds; after a fault, only an answer past the grace period does.
                outcome = delay is null ? OutOfTime(emptyAfterGrace: fault is null || emptyAfterGrace) : null;
            }

            snapshot = _items.Snapshot(attempt, now - start, fault, outcome is null ? now + delay : null, outcome, answers);
            Report(snapshot, attempt, fault, delay ?? TimeSpan.Zero, outcome?.ToString() ?? "waiting");

            if (fault is not null && consecutiveFaults >= _options.MaxConsecutiveTransientErrors)
            {
                throw new PollingGaveUpException(consecutiveFaults, fault);
            }

            if (outcome is not null)
            {
                return new WaitResult<TItem>(snapshot, lastTransientError);
            }

            if (_options.Scheduler is null)
            {
                await Task.Delay(delay!.Value, _clock, cancellationToken).ConfigureAwait(false);
                dueAt = _clock.GetUtcNow();
            }
            else
            {
                // The scheduler waits: it knows which of the account's waits is most overdue.
                dueAt = now + delay!.Value;
            }
        }
    }

    /// <summary>
    /// This wait's next request: a check of its unfinished items with other waits' (once the batch
    /// has listed them, while other waits share the account, until the batch is due again); else a
    /// poll of the batch from the account's scheduler (shared with waits on the same batch) or,
    /// without one, after a lease from the shared limiter. Null when no turn came by
    /// <paramref name="lastTurnAt"/>: a request sent later would not be answered before the deadline.
    /// </summary>
    private async Task<Turn?> TakeTurnAsync(DateTimeOffset dueAt, DateTimeOffset lastPolledAt, DateTimeOffset batchRefreshDueAt, DateTimeOffset lastTurnAt, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var trace = new RequestTrace(_activity?.Context ?? default);
        bool checksItems = _poll.FetchItems is not null
            && _options.ItemBatcher is not null
            && _options.Scheduler is null or { ActiveWaits: > 1 };
        if (checksItems && dueAt < batchRefreshDueAt && _items.PendingItems() is { Count: > 0 } pending)
        {
            var fetchItems = _poll.FetchItems!;
            var batcher = _options.ItemBatcher!;
            var request = new PollRequest(_poll.ItemChecksSubject ?? _poll.Subject, PollRequest.ItemsKind, _poll.ItemChecksBudget);
            IReadOnlyList<TItem>? items;
            try
            {
                items = await batcher.CheckAsync(_poll.ItemGroup, pending, _poll.GetId, dueAt, lastTurnAt, deadline, (all, until, shared) => FetchAsync(token => fetchItems(all, token), request, until, shared, trace), cancellationToken, trace).ConfigureAwait(false);
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
            {
                // The shared check failed: this wait's answer is that failure, classified like any other.
                Joined(trace);
                return new Turn(null, () => Task.FromException<IReadOnlyList<TItem>>(error), checksItems: true);
            }

            Joined(trace);
            return items is null ? null : new Turn(null, () => Task.FromResult(items), checksItems: true);
        }

        var poll = new PollRequest(_poll.Subject, PollRequest.BatchKind, _poll.Budget);
        if (_options.Scheduler is { } scheduler)
        {
            var shared = await scheduler.PollAsync(_poll.Key, dueAt, lastPolledAt, lastTurnAt, deadline, (until, token) => FetchAsync(_poll.Fetch, poll, until, token, trace), cancellationToken, trace).ConfigureAwait(false);
            Joined(trace);
            return shared is null ? null : new Turn(null, () => shared.Error is { } error
                ? Task.FromException<IReadOnlyList<TItem>>(error)
                : Task.FromResult(shared.Value!), checksItems: false);
        }

        var lease = await AcquireLeaseAsync(lastTurnAt, cancellationToken).ConfigureAwait(false);
        return lease is null ? null : new Turn(lease, () => FetchHoldingAsync(_options.RateLimiter, _poll.Fetch, poll, deadline, cancellationToken), checksItems: false);
    }

    /// <summary>A turn answered by a request another wait sent: this wait's span links to that request's.</summary>
    private void Joined(RequestTrace trace)
    {
        if (trace.SentHere || trace.Request == default)
        {
            return;
        }

        _sharedAnswers++;
        _activity?.AddLink(new ActivityLink(trace.Request));
    }

    /// <summary>One granted request: the lease it holds (if any), how to get its answer, and whether it checks some known items rather than listing the batch.</summary>
    private sealed class Turn(IDisposable? lease, Func<Task<IReadOnlyList<TItem>>> answer, bool checksItems) : IDisposable
    {
        public bool ChecksItems { get; } = checksItems;

        public Task<IReadOnlyList<TItem>> AnswerAsync() => answer();

        public void Dispose() => lease?.Dispose();
    }

    /// <summary>
    /// How a wait that ran out of time ends: not-found only when it was answered, never with an
    /// item, and the emptiness it saw still stands: its last request (the last its schedule had
    /// room for) was answered, or an answer came after the empty grace period. Which of these holds
    /// depends only on the answers, never on where the deadline fell between two polls. A wait whose
    /// last request failed, or whose due turn went to other waits, saw only an early emptiness (what
    /// a task still downloading gives) that no longer stands: it timed out.
    /// </summary>
    private WaitOutcome OutOfTime(bool emptyAfterGrace) =>
        !_items.EverSeen && emptyAfterGrace ? WaitOutcome.NotFoundOrNotStarted : WaitOutcome.TimedOut;

    private void Report(BatchSnapshot<TItem> snapshot, int attempt, Exception? fault, TimeSpan delay, string outcome)
    {
        _progress?.Report(snapshot);
        LogPoll(_options.Logger, _poll.Subject, attempt, snapshot.Succeeded.Count, snapshot.Failed.Count, snapshot.Pending.Count, fault?.Message ?? "none", delay, outcome);
    }

    private PollFault Classify(Exception error) =>
        error is AttemptTimedOutException ? PollFault.Transient(error) : (_poll.ClassifyFault?.Invoke(error) ?? PollFault.Classify(error));

    /// <summary>
    /// One request, in its own activity under the wait's (the HttpClient's activity is its child),
    /// linked to the other waits it answers, with its result counted once.
    /// </summary>
    private async Task<IReadOnlyList<TItem>> FetchAsync(Func<CancellationToken, Task<IReadOnlyList<TItem>>> fetch, PollRequest request, DateTimeOffset deadline, CancellationToken cancellationToken, RequestTrace? trace)
    {
        var activity = PollingTelemetry.StartPoll(_activity, request, Interlocked.Increment(ref _requests), trace?.OtherWaits ?? []);
        if (trace is not null)
        {
            trace.SentHere = true;
            trace.Request = activity?.Context ?? default;
        }

        try
        {
            var items = await FetchWithinLimitsAsync(fetch, deadline, cancellationToken).ConfigureAwait(false);
            PollingTelemetry.EndPoll(activity, request, fault: null);
            return items;
        }
        catch (Exception error)
        {
            PollingTelemetry.EndPoll(activity, request, cancellationToken.IsCancellationRequested ? PollFault.Fatal(error) : Classify(error));
            throw;
        }
    }

    /// <summary>One request, paid for by a lease of <paramref name="budget"/> that the turn holds: the request's pipeline does not take another.</summary>
    private async Task<IReadOnlyList<TItem>> FetchHoldingAsync(RateLimiter? budget, Func<CancellationToken, Task<IReadOnlyList<TItem>>> fetch, PollRequest request, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        using (Budgets.RateBudgetScope.Hold(budget))
        {
            return await FetchAsync(fetch, request, deadline, cancellationToken, trace: null).ConfigureAwait(false);
        }
    }

    /// <summary>One request, bounded by <see cref="PollingOptions.AttemptTimeout"/> and by the wait's deadline.</summary>
    private async Task<IReadOnlyList<TItem>> FetchWithinLimitsAsync(Func<CancellationToken, Task<IReadOnlyList<TItem>>> fetch, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var remaining = deadline - _clock.GetUtcNow();
        var limit = remaining < _options.AttemptTimeout ? (remaining > TimeSpan.Zero ? remaining : TimeSpan.FromTicks(1)) : _options.AttemptTimeout;
        using var attemptTimeout = new CancellationTokenSource(limit, _clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, attemptTimeout.Token);
        try
        {
            return await fetch(linked.Token).ConfigureAwait(false);
        }
        catch (Exception error) when (attemptTimeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new AttemptTimedOutException(limit, error);
        }
    }

    /// <summary>A lease from the shared limiter, or a no-op lease without one; null when <paramref name="lastTurnAt"/> passed first.</summary>
    private async Task<IDisposable?> AcquireLeaseAsync(DateTimeOffset lastTurnAt, CancellationToken cancellationToken)
    {
        if (_options.RateLimiter is not { } limiter)
        {
            return NoLease.Instance;
        }

        var immediate = limiter.AttemptAcquire(1);
        if (immediate.IsAcquired)
        {
            BudgetTelemetry.Waited(_poll.Budget, TimeSpan.Zero);
            return immediate;
        }

        immediate.Dispose();
        var askedAt = _clock.GetUtcNow();
        var remaining = lastTurnAt - askedAt;
        if (remaining <= TimeSpan.Zero)
        {
            return null;
        }

        using var untilDeadline = new CancellationTokenSource(remaining, _clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, untilDeadline.Token);
        var waiting = BudgetTelemetry.StartWait(_poll.Budget, method: null, template: null);
        try
        {
            while (true)
            {
                var lease = await limiter.AcquireAsync(1, linked.Token).ConfigureAwait(false);
                if (lease.IsAcquired)
                {
                    BudgetTelemetry.Waited(_poll.Budget, _clock.GetUtcNow() - askedAt);
                    BudgetTelemetry.EndWait(waiting, error: null);
                    return lease;
                }

                // The limiter's queue was full: wait as it suggests (or one minimum delay) and ask again.
                var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var suggested) ? suggested : _options.MinDelay;
                lease.Dispose();
                await Task.Delay(retryAfter, _clock, linked.Token).ConfigureAwait(false);
            }
        }
        catch (Exception error)
        {
            BudgetTelemetry.EndWait(waiting, error);
            if (error is OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return null; // the last moment for a turn passed
            }

            throw;
        }
    }

    private BatchSnapshot<TItem> Final(int attempt, int answers, DateTimeOffset start, WaitOutcome outcome)
    {
        var snapshot = _items.Snapshot(attempt, _clock.GetUtcNow() - start, null, null, outcome, answers);
        _progress?.Report(snapshot);
        return snapshot;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    [LoggerMessage(Level = LogLevel.Information, Message = "Poll {Attempt} of {Subject}: {Succeeded} succeeded, {Failed} failed, {Pending} pending; transient error: {Fault}; next poll in {Delay}; {Outcome}")]
    private static partial void LogPoll(ILogger logger, string subject, int attempt, int succeeded, int failed, int pending, string fault, TimeSpan delay, string outcome);

    private sealed class NoLease : IDisposable
    {
        public static readonly NoLease Instance = new();

        public void Dispose()
        {
        }
    }
}
