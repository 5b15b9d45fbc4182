using Contracts.Runtime.Polling;
using Contracts.Testing;
using Memories.Contracts.Callbacks;
using Memories.Contracts.DependencyInjection;
using Memories.Simulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Memories.Contracts.Tests;

/// <summary>
/// Two instances of one service behind a load balancer, sharing a real <c>redis-server</c>: the
/// API's callbacks all reach the first, the wait runs on the second.
/// </summary>
public sealed class CallbackRelayTests : IAsyncLifetime
{
    private const string Key = "sk-mavi-relay-8c21";
    private readonly string _secret = MemoriesCallbacks.NewSecret();
    private RedisServer _redis = null!;
    private MemoriesSimulator _simulator = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _simulator = await MemoriesSimulator.StartAsync(new SimulatorOptions
        {
            ApiKeys = [Key],
            DownloadTime = TimeSpan.FromMilliseconds(500),
            ParseTimePerVideo = TimeSpan.FromMilliseconds(300),
            Intervals = { [RateBudgets.UploadFamily] = TimeSpan.Zero },
        });
    }

    public async Task DisposeAsync()
    {
        await _simulator.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task ACallbackThatReachesOneInstance_WakesTheWaitOnAnother_ThroughRedis()
    {
        var (receiving, _) = await CallbackHost.StartAsync(_simulator, Key, _secret, _redis.Url);
        await using var _ = receiving;

        var (waiting, waiter, options) = CallbackHost.Waiting(_simulator, Key, _redis.Url);
        await using var __ = waiting;
        Assert.NotNull(options.Wakeups);   // subscribed before any task exists

        // Created through the receiving instance: the callback URL is its own.
        var request = new ScraperUrlRequest { VideoUrls = [new Uri("https://www.tiktok.com/@a/video/relay-1")] };
        string task = await receiving.Services.GetRequiredService<IMemoriesApi>().CreateTaskAsync(request);
        int taskStatusBefore = _simulator.TaskStatusRequests;

        // The waiting instance's schedule reads task status once a minute and its deadline is
        // sooner: only the relayed hint naming the video, checked through list_videos, ends it in time.
        options.MinDelay = options.MaxDelay = TimeSpan.FromMinutes(1);
        options.Timeout = TimeSpan.FromSeconds(40);
        var result = await waiter.WaitForCreatedTaskAsync(task, request, options);

        Assert.Equal(WaitOutcome.Succeeded, result.Outcome);
        Assert.Equal(VideoStatus.Parsed, Assert.Single(result.LastSnapshot.Succeeded).Status);
        Assert.Equal(taskStatusBefore, _simulator.TaskStatusRequests);
        Assert.True(receiving.Services.GetRequiredService<MemoriesCallbacks>().Accepted >= 1, "the callbacks reached the receiving instance");
        Assert.True(waiting.GetRequiredService<WaitWakeups>().Woken >= 1, "a relayed hint woke the wait on the other instance");
    }

    [Fact]
    public async Task WithRedisStoppedMidWait_TheWaitFallsBackToPolling_AndNothingHangs()
    {
        var (receiving, _) = await CallbackHost.StartAsync(_simulator, Key, _secret, _redis.Url);
        await using var _ = receiving;
        var (waiting, waiter, options) = CallbackHost.Waiting(_simulator, Key, _redis.Url);
        await using var __ = waiting;
        options.MinDelay = options.MaxDelay = TimeSpan.FromSeconds(1);
        options.Timeout = TimeSpan.FromSeconds(60);
        string task = await receiving.Services.GetRequiredService<IMemoriesApi>().CreateTaskAsync(new ScraperUrlRequest { VideoUrls = [new Uri("https://www.tiktok.com/@a/video/relay-down")] });

        await _redis.StopAsync();
        var result = await waiter.WaitAsync(task, options: options);

        Assert.Equal(WaitOutcome.Succeeded, result.Outcome);
    }
}
