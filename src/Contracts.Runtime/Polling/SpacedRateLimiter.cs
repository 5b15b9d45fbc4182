using System.Threading.RateLimiting;

namespace Contracts.Runtime.Polling;

/// <summary>
/// Grants one permit at a time, each at least <see cref="Interval"/> after the previous one, in
/// the order asked. Unlike a token bucket, whose refills follow its own timer, two requests are
/// never closer than the interval: what an API that counts "one request per second" per account
/// actually checks. Runs on a <see cref="TimeProvider"/>, so it can be tested in simulated time.
/// </summary>
public sealed class SpacedRateLimiter : RateLimiter
{
    private static readonly RateLimitLease Granted = new Lease(true, null);

    private readonly TimeProvider _clock;
    private readonly object _gate = new();
    private DateTimeOffset _nextFree = DateTimeOffset.MinValue;
    private DateTimeOffset? _lastGrant;
    private long _successful;
    private long _failed;
    private int _waiting;

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
                return _waiting == 0 && _lastGrant is { } last ? _clock.GetUtcNow() - last : null;
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
                CurrentAvailablePermits = _waiting == 0 && _clock.GetUtcNow() >= _nextFree ? 1 : 0,
                CurrentQueuedCount = _waiting,
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
            var now = _clock.GetUtcNow();
            if (permitCount == 0)
            {
                return now >= _nextFree ? Granted : Refused(_nextFree - now);
            }

            if (_waiting > 0 || now < _nextFree)
            {
                _failed++;
                return Refused(_nextFree - now);
            }

            Grant(now);
            return Granted;
        }
    }

    /// <inheritdoc/>
    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        CheckPermitCount(permitCount);
        TimeSpan wait;
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            if (permitCount == 0)
            {
                return Granted;
            }

            // Reserve the next free slot now, so callers are served in the order they asked.
            var slot = now > _nextFree ? now : _nextFree;
            _nextFree = slot + Interval;
            wait = slot - now;
            _waiting++;
        }

        try
        {
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _clock, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            lock (_gate)
            {
                _waiting--;
            }
        }

        // A cancelled reservation is not given back: the gap it leaves only makes the limiter stricter.
        lock (_gate)
        {
            _successful++;
            _lastGrant = _clock.GetUtcNow();
        }

        return Granted;
    }

    private void Grant(DateTimeOffset now)
    {
        _nextFree = now + Interval;
        _lastGrant = now;
        _successful++;
    }

    private static void CheckPermitCount(int permitCount)
    {
        if (permitCount is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(permitCount), permitCount, "A spaced limiter grants one permit at a time.");
        }
    }

    private static RateLimitLease Refused(TimeSpan retryAfter) => new Lease(false, retryAfter);

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
