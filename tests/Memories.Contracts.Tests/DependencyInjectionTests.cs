using Contracts.Runtime.Polling;
using Memories.Contracts;
using Memories.Contracts.DependencyInjection;
using Memories.Simulator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Memories.Contracts.Tests;

/// <summary>AddMemoriesClient as a team uses it, against the simulator on loopback.</summary>
public sealed class DependencyInjectionTests : IAsyncLifetime
{
    private const string Key = "sk-mavi-di-test-5d2e";
    private MemoriesSimulator _simulator = null!;

    public async Task InitializeAsync() => _simulator = await MemoriesSimulator.StartAsync(new SimulatorOptions
    {
        ApiKeys = [Key],
        DownloadTime = TimeSpan.FromMilliseconds(200),
        ParseTimePerVideo = TimeSpan.FromMilliseconds(500),
    });

    public async Task DisposeAsync() => await _simulator.DisposeAsync();

    [Fact]
    public async Task TheInjectedInterfaceSendsTheRawKeyAndDecodes()
    {
        await using var provider = Provider(o => { o.BaseAddress = _simulator.BaseAddress; o.ApiKey = Key; });

        var response = await provider.GetRequiredService<IMemoriesApi>().GetVideoIdsByTaskIdAsync(MemoriesSimulator.DocumentationTaskId);

        // The simulator accepts the exact key only; a "Bearer" prefix would have answered 0401.
        Assert.True(response.IsSuccess, response.Code);
        Assert.NotNull(response.Data);
    }

    [Fact]
    public async Task ConfigurationSectionIsBound()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Memories:ApiKey"] = Key,
            ["Memories:BaseAddress"] = _simulator.BaseAddress.ToString(),
            ["Memories:WaitTimeout"] = "00:00:30",
        }).Build();
        var services = new ServiceCollection();
        services.AddMemoriesClient(configuration.GetSection(MemoriesClientOptions.SectionName));
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<MemoriesClientOptions>>().Value;
        var response = await provider.GetRequiredService<IMemoriesApi>().GetVideoIdsByTaskIdAsync("unknown");

        Assert.Equal(TimeSpan.FromSeconds(30), options.WaitTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), provider.GetRequiredService<MemoriesTaskWaiter>().CreatePollingOptions().Timeout);
        Assert.True(response.IsSuccess);
        Assert.Empty(response.Data!.Videos);
    }

    [Fact]
    public async Task AMissingKeyFailsAtStartWithAClearMessage()
    {
        await using var provider = Provider(o => o.BaseAddress = _simulator.BaseAddress);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Memories:ApiKey is required", error.Message);
    }

    [Theory]
    [InlineData("http://api.memories.example", false)]
    [InlineData("http://10.0.0.5:8080", false)]
    [InlineData("https://api.memories.ai", true)]
    [InlineData("http://127.0.0.1:5000", true)]
    [InlineData("http://localhost:5000", true)]
    [InlineData("http://[::1]:5000", true)]
    public void PlainHttpOnlyForLoopback(string address, bool allowed)
    {
        var options = new MemoriesClientOptions { ApiKey = Key, BaseAddress = new Uri(address) };

        var problems = options.Problems();

        Assert.Equal(allowed, problems.Count == 0);
        Assert.All(problems, p => Assert.DoesNotContain(Key, p));
    }

    [Fact]
    public void ABadDurationInConfigurationIsNamed()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ApiKey"] = Key,
            ["WaitTimeout"] = "ten minutes",
        }).Build();
        var services = new ServiceCollection();
        services.AddMemoriesClient(configuration);
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<MemoriesClientOptions>>().Value);

        Assert.Contains("Memories:WaitTimeout 'ten minutes' is not a duration", error.Message);
        Assert.DoesNotContain(Key, error.Message);
    }

    [Fact]
    public void OptionsNeverShowTheKey()
    {
        var options = new MemoriesClientOptions { ApiKey = Key };

        Assert.DoesNotContain(Key, options.ToString());
        Assert.Contains("ApiKey=***", options.ToString());
    }

    [Fact]
    public async Task TheWaiterInterfaceResolvesToTheSharedWaiterAndWaits()
    {
        await using var provider = Provider(o => { o.BaseAddress = _simulator.BaseAddress; o.ApiKey = Key; });
        var waiter = provider.GetRequiredService<IMemoriesTaskWaiter>();
        var options = provider.GetRequiredService<MemoriesTaskWaiter>().CreatePollingOptions();
        options.MinDelay = TimeSpan.FromSeconds(1);
        options.MaxDelay = TimeSpan.FromSeconds(1);

        var result = await waiter.WaitAsync(_simulator.CreateTask(["https://a.example/through-the-interface"]), options: options);

        Assert.IsType<MemoriesTaskWaiter>(waiter);
        Assert.Equal(WaitOutcome.Succeeded, result.Outcome);
        Assert.Single(result.Succeeded);
    }

    /// <summary>
    /// A team's tests replace the waiter, registered before or after <c>AddMemoriesClient</c>, and
    /// their own service gets the fake: no request is sent, and the fake's result behaves as a real one.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ATeamCanFakeTheWaiterRegisteredBeforeOrAfterTheClient(bool fakeFirst)
    {
        var video = new TaskVideo { VideoNo = "VI1", Status = VideoStatus.Failed, StatusWireValue = "FAIL" };
        var fake = new FakeWaiter(new WaitResult<TaskVideo>(
            new BatchSnapshot<TaskVideo>(3, TimeSpan.FromSeconds(9), [video], [], [video], [], [], null, null, WaitOutcome.AllFailed)));
        var services = new ServiceCollection();
        if (fakeFirst)
        {
            services.AddSingleton<IMemoriesTaskWaiter>(fake);
        }

        services.AddMemoriesClient(o => { o.BaseAddress = _simulator.BaseAddress; o.ApiKey = Key; });
        if (!fakeFirst)
        {
            services.AddSingleton<IMemoriesTaskWaiter>(fake);
        }

        services.AddTransient<Ingestion>();
        await using var provider = services.BuildServiceProvider();
        int requestsBefore = _simulator.TaskStatusRequests;

        var error = await Assert.ThrowsAsync<BatchFailedException>(() => provider.GetRequiredService<Ingestion>().IndexedVideosAsync("task"));

        Assert.Same(fake, provider.GetRequiredService<IMemoriesTaskWaiter>());
        Assert.Equal((WaitOutcome.AllFailed, 1, "1 of 1 items failed."), (error.Outcome, error.FailedCount, error.Message));
        Assert.Equal(requestsBefore, _simulator.TaskStatusRequests);
    }

    /// <summary>A team's service, as the README's quick start writes one.</summary>
    private sealed class Ingestion(IMemoriesTaskWaiter waiter)
    {
        public async Task<IReadOnlyList<string>> IndexedVideosAsync(string taskId) =>
            (await waiter.WaitAsync(taskId)).EnsureSuccess().Succeeded.Select(v => v.VideoNo).ToList();
    }

    [Fact]
    public async Task AKeyEchoedByTheServerReachesNoLogNoMessageAndNoException()
    {
        string echo = """{"code":"0429","msg":"Key """ + Key + """ is over its limit","data":{"videos":[]}}""";
        string refuse = $$"""{"code":"0401","msg":"Invalid authorization: {{Key}}","data":null}""";
        await using var server = await LoopbackApiServer.StartAsync(new ScriptedResponse(echo), new ScriptedResponse(refuse));
        var capture = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(capture).SetMinimumLevel(LogLevel.Trace));
        services.AddMemoriesClient(o => { o.BaseAddress = server.BaseAddress; o.ApiKey = Key; });
        await using var provider = services.BuildServiceProvider();
        var waiter = provider.GetRequiredService<MemoriesTaskWaiter>();
        var options = waiter.CreatePollingOptions();
        options.MinDelay = options.MaxDelay = TimeSpan.FromSeconds(1);

        var error = await Assert.ThrowsAsync<global::Contracts.Runtime.ApiResponseException>(() => waiter.WaitAsync("task", options: options));

        Assert.Equal("0401", error.Code);
        Assert.Equal("Invalid authorization: ***", error.ApiMessage);
        Assert.DoesNotContain(Key, error.ToString(), StringComparison.Ordinal);
        Assert.Contains(capture.Messages, m => m.Contains("***", StringComparison.Ordinal));
        Assert.DoesNotContain(capture.Messages, m => m.Contains(Key, StringComparison.Ordinal));
        Assert.All(server.Requests, r => Assert.Equal(Key, r.Authorization));
    }

    [Fact]
    public async Task ARedirectIsNotFollowedAndSaysWhichBaseAddressToUse()
    {
        await using var target = await LoopbackApiServer.StartAsync("""{"code":"0000","data":{"videos":[]}}""");
        await using var server = await LoopbackApiServer.StartAsync(new ScriptedResponse("{}", Status: 307, Location: new Uri(target.BaseAddress, "/serve/api/v1/get_video_ids_by_task_id?task_id=t").ToString()));
        await using var provider = Provider(o => { o.BaseAddress = server.BaseAddress; o.ApiKey = Key; });

        var error = await Assert.ThrowsAsync<global::Contracts.Runtime.ApiRedirectedException>(() => provider.GetRequiredService<IMemoriesTaskWaiter>().WaitAsync("t"));

        Assert.Empty(target.Requests);
        Assert.Equal(target.BaseAddress.GetLeftPart(UriPartial.Authority), error.Location!.GetLeftPart(UriPartial.Authority));
        Assert.EndsWith($"set the base address to {target.BaseAddress.GetLeftPart(UriPartial.Authority)}/.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LogsAtEveryLevelNeverContainTheKey()
    {
        var capture = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(capture).SetMinimumLevel(LogLevel.Trace));
        services.AddMemoriesClient(o => { o.BaseAddress = _simulator.BaseAddress; o.ApiKey = Key; });
        await using var provider = services.BuildServiceProvider();
        var waiter = provider.GetRequiredService<MemoriesTaskWaiter>();
        var options = waiter.CreatePollingOptions();
        options.MinDelay = TimeSpan.FromSeconds(1);
        options.MaxDelay = TimeSpan.FromSeconds(1);

        await waiter.WaitAsync(_simulator.CreateTask(["https://a.example/logged"]), options: options);

        Assert.Contains(capture.Messages, m => m.Contains("Poll 1 of GET /serve/api/v1/get_video_ids_by_task_id", StringComparison.Ordinal));
        Assert.Contains(capture.Messages, m => m.Contains("Authorization", StringComparison.Ordinal));
        Assert.DoesNotContain(capture.Messages, m => m.Contains(Key, StringComparison.Ordinal));

        // A category a person can filter on, not Refit's generated class name.
        Assert.Contains("System.Net.Http.HttpClient.Memories.LogicalHandler", capture.Categories.Keys);
        Assert.DoesNotContain(capture.Categories.Keys, c => c.Contains("Refit.Implementation", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ConcurrentWaitsShareTheAccountRateLimitAndAllComplete()
    {
        var sent = new SendTimes();
        var services = new ServiceCollection();
        services.AddMemoriesClient(o => { o.BaseAddress = _simulator.BaseAddress; o.ApiKey = Key; })
            .AddHttpMessageHandler(() => sent);
        await using var provider = services.BuildServiceProvider();
        var waiter = provider.GetRequiredService<MemoriesTaskWaiter>();
        var tasks = Enumerable.Range(0, 3).Select(i => _simulator.CreateTask([$"https://a.example/{i}"])).ToList();

        var results = await Task.WhenAll(tasks.Select(task =>
        {
            var options = waiter.CreatePollingOptions();
            options.MinDelay = TimeSpan.FromSeconds(1);
            options.MaxDelay = TimeSpan.FromSeconds(1);
            return waiter.WaitAsync(task, options: options);
        }));

        Assert.All(results, r => Assert.Equal(WaitOutcome.Succeeded, r.Outcome));
        // Three waits, one account: the shared budgets kept the requests of each family (task status
        // 1/s, the list checks 5/s) at least their family's interval apart; two families may meet.
        var families = sent.Requests.GroupBy(r => RateBudgets.Table.Find(r.Method, r.Path)!).ToList();
        Assert.Contains(families, family => family.Key.Family == RateBudgets.TaskStatusFamily && family.Count() >= 3);
        foreach (var family in families)
        {
            var times = family.Select(r => r.At).Order().ToList();
            Assert.All(times.Zip(times.Skip(1), (a, b) => b - a), gap => Assert.True(gap >= family.Key.Interval, $"two {family.Key.Family} requests {gap.TotalMilliseconds} ms apart"));
        }
    }

    [Fact]
    public async Task TheSimulatorsFaultModesAreSurvivedWithEveryVideoAccountedFor()
    {
        await using var provider = Provider(o => { o.BaseAddress = _simulator.BaseAddress; o.ApiKey = Key; });
        var waiter = provider.GetRequiredService<MemoriesTaskWaiter>();
        string task = _simulator.CreateTask(["https://a.example/1", "https://a.example/2", "https://a.example/3-fail"]);
        _simulator.Faults.ServerErrorEvery = 2;
        _simulator.Faults.CutOffBodyEvery = 3;
        _simulator.Faults.SlowAnswer = TimeSpan.FromMilliseconds(150);

        // Request 1 goes here, so the wait's first two requests are the 503 and the cut-off body
        // whatever the machine's speed: the faults are met before the task can have finished.
        await provider.GetRequiredService<IMemoriesApi>().GetVideoIdsByTaskIdAsync("priming");
        var options = waiter.CreatePollingOptions();
        options.MinDelay = TimeSpan.FromSeconds(1);
        options.MaxDelay = TimeSpan.FromSeconds(1);

        var result = await waiter.WaitAsync(task, options: options);

        Assert.Equal(WaitOutcome.CompletedWithFailures, result.Outcome);
        Assert.Equal(3, result.Items.Count);
        Assert.Equal(2, result.Succeeded.Count);
        Assert.Single(result.Failed);
        Assert.NotNull(result.LastTransientError);
        Assert.True(_simulator.TaskStatusRequests >= 3);
    }

    /// <summary>The second request comes at the same moment on the simulator's clock, which stands still: never a second later, however slow the machine.</summary>
    [Fact]
    public async Task TheSimulatorRefusesASecondRequestWithinASecond()
    {
        await using var stopped = await MemoriesSimulator.StartAsync(new SimulatorOptions { ApiKeys = [Key], TimeProvider = new StoppedClock() });
        await using var provider = Provider(o => { o.BaseAddress = stopped.BaseAddress; o.ApiKey = Key; });
        var api = provider.GetRequiredService<IMemoriesApi>();

        var first = await api.GetVideoIdsByTaskIdAsync("t");
        var second = await api.GetVideoIdsByTaskIdAsync("t");

        Assert.Equal("0000", first.Code);
        Assert.Equal("0429", second.Code);
        Assert.True(second.BusinessCode.IsRetryable);
    }

    private sealed class StoppedClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    }

    private static ServiceProvider Provider(Action<MemoriesClientOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddMemoriesClient(configure);
        return services.BuildServiceProvider();
    }

    private sealed class FakeWaiter(WaitResult<TaskVideo> result) : IMemoriesTaskWaiter
    {
        public Task<WaitResult<TaskVideo>> WaitAsync(string taskId, string uniqueId = "default", PollingOptions? options = null, IProgress<BatchSnapshot<TaskVideo>>? progress = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(result);

        public IAsyncEnumerable<BatchSnapshot<TaskVideo>> WatchAsync(string taskId, string uniqueId = "default", PollingOptions? options = null, CancellationToken cancellationToken = default) =>
            new[] { result.LastSnapshot }.ToAsyncEnumerable();
    }

    /// <summary>Records when each request leaves the client.</summary>
    private sealed class SendTimes : DelegatingHandler
    {
        public System.Collections.Concurrent.ConcurrentQueue<(string Method, string Path, DateTimeOffset At)> Requests { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Enqueue((request.Method.Method, request.RequestUri!.AbsolutePath, DateTimeOffset.UtcNow));
            return base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>Keeps every log message, at every level, including the HTTP client's header logs.</summary>
    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Messages { get; } = new();

        public System.Collections.Concurrent.ConcurrentDictionary<string, bool> Categories { get; } = new();

        public ILogger CreateLogger(string categoryName)
        {
            Categories[categoryName] = true;
            return new Logger(Messages);
        }

        public void Dispose()
        {
        }

        private sealed class Logger(System.Collections.Concurrent.ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                messages.Enqueue(formatter(state, exception) + exception);
        }
    }
}
