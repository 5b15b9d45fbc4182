using Contracts.Testing;
using Memories.Contracts.DependencyInjection;
using Memories.Simulator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Memories.Contracts.Tests;

/// <summary>
/// The account's per-family budgets as <c>AddMemoriesClient</c> wires them: the upload budget (one
/// a minute) on a simulated clock the simulator shares, with the simulator's own limits on; and
/// every family's key in a real redis-server.
/// </summary>
public sealed class UploadBudgetTests
{
    private const string Key = "sk-mavi-upload-budget-5c2e";

    [Fact]
    public async Task ASecondUpload_WaitsForTheAccountsUploadBudget_AndTheApiNeverRefusesIt()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var simulator = await MemoriesSimulator.StartAsync(new SimulatorOptions { ApiKeys = [Key], TimeProvider = clock });
        await using var provider = ClientOn(clock, simulator);
        var api = provider.GetRequiredService<IMemoriesApi>();
        var upload = provider.GetRequiredService<MemoriesAccountBudgets>().Upload;

        await api.CreateTaskAsync(new ScraperUrlRequest { VideoUrls = [new("https://www.tiktok.com/@a/video/1")] });
        var second = api.CreateTaskAsync(new ScraperUrlRequest { VideoUrls = [new("https://www.tiktok.com/@a/video/2")] });

        // Held by the budget, not sent: the simulated minute has not passed.
        for (int round = 0; upload.GetStatistics()?.CurrentQueuedCount != 1 && !second.IsCompleted; round++)
        {
            Assert.True(round < 10_000, "The second upload was neither queued nor sent.");
            await Task.Delay(1);
        }

        Assert.False(second.IsCompleted);
        Assert.Single(simulator.Requests, r => r == "POST /serve/api/v1/scraper_url");

        clock.Advance(RateBudgets.Table[RateBudgets.UploadFamily].Interval + MemoriesAccountBudgets.Margin);
        string task = await second.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.False(string.IsNullOrEmpty(task));
        Assert.Equal(2, simulator.Requests.Count(r => r == "POST /serve/api/v1/scraper_url"));
        Assert.Empty(simulator.RateLimited);
    }

    [Fact]
    public async Task ADirectTaskStatusCall_TakesTheTaskStatusBudget_AsTheWaitsDo()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var simulator = await MemoriesSimulator.StartAsync(new SimulatorOptions { ApiKeys = [Key], TimeProvider = clock });
        await using var provider = ClientOn(clock, simulator);
        var api = provider.GetRequiredService<IMemoriesApi>();
        var status = provider.GetRequiredService<MemoriesAccountBudgets>()[RateBudgets.TaskStatusFamily];

        await api.GetVideoIdsByTaskIdAsync(MemoriesSimulator.DocumentationTaskId);
        var second = api.GetVideoIdsByTaskIdAsync(MemoriesSimulator.DocumentationTaskId);

        // Held by the budget, not sent: the simulated second has not passed.
        for (int round = 0; status.GetStatistics()?.CurrentQueuedCount != 1 && !second.IsCompleted; round++)
        {
            Assert.True(round < 10_000, "The second request was neither queued nor sent.");
            await Task.Delay(1);
        }

        Assert.False(second.IsCompleted);
        Assert.Equal(1, simulator.TaskStatusRequests);

        clock.Advance(RateBudgets.Table[RateBudgets.TaskStatusFamily].Interval + MemoriesAccountBudgets.Margin);
        var answer = await second.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal("0000", answer.Code);
        Assert.Equal(2, simulator.TaskStatusRequests);
        Assert.Empty(simulator.RateLimited);
    }

    [Fact]
    public async Task EveryFamilyTakesItsTurnsFromItsOwnRedisKey()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var simulator = await MemoriesSimulator.StartAsync(new SimulatorOptions
        {
            ApiKeys = [Key],
            DownloadTime = TimeSpan.FromMilliseconds(100),
            ParseTimePerVideo = TimeSpan.FromMilliseconds(100),
        });
        var services = new ServiceCollection();
        services.AddRedisRateBudgets();
        services.AddMemoriesClient(o => { o.BaseAddress = simulator.BaseAddress; o.ApiKey = Key; o.RateBudget.Redis = redis.Url; });
        await using var provider = services.BuildServiceProvider();
        var api = provider.GetRequiredService<IMemoriesApi>();
        await using var watch = await redis.WatchKeysAsync();

        string task = await api.CreateTaskAsync(new ScraperUrlRequest { VideoUrls = [new("https://www.tiktok.com/@a/video/1")] });
        var waited = await provider.GetRequiredService<IMemoriesTaskWaiter>().WaitAsync(task);
        await api.GetMetadataAsync("VI-none");

        Assert.Equal(global::Contracts.Runtime.Polling.WaitOutcome.Succeeded, waited.Outcome);

        // The keys touched, not the keys left: a family's key expires soon after its last turn.
        var families = new[] { RateBudgets.ListFamily, RateBudgets.TaskStatusFamily, RateBudgets.UploadFamily };
        var touched = await watch.AtLeastAsync(families.Length);
        Assert.Equal(families.Select(family => MemoriesAccountBudgets.SharedBudgetKey(Key, family)).Order(StringComparer.Ordinal), touched);
        Assert.Empty(simulator.RateLimited);
    }

    /// <summary>A client made by <c>AddMemoriesClient</c> whose budgets run on <paramref name="clock"/>, the simulator's clock.</summary>
    private static ServiceProvider ClientOn(FakeTimeProvider clock, MemoriesSimulator simulator)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddMemoriesClient(o => { o.BaseAddress = simulator.BaseAddress; o.ApiKey = Key; });
        return services.BuildServiceProvider();
    }
}
