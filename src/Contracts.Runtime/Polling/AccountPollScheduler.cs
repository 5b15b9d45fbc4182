using System.Threading.RateLimiting;
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

    /// <summary>Creates the scheduler of one account's budget.</summary>
    /// <param name="budget">The account's limiter for the endpoint; every poll takes one permit.</param>
    /// <param name="interval">The interval the budget allows between requests, to tell when the waits cannot all be served in time.</param>
    /// <param name="clock">The clock; the system's by default.</param>
    /// <param name="logger">Receives a warning when the registered waits cannot each be polled before their deadlines.</param>
    public AccountPollScheduler(RateLimiter budget, TimeSpan interval, TimeProvider? clock = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(budget);
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.Zero);
        _budget = budget;
        _interval = interval;
        _clock = clock ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _timer = _clock.CreateTimer(static state => ((AccountPollScheduler)state!).Schedule(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

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
    /// that is waiting for one. Null when the deadline came first (the wait was starved).
    /// </summary>
    internal async Task<SharedAnswer?> PollAsync<T>(string? key, DateTimeOffset dueAt, DateTimeOffset lastPolledAt, DateTimeOffset deadline, Func<CancellationToken, Task<T>> fetch, CancellationToken cancellationToken)
    {
        var waiter = new Waiter(async token => await fetch(token).ConfigureAwait(false));
        Turn? turn;
        lock (_gate)
        {
            turn = key is null ? null : _pending.FirstOrDefault(t => t.Key == key);
            if (turn is null)
            {
                turn = new Turn(key, dueAt, lastPolledAt, ++_sequence);
                _pending.Add(turn);
            }
            else
            {
                turn.DueAt = turn.DueAt < dueAt ? turn.DueAt : dueAt;
                turn.LastPolledAt = turn.LastPolledAt < lastPolledAt ? turn.LastPolledAt : lastPolledAt;
            }

            turn.Waiters.Add(waiter);
            WarnWhenOverloaded(deadline);
        }

        Schedule();
        var remaining = deadline - _clock.GetUtcNow();
        using var untilDeadline = new CancellationTokenSource(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, _clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, untilDeadline.Token);
        using (linked.Token.Register(() => Leave(turn, waiter)))
        {
            var answer = await waiter.Answer.Task.ConfigureAwait(false);
            if (answer is null)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            return answer;
        }
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
        _timer.Dispose();
        _stopping.Cancel();
        _stopping.Dispose();
    }

    /// <summary>A waiter left before its turn (deadline or cancellation): the turn goes on for the others.</summary>
    private void Leave(Turn turn, Waiter waiter)
    {
        lock (_gate)
        {
            if (!turn.Waiters.Remove(waiter))
            {
                return; // its turn has come already
            }

            if (turn.Waiters.Count == 0)
            {
                _pending.Remove(turn);
            }
        }

        waiter.Answer.TrySetResult(null);
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
            _ = RunAsync(next, lease);
        }

        Schedule();
    }

    private async Task RunAsync(Turn turn, RateLimitLease lease)
    {
        List<Waiter> waiters;
        lock (_gate)
        {
            waiters = turn.Waiters.ToList();
            turn.Waiters.Clear();
        }

        if (waiters.Count == 0)
        {
            lease.Dispose();
            return;
        }

        SharedAnswer answer;
        using (lease)
        using (Budgets.RateBudgetScope.Hold(_budget))
        {
            try
            {
                // The first wait's own fetch (its attempt timeout, its deadline) answers for all.
                answer = new SharedAnswer(await waiters[0].Fetch(CancellationToken.None).ConfigureAwait(false), null);
            }
            catch (Exception error)
            {
                answer = new SharedAnswer(null, error);
            }
        }

        foreach (var waiter in waiters)
        {
            waiter.Answer.TrySetResult(answer);
        }
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

    private sealed class Turn(string? key, DateTimeOffset dueAt, DateTimeOffset lastPolledAt, long sequence)
    {
        public string? Key { get; } = key;

        public DateTimeOffset DueAt { get; set; } = dueAt;

        public DateTimeOffset LastPolledAt { get; set; } = lastPolledAt;

        public long Sequence { get; } = sequence;

        public List<Waiter> Waiters { get; } = new();
    }

    /// <summary>One wait's place in a turn: how it would fetch, and where its answer goes (null: it left without one).</summary>
    private sealed class Waiter(Func<CancellationToken, Task<object?>> fetch)
    {
        public Func<CancellationToken, Task<object?>> Fetch { get; } = fetch;

        public TaskCompletionSource<SharedAnswer?> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>The outcome of a poll shared by every wait on the batch: the answer, or the error to classify.</summary>
internal sealed record SharedAnswer(object? Value, Exception? Error);
