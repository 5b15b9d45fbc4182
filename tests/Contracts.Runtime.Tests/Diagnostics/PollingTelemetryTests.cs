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
        using var polls = new MetricCollector<long>(null, RuntimeDiagnostics.Name, RuntimeDiagnostics.PollsInstrument);
        using var waits = new MetricCollector<long>(null, RuntimeDiagnostics.Name, RuntimeDiagnostics.WaitsInstrument);
        using var durations = new MetricCollector<double>(null, RuntimeDiagnostics.Name, RuntimeDiagnostics.WaitDurationInstrument);
        using var windows = new MetricCollector<double>(null, RuntimeDiagnostics.Name, RuntimeDiagnostics.NoticeWindowInstrument);
        var clock = Clock();
        var batch = new ScriptedBatch(clock)
            .Answer(new Video("A", "UNPARSE"), new Video("B", "UNPARSE"))
            .Fail(new HttpRequestException("reset", null, HttpStatusCode.ServiceUnavailable))
            .Answer(new Video("A", "PARSE"), new Video("B", "UNPARSE"))
            .Answer(new Video("A", "PARSE"), new Video("B", "FAIL"));

        var result = await Drive(clock, BatchWaiter.WaitAsync(Named(batch.Poll(), Subject, "task-42"), Options(clock)));

        Assert.Equal(WaitOutcome.CompletedWithFailures, result.Outcome);
        var wait = Assert.Single(activities.Waits);
        Assert.Equal(RuntimeDiagnostics.WaitActivity, wait.OperationName);
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
        using var waits = new MetricCollector<long>(null, RuntimeDiagnostics.Name, RuntimeDiagnostics.WaitsInstrument);
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
    public async Task ABusinessCodeThatEndsTheWait_IsOnThePollAndTheWait_AsContractsApiCode()
    {
        const string Subject = "GET /telemetry/refused";
        using var activities = new Recorder(Subject);
        using var waits = new MetricCollector<long>(null, RuntimeDiagnostics.Name, RuntimeDiagnostics.WaitsInstrument);
        var clock = Clock();
        var refused = new ApiResponseException(new BusinessCode("0401", "InvalidAuthorization", "the key is not valid", BusinessCodeCategory.Unauthorized, IsRetryable: false), "invalid key");
        var batch = new ScriptedBatch(clock).Fail(refused);

        await Assert.ThrowsAsync<ApiResponseException>(() => Drive(clock, BatchWaiter.WaitAsync(Named(batch.Poll(), Subject, "task-8"), Options(clock))));

        Assert.Equal("0401", Assert.Single(activities.Polls).GetTagItem("contracts.api.code"));
        Assert.Equal("0401", Assert.Single(activities.Waits).GetTagItem("contracts.api.code"));
        var ended = Assert.Single(waits.GetMeasurementSnapshot(), m => Equals(m.Tags["contracts.wait.subject"], Subject));
        Assert.Equal("0401", ended.Tags["contracts.api.code"]);
    }

    [Fact]
    public async Task ThreeWaitsOnOneBatch_EachRequestIsOnePoll_CountedOnce_AndInTheTraceOfEveryWaitItAnswered()
    {
        const string Subject = "GET /telemetry/shared";
        const string Family = "telemetry-status";
        using var activities = new Recorder(Subject);
        using var polls = new MetricCollector<long>(null, RuntimeDiagnostics.Name, RuntimeDiagnostics.PollsInstrument);
        using var backlog = new MetricCollector<long>(null, RuntimeDiagnostics.Name, RuntimeDiagnostics.SchedulerBacklogInstrument);
        using var turnDelays = new MetricCollector<double>(null, RuntimeDiagnostics.Name, RuntimeDiagnostics.SchedulerTurnDelayInstrument);
        var clock = Clock();
        int requests = 0;
        var poll = new BatchPoll<Video, string>(
            _ => Task.FromResult<IReadOnlyList<Video>>([new Video("A", Interlocked.Increment(ref requests) >= 4 ? "PARSE" : "UNPARSE")]),
            static v => v.Id,
            Video.OutcomeOf)
        {
            MinimumInterval = TimeSpan.FromSeconds(1),
            Subject = Subject,
            Key = "telemetry-shared-batch",
            Budget = Family,
        };
        using var budget = new SpacedRateLimiter(TimeSpan.FromSeconds(1), clock, Family);
        using var scheduler = new AccountPollScheduler(budget, TimeSpan.FromSeconds(1), clock, family: Family);

        var results = await Drive(clock, Task.WhenAll(Enumerable.Range(0, 3).Select(_ =>
        {
            var options = Options(clock);
            options.Scheduler = scheduler;
            return BatchWaiter.WaitAsync(poll, options);
        })));

        Assert.All(results, result => Assert.Equal(WaitOutcome.Succeeded, result.Outcome));
        var pollSpans = activities.Polls;
        var waitSpans = activities.Waits;
        Assert.Equal(3, waitSpans.Count);

        // One span and one count per request, named by its own budget family.
        Assert.Equal(requests, pollSpans.Count);
        var counted = polls.GetMeasurementSnapshot().Where(m => Equals(m.Tags["contracts.wait.subject"], Subject)).ToList();
        Assert.Equal(requests, counted.Sum(m => m.Value));
        Assert.All(counted, m => Assert.Equal((Family, "batch"), (m.Tags["contracts.rate_budget.family"], m.Tags["contracts.poll.kind"])));
        Assert.All(pollSpans, span => Assert.Equal(Family, span.GetTagItem("contracts.rate_budget.family")));

        // Each wait's turns are the requests that answered it: its child polls and the polls linked to it, which it links back to.
        foreach (var wait in waitSpans)
        {
            var sent = pollSpans.Where(p => p.ParentSpanId == wait.SpanId).ToList();
            var joined = pollSpans.Where(p => p.ParentSpanId != wait.SpanId && p.Links.Any(l => l.Context.SpanId == wait.SpanId)).ToList();
            Assert.Equal(wait.GetTagItem("contracts.wait.attempts"), sent.Count + joined.Count);
            Assert.Equal(wait.GetTagItem("contracts.wait.shared_answers"), joined.Count);
            Assert.Equal(joined.Select(p => p.SpanId).OrderBy(id => id.ToHexString()), wait.Links.Select(l => l.Context.SpanId).OrderBy(id => id.ToHexString()));
        }

        Assert.Contains(pollSpans, p => p.Links.Any());
        Assert.All(pollSpans, p => Assert.Equal(1 + p.Links.Count(), p.GetTagItem("contracts.poll.waits_answered")));
        Assert.Equal(requests, waitSpans.Sum(w => (int)w.GetTagItem("contracts.wait.attempts")! - (int)w.GetTagItem("contracts.wait.shared_answers")!));

        // The scheduler's backlog rose while polls waited and is empty now; every turn's delay was measured.
        var queued = backlog.GetMeasurementSnapshot().Where(m => Equals(m.Tags["contracts.rate_budget.family"], Family)).ToList();
        Assert.Contains(queued, m => m.Value > 0);
        Assert.Equal(0, queued.Sum(m => m.Value));
        Assert.Equal(requests, turnDelays.GetMeasurementSnapshot().Count(m => Equals(m.Tags["contracts.rate_budget.family"], Family)));
    }

    [Fact]
    public async Task ItemChecks_AreNamedAndCountedAsThemselves_NotAsPollsOfTheBatch()
    {
        const string Subject = "GET /telemetry/batch-with-checks";
        const string Checks = "POST /telemetry/item-checks";
        using var activities = new Recorder(Subject, Checks);
        using var polls = new MetricCollector<long>(null, RuntimeDiagnostics.Name, RuntimeDiagnostics.PollsInstrument);
        var clock = Clock();
        int listings = 0;
        int checks = 0;
        var poll = new BatchPoll<Video, string>(
            _ => { Interlocked.Increment(ref listings); return Task.FromResult<IReadOnlyList<Video>>([new Video("A", "UNPARSE")]); },
            static v => v.Id,
            Video.OutcomeOf)
        {
            MinimumInterval = TimeSpan.FromSeconds(1),
            Subject = Subject,
            Budget = "telemetry-status",
        }.WithItemChecks(
            (videos, _) => Task.FromResult<IReadOnlyList<Video>>(videos.Select(v => v with { Status = Interlocked.Increment(ref checks) >= 3 ? "PARSE" : "UNPARSE" }).ToList()),
            "group",
            Checks,
            "telemetry-list");
        using var batcher = new ItemStatusBatcher(100, TimeSpan.Zero, clock: clock, family: "telemetry-list");
        var options = Options(clock);
        options.ItemBatcher = batcher;

        var result = await Drive(clock, BatchWaiter.WaitAsync(poll, options));

        Assert.Equal(WaitOutcome.Succeeded, result.Outcome);
        Assert.Equal(listings + checks, result.Attempts);
        var byKind = activities.Polls.ToLookup(p => (string?)p.GetTagItem("contracts.poll.kind"));
        Assert.Equal(listings, byKind["batch"].Count());
        Assert.Equal(checks, byKind["items"].Count());
        Assert.All(byKind["batch"], p => Assert.Equal((Subject, "telemetry-status"), (p.GetTagItem("contracts.wait.subject"), p.GetTagItem("contracts.rate_budget.family"))));
        Assert.All(byKind["items"], p => Assert.Equal((Checks, "telemetry-list"), (p.GetTagItem("contracts.wait.subject"), p.GetTagItem("contracts.rate_budget.family"))));
        var counted = polls.GetMeasurementSnapshot().Where(m => Equals(m.Tags["contracts.rate_budget.family"], "telemetry-list")).ToList();
        Assert.Equal(checks, counted.Sum(m => m.Value));
        Assert.All(counted, m => Assert.Equal((Checks, "items"), (m.Tags["contracts.wait.subject"], m.Tags["contracts.poll.kind"])));
    }

    [Fact]
    public async Task TheLimiter_CountsItsQueueByFamily_AndAWaitThatTakesTheLimiterItselfTracesAndMeasuresTheWait()
    {
        const string Subject = "GET /telemetry/limited";
        const string Family = "telemetry-budget";
        using var activities = new Recorder(Subject);
        using var budgetWaits = new Recorder(activity => activity.OperationName == RuntimeDiagnostics.BudgetWaitActivity && Equals(activity.GetTagItem("contracts.rate_budget.family"), Family));
        using var queued = new MetricCollector<long>(null, RuntimeDiagnostics.Name, RuntimeDiagnostics.BudgetQueueInstrument);
        using var waited = new MetricCollector<double>(null, RuntimeDiagnostics.Name, RuntimeDiagnostics.BudgetTimeInQueueInstrument);
        var clock = Clock();
        using var limiter = new SpacedRateLimiter(TimeSpan.FromSeconds(1), clock, Family);
        var held = await limiter.AcquireAsync(1);   // someone else holds the budget for 1.3 s
        var batch = new ScriptedBatch(clock).Answer(new Video("A", "PARSE"));
        var options = Options(clock);
        options.RateLimiter = limiter;
        var poll = Named(batch.Poll(), Subject, "task-9");
        poll = new BatchPoll<Video, string>(poll.Fetch, poll.GetId, poll.GetOutcome) { MinimumInterval = poll.MinimumInterval, Subject = Subject, Budget = Family };

        var wait = BatchWaiter.WaitAsync(poll, options);
        await Task.Yield();
        Assert.Equal(1, queued.GetMeasurementSnapshot().Where(m => Equals(m.Tags["contracts.rate_budget.family"], Family)).Sum(m => m.Value));
        clock.Advance(TimeSpan.FromMilliseconds(300));
        held.Dispose();
        var result = await Drive(clock, wait);

        Assert.Equal(WaitOutcome.Succeeded, result.Outcome);
        Assert.Equal(0, queued.GetMeasurementSnapshot().Where(m => Equals(m.Tags["contracts.rate_budget.family"], Family)).Sum(m => m.Value));
        Assert.Equal([1.3], waited.GetMeasurementSnapshot().Where(m => Equals(m.Tags["contracts.rate_budget.family"], Family)).Select(m => Math.Round(m.Value, 6)));
        var span = Assert.Single(budgetWaits.Named(RuntimeDiagnostics.BudgetWaitActivity));
        Assert.Equal(Assert.Single(activities.Waits).SpanId, span.ParentSpanId);
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

    /// <summary>Every activity of the runtime's source that it keeps (those of the given subjects, or any test), as an OpenTelemetry exporter would receive them.</summary>
    private sealed class Recorder : IDisposable
    {
        private readonly ActivityListener _listener;
        private readonly List<Activity> _stopped = new();

        public Recorder(params string[] subjects)
            : this(activity => subjects.Contains(activity.GetTagItem("contracts.wait.subject") as string))
        {
        }

        public Recorder(Func<Activity, bool> keep)
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == RuntimeDiagnostics.Name,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity =>
                {
                    if (keep(activity))
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

        public List<Activity> Waits => Named(RuntimeDiagnostics.WaitActivity);

        public List<Activity> Polls => Named(RuntimeDiagnostics.PollActivity);

        public void Dispose() => _listener.Dispose();

        public List<Activity> Named(string name)
        {
            lock (_stopped)
            {
                return _stopped.Where(a => a.OperationName == name).OrderBy(a => a.StartTimeUtc).ToList();
            }
        }
    }
}
