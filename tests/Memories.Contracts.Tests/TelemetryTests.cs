using System.Diagnostics;
using Contracts.Runtime.Diagnostics;
using Contracts.Runtime.Polling;
using Memories.Contracts.DependencyInjection;
using Memories.Simulator;
using Microsoft.Extensions.DependencyInjection;

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
        var stopped = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is PollingDiagnostics.Name or "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (stopped)
                {
                    stopped.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        var services = new ServiceCollection();
        services.AddMemoriesClient(o => { o.BaseAddress = _simulator.BaseAddress; o.ApiKey = Key; });
        await using var provider = services.BuildServiceProvider();
        var waiter = provider.GetRequiredService<MemoriesTaskWaiter>();
        string task = _simulator.CreateTask(["https://www.tiktok.com/@t/video/1", "https://www.tiktok.com/@t/video/2"]);
        var options = waiter.CreatePollingOptions();
        options.MinDelay = options.MaxDelay = TimeSpan.FromSeconds(1);

        var result = await waiter.WaitAsync(task, options: options);

        Assert.Equal(WaitOutcome.Succeeded, result.Outcome);
        List<Activity> trace;
        lock (stopped)
        {
            var wait = Assert.Single(stopped, a => a.OperationName == PollingDiagnostics.WaitActivity && Equals(a.GetTagItem("contracts.wait.batch_id"), task));
            trace = stopped.Where(a => a.TraceId == wait.TraceId).ToList();
        }

        var waitActivity = Assert.Single(trace, a => a.OperationName == PollingDiagnostics.WaitActivity);
        var polls = trace.Where(a => a.OperationName == PollingDiagnostics.PollActivity).ToList();
        var requests = trace.Where(a => a.Source.Name == "System.Net.Http").ToList();
        Assert.Equal(_simulator.TaskStatusRequests, polls.Count);
        Assert.Equal(result.Attempts, polls.Count);
        Assert.All(polls, poll => Assert.Equal(waitActivity.SpanId, poll.ParentSpanId));
        Assert.Equal(polls.Count, requests.Count);
        Assert.All(requests, request => Assert.Contains(polls, poll => poll.SpanId == request.ParentSpanId));
        Assert.Equal("succeeded", waitActivity.GetTagItem("contracts.wait.outcome"));
        Assert.Equal("GET /serve/api/v1/get_video_ids_by_task_id", waitActivity.GetTagItem("contracts.wait.subject"));
        Assert.All(trace, activity => Assert.DoesNotContain(activity.TagObjects, tag => tag.Value?.ToString()?.Contains(Key, StringComparison.Ordinal) == true));
    }
}
