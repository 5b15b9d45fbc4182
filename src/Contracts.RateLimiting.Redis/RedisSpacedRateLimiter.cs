using System.Threading.RateLimiting;
using Contracts.Runtime.Polling;

namespace Contracts.RateLimiting.Redis;

/// <summary>
/// A <see cref="SpacedRateLimiter"/> whose turns are also taken from Redis, so that every process
/// sharing the key stays within one interval between requests.
/// </summary>
/// <remarks>
/// The local limiter comes first: it keeps callers of this process in order, one lease out at a
/// time, and is all that spaces requests while Redis is unavailable. Holding its lease, a caller
/// then waits for the shared turn. Both are given back when the lease is disposed.
/// </remarks>
internal sealed class RedisSpacedRateLimiter : RateLimiter
{
    private readonly RedisRateBudget _budget;
    private readonly string _key;
    private readonly TimeSpan _interval;
    private readonly SpacedRateLimiter _local;

    public RedisSpacedRateLimiter(RedisRateBudget budget, string key, TimeSpan interval, TimeProvider clock, string? name)
    {
        _budget = budget;
        _key = key;
        _interval = interval;
        _local = new SpacedRateLimiter(interval, clock, name);
    }

    public override TimeSpan? IdleDuration => _local.IdleDuration;

    public override RateLimiterStatistics? GetStatistics() => _local.GetStatistics();

    /// <summary>
    /// Grants at once only while Redis is unavailable (local spacing); otherwise the shared turn
    /// needs a call to Redis, which a synchronous attempt must not block on, so it is refused and
    /// <see cref="RateLimiter.AcquireAsync"/> is the way in.
    /// </summary>
    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        if (permitCount == 0 || !_budget.IsShared)
        {
            return _local.AttemptAcquire(permitCount);
        }

        return Refused.Instance;
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        var local = await _local.AcquireAsync(permitCount, cancellationToken).ConfigureAwait(false);
        if (!local.IsAcquired || permitCount == 0)
        {
            return local;
        }

        try
        {
            string? holder = await _budget.TakeTurnAsync(_key, _interval, cancellationToken).ConfigureAwait(false);
            return new Lease(this, local, holder);
        }
        catch
        {
            local.Dispose();
            throw;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _local.Dispose();
        }

        base.Dispose(disposing);
    }

    private sealed class Lease(RedisSpacedRateLimiter owner, RateLimitLease local, string? holder) : RateLimitLease
    {
        private int _disposed;

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (!disposing || Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            // Redis first: its give-back is sent before the next local caller can ask for the turn.
            if (holder is not null)
            {
                owner._budget.GiveBack(owner._key, holder, owner._interval);
            }

            local.Dispose();
        }
    }

    private sealed class Refused : RateLimitLease
    {
        public static readonly Refused Instance = new();

        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
