using System.Threading.RateLimiting;

namespace Contracts.Runtime.Polling;

/// <summary>
/// Grants one permit at a time, each at least <see cref="Interval"/> after the previous grant, in
/// the order asked. Unlike a token bucket, whose refills follow its own timer, two requests are
/// never closer than the interval: what an API that counts "one request per second" per account
/// actually checks. Runs on a <see cref="TimeProvider"/>, so it can be tested in simulated time.
/// </summary>
/// <remarks>
/// The interval is measured from the moment a permit is actually granted, and a queued caller
/// resumes synchronously on the grant, so the request it sends follows its permit at once; a
/// caller that resumed late cannot shorten the gap to the next one.
/// </remarks>
public sealed class SpacedRateLimiter : RateLimiter
{
    private static readonly RateLimitLease Granted = new Lease(true, null);

    private readonly TimeProvider _clock;
    private readonly object _gate = new();
    private readonly LinkedList<TaskCompletionSource<RateLimitLease>> _queue = new();
    private ITimer? _timer;
    private DateTimeOffset _nextFree = DateTimeOffset.MinValue;
    private DateTimeOffset? _lastGrant;
    private long _successful;
    private long _failed;
    private bool _disposed;

    /// <summary>Creates the limiter.</summary>
    /// <param name="interval">The least time between two permits; greater than zero.</param>
    /// <param name="clock">The clock; <see cref="TimeProvider.System"/> when null.</param>
    public SpacedRateLimiter(TimeSpan interval, TimeProvider? clock = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        Interval = interval;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>The least time between two permits.</summary>
    public TimeSpan Interval { get; }

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
                CurrentAvailablePermits = _queue.Count == 0 && _clock.GetUtcNow() >= _nextFree ? 1 : 0,
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
            bool free = _queue.Count == 0 && now >= _nextFree;
            if (permitCount == 0)
            {
                return free ? Granted : Refused(now);
            }

            if (free)
            {
                Grant(now);
                return Granted;
            }

            _failed++;
            return Refused(now);
        }
    }

    /// <inheritdoc/>
    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        CheckPermitCount(permitCount);
        LinkedListNode<TaskCompletionSource<RateLimitLease>> node;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var now = _clock.GetUtcNow();
            if (permitCount == 0)
            {
                return ValueTask.FromResult(Granted);
            }

            if (_queue.Count == 0 && now >= _nextFree)
            {
                Grant(now);
                return ValueTask.FromResult(Granted);
            }

            cancellationToken.ThrowIfCancellationRequested();

            // Synchronous continuations on purpose: the caller's request follows the grant at once.
            node = _queue.AddLast(new TaskCompletionSource<RateLimitLease>());
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
        List<TaskCompletionSource<RateLimitLease>> abandoned;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            abandoned = [.. _queue];
            _queue.Clear();
            _timer?.Dispose();
        }

        foreach (var waiter in abandoned)
        {
            waiter.TrySetException(new ObjectDisposedException(nameof(SpacedRateLimiter)));
        }

        base.Dispose(disposing);
    }

    private async ValueTask<RateLimitLease> WaitAsync(LinkedListNode<TaskCompletionSource<RateLimitLease>> node, CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.Register(() => Abandon(node, cancellationToken));
        return await node.Value.Task.ConfigureAwait(false);
    }

    /// <summary>Grants the head of the queue once its time has come, then arms the timer for the next.</summary>
    private void OnTimer()
    {
        TaskCompletionSource<RateLimitLease> head;
        lock (_gate)
        {
            if (_disposed || _queue.First is null)
            {
                return;
            }

            var now = _clock.GetUtcNow();
            if (now < _nextFree)
            {
                ArmTimer(now);
                return;
            }

            head = _queue.First.Value;
            _queue.RemoveFirst();
            Grant(now);
            if (_queue.Count > 0)
            {
                ArmTimer(now);
            }
        }

        head.TrySetResult(Granted);
    }

    private void Abandon(LinkedListNode<TaskCompletionSource<RateLimitLease>> node, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (node.List is null)
            {
                return;
            }

            bool wasHead = _queue.First == node;
            _queue.Remove(node);
            _failed++;
            if (wasHead && _queue.Count > 0)
            {
                ArmTimer(_clock.GetUtcNow());
            }
        }

        node.Value.TrySetCanceled(cancellationToken);
    }

    /// <summary>Arms the timer for when the next permit is free. Called under the lock.</summary>
    private void ArmTimer(DateTimeOffset now)
    {
        var due = _nextFree - now;
        _timer ??= _clock.CreateTimer(static state => ((SpacedRateLimiter)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timer.Change(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private void Grant(DateTimeOffset now)
    {
        _nextFree = now + Interval;
        _lastGrant = now;
        _successful++;
    }

    private RateLimitLease Refused(DateTimeOffset now)
    {
        var wait = _nextFree - now;
        return new Lease(false, (wait > TimeSpan.Zero ? wait : TimeSpan.Zero) + (Interval * _queue.Count));
    }

    private static void CheckPermitCount(int permitCount)
    {
        if (permitCount is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(permitCount), permitCount, "A spaced limiter grants one permit at a time.");
        }
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
