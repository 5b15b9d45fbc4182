using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Contracts.Runtime.Diagnostics;
using Contracts.Runtime.Polling.Turns;
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
    private readonly WaitTurns<TItem, TId> _turns;
    private Activity? _activity;
    private int _attempt;
    private int _requests;
    private int _sharedAnswers;
    private int _wakeRequested;
    private CancellationTokenSource? _sleep;
    private IReadOnlyCollection<object> _pendingIds = [];

    public WaitRun(BatchPoll<TItem, TId> poll, PollingOptions options, IProgress<BatchSnapshot<TItem>>? progress)
    {
        _poll = poll;
        _options = options;
        _progress = progress;
        _clock = options.TimeProvider;
        _delays = new PollDelay(options.MinDelay, options.MaxDelay);
        _items = new ItemTracker<TItem, TId>(poll.GetId, poll.GetOutcome);
        _turns = new WaitTurns<TItem, TId>(poll, options, FetchAsync);
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
        bool watchOnly = false;
        using var registration = _turns.Enter();
        using var wakeups = _poll.BatchId is { } batchId ? _options.Wakeups?.Register(batchId, Wake) : null;

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Interlocked.Exchange(ref _wakeRequested, 0) == 1)
            {
                dueAt = DateTimeOffset.MinValue;   // woken: the front of the account's queue
            }

            var trace = new RequestTrace(_activity?.Context ?? default);
            var turn = await _turns.TakeAsync(new TurnRequest(dueAt, lastPolledAt, lastTurnAt, deadline), batchRefreshDueAt, _items.PendingItems, trace, cancellationToken).ConfigureAwait(false);
            Joined(trace);
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
                if (delay is null && CanBeWoken && now < lastPollAt)
                {
                    // No room for another scheduled poll, but a hint may still come: watch for one
                    // until the last poll the deadline allows, and poll only if it does.
                    delay = lastPollAt - now;
                    watchOnly = true;
                }

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

            _pendingIds = [.. _items.PendingItems().Select(item => (object)_poll.GetId(item))];
            if (watchOnly)
            {
                if (!await SleepAsync(delay!.Value, cancellationToken).ConfigureAwait(false))
                {
                    snapshot = Final(attempt, answers, start, OutOfTime(emptyAfterGrace: fault is null || emptyAfterGrace));
                    return new WaitResult<TItem>(snapshot, lastTransientError);
                }

                watchOnly = false;
                dueAt = _clock.GetUtcNow();
            }
            else if (_turns.WaitsForItsOwnDueTime)
            {
                await SleepAsync(delay!.Value, cancellationToken).ConfigureAwait(false);
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
    /// A hint that the batch changed (<see cref="PollingOptions.Wakeups"/>): the next poll is due
    /// now. A wait asleep wakes; a wait queued at the scheduler or for an item check moves to the
    /// front. Only the answer to that poll can change the wait's view.
    /// </summary>
    private void Wake()
    {
        Volatile.Write(ref _wakeRequested, 1);
        try
        {
            Volatile.Read(ref _sleep)?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // the sleep ended on its own meanwhile: the flag makes the next poll due now
        }

        if (_options.Scheduler?.Hurry(_poll.Key) == true | (_options.ItemBatcher?.Hurry(_poll.ItemGroup, Volatile.Read(ref _pendingIds)) == true))
        {
            Volatile.Write(ref _wakeRequested, 0);
        }
    }

    /// <summary>Whether hints can wake this wait: wake-ups are given, and the poll names its batch.</summary>
    private bool CanBeWoken => _options.Wakeups is not null && _poll.BatchId is not null;

    /// <summary>Waits <paramref name="delay"/>, or less when woken; true when woken.</summary>
    private async Task<bool> SleepAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _wakeRequested) == 1)
        {
            return true;
        }

        using var sleep = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Volatile.Write(ref _sleep, sleep);
        try
        {
            await Task.Delay(delay, _clock, sleep.Token).ConfigureAwait(false);
            return Volatile.Read(ref _wakeRequested) == 1;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return true;
        }
        finally
        {
            Volatile.Write(ref _sleep, null);
        }
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

    private BatchSnapshot<TItem> Final(int attempt, int answers, DateTimeOffset start, WaitOutcome outcome)
    {
        var snapshot = _items.Snapshot(attempt, _clock.GetUtcNow() - start, null, null, outcome, answers);
        _progress?.Report(snapshot);
        return snapshot;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    [LoggerMessage(Level = LogLevel.Information, Message = "Poll {Attempt} of {Subject}: {Succeeded} succeeded, {Failed} failed, {Pending} pending; transient error: {Fault}; next poll in {Delay}; {Outcome}")]
    private static partial void LogPoll(ILogger logger, string subject, int attempt, int succeeded, int failed, int pending, string fault, TimeSpan delay, string outcome);
}
