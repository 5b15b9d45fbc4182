using System.Threading.RateLimiting;
using Contracts.Runtime.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Contracts.Runtime.Polling;

/// <summary>
/// Spends one account's request budget on the waits that need a poll most. Every wait on the
/// account registers its next poll here (when its own backoff schedule makes it due, and its
/// deadline) instead of queueing at the limiter on its own: each permitted request goes to the
/// wait most overdue (ties to the one polled longest ago), and waits on the same batch (the same
/// <see cref="BatchPoll{TItem, TId}.Key"/>) share every poll. A wait that gets no turn before its
/// deadline ends as <see cref="WaitOutcome.TimedOut"/> with no attempt, never as not-found.
/// </summary>
/// <remarks>Give it to every wait of the account through <see cref="PollingOptions.Scheduler"/>.</remarks>
public sealed partial class AccountPollScheduler : IDisposable
{
    private readonly RateLimiter _budget;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private readonly List<Turn> _pending = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly ITimer _timer;
    private bool _acquiring;
    private long _sequence;
    private bool _warnedOverload;
    private int _activeWaits;
    private DateTimeOffset _askedAt;

    /// <summary>Creates the scheduler of one account's budget.</summary>
    /// <param name="budget">The account's limiter for the endpoint; every poll takes one permit.</param>
    /// <param name="interval">The interval the budget allows between requests, to tell when the waits cannot all be served in time.</param>
    /// <param name="clock">The clock; the system's by default.</param>
    /// <param name="logger">Receives a warning when the registered waits cannot each be polled before their deadlines.</param>
    /// <param name="family">The budget family it spends (such as <c>task-status</c>), as its backlog and turn metrics name it; never a secret.</param>
    public AccountPollScheduler(RateLimiter budget, TimeSpan interval, TimeProvider? clock = null, ILogger? logger = null, string? family = null)
    {
        Family = family;
        ArgumentNullException.ThrowIfNull(budget);
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.Zero);
        _budget = budget;
        _interval = interval;
        _clock = clock ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _timer = _clock.CreateTimer(static state => ((AccountPollScheduler)state!).Schedule(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The budget family it spends, as its metrics name it.</summary>
    public string? Family { get; }

    /// <summary>How many waits are registered with the scheduler now, polling or between polls.</summary>
    public int ActiveWaits => Volatile.Read(ref _activeWaits);

    /// <summary>How many polls are waiting for a turn now (waits on one batch count once).</summary>
    public int PendingPolls
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>
    /// Waits for a turn and polls, sharing the poll with every other wait on <paramref name="key"/>
    /// that is waiting for one. The shared request lives as long as any of its waits still needs
    /// it: one wait's cancellation or deadline never cuts the others' answer.
    /// </summary>
    /// <returns>
    /// The answer; an <see cref="AttemptTimedOutException"/> as the answer's error when
    /// <paramref name="deadline"/> came while the request was under way; null when no turn came by
    /// <paramref name="lastTurnAt"/> (the wait was starved).
    /// </returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    internal async Task<SharedAnswer<T>?> PollAsync<T>(
        string? key,
        DateTimeOffset dueAt,
        DateTimeOffset lastPolledAt,
        DateTimeOffset lastTurnAt,
        DateTimeOffset deadline,
        SharedFetch<T> fetch,
        CancellationToken cancellationToken,
        RequestTrace? trace = null)
    {
        var waiter = new Waiter<T>(fetch, deadline, trace);
        Turn<T>? turn;
        lock (_gate)
        {
            turn = key is null ? null : _pending.OfType<Turn<T>>().FirstOrDefault(t => t.Key == key);
            if (turn is null)
            {
                turn = new Turn<T>(key, dueAt, lastPolledAt, ++_sequence);
                _pending.Add(turn);
                BudgetTelemetry.PollsQueued(Family, +1);
            }
            else
            {
                turn.DueAt = turn.DueAt < dueAt ? turn.DueAt : dueAt;
                turn.LastPolledAt = turn.LastPolledAt < lastPolledAt ? turn.LastPolledAt : lastPolledAt;
            }

            turn.Waiters.Add(waiter);
            WarnWhenOverloaded(lastTurnAt);
        }

        Schedule();
        using var untilLastTurn = Timer(lastTurnAt);
        using var untilDeadline = Timer(deadline);
        using (cancellationToken.Register(() => Leave(turn, waiter, inFlightAnswer: null)))
        using (untilLastTurn.Token.Register(() => LeaveUnstarted(turn, waiter)))
        using (untilDeadline.Token.Register(() => Leave(turn, waiter, new SharedAnswer<T>(default, new AttemptTimedOutException(deadline - turn.StartedAt, null)))))
        {
            var answer = await waiter.Answer.Task.ConfigureAwait(false);
            if (answer is null)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            return answer;
        }
    }

    /// <summary>
    /// Moves the poll of <paramref name="key"/> waiting for a turn to the front of the queue (a hint
    /// said its batch changed); its request still waits for the budget's turn.
    /// </summary>
    /// <returns>True when a poll of the key was waiting for a turn.</returns>
    internal bool Hurry(string? key)
    {
        if (key is null)
        {
            return false;
        }

        lock (_gate)
        {
            if (_pending.FirstOrDefault(t => t.Key == key && !t.Started) is not { } turn)
            {
                return false;
            }

            turn.DueAt = DateTimeOffset.MinValue;
        }

        Schedule();
        return true;
    }

    private CancellationTokenSource Timer(DateTimeOffset at)
    {
        var remaining = at - _clock.GetUtcNow();
        return new CancellationTokenSource(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, _clock);
    }

    /// <summary>Registers a wait for its whole run; disposing the result ends the registration.</summary>
    internal IDisposable Enter()
    {
        Interlocked.Increment(ref _activeWaits);
        return new Registration(this);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_gate)
        {
            BudgetTelemetry.PollsQueued(Family, -_pending.Count);
            _pending.Clear();
        }

        _timer.Dispose();
        _stopping.Cancel();
        _stopping.Dispose();
    }

    /// <summary>A waiter whose last moment for a turn came: it leaves if its turn has not started.</summary>
    private void LeaveUnstarted<T>(Turn<T> turn, Waiter<T> waiter)
    {
        lock (_gate)
        {
            if (turn.Started)
            {
                return; // under way: the waiter stays for the answer until its deadline
            }
        }

        Leave(turn, waiter, inFlightAnswer: null);
    }

    /// <summary>
    /// A waiter left (cancelled, starved or past its deadline): the turn goes on for the others, and
    /// a request under way is cancelled only once no waiter is left to need its answer.
    /// </summary>
    private void Leave<T>(Turn<T> turn, Waiter<T> waiter, SharedAnswer<T>? inFlightAnswer)
    {
        bool started;
        bool abandoned;
        lock (_gate)
        {
            if (!turn.Waiters.Remove(waiter))
            {
                return; // answered already
            }

            started = turn.Started;
            abandoned = turn.Waiters.Count == 0;
            if (abandoned && !started && _pending.Remove(turn))
            {
                BudgetTelemetry.PollsQueued(Family, -1);
            }
        }

        waiter.Answer.TrySetResult(started ? inFlightAnswer : null);
        if (abandoned && started)
        {
            turn.Abandon();
        }
    }

    /// <summary>
    /// Moves the schedule on: asks the budget for a permit when a poll is due, or sets the timer for
    /// the earliest one. Driven by registrations, the timer and the budget's grants, all on the
    /// scheduler's clock, so it runs the same in simulated time as in real time.
    /// </summary>
    private void Schedule()
    {
        lock (_gate)
        {
            if (_acquiring || _stopping.IsCancellationRequested)
            {
                return;
            }

            if (_pending.Count == 0)
            {
                _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                return;
            }

            var earliest = _pending.Min(t => t.DueAt);
            var wait = earliest - _clock.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                _timer.Change(wait, Timeout.InfiniteTimeSpan);
                return;
            }

            _acquiring = true;
        }

        ValueTask<RateLimitLease> acquire;
        _askedAt = _clock.GetUtcNow();
        try
        {
            acquire = _budget.AcquireAsync(1, _stopping.Token);
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        if (acquire.IsCompleted)
        {
            Granted(acquire);
        }
        else
        {
            _ = acquire.AsTask().ContinueWith(static (task, state) => ((AccountPollScheduler)state!).Granted(new ValueTask<RateLimitLease>(task)), this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private void Granted(ValueTask<RateLimitLease> acquire)
    {
        RateLimitLease lease;
        try
        {
            lease = acquire.Result;
        }
        catch (Exception error) when (error is OperationCanceledException or ObjectDisposedException or AggregateException)
        {
            return; // the scheduler is shutting down
        }

        Turn? next = null;
        lock (_gate)
        {
            _acquiring = false;
            if (lease.IsAcquired)
            {
                BudgetTelemetry.Waited(Family, _clock.GetUtcNow() - _askedAt);
                // The most overdue poll gets the permit; ties go to the batch polled longest ago.
                var now = _clock.GetUtcNow();
                next = _pending
                    .Where(t => t.DueAt <= now)
                    .OrderBy(t => t.DueAt)
                    .ThenBy(t => t.LastPolledAt)
                    .ThenBy(t => t.Sequence)
                    .FirstOrDefault();
                if (next is not null)
                {
                    _pending.Remove(next);
                    BudgetTelemetry.PollsQueued(Family, -1);
                    BudgetTelemetry.TurnTaken(Family, now - next.DueAt);
                }
            }
        }

        if (next is null)
        {
            // Every due waiter left while the permit was on its way (or the limiter refused): try again.
            lease.Dispose();
            if (!lease.IsAcquired)
            {
                lock (_gate)
                {
                    _timer.Change(_interval > TimeSpan.Zero ? _interval : TimeSpan.FromMilliseconds(10), Timeout.InfiniteTimeSpan);
                }

                return;
            }
        }
        else
        {
            _ = next.RunAsync(lease, _budget, _gate, _clock.GetUtcNow());
        }

        Schedule();
    }

    private void WarnWhenOverloaded(DateTimeOffset deadline)
    {
        var now = _clock.GetUtcNow();
        int ahead = _pending.Count(t => t.DueAt <= deadline);
        bool overloaded = _interval > TimeSpan.Zero && TimeSpan.FromTicks(_interval.Ticks * ahead) > deadline - now;
        if (overloaded && !_warnedOverload)
        {
            LogOverloaded(_logger, ahead, _interval, deadline - now);
        }

        _warnedOverload = overloaded;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Polls} polls are waiting for the account's budget of one request per {Interval}, more than fit in the {Remaining} before a wait's deadline: some waits will time out without a poll")]
    private static partial void LogOverloaded(ILogger logger, int polls, TimeSpan interval, TimeSpan remaining);

    private sealed class Registration(AccountPollScheduler scheduler) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref scheduler._activeWaits);
            }
        }
    }

    /// <summary>The next poll of one batch, and the waits that share it.</summary>
    private abstract class Turn(string? key, DateTimeOffset dueAt, DateTimeOffset lastPolledAt, long sequence)
    {
        private readonly CancellationTokenSource _abandoned = new();

        public string? Key { get; } = key;

        public DateTimeOffset DueAt { get; set; } = dueAt;

        public DateTimeOffset LastPolledAt { get; set; } = lastPolledAt;

        public long Sequence { get; } = sequence;

        /// <summary>Whether the request is under way (set under the scheduler's lock).</summary>
        public bool Started { get; protected set; }

        public DateTimeOffset StartedAt { get; protected set; }

        /// <summary>Cancelled once every waiter has left a request under way.</summary>
        protected CancellationToken Abandoned => _abandoned.Token;

        public void Abandon() => _abandoned.Cancel();

        /// <summary>Sends the request, holding <paramref name="lease"/>, and answers every waiter still there.</summary>
        public abstract Task RunAsync(RateLimitLease lease, RateLimiter budget, object gate, DateTimeOffset now);
    }

    private sealed class Turn<T>(string? key, DateTimeOffset dueAt, DateTimeOffset lastPolledAt, long sequence)
        : Turn(key, dueAt, lastPolledAt, sequence)
    {
        public List<Waiter<T>> Waiters { get; } = new();

        public override async Task RunAsync(RateLimitLease lease, RateLimiter budget, object gate, DateTimeOffset now)
        {
            Waiter<T> first;
            DateTimeOffset latestDeadline;
            lock (gate)
            {
                if (Waiters.Count == 0)
                {
                    lease.Dispose();
                    return;
                }

                Started = true;
                StartedAt = now;
                first = Waiters[0];
                latestDeadline = Waiters.Max(w => w.Deadline);
                if (first.Trace is { } trace)
                {
                    trace.OtherWaits = RequestTrace.Others(Waiters.Skip(1).Select(w => w.Trace));
                }
            }

            SharedAnswer<T> answer;
            using (lease)
            using (Budgets.RateBudgetScope.Hold(budget))
            {
                try
                {
                    // Bounded by the latest deadline of the waits that share it, and cancelled only when none is left.
                    answer = new SharedAnswer<T>(await first.Fetch(latestDeadline, Abandoned).ConfigureAwait(false), null);
                }
                catch (Exception error)
                {
                    answer = new SharedAnswer<T>(default, error);
                }
            }

            List<Waiter<T>> waiters;
            lock (gate)
            {
                waiters = Waiters.ToList();
                Waiters.Clear();
            }

            RequestTrace.Answered(waiters.Where(w => w != first).Select(w => w.Trace), first.Trace?.Request ?? default);
            foreach (var waiter in waiters)
            {
                waiter.Answer.TrySetResult(answer);
            }
        }
    }

    /// <summary>One wait's place in a turn: how it would fetch, until when it waits, its part in the request's trace, and where its answer goes (null: it left without one).</summary>
    private sealed class Waiter<T>(SharedFetch<T> fetch, DateTimeOffset deadline, RequestTrace? trace)
    {
        public SharedFetch<T> Fetch { get; } = fetch;

        public DateTimeOffset Deadline { get; } = deadline;

        public RequestTrace? Trace { get; } = trace;

        public TaskCompletionSource<SharedAnswer<T>?> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>
/// One request that several waits share: sent until <c>deadline</c> (the latest of theirs) and
/// cancelled through the token only when none of them needs it any more.
/// </summary>
internal delegate Task<T> SharedFetch<T>(DateTimeOffset deadline, CancellationToken cancellationToken);

/// <summary>The outcome of a poll shared by every wait on the batch: the answer, or the error to classify.</summary>
internal sealed record SharedAnswer<T>(T? Value, Exception? Error);
