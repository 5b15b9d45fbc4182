using System.Diagnostics;
using Contracts.Runtime.Diagnostics;
using Contracts.Runtime.Polling;
using Memories.Contracts.DependencyInjection;
using Memories.Simulator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Memories.Contracts.Tests;

/// <summary>One injected wait against the simulator through Kestrel, seen as a trace: wait, polls, and the HttpClient's own requests.</summary>
public sealed class TelemetryTests : IAsyncLifetime
{
    private const string Key = "sk-mavi-telemetry-5e0c";
    private MemoriesSimulator _simulator = null!;

    public async Task InitializeAsync() => _simulator = await MemoriesSimulator.StartAsync(new SimulatorOptions
    {
        ApiKeys = [Key],
        DownloadTime = TimeSpan.FromMilliseconds(300),
        ParseTimePerVideo = TimeSpan.FromMilliseconds(600),
    });

    public async Task DisposeAsync() => await _simulator.DisposeAsync();

    [Fact]
    public async Task AWait_IsOneTrace_EachPollTheParentOfItsHttpRequest_TheTaskIdTaggedAndTheKeyNowhere()
    {
        using var spans = new SpanRecorder(RuntimeDiagnostics.Name, "System.Net.Http");
        var services = new ServiceCollection();
        services.AddMemoriesClient(o => { o.BaseAddress = _simulator.BaseAddress; o.ApiKey = Key; });
        await using var provider = services.BuildServiceProvider();
        var waiter = provider.GetRequiredService<MemoriesTaskWaiter>();
        string task = _simulator.CreateTask(["https://www.tiktok.com/@t/video/1", "https://www.tiktok.com/@t/video/2"]);
        var options = waiter.CreatePollingOptions();
        options.MinDelay = options.MaxDelay = TimeSpan.FromSeconds(1);

        var result = await waiter.WaitAsync(task, options: options);

        Assert.Equal(WaitOutcome.Succeeded, result.Outcome);
        var wait = Assert.Single(spans.Stopped, a => a.OperationName == RuntimeDiagnostics.WaitActivity && Equals(a.GetTagItem("contracts.wait.batch_id"), task));
        var trace = spans.Stopped.Where(a => a.TraceId == wait.TraceId).ToList();

        var waitActivity = Assert.Single(trace, a => a.OperationName == RuntimeDiagnostics.WaitActivity);
        var polls = trace.Where(a => a.OperationName == RuntimeDiagnostics.PollActivity).ToList();
        var requests = trace.Where(a => a.Source.Name == "System.Net.Http").ToList();
        Assert.Equal(_simulator.TaskStatusRequests, polls.Count);
        Assert.Equal(result.Attempts, polls.Count);
        Assert.All(polls, poll => Assert.Equal(waitActivity.SpanId, poll.ParentSpanId));
        Assert.Equal(polls.Count, requests.Count);
        Assert.All(requests, request => Assert.Contains(polls, poll => poll.SpanId == request.ParentSpanId));
        Assert.Equal("succeeded", waitActivity.GetTagItem("contracts.wait.outcome"));
        Assert.Equal("GET /serve/api/v1/get_video_ids_by_task_id", waitActivity.GetTagItem("contracts.wait.subject"));
        Assert.All(polls.Where(p => Equals(p.GetTagItem("contracts.poll.kind"), "batch")), poll => Assert.Equal(RateBudgets.TaskStatusFamily, poll.GetTagItem("contracts.rate_budget.family")));
        Assert.All(trace, activity => Assert.DoesNotContain(activity.TagObjects, tag => tag.Value?.ToString()?.Contains(Key, StringComparison.Ordinal) == true));
    }

    [Fact]
    public async Task ATypedCall_IsOneCallSpan_AndTheTimeItWaitsForItsBudgetIsASpanUnderIt_WithTheRouteTemplateOnTheHttpMetrics()
    {
        using var spans = new SpanRecorder(RuntimeDiagnostics.Name, "System.Net.Http");
        using var budgetWaits = new MetricCollector<double>(null, RuntimeDiagnostics.Name, RuntimeDiagnostics.BudgetTimeInQueueInstrument);
        var services = new ServiceCollection();
        services.AddMemoriesClient(o => { o.BaseAddress = _simulator.BaseAddress; o.ApiKey = Key; });
        await using var provider = services.BuildServiceProvider();
        var api = provider.GetRequiredService<IMemoriesApi>();
        // The HttpClient's meter comes from the container's meter factory, as OpenTelemetry collects it.
        using var httpDurations = new MetricCollector<double>(provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), "System.Net.Http", "http.client.request.duration");
        using var root = new Activity("telemetry-test-root").Start();

        // The search budget allows one request per second: the second search waits for its turn.
        await api.SearchAsync("first");
        await api.SearchAsync("second");
        root.Stop();

        var trace = spans.Stopped.Where(a => a.TraceId == root.TraceId).ToList();

        var calls = trace.Where(a => a.OperationName == RuntimeDiagnostics.CallActivity).OrderBy(a => a.StartTimeUtc).ToList();
        Assert.Equal(2, calls.Count);
        Assert.All(calls, call => Assert.Equal(("POST", "/serve/api/v1/search", 1), (call.GetTagItem("http.request.method"), call.GetTagItem("url.template"), call.GetTagItem("contracts.call.attempts"))));
        Assert.All(calls, call => Assert.Single(trace, a => a.Source.Name == "System.Net.Http" && a.ParentSpanId == call.SpanId));
        var waited = Assert.Single(trace, a => a.OperationName == RuntimeDiagnostics.BudgetWaitActivity);
        Assert.Equal(calls[1].SpanId, waited.ParentSpanId);
        Assert.Equal((RateBudgets.SearchFamily, "/serve/api/v1/search"), (waited.GetTagItem("contracts.rate_budget.family"), waited.GetTagItem("url.template")));
        Assert.True(waited.Duration > TimeSpan.FromMilliseconds(500), $"the second search waited {waited.Duration} for a budget of one request per second");

        var searchWaits = budgetWaits.GetMeasurementSnapshot().Where(m => Equals(m.Tags["contracts.rate_budget.family"], RateBudgets.SearchFamily)).Select(m => m.Value).ToList();
        Assert.Equal(2, searchWaits.Count);
        Assert.Equal(0, searchWaits[0]);
        Assert.True(searchWaits[1] > 0.5, $"the second search's wait was measured as {searchWaits[1]} s");
        var requests = httpDurations.GetMeasurementSnapshot();
        Assert.Equal(2, requests.Count);
        Assert.All(requests, m => Assert.Equal("/serve/api/v1/search", m.Tags["url.template"]));
    }

    [Fact]
    public async Task ACallTheApiRefuses_CarriesItsBusinessCode_AndNeverTheKey()
    {
        using var spans = new SpanRecorder(RuntimeDiagnostics.Name);
        var services = new ServiceCollection();
        const string WrongKey = "sk-not-a-key-of-the-simulator-7731";
        services.AddMemoriesClient(o => { o.BaseAddress = _simulator.BaseAddress; o.ApiKey = WrongKey; });
        await using var provider = services.BuildServiceProvider();
        var api = provider.GetRequiredService<IMemoriesApi>();
        using var root = new Activity("telemetry-test-refused").Start();

        var refused = await Assert.ThrowsAsync<global::Contracts.Runtime.ApiResponseException>(() => api.CreateTaskAsync(new ScraperUrlRequest { VideoUrls = [new Uri("https://www.tiktok.com/@t/video/1")] }));
        root.Stop();

        var call = Assert.Single(spans.Stopped, a => a.TraceId == root.TraceId && a.OperationName == RuntimeDiagnostics.CallActivity);

        Assert.Equal(("/serve/api/v1/scraper_url", refused.Code, refused.Code), (call.GetTagItem("url.template"), call.GetTagItem("contracts.api.code"), call.GetTagItem("error.type")));
        Assert.Equal(ActivityStatusCode.Error, call.Status);
        Assert.DoesNotContain(call.TagObjects, tag => tag.Value?.ToString()?.Contains(WrongKey, StringComparison.Ordinal) == true);
    }

    /// <summary>Every stopped activity of the given sources, as an OpenTelemetry exporter would receive them.</summary>
    private sealed class SpanRecorder : IDisposable
    {
        private readonly ActivityListener _listener;
        private readonly List<Activity> _stopped = new();

        public SpanRecorder(params string[] sources)
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => sources.Contains(source.Name),
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity =>
                {
                    lock (_stopped)
                    {
                        _stopped.Add(activity);
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public List<Activity> Stopped
        {
            get
            {
                lock (_stopped)
                {
                    return [.. _stopped];
                }
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}
