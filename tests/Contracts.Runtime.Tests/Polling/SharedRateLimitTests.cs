using System.Threading.RateLimiting;
using Contracts.Runtime.Polling;
using static Contracts.Runtime.Tests.Polling.Simulation;

namespace Contracts.Runtime.Tests.Polling;

/// <summary>Many waits on one account share its rate budget and all complete; the limiter spaces every request.</summary>
[Collection(nameof(SimulatedTime))]
public sealed class SharedRateLimitTests
{
    [Fact]
    public async Task HundredWaitsSharingOneRequestPerSecond_NeverExceedItAndAllComplete()
    {
        var clock = Clock();
        using var limiter = new SpacedRateLimiter(TimeSpan.FromSeconds(1), clock);
        var requests = new List<DateTimeOffset>();
        var waits = Enumerable.Range(0, 100).Select(i =>
        {
            int polls = 0;
            var poll = new BatchPoll<Video, string>(
                _ =>
                {
                    requests.Add(clock.GetUtcNow());
                    var status = ++polls >= 2 ? "PARSE" : "UNPARSE";
                    return Task.FromResult<IReadOnlyList<Video>>([new Video($"task{i}-video", status)]);
                },
                static v => v.Id,
                static v => v.Status == "PARSE" ? StatusOutcome.Success : StatusOutcome.Pending)
            {
                MinimumInterval = TimeSpan.FromSeconds(1),
            };
            var options = Options(clock);
            options.Random = new Random(i);
            options.RateLimiter = limiter;
            return BatchWaiter.WaitAsync(poll, options);
        }).ToList();

        await Drive(clock, Task.WhenAll(waits), TimeSpan.FromMilliseconds(100));

        Assert.All(waits, w => Assert.Equal(WaitOutcome.Succeeded, w.Result.Outcome));
        Assert.Equal(200, requests.Count);
        var gaps = requests.Zip(requests.Skip(1), (a, b) => b - a);
        Assert.All(gaps, gap => Assert.True(gap >= TimeSpan.FromSeconds(1), $"two requests {gap} apart"));
        Assert.Equal(1, requests.GroupBy(t => (long)(t - Start).TotalSeconds).Max(g => g.Count()));
    }

    [Fact]
    public async Task PermitsAreSpacedAndServedInOrder()
    {
        var clock = Clock();
        using var limiter = new SpacedRateLimiter(TimeSpan.FromSeconds(2), clock);
        var granted = new List<(int Caller, DateTimeOffset At)>();

        var first = limiter.AttemptAcquire();
        Assert.True(first.IsAcquired);
        var refused = limiter.AttemptAcquire();
        Assert.False(refused.IsAcquired);
        Assert.True(refused.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(2), retryAfter);
        first.Dispose();

        var callers = Enumerable.Range(1, 3).Select(async caller =>
        {
            // ConfigureAwait(false): record the grant when it happens, not when the test's context gets to it.
            using var lease = await limiter.AcquireAsync().ConfigureAwait(false);
            granted.Add((caller, clock.GetUtcNow()));
        }).ToList();
        Assert.Equal(3, limiter.GetStatistics()!.CurrentQueuedCount);
        await Drive(clock, Task.WhenAll(callers), TimeSpan.FromMilliseconds(100));

        Assert.Equal([1, 2, 3], granted.Select(g => g.Caller));
        Assert.Equal([Start.AddSeconds(2), Start.AddSeconds(4), Start.AddSeconds(6)], granted.Select(g => g.At));
        Assert.Equal(4, limiter.GetStatistics()!.TotalSuccessfulLeases);
    }

    /// <summary>
    /// A request slowed on its way can reach the server late; it has surely arrived once its answer
    /// has. So the next permit waits for the lease out and then the interval: however late the
    /// server counted the first request, the next comes a full interval after it.
    /// </summary>
    [Fact]
    public async Task TheNextPermitWaitsForTheLeaseOutThenTheInterval()
    {
        var clock = Clock();
        using var limiter = new SpacedRateLimiter(TimeSpan.FromSeconds(1), clock);
        var slow = limiter.AttemptAcquire();   // a request whose answer takes 3 s
        var next = limiter.AcquireAsync().AsTask();

        await Drive(clock, Task.Delay(TimeSpan.FromSeconds(2.9), clock), TimeSpan.FromMilliseconds(100));
        Assert.False(next.IsCompleted, "a permit was granted while the previous request had not been answered");
        Assert.Equal(0, limiter.GetStatistics()!.CurrentAvailablePermits);
        slow.Dispose();   // answered at 2.9 s
        using var lease = await Drive(clock, next, TimeSpan.FromMilliseconds(100));

        Assert.True(lease.IsAcquired);
        Assert.True(clock.GetUtcNow() >= Start.AddSeconds(3.9), $"granted at {clock.GetUtcNow() - Start}, under the interval after the answer");
    }

    [Fact]
    public async Task ACancelledWaitEndsWithoutAPermit()
    {
        var clock = Clock();
        using var limiter = new SpacedRateLimiter(TimeSpan.FromSeconds(1), clock);
        limiter.AttemptAcquire().Dispose();
        using var cancel = new CancellationTokenSource();

        var waiting = limiter.AcquireAsync(1, cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(0, limiter.GetStatistics()!.CurrentQueuedCount);
    }
}
