using System.Threading.RateLimiting;
using Contracts.Runtime.Polling;
using Contracts.Testing;
using CsCheck;
using static Contracts.Runtime.Tests.Polling.Simulation;

namespace Contracts.Runtime.Tests.Polling;

/// <summary>A family with a burst: that many requests at once after a quiet spell, never more than the burst plus one per interval.</summary>
[Collection(nameof(SimulatedTime))]
public sealed class SpacedRateLimiterBurstTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    [Fact]
    public void AfterAQuietSpellTheBurstGoesAtOnce_ThenOnePerInterval()
    {
        var clock = Clock();
        using var limiter = new SpacedRateLimiter(Interval, clock, "uploads", burst: 3);

        var burst = Enumerable.Range(0, 3).Select(_ => limiter.AttemptAcquire(1)).ToList();
        using var fourth = limiter.AttemptAcquire(1);

        Assert.All(burst, lease => Assert.True(lease.IsAcquired));
        Assert.False(fourth.IsAcquired);
        Assert.True(fourth.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter));
        burst.ForEach(lease => lease.Dispose());

        clock.Advance(retryAfter);
        using var next = limiter.AttemptAcquire(1);
        Assert.True(next.IsAcquired);
        using var tooSoon = limiter.AttemptAcquire(1);
        Assert.False(tooSoon.IsAcquired);
    }

    [Fact]
    public void NoMoreThanTheBurstAreOutAtOnce_HoweverLongAgoTheyWereGranted()
    {
        var clock = Clock();
        using var limiter = new SpacedRateLimiter(Interval, clock, burst: 2);
        using var first = limiter.AttemptAcquire(1);
        using var second = limiter.AttemptAcquire(1);

        clock.Advance(TimeSpan.FromHours(1));
        using var third = limiter.AttemptAcquire(1);

        Assert.False(third.IsAcquired);
        Assert.Equal(0, limiter.GetStatistics()!.CurrentAvailablePermits);
        second.Dispose();
        Assert.Equal(1, limiter.GetStatistics()!.CurrentAvailablePermits);
    }

    [Fact]
    public async Task QueuedCallersAreServedInOrder_AsTheBurstAllows()
    {
        var clock = Clock();
        using var limiter = new SpacedRateLimiter(Interval, clock, burst: 2);
        var grants = new List<(int Caller, DateTimeOffset At)>();
        var callers = Enumerable.Range(0, 5).Select(async i =>
        {
            using var lease = await limiter.AcquireAsync(1);
            lock (grants)
            {
                grants.Add((i, clock.GetUtcNow()));
            }
        }).ToList();

        await Drive(clock, Task.WhenAll(callers), TimeSpan.FromMilliseconds(100));

        Assert.Equal([0, 1, 2, 3, 4], grants.Select(g => g.Caller));
        Assert.Equal([0, 0, 1000, 2000, 3000], grants.Select(g => (int)(g.At - Start).TotalMilliseconds));
    }

    [Fact]
    public void AnyDemandStaysWithinTheBurstPlusOnePerInterval_AndARefusalSaysTruthfullyWhenToComeBack()
    {
        var demand = Gen.Select(Gen.Int[1, 4], Gen.Int[0, 2500].Array[1, 60]);
        var stages = Sampling.Check(
            demand,
            input =>
            {
                var (burst, gapsInMs) = input;
                var clock = Clock();
                using var limiter = new SpacedRateLimiter(Interval, clock, burst: burst);
                var granted = new List<DateTimeOffset>();
                bool refused = false;
                foreach (int gap in gapsInMs)
                {
                    clock.Advance(TimeSpan.FromMilliseconds(gap));
                    using var lease = limiter.AttemptAcquire(1);
                    if (!lease.IsAcquired)
                    {
                        refused = true;
                        Assert.True(lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter));
                        clock.Advance(retryAfter);
                        using var retried = limiter.AttemptAcquire(1);
                        Assert.True(retried.IsAcquired, $"refused again {retryAfter} later, as the refusal said");
                        granted.Add(clock.GetUtcNow());
                        continue;
                    }

                    granted.Add(clock.GetUtcNow());
                }

                for (int i = 0; i < granted.Count; i++)
                {
                    for (int j = i; j < granted.Count; j++)
                    {
                        double allowed = burst + Math.Floor((granted[j] - granted[i]) / Interval);
                        Assert.True(j - i + 1 <= allowed, $"{j - i + 1} grants within {(granted[j] - granted[i]).TotalMilliseconds} ms with burst {burst}");
                    }
                }

                return refused ? "refused and retried" : "all granted";
            },
            cases: 500,
            print: input => $"burst {input.Item1}, gaps {string.Join(",", input.Item2)}");

        stages.AssertReached("refused and retried", "all granted");
    }
}
