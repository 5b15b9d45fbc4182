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
    private CancellationTokenSource? _batchTurn;
    private readonly HashSet<string> _hints = new(StringComparer.Ordinal);
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
        var dueAt = FirstPollAt(start);

        // The batch's own schedule: when its next read is due, and how many of its reads went out.
        // A check that a hint asked for changes neither, so hints cannot put off the batch's reads.
        var plannedReadAt = dueAt;
        int scheduledAttempts = 0;
        var lastPolledAt = DateTimeOffset.MinValue;
        var batchRefreshDueAt = DateTimeOffset.MinValue;
        bool watchOnly = false;
        bool followsHint = false;
        using var registration = _turns.Enter();
        using var wakeups = _poll.BatchId is { } batchId ? _options.Wakeups?.Register(batchId, Wake) : null;

        if (dueAt > start && _turns.WaitsForItsOwnDueTime)
        {
            await SleepAsync(dueAt - start, cancellationToken).ConfigureAwait(false);
        }

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (checkNow, hinted) = TakeHints();
            followsHint |= checkNow.Count > 0;
            if (Interlocked.Exchange(ref _wakeRequested, 0) == 1)
            {
                dueAt = DateTimeOffset.MinValue;   // woken: the front of the account's queue
                followsHint = true;
            }

            var trace = new RequestTrace(_activity?.Context ?? default);
            var request = new TurnRequest(checkNow.Count > 0 ? DateTimeOffset.MinValue : dueAt, lastPolledAt, lastTurnAt, deadline);
            Turn<TItem>? turn;

            // A turn for the batch can be given up for a hint naming items: checking them is cheaper.
            using (var batchTurn = checkNow.Count == 0 && _poll.ItemFromHint is not null ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken) : null)
            {
                Volatile.Write(ref _batchTurn, batchTurn);
                try
                {
                    if (batchTurn is not null && HasHints)
                    {
                        continue;   // named while the turn was being set up
                    }

                    turn = await _turns.TakeAsync(request, batchRefreshDueAt, _items.PendingItems, checkNow, trace, batchTurn?.Token ?? cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    continue;   // a hint named items: check them instead
                }
                finally
                {
                    Volatile.Write(ref _batchTurn, null);
                }
            }

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
            bool hintedCheck = checkNow.Count > 0;
            if (!hintedCheck)
            {
                scheduledAttempts++;
            }

            var floor = _poll.MinimumInterval;
            TimeSpan? serverDelay = null;
            Exception? fault = null;
            bool batchAnswered = false;
            lastPolledAt = _clock.GetUtcNow();

            // A turn covers the request only, not the delay after it.
            using (turn)
            {
                try
                {
                    var answer = await turn.AnswerAsync().ConfigureAwait(false);
                    consecutiveFaults = 0;
                    answers++;

                    // Only the batch's own answer says whether it is empty; a check of named items does not.
                    emptyAfterGrace |= !turn.ChecksItems && _clock.GetUtcNow() - start >= emptyGrace;
                    batchAnswered = !turn.ChecksItems;
                    if (turn.ChecksItems)
                    {
                        _items.Update(answer, hinted);
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
                        floor = Max(floor, _delays.Ceiling(Math.Max(1, scheduledAttempts)));
                    }
                }
            }

            var now = _clock.GetUtcNow();
            var outcome = _items.FinishedOutcome(_poll.ExpectedItems);

            // Only an answer can make "nothing appeared" true: a fault ends no grace period.
            if (outcome is null && fault is null && batchAnswered && !_items.EverSeen && now - start >= emptyGrace)
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

                if (hintedCheck && fault is null && plannedReadAt > now && plannedReadAt <= lastPollAt)
                {
                    delay = plannedReadAt - now;
                }
                else
                {
                    delay = _delays.Next(Math.Max(1, scheduledAttempts), lastPollAt - now, _options.Random.NextDouble(), floor);
                    plannedReadAt = delay is { } next ? now + next : DateTimeOffset.MaxValue;
                }

                if (delay is null && CanBeWoken && now < lastPollAt)
                {
                    // No room for another scheduled poll, but a hint may still come: watch for one
                    // until the last poll the deadline allows, and poll only if it does.
                    delay = lastPollAt - now;
                    watchOnly = true;
                }

                // Out of time by its own schedule: when this last request was answered, what it
                // saw still holds; after a fault, only an answer past the grace period does.
                outcome = delay is null ? OutOfTime(emptyAfterGrace: (fault is null && batchAnswered) || emptyAfterGrace) : null;
            }

            snapshot = _items.Snapshot(attempt, now - start, fault, outcome is null ? now + delay : null, outcome, answers) with { FollowedHint = followsHint };
            followsHint = false;
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
                    snapshot = Final(attempt, answers, start, OutOfTime(emptyAfterGrace: (fault is null && batchAnswered) || emptyAfterGrace));
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
    /// When the first poll is due: at once, except for a wait that expects its items to be named by
    /// hints and can check them one by one. Its batch was just created, so an early read would find
    /// it empty; the first read waits for the schedule's first delay (or, with no room for one, is
    /// the last read the deadline allows), and the hints come first.
    /// </summary>
    private DateTimeOffset FirstPollAt(DateTimeOffset start)
    {
        var room = _options.Timeout - _options.AnswerWindow;
        if (!ExpectsHintedItems || room <= TimeSpan.Zero)
        {
            return start;
        }

        return start + (_delays.Next(1, room, _options.Random.NextDouble(), _poll.MinimumInterval) ?? room);
    }

    /// <summary>Whether hints naming items lead this wait: it knows how many to expect, hints can reach it, and it can check items one by one.</summary>
    private bool ExpectsHintedItems => _poll.ExpectedItems is not null && _poll.ItemFromHint is not null && _turns.ChecksItems && CanBeWoken;

    /// <summary>
    /// The items to check now because hints named them (the wait's unfinished items and the named
    /// ones it does not know yet), and the ids a check may confirm. A named item the wait cannot use
    /// (it does not know how many items to expect, and the batch never listed it) makes the batch's
    /// next read due now instead: only the batch can say what it holds.
    /// </summary>
    private (IReadOnlyList<TItem> CheckNow, IReadOnlySet<TId>? Hinted) TakeHints()
    {
        string[] named;
        lock (_hints)
        {
            if (_hints.Count == 0)
            {
                return ([], null);
            }

            named = [.. _hints];
            _hints.Clear();
        }

        var unknown = new List<TItem>();
        var ids = new HashSet<TId>();
        bool namesPending = false;
        foreach (var name in named)
        {
            var item = _poll.ItemFromHint!(name);
            var id = _poll.GetId(item);
            if (_items.Knows(id))
            {
                namesPending |= _items.PendingItems().Any(p => EqualityComparer<TId>.Default.Equals(_poll.GetId(p), id));
            }
            else if (_poll.ExpectedItems is not null && ids.Add(id))
            {
                unknown.Add(item);
            }
            else
            {
                Volatile.Write(ref _wakeRequested, 1);
            }
        }

        if (unknown.Count == 0 && !namesPending)
        {
            return ([], null);
        }

        return ([.. _items.PendingItems(), .. unknown], ids);
    }

    /// <summary>
    /// A hint that the batch changed (<see cref="PollingOptions.Wakeups"/>). Naming items, it has
    /// them checked one by one when the wait can (a turn already queued for the batch is given up);
    /// otherwise the batch's next poll is due now. A hint about the whole batch is not acted on by a
    /// wait whose hints name its items: their own hints say when each item is worth a check. Either
    /// way, a wait asleep wakes and one queued moves to the front; only the answer can change the wait's view.
    /// </summary>
    private void Wake(IReadOnlyCollection<string> items)
    {
        if (_turns.ChecksItems && _poll.ItemFromHint is not null && items.Count > 0)
        {
            lock (_hints)
            {
                _hints.UnionWith(items);
            }

            CancelQuietly(Volatile.Read(ref _batchTurn));
            CancelQuietly(Volatile.Read(ref _sleep));
            return;
        }

        if (ExpectsHintedItems)
        {
            return;
        }

        Volatile.Write(ref _wakeRequested, 1);
        CancelQuietly(Volatile.Read(ref _sleep));
        if (_options.Scheduler?.Hurry(_poll.Key) == true | (_options.ItemBatcher?.Hurry(_poll.ItemGroup, Volatile.Read(ref _pendingIds)) == true))
        {
            Volatile.Write(ref _wakeRequested, 0);
        }
    }

    /// <summary>Cancels a sleep or a queued turn that may have ended on its own meanwhile (then the flags make the next poll due).</summary>
    private static void CancelQuietly(CancellationTokenSource? source)
    {
        try
        {
            source?.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>Whether hints can wake this wait: wake-ups are given, and the poll names its batch.</summary>
    private bool CanBeWoken => _options.Wakeups is not null && _poll.BatchId is not null;

    /// <summary>Waits <paramref name="delay"/>, or less when woken; true when woken.</summary>
    private async Task<bool> SleepAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _wakeRequested) == 1 || HasHints)
        {
            return true;
        }

        using var sleep = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Volatile.Write(ref _sleep, sleep);
        try
        {
            if (Volatile.Read(ref _wakeRequested) == 1 || HasHints)
            {
                return true;   // woken while the sleep was being set up
            }

            await Task.Delay(delay, _clock, sleep.Token).ConfigureAwait(false);
            return Volatile.Read(ref _wakeRequested) == 1 || HasHints;
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

    private bool HasHints
    {
        get
        {
            lock (_hints)
            {
                return _hints.Count > 0;
            }
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
