using System.Threading.RateLimiting;
using Contracts.Runtime.Diagnostics;

namespace Contracts.Runtime.Polling;

/// <summary>
/// Grants one permit at a time, each at least <see cref="Interval"/> after the previous grant, in
/// the order asked. Unlike a token bucket, whose refills follow its own timer, two requests are
/// never closer than the interval: what an API that counts "one request per second" per account
/// actually checks. With a <see cref="Burst"/> above one, that many may go at once after a quiet
/// spell, and the average stays one per interval (the generic cell rate algorithm). Runs on a
/// <see cref="TimeProvider"/>, so it can be tested in simulated time.
/// </summary>
/// <remarks>
/// The interval is measured from the moment a permit is actually granted, and a queued caller
/// resumes synchronously on the grant, so the request it sends follows its permit at once; a
/// caller that resumed late cannot shorten the gap to the next one. One lease is out at a time, and
/// the next permit also waits the interval after it is disposed: hold the lease until the answer
/// arrives, and a request slowed on its way (a new connection, a busy server) cannot be counted
/// too close to the next one, since the server saw it before it answered. At most
/// <see cref="Burst"/> leases are out at a time. Dispose every lease, and never ask again while
/// holding the last one: the second request would wait for the first forever
/// (<see cref="Budgets.RateBudgetScope"/> tells a pipeline that the caller holds one already).
/// </remarks>
public sealed class SpacedRateLimiter : RateLimiter
{
    private readonly TimeProvider _clock;
    private readonly object _gate = new();
    private readonly LinkedList<Waiter> _queue = new();
    private ITimer? _timer;
    /// <summary>When the next permit would be free if no burst were allowed (the theoretical arrival time).</summary>
    private DateTimeOffset _nextFree = DateTimeOffset.MinValue;
    private int _leasesOut;
    private DateTimeOffset? _lastGrant;
    private long _successful;
    private long _failed;
    private bool _disposed;

    /// <summary>Creates the limiter.</summary>
    /// <param name="interval">The least time between two permits; greater than zero.</param>
    /// <param name="clock">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="budget">What the limiter guards, such as <c>task-status</c>: the <c>contracts.rate_budget.family</c> tag of its queue metric (<see cref="RuntimeDiagnostics"/>); never a secret.</param>
    /// <param name="burst">How many permits may be granted at once after a quiet spell; 1 (the default) spaces every one.</param>
    public SpacedRateLimiter(TimeSpan interval, TimeProvider? clock = null, string? budget = null, int burst = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        Interval = interval;
        Burst = burst;
        _clock = clock ?? TimeProvider.System;
        Budget = budget;
    }

    /// <summary>The least time between two permits.</summary>
    public TimeSpan Interval { get; }

    /// <summary>How many permits may be granted at once (and be out at once) after a quiet spell.</summary>
    public int Burst { get; }

    /// <summary>What the limiter guards, as its metrics name it; null when unnamed.</summary>
    public string? Budget { get; }

    /// <inheritdoc/>
    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count == 0 && _lastGrant is { } last ? _clock.GetUtcNow() - last : null;
            }
        }
    }

    /// <inheritdoc/>
    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_gate)
        {
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = AvailablePermits(_clock.GetUtcNow()),
                CurrentQueuedCount = _queue.Count,
                TotalSuccessfulLeases = _successful,
                TotalFailedLeases = _failed,
            };
        }
    }

    /// <inheritdoc/>
    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        CheckPermitCount(permitCount);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var now = _clock.GetUtcNow();
            bool free = IsFree(now);
            if (permitCount == 0)
            {
                return free ? Lease.Empty : Refused(now);
            }

            if (free)
            {
                return Grant(now);
            }

            _failed++;
            return Refused(now);
        }
    }

    /// <inheritdoc/>
    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        CheckPermitCount(permitCount);
        LinkedListNode<Waiter> node;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var now = _clock.GetUtcNow();
            if (permitCount == 0)
            {
                return ValueTask.FromResult<RateLimitLease>(Lease.Empty);
            }

            if (IsFree(now))
            {
                return ValueTask.FromResult<RateLimitLease>(Grant(now));
            }

            cancellationToken.ThrowIfCancellationRequested();

            // Synchronous continuations on purpose: the caller's request follows the grant at once.
            node = _queue.AddLast(new Waiter());
            BudgetTelemetry.Queued(Budget, +1);
            if (_queue.Count == 1)
            {
                ArmTimer(now);
            }
        }

        return WaitAsync(node, cancellationToken);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        List<Waiter> abandoned;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            abandoned = [.. _queue];
            _queue.Clear();
            BudgetTelemetry.Queued(Budget, -abandoned.Count);
            _timer?.Dispose();
        }

        foreach (var waiter in abandoned)
        {
            waiter.Granted.TrySetException(new ObjectDisposedException(nameof(SpacedRateLimiter)));
        }

        base.Dispose(disposing);
    }

    private async ValueTask<RateLimitLease> WaitAsync(LinkedListNode<Waiter> node, CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.Register(() => Abandon(node, cancellationToken));
        return await node.Value.Granted.Task.ConfigureAwait(false);
    }

    /// <summary>Grants the head of the queue once its time has come, then arms the timer for the next.</summary>
    private void OnTimer()
    {
        Waiter head;
        RateLimitLease lease;
        lock (_gate)
        {
            if (_disposed || _queue.First is null)
            {
                return;
            }

            var now = _clock.GetUtcNow();
            if (_leasesOut >= Burst)
            {
                return;   // disposing a lease arms the timer again
            }

            if (now < NextGrantAt)
            {
                ArmTimer(now);
                return;
            }

            head = _queue.First.Value;
            _queue.RemoveFirst();
            BudgetTelemetry.Queued(Budget, -1);
            lease = Grant(now);
            if (_queue.Count > 0)
            {
                ArmTimer(now);
            }
        }

        head.Granted.TrySetResult(lease);
    }

    private void Abandon(LinkedListNode<Waiter> node, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (node.List is null)
            {
                return;
            }

            bool wasHead = _queue.First == node;
            _queue.Remove(node);
            BudgetTelemetry.Queued(Budget, -1);
            _failed++;
            if (wasHead && _queue.Count > 0)
            {
                ArmTimer(_clock.GetUtcNow());
            }
        }

        node.Value.Granted.TrySetCanceled(cancellationToken);
    }

    /// <summary>Whether a caller asking now gets a permit at once. Called under the lock.</summary>
    private bool IsFree(DateTimeOffset now) => _queue.Count == 0 && _leasesOut < Burst && now >= NextGrantAt;

    /// <summary>How many permits callers asking now would get at once. Called under the lock.</summary>
    private long AvailablePermits(DateTimeOffset now)
    {
        if (_queue.Count > 0)
        {
            return 0;
        }

        long ahead = _nextFree <= now ? 0 : (long)Math.Ceiling((_nextFree - now) / Interval);
        return Math.Max(0, Math.Min(Burst - ahead, Burst - _leasesOut));
    }

    /// <summary>The soonest a permit may be granted: the theoretical time, less what the burst allows ahead of it. Called under the lock.</summary>
    private DateTimeOffset NextGrantAt =>
        _nextFree == DateTimeOffset.MinValue ? DateTimeOffset.MinValue : _nextFree - (Interval * (Burst - 1));

    /// <summary>Arms the timer for when the next permit is free. Called under the lock.</summary>
    private void ArmTimer(DateTimeOffset now)
    {
        var due = NextGrantAt - now;
        _timer ??= _clock.CreateTimer(static state => ((SpacedRateLimiter)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timer.Change(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private Lease Grant(DateTimeOffset now)
    {
        _nextFree = (_nextFree > now ? _nextFree : now) + Interval;
        _leasesOut++;
        _lastGrant = now;
        _successful++;
        return new Lease(true, null, this);
    }

    /// <summary>The lease out was disposed: the next permit may follow, the interval from now at the soonest.</summary>
    private void Released()
    {
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            _leasesOut--;
            if (now + Interval > _nextFree)
            {
                _nextFree = now + Interval;
            }

            if (_queue.Count > 0 && !_disposed)
            {
                ArmTimer(now);
            }
        }
    }

    private RateLimitLease Refused(DateTimeOffset now)
    {
        var soonest = NextGrantAt;
        if (_leasesOut >= Burst && soonest < now + Interval)
        {
            soonest = now + Interval;   // a lease must be disposed first, and the interval follows it
        }

        var wait = soonest - now;
        return new Lease(false, (wait > TimeSpan.Zero ? wait : TimeSpan.Zero) + (Interval * _queue.Count));
    }

    private static void CheckPermitCount(int permitCount)
    {
        if (permitCount is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(permitCount), permitCount, "A spaced limiter grants one permit per lease.");
        }
    }

    /// <summary>A queued caller: where its lease goes. (How long it waited is measured by the caller, which also sees a Redis turn.)</summary>
    private sealed class Waiter
    {
        public TaskCompletionSource<RateLimitLease> Granted { get; } = new();
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter, SpacedRateLimiter? owner = null) : RateLimitLease
    {
        /// <summary>A granted lease for zero permits: nothing to space.</summary>
        public static readonly Lease Empty = new(true, null);

        private int _disposed;

        public override bool IsAcquired => acquired;

        protected override void Dispose(bool disposing)
        {
            if (disposing && owner is not null && Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Released();
            }
        }

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
