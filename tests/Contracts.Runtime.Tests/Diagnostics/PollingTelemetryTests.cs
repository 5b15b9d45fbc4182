using System.Diagnostics;
using System.Net;
using Contracts.Runtime.Diagnostics;
using Contracts.Runtime.Polling;
using Contracts.Runtime.Tests.Polling;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using static Contracts.Runtime.Tests.Polling.Simulation;

namespace Contracts.Runtime.Tests.Diagnostics;

/// <summary>
/// What a wait shows from outside, read back through an <see cref="ActivityListener"/> and
/// <see cref="MetricCollector{T}"/> exactly as OpenTelemetry would collect it. Each test waits on a
/// subject of its own, so measurements of other tests never count.
/// </summary>
[Collection(nameof(SimulatedTime))]
public sealed class PollingTelemetryTests
{
    [Fact]
    public async Task OneWait_IsOneWaitActivity_WithOnePollActivityPerRequest_AndMetricsThatAgreeWithItsResult()
    {
        const string Subject = "GET /telemetry/known-wait";
        using var activities = new Recorder(Subject);
        using var polls = new MetricCollector<long>(null, PollingDiagnostics.Name, PollingDiagnostics.PollsInstrument);
        using var waits = new MetricCollector<long>(null, PollingDiagnostics.Name, PollingDiagnostics.WaitsInstrument);
        using var durations = new MetricCollector<double>(null, PollingDiagnostics.Name, PollingDiagnostics.WaitDurationInstrument);
        using var windows = new MetricCollector<double>(null, PollingDiagnostics.Name, PollingDiagnostics.NoticeWindowInstrument);
        var clock = Clock();
        var batch = new ScriptedBatch(clock)
            .Answer(new Video("A", "UNPARSE"), new Video("B", "UNPARSE"))
            .Fail(new HttpRequestException("reset", null, HttpStatusCode.ServiceUnavailable))
            .Answer(new Video("A", "PARSE"), new Video("B", "UNPARSE"))
            .Answer(new Video("A", "PARSE"), new Video("B", "FAIL"));

        var result = await Drive(clock, BatchWaiter.WaitAsync(Named(batch.Poll(), Subject, "task-42"), Options(clock)));

        Assert.Equal(WaitOutcome.CompletedWithFailures, result.Outcome);
        var wait = Assert.Single(activities.Waits);
        Assert.Equal(PollingDiagnostics.WaitActivity, wait.OperationName);
        Assert.Equal("task-42", wait.GetTagItem("contracts.wait.batch_id"));
        Assert.Equal(Subject, wait.GetTagItem("contracts.wait.subject"));
        Assert.Equal("completed_with_failures", wait.GetTagItem("contracts.wait.outcome"));
        Assert.Equal(result.Attempts, wait.GetTagItem("contracts.wait.attempts"));
        Assert.Equal(result.Answers, wait.GetTagItem("contracts.wait.answers"));
        Assert.Equal((1, 1, 0), (wait.GetTagItem("contracts.wait.items.succeeded"), wait.GetTagItem("contracts.wait.items.failed"), wait.GetTagItem("contracts.wait.items.pending")));
        Assert.Equal(ActivityStatusCode.Unset, wait.Status);

        Assert.Equal(batch.RequestTimes.Count, activities.Polls.Count);
        Assert.All(activities.Polls, poll => Assert.Equal(wait.SpanId, poll.ParentSpanId));
        Assert.Equal(["answer", "transient_fault", "answer", "answer"], activities.Polls.Select(p => p.GetTagItem("contracts.poll.result")));
        Assert.Equal([1, 2, 3, 4], activities.Polls.Select(p => p.GetTagItem("contracts.poll.attempt")));
        var faulted = activities.Polls[1];
        Assert.Equal(ActivityStatusCode.Error, faulted.Status);
        Assert.Equal(typeof(HttpRequestException).FullName, faulted.GetTagItem("error.type"));
        Assert.Equal(503, faulted.GetTagItem("http.response.status_code"));

        var mine = polls.GetMeasurementSnapshot().Where(m => Equals(m.Tags["contracts.wait.subject"], Subject)).ToList();
        Assert.Equal(result.Attempts, mine.Sum(m => m.Value));
        Assert.Equal(result.Answers, mine.Where(m => Equals(m.Tags["contracts.poll.result"], "answer")).Sum(m => m.Value));
        var ended = Assert.Single(waits.GetMeasurementSnapshot(), m => Equals(m.Tags["contracts.wait.subject"], Subject));
        Assert.Equal("completed_with_failures", ended.Tags["contracts.wait.outcome"]);
        var duration = Assert.Single(durations.GetMeasurementSnapshot(), m => Equals(m.Tags["contracts.wait.subject"], Subject));
        Assert.Equal(result.Elapsed.TotalSeconds, duration.Value, precision: 6);

        // A finished at the third request (the second answer), B at the fourth: each within the time since the answer before.
        var noticed = windows.GetMeasurementSnapshot().Where(m => Equals(m.Tags["contracts.wait.subject"], Subject)).Select(m => m.Value).ToList();
        Assert.Equal([(batch.RequestTimes[2] - batch.RequestTimes[0]).TotalSeconds, (batch.RequestTimes[3] - batch.RequestTimes[2]).TotalSeconds], noticed);
    }

    [Fact]
    public async Task AFatalAnswer_EndsTheWaitActivityWithAnErrorStatus_AndCountsAnErrorOutcome()
    {
        const string Subject = "GET /telemetry/fatal";
        using var activities = new Recorder(Subject);
        using var waits = new MetricCollector<long>(null, PollingDiagnostics.Name, PollingDiagnostics.WaitsInstrument);
        var clock = Clock();
        var batch = new ScriptedBatch(clock).Fail(new ApiHttpException(HttpStatusCode.Forbidden, "Forbidden"));

        await Assert.ThrowsAsync<ApiHttpException>(() => Drive(clock, BatchWaiter.WaitAsync(Named(batch.Poll(), Subject, "task-7"), Options(clock))));

        var wait = Assert.Single(activities.Waits);
        Assert.Equal(ActivityStatusCode.Error, wait.Status);
        Assert.Equal("error", wait.GetTagItem("contracts.wait.outcome"));
        Assert.Equal(typeof(ApiHttpException).FullName, wait.GetTagItem("error.type"));
        var poll = Assert.Single(activities.Polls);
        Assert.Equal(("fatal", 403), (poll.GetTagItem("contracts.poll.result"), poll.GetTagItem("http.response.status_code")));
        var ended = Assert.Single(waits.GetMeasurementSnapshot(), m => Equals(m.Tags["contracts.wait.subject"], Subject));
        Assert.Equal(("error", typeof(ApiHttpException).FullName), (ended.Tags["contracts.wait.outcome"], ended.Tags["error.type"]));
    }

    [Fact]
    public async Task TheLimiter_CountsItsQueue_AndHowLongEachPermitTook()
    {
        const string Budget = "telemetry-budget";
        using var queued = new MetricCollector<long>(null, PollingDiagnostics.Name, PollingDiagnostics.LimiterQueueInstrument);
        using var waited = new MetricCollector<double>(null, PollingDiagnostics.Name, PollingDiagnostics.LimiterWaitInstrument);
        var clock = Clock();
        using var limiter = new SpacedRateLimiter(TimeSpan.FromSeconds(1), clock, Budget);

        var first = await limiter.AcquireAsync(1);
        var second = limiter.AcquireAsync(1).AsTask();
        Assert.Equal(1, queued.GetMeasurementSnapshot().Where(m => Equals(m.Tags["contracts.rate_limiter.budget"], Budget)).Sum(m => m.Value));
        clock.Advance(TimeSpan.FromMilliseconds(300));
        first.Dispose();
        clock.Advance(TimeSpan.FromSeconds(1));
        (await second).Dispose();

        Assert.Equal(0, queued.GetMeasurementSnapshot().Where(m => Equals(m.Tags["contracts.rate_limiter.budget"], Budget)).Sum(m => m.Value));
        Assert.Equal([0, 1.3], waited.GetMeasurementSnapshot().Where(m => Equals(m.Tags["contracts.rate_limiter.budget"], Budget)).Select(m => Math.Round(m.Value, 6)));
    }

    private static BatchPoll<Video, string> Named(BatchPoll<Video, string> poll, string subject, string batchId) =>
        new(poll.Fetch, poll.GetId, poll.GetOutcome)
        {
            MinimumInterval = poll.MinimumInterval,
            EmptyIsAmbiguous = poll.EmptyIsAmbiguous,
            ClassifyFault = poll.ClassifyFault,
            Subject = subject,
            BatchId = batchId,
        };

    /// <summary>Every activity of the runtime's source with the given subject, as an OpenTelemetry exporter would receive them.</summary>
    private sealed class Recorder : IDisposable
    {
        private readonly ActivityListener _listener;
        private readonly List<Activity> _stopped = new();

        public Recorder(string subject)
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == PollingDiagnostics.Name,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity =>
                {
                    if (Equals(activity.GetTagItem("contracts.wait.subject"), subject))
                    {
                        lock (_stopped)
                        {
                            _stopped.Add(activity);
                        }
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public List<Activity> Waits => Named(PollingDiagnostics.WaitActivity);

        public List<Activity> Polls => Named(PollingDiagnostics.PollActivity);

        public void Dispose() => _listener.Dispose();

        private List<Activity> Named(string name)
        {
            lock (_stopped)
            {
                return _stopped.Where(a => a.OperationName == name).OrderBy(a => a.StartTimeUtc).ToList();
            }
        }
    }
}
