using System.Diagnostics;
using System.Threading.RateLimiting;

namespace Contracts.RateLimiting.Redis.Tests;

/// <summary>One permit as its holder saw it, on the test's one monotonic clock.</summary>
internal readonly record struct Turn(string Who, TimeSpan GrantedAt, TimeSpan ReleasedAt);

internal static class Turns
{
    private static readonly long Origin = Stopwatch.GetTimestamp();

    public static TimeSpan Now => Stopwatch.GetElapsedTime(Origin);

    /// <summary>Takes <paramref name="count"/> permits one after another, holding each for <paramref name="hold"/> as a request would.</summary>
    public static async Task<List<Turn>> TakeAsync(RateLimiter limiter, string who, int count, TimeSpan hold, CancellationToken cancellationToken = default)
    {
        var turns = new List<Turn>();
        for (int i = 0; i < count; i++)
        {
            using var lease = await limiter.AcquireAsync(1, cancellationToken);
            Assert.True(lease.IsAcquired);
            var granted = Now;
            await Task.Delay(hold, cancellationToken);
            turns.Add(new Turn(who, granted, Now));
        }

        return turns;
    }

    /// <summary>
    /// The promise: no two permits out together, and each granted at least the interval after the
    /// previous one was given back. Holders note the grant after it happened and the release before
    /// it happens, so the measured gap is never smaller than the real one: a gap reported short is
    /// really that short.
    /// </summary>
    public static void AssertSpaced(IEnumerable<Turn> all, TimeSpan interval)
    {
        var turns = all.OrderBy(t => t.GrantedAt).ToList();
        for (int i = 1; i < turns.Count; i++)
        {
            var gap = turns[i].GrantedAt - turns[i - 1].ReleasedAt;
            Assert.True(
                gap >= interval,
                $"{turns[i].Who} was granted {gap.TotalMilliseconds:0.0} ms after {turns[i - 1].Who} gave its permit back; the least is {interval.TotalMilliseconds:0} ms.");
        }
    }
}

/// <summary>A machine clock that is wrong: set ahead (or behind) and running fast (or slow).</summary>
internal sealed class SkewedClock(TimeSpan offset, double rate) : TimeProvider
{
    private readonly long _start = Stopwatch.GetTimestamp();
    private readonly DateTimeOffset _origin = DateTimeOffset.UtcNow + offset;

    public override DateTimeOffset GetUtcNow() => _origin + (Stopwatch.GetElapsedTime(_start) * rate);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new Timer(System.CreateTimer(callback, state, Scale(dueTime), Scale(period)), this);

    private TimeSpan Scale(TimeSpan span) => span == Timeout.InfiniteTimeSpan ? span : span / rate;

    private sealed class Timer(ITimer inner, SkewedClock clock) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(clock.Scale(dueTime), clock.Scale(period));

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
