using Contracts.Testing;
using Memories.Contracts.DependencyInjection;
using Memories.Simulator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Memories.Contracts.Tests;

/// <summary><c>Memories:RateBudget</c> from configuration to keys in a real redis-server.</summary>
public sealed class RateBudgetWiringTests : IAsyncLifetime
{
    private const string FirstKey = "sk-mavi-wiring-first-7d1a";
    private const string SecondKey = "sk-mavi-wiring-second-03bf";
    private RedisServer _redis = null!;
    private MemoriesSimulator _simulator = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _simulator = await MemoriesSimulator.StartAsync(new SimulatorOptions
        {
            ApiKeys = [FirstKey, SecondKey],
            DownloadTime = TimeSpan.FromMilliseconds(200),
            ParseTimePerVideo = TimeSpan.FromMilliseconds(300),
        });
    }

    public async Task DisposeAsync()
    {
        await _simulator.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task TwoKeysOfOneAccount_ShareOneBudgetPerFamily_NamedByAHashOnly()
    {
        await using var first = Provider(FirstKey, account: "acme-prod");
        await using var second = Provider(SecondKey, account: "acme-prod");
        string task = _simulator.CreateTask(["https://www.tiktok.com/@a/video/1"]);
        await using var watch = await _redis.WatchKeysAsync();

        var results = await Task.WhenAll(
            first.GetRequiredService<MemoriesTaskWaiter>().WaitAsync(task),
            second.GetRequiredService<MemoriesTaskWaiter>().WaitAsync(task));

        Assert.All(results, r => Assert.Equal(global::Contracts.Runtime.Polling.WaitOutcome.Succeeded, r.Outcome));
        var budget = Assert.IsType<global::Contracts.RateLimiting.Redis.RedisRateBudget>(first.GetRequiredService<MemoriesAccountBudgets>().SharedBudget);
        Assert.Equal($"127.0.0.1:{_redis.Port}", budget.Endpoint);
        Assert.True(budget.IsShared);
        // The keys touched, not the keys left: a family's key expires soon after its last turn.
        var keys = await watch.AtLeastAsync(1);
        Assert.Equal([MemoriesAccountBudgets.SharedBudgetKey("acme-prod", RateBudgets.TaskStatusFamily)], keys.Where(k => k.EndsWith(":" + RateBudgets.TaskStatusFamily, StringComparison.Ordinal)));
        Assert.All(keys, key => Assert.DoesNotContain("acme-prod", key));
        Assert.All(await _redis.DumpAsync(), line => Assert.DoesNotContain("acme-prod", line));
    }

    [Fact]
    public void WithoutAnAccountName_TheKeyOfEachApiKeyIsItsHash()
    {
        string key = MemoriesAccountBudgets.SharedBudgetKey(FirstKey, "task-status");

        Assert.Matches("^memories:rate-budget:[0-9a-f]{32}:task-status$", key);
        Assert.NotEqual(key, MemoriesAccountBudgets.SharedBudgetKey(SecondKey, "task-status"));
        Assert.DoesNotContain(FirstKey, key);
    }

    [Fact]
    public void AnUnreadableRedisAddress_FailsAtStart_NamingTheSettingButNotThePassword()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Memories:ApiKey"] = FirstKey,
            ["Memories:RateBudget:Redis"] = "http://admin:hunter2-secret@cache:6379",
        }).Build();
        var services = new ServiceCollection();
        services.AddRedisRateBudgets();
        services.AddMemoriesClient(configuration.GetSection(MemoriesClientOptions.SectionName));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Memories:RateBudget:Redis", error.Message);
        Assert.Contains("redis://", error.Message);
        Assert.DoesNotContain("hunter2-secret", error.Message);
        var options = new MemoriesClientOptions { ApiKey = FirstKey };
        options.RateBudget.Redis = "redis://admin:hunter2-secret@cache:6379";
        Assert.DoesNotContain("hunter2-secret", options.ToString());
    }

    [Fact]
    public void ARedisBudgetWithoutTheRedisPackageRegistered_FailsAtStart_SayingWhatToAdd_AndNeverWaitsAlone()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Memories:ApiKey"] = FirstKey,
            ["Memories:RateBudget:Redis"] = "redis://admin:hunter2-secret@cache:6379",
        }).Build();
        var services = new ServiceCollection();
        services.AddMemoriesClient(configuration.GetSection(MemoriesClientOptions.SectionName));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Memories:RateBudget:Redis", error.Message);
        Assert.Contains("Contracts.RateLimiting.Redis", error.Message);
        Assert.Contains("AddRedisRateBudgets()", error.Message);
        Assert.DoesNotContain("hunter2-secret", error.Message);
        var options = new MemoriesClientOptions { ApiKey = FirstKey };
        options.RateBudget.Redis = "redis://admin:hunter2-secret@cache:6379";
        var built = Assert.Throws<InvalidOperationException>(() => new MemoriesAccountBudgets(TimeProvider.System, null, options));
        Assert.Contains("AddRedisRateBudgets()", built.Message);
        Assert.DoesNotContain("hunter2-secret", built.Message);
    }

    [Fact]
    public void TheClientLibrary_DoesNotReferenceRedis()
    {
        var referenced = typeof(MemoriesAccountBudgets).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();

        Assert.DoesNotContain("StackExchange.Redis", referenced);
        Assert.DoesNotContain("Contracts.RateLimiting.Redis", referenced);
    }

    private ServiceProvider Provider(string apiKey, string account)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Memories:ApiKey"] = apiKey,
            ["Memories:BaseAddress"] = _simulator.BaseAddress.ToString(),
            ["Memories:RateBudget:Redis"] = _redis.Url,
            ["Memories:RateBudget:Account"] = account,
        }).Build();
        var services = new ServiceCollection();
        services.AddRedisRateBudgets();
        services.AddMemoriesClient(configuration.GetSection(MemoriesClientOptions.SectionName));
        return services.BuildServiceProvider();
    }
}
