using System.Diagnostics;
using System.Threading.RateLimiting;
using Contracts.Runtime.Polling;
using static Contracts.Runtime.Tests.Polling.Simulation;

namespace Contracts.Runtime.Tests.Polling;

/// <summary>Many waits on one account share its rate budget and all complete.</summary>
public sealed class SharedRateLimitTests
{
    [Fact]
    public async Task HundredWaitsSharingOneRequestPerSecond_NeverExceedItAndAllComplete()
    {
        var clock = Clock();
        // The limiter measures its period in real time, so the period is one tick and the test calls
        // TryReplenish once per simulated second: one permit per simulated second, capped at one.
        using var limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = 1,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromTicks(1),
            AutoReplenishment = false,
            QueueLimit = 1000,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        var requests = new List<DateTimeOffset>();
        var waits = Enumerable.Range(0, 100).Select(i =>
        {
            int polls = 0;
            var poll = new BatchPoll<Video, string>(
                _ =>
                {
                    lock (requests)
                    {
                        requests.Add(clock.GetUtcNow());
                    }

                    var status = Interlocked.Increment(ref polls) >= 2 ? "PARSE" : "UNPARSE";
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

        int second = 0;
        while (++second <= 900 && !waits.All(w => w.IsCompleted))
        {
            for (int step = 0; step < 4; step++)
            {
                clock.Advance(TimeSpan.FromMilliseconds(250));
            }

            // A queued wait granted the new permit sends its request on the thread pool: let it, before time moves on.
            int before = Count(requests);
            bool someoneQueued = limiter.GetStatistics()!.CurrentQueuedCount > 0;
            limiter.TryReplenish();
            if (someoneQueued)
            {
                await Settle(() => Count(requests) > before);
            }
        }

        Assert.True(waits.All(w => w.IsCompleted), $"after {second} s, {waits.Count(w => w.IsCompleted)} of 100 waits completed; {requests.Count} requests; queued {limiter.GetStatistics()!.CurrentQueuedCount}; faulted {waits.FirstOrDefault(w => w.IsFaulted)?.Exception}");
        Assert.All(waits, w => Assert.Equal(WaitOutcome.Succeeded, w.Result.Outcome));
        Assert.Equal(200, requests.Count);
        var busiest = requests.GroupBy(t => (long)(t - Start).TotalSeconds).Max(g => g.Count());
        Assert.Equal(1, busiest);
    }

    private static int Count(List<DateTimeOffset> requests)
    {
        lock (requests)
        {
            return requests.Count;
        }
    }

    /// <summary>Lets the limiter's asynchronous lease grants run before simulated time moves on (bounded).</summary>
    private static async Task Settle(Func<bool> settled)
    {
        var watch = Stopwatch.StartNew();
        while (!settled() && watch.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(1);
        }
    }
}
