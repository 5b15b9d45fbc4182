using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Contracts.Runtime.Polling;
using Microsoft.Extensions.Logging;
using static Contracts.Runtime.Tests.Polling.Simulation;

namespace Contracts.Runtime.Tests.Polling;

/// <summary>Every way a batch wait can end, in simulated time.</summary>
[Collection(nameof(SimulatedTime))]
public sealed class BatchWaiterTests
{
    private static readonly Video APending = new("A", "UNPARSE");
    private static readonly Video BPending = new("B", "UNPARSE");
    private static readonly Video ADone = new("A", "PARSE");
    private static readonly Video BDone = new("B", "PARSE");
    private static readonly Video BFailed = new("B", "FAIL");

    [Fact]
    public async Task AllSucceeded_TracksEveryItemNotJustTheFirst()
    {
        var clock = Clock();
        var batch = new ScriptedBatch(clock).Answer(APending, BPending).Answer(ADone, BPending).Answer(ADone, BDone);

        var result = await Drive(clock, BatchWaiter.WaitAsync(batch.Poll(), Options(clock)));

        Assert.Equal(WaitOutcome.Succeeded, result.Outcome);
        Assert.Equal(3, result.Attempts);
        Assert.Equal([ADone, BDone], result.Succeeded);
        Assert.Same(result, result.EnsureSuccess());
    }

    [Fact]
    public async Task CompletedWithFailures()
    {
        var clock = Clock();
        var batch = new ScriptedBatch(clock).Answer(ADone, BFailed);

        var result = await Drive(clock, BatchWaiter.WaitAsync(batch.Poll(), Options(clock)));

        Assert.Equal(WaitOutcome.CompletedWithFailures, result.Outcome);
        Assert.Equal([BFailed], result.Failed);
        var error = Assert.Throws<BatchFailedException>(() => result.EnsureSuccess());
        Assert.Equal(1, error.FailedCount);
        Assert.Equal("1 of 2 items failed.", error.Message);
    }

    [Fact]
    public async Task AllFailed()
    {
        var clock = Clock();
        var batch = new ScriptedBatch(clock).Answer(new Video("A", "FAIL"), BFailed);

        var result = await Drive(clock, BatchWaiter.WaitAsync(batch.Poll(), Options(clock)));

        Assert.Equal(WaitOutcome.AllFailed, result.Outcome);
        Assert.Equal(2, result.Failed.Count);
    }

    [Fact]
    public async Task TimedOutWithItemsPending_NeverPollsPastTheDeadline()
    {
        var clock = Clock();
        var options = Options(clock);
        options.Timeout = TimeSpan.FromSeconds(60);
        var batch = new ScriptedBatch(clock).Answer(ADone, BPending);

        var result = await Drive(clock, BatchWaiter.WaitAsync(batch.Poll(), options), TimeSpan.FromMilliseconds(100));

        Assert.Equal(WaitOutcome.TimedOut, result.Outcome);
        Assert.Equal([BPending], result.Pending);
        Assert.Equal(batch.RequestTimes.Count, result.Attempts);
        Assert.All(batch.RequestTimes, t => Assert.True(t <= Start.AddSeconds(60), $"request at {t - Start} is past the deadline"));
        Assert.True(batch.RequestTimes[^1] >= Start.AddSeconds(58), "the last try should come at the deadline");
        var error = Assert.Throws<WaitTimedOutException>(() => result.EnsureSuccess());
        Assert.Equal(1, error.PendingCount);
    }

    [Fact]
    public async Task AlwaysEmpty_EndsAsNotFoundWhenTheGracePeriodEndsBeforeTheTimeout()
    {
        var clock = Clock();
        var options = Options(clock);
        options.EmptyGracePeriod = TimeSpan.FromSeconds(30);
        var batch = new ScriptedBatch(clock).Answer();

        var result = await Drive(clock, BatchWaiter.WaitAsync(batch.Poll(), options));

        Assert.Equal(WaitOutcome.NotFoundOrNotStarted, result.Outcome);
        Assert.InRange(result.Elapsed, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60));
        Assert.Empty(result.Items);
        Assert.Throws<NothingAppearedException>(() => result.EnsureSuccess());
    }

    [Fact]
    public async Task AlwaysEmpty_WithAGraceLongerThanTheTimeout_IsStillNotFoundNotTimedOut()
    {
        var clock = Clock();
        var options = Options(clock);
        options.Timeout = TimeSpan.FromSeconds(20);
        options.EmptyGracePeriod = TimeSpan.FromMinutes(5);
        var batch = new ScriptedBatch(clock).Answer();

        var result = await Drive(clock, BatchWaiter.WaitAsync(batch.Poll(), options));

        Assert.Equal(WaitOutcome.NotFoundOrNotStarted, result.Outcome);
    }

    [Fact]
    public async Task EmptyWhenNotAmbiguous_EndsAtOnce()
    {
        var clock = Clock();
        var batch = new ScriptedBatch(clock).Answer();

        var result = await Drive(clock, BatchWaiter.WaitAsync(batch.Poll(emptyIsAmbiguous: false), Options(clock)));

        Assert.Equal(WaitOutcome.NotFoundOrNotStarted, result.Outcome);
        Assert.Equal(1, result.Attempts);
    }

    [Fact]
    public async Task EmptyThenItems_IsTheTaskStillDownloading()
    {
        var clock = Clock();
        var batch = new ScriptedBatch(clock).Answer().Answer().Answer(APending).Answer(ADone);

        var result = await Drive(clock, BatchWaiter.WaitAsync(batch.Poll(), Options(clock)));

        Assert.Equal(WaitOutcome.Succeeded, result.Outcome);
        Assert.Equal(4, result.Attempts);
    }

    [Fact]
    public async Task ItemsThenEmpty_IsAnAnomalyAndTheLastSeenItemsAreKept()
    {
        var clock = Clock();
        var options = Options(clock);
        options.Timeout = TimeSpan.FromSeconds(30);
        var batch = new ScriptedBatch(clock).Answer(ADone, BPending).Answer();

        var result = await Drive(clock, BatchWaiter.WaitAsync(batch.Poll(), options));

        Assert.Equal(WaitOutcome.TimedOut, result.Outcome);
        Assert.Equal([ADone, BPending], result.Items);
        Assert.Equal([ADone, BPending], result.Vanished);
        Assert.Equal([BPending], result.Pending);
    }

    [Fact]
    public async Task UnknownStatusesArePendingAndSurfaced()
    {
        var clock = Clock();
        var strange = new Video("A", "INDEXING_SUCCEEDED");
        var batch = new ScriptedBatch(clock).Answer(strange).Answer(ADone);
        var reports = new List<BatchSnapshot<Video>>();

        var result = await Drive(clock, BatchWaiter.WaitAsync(batch.Poll(), Options(clock), new SyncProgress<BatchSnapshot<Video>>(reports.Add)));

        Assert.Equal([strange], reports[0].Pending);
        Assert.Equal(WaitOutcome.Succeeded, result.Outcome);
    }

    [Fact]
    public async Task DuplicateIdsAreOneItem_PendingWinsWhateverTheOrder()
    {
        // One answer listing A as done and as pending: A is not finished, in either order.
        foreach (var answer in new[] { new[] { APending, ADone }, new[] { ADone, APending } })
        {
            var clock = Clock();
            var batch = new ScriptedBatch(clock).Answer(answer).Answer(ADone);

            var result = await Drive(clock, BatchWaiter.WaitAsync(batch.Poll(), Options(clock)));

            Assert.Equal([ADone], result.Items);
            Assert.Equal(WaitOutcome.Succeeded, result.Outcome);
            Assert.Equal(2, result.Attempts);
        }
    }

    [Fact]
    public async Task RetryAfterAsDelta_IsAFloor()
    {
        var clock = Clock();
        var batch = new ScriptedBatch(clock).Fail(Throttled()).Answer(ADone);
        var poll = batch.Poll(classify: e => e is ThrottledException t ? PollFault.FromHttpStatus(HttpStatusCode.TooManyRequests, null, RetryAfter.From(t.Header, clock.GetUtcNow()), e) : null);

        var result = await Drive(clock, BatchWaiter.WaitAsync(poll, Options(clock)));

        Assert.Equal(WaitOutcome.Succeeded, result.Outcome);
        Assert.True(batch.RequestTimes[1] - batch.RequestTimes[0] >= TimeSpan.FromSeconds(20));
        Assert.IsType<ThrottledException>(result.LastTransientError);
    }

    [Fact]
    public async Task RetryAfterAsDate_IsAFloor()
    {
        var clock = Clock();
        var batch = new ScriptedBatch(clock).Fail(Throttled(new RetryConditionHeaderValue(Start.AddSeconds(45)))).Answer(ADone);
        // The header travels raw: the waiter reads the date against its own (simulated) clock.
        var poll = batch.Poll(classify: e => e is ThrottledException t ? PollFault.FromHttpStatus(HttpStatusCode.ServiceUnavailable, null, t.Header, e) : null);

        await Drive(clock, BatchWaiter.WaitAsync(poll, Options(clock)));

        Assert.True(batch.RequestTimes[1] >= Start.AddSeconds(45));
    }

    [Fact]
    public async Task RetryAfterLongerThanTheTimeLeft_EndsAtOnceAsRateLimited()
    {
        var clock = Clock();
        var options = Options(clock);
        options.Timeout = TimeSpan.FromSeconds(30);
        var batch = new ScriptedBatch(clock).Answer(APending).Fail(Throttled(new RetryConditionHeaderValue(TimeSpan.FromSeconds(120)))).Answer(ADone);
        var poll = batch.Poll(classify: e => e is ThrottledException t ? PollFault.FromHttpStatus(HttpStatusCode.TooManyRequests, null, RetryAfter.From(t.Header, clock.GetUtcNow()), e) : null);

        var error = await Assert.ThrowsAsync<PollingRateLimitedException>(() => Drive(clock, BatchWaiter.WaitAsync(poll, options)));

        Assert.Equal(TimeSpan.FromSeconds(120), error.RetryAfter);
        Assert.Null(error.Outcome);
        Assert.Equal(2, batch.RequestTimes.Count);
        Assert.True(clock.GetUtcNow() - Start < TimeSpan.FromSeconds(30), "The wait ended at once, not at its deadline.");
    }

    [Fact]
    public async Task RateLimitedCodeWithoutRetryAfter_BacksOffToTheCeiling()
    {
        var clock = Clock();
        var rateLimited = new ApiResponseException(new BusinessCode("0429", "RateLimited", "too busy", BusinessCodeCategory.RateLimited, IsRetryable: true), "Request has exceeded the limit.");
        var batch = new ScriptedBatch(clock).Answer(APending).Answer(APending).Fail(rateLimited).Answer(ADone);
        var options = Options(clock);
        options.Random = new Random(0);

        var result = await Drive(clock, BatchWaiter.WaitAsync(batch.Poll(), options), TimeSpan.FromMilliseconds(50));

        Assert.Equal(WaitOutcome.Succeeded, result.Outcome);
        // After attempt 3 the ceiling is MinDelay × 4 = 8 s; jitter may not go below it after a 0429.
        Assert.True(batch.RequestTimes[3] - batch.RequestTimes[2] >= TimeSpan.FromSeconds(8));
    }

    [Fact]
    public async Task ARunOfServerErrorsWithinTheBudgetIsSurvived()
    {
        var clock = Clock();
        var batch = new ScriptedBatch(clock);
        for (int i = 0; i < 4; i++)
        {
            batch.Fail(new HttpRequestException("bad gateway", null, HttpStatusCode.BadGateway));
        }

        batch.Answer(ADone);

        var result = await Drive(clock, BatchWaiter.WaitAsync(batch.Poll(), Options(clock)));

        Assert.Equal(WaitOutcome.Succeeded, result.Outcome);
        Assert.Equal(5, result.Attempts);
        Assert.IsType<HttpRequestException>(result.LastTransientError);
    }

    [Fact]
    public async Task ARunOfServerErrorsBeyondTheBudgetGivesUp()
    {
        var clock = Clock();
        var batch = new ScriptedBatch(clock).Fail(new HttpRequestException("unavailable", null, HttpStatusCode.ServiceUnavailable));

        var error = await Assert.ThrowsAsync<PollingGaveUpException>(() => Drive(clock, BatchWaiter.WaitAsync(batch.Poll(), Options(clock))));

        Assert.Equal(5, error.ConsecutiveFaults);
        Assert.Equal(5, batch.RequestTimes.Count);
        Assert.IsType<HttpRequestException>(error.InnerException);
    }

    [Theory]
    [InlineData("network")]
    [InlineData("json")]
    [InlineData("timeout")]
    public async Task OtherTransientFaultsAreRetried(string kind)
    {
        var clock = Clock();
        Exception fault = kind switch
        {
            "network" => new HttpRequestException("connection refused"),
            "json" => new JsonException("'<' is an invalid start of a value."),
            _ => new TimeoutException(),
        };
        var batch = new ScriptedBatch(clock).Fail(fault).Answer(ADone);

        var result = await Drive(clock, BatchWaiter.WaitAsync(batch.Poll(), Options(clock)));

        Assert.Equal(WaitOutcome.Succeeded, result.Outcome);
        Assert.Same(fault, result.LastTransientError);
    }

    [Fact]
    public async Task ANonRetryableCodeEndsTheWaitAtOnce()
    {
        var clock = Clock();
        var unauthorized = new ApiResponseException(new BusinessCode("0401", "InvalidAuthorization", "invalid authorization", BusinessCodeCategory.Unauthorized, IsRetryable: false), "Invalid authorization");
        var batch = new ScriptedBatch(clock).Fail(unauthorized).Answer(ADone);

        var error = await Assert.ThrowsAsync<ApiResponseException>(() => Drive(clock, BatchWaiter.WaitAsync(batch.Poll(), Options(clock))));

        Assert.Same(unauthorized, error);
        Assert.Single(batch.RequestTimes);
    }

    [Fact]
    public async Task AClientErrorStatusEndsTheWaitWithItsStatus()
    {
        var clock = Clock();
        var batch = new ScriptedBatch(clock).Fail(new HttpRequestException("not found", null, HttpStatusCode.NotFound)).Answer(ADone);

        var error = await Assert.ThrowsAsync<ApiHttpException>(() => Drive(clock, BatchWaiter.WaitAsync(batch.Poll(), Options(clock))));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("The API answered HTTP 404 (NotFound).", error.Message);
        Assert.Single(batch.RequestTimes);
    }

    [Fact]
    public async Task AnUnrecognisedErrorIsNotPolledThrough()
    {
        var clock = Clock();
        var batch = new ScriptedBatch(clock).Fail(new InvalidOperationException("bug")).Answer(ADone);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Drive(clock, BatchWaiter.WaitAsync(batch.Poll(), Options(clock))));
        Assert.Single(batch.RequestTimes);
    }

    [Fact]
    public async Task AnAttemptTimeoutIsATransientFault()
    {
        var clock = Clock();
        var options = Options(clock);
        options.AttemptTimeout = TimeSpan.FromSeconds(5);
        var batch = new ScriptedBatch(clock).Hang().Answer(ADone);

        var result = await Drive(clock, BatchWaiter.WaitAsync(batch.Poll(), options));

        Assert.Equal(WaitOutcome.Succeeded, result.Outcome);
        Assert.IsType<AttemptTimedOutException>(result.LastTransientError);
        Assert.True(batch.RequestTimes[1] - batch.RequestTimes[0] >= TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task CallerCancellationDuringARequest_ThrowsAndSendsNothingMore()
    {
        var clock = Clock();
        using var cancel = new CancellationTokenSource();
        var batch = new ScriptedBatch(clock).Hang().Answer(ADone);

        var wait = BatchWaiter.WaitAsync(batch.Poll(), Options(clock), cancellationToken: cancel.Token);
        clock.Advance(TimeSpan.FromSeconds(1));
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Single(batch.RequestTimes);
    }

    [Fact]
    public async Task CallerCancellationDuringADelay_ThrowsAndSendsNothingMore()
    {
        var clock = Clock();
        using var cancel = new CancellationTokenSource();
        var batch = new ScriptedBatch(clock).Answer(APending);

        var wait = BatchWaiter.WaitAsync(batch.Poll(), Options(clock), cancellationToken: cancel.Token);
        Assert.Single(batch.RequestTimes);
        await cancel.CancelAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
        Assert.IsNotType<WaitTimedOutException>(error);
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Single(batch.RequestTimes);
    }

    [Fact]
    public async Task OneProgressReportPerPoll_WithTheTimeOfTheNextPoll()
    {
        var clock = Clock();
        var batch = new ScriptedBatch(clock).Answer(APending).Answer(APending).Answer(ADone);
        var reports = new List<BatchSnapshot<Video>>();

        var result = await Drive(clock, BatchWaiter.WaitAsync(batch.Poll(), Options(clock), new SyncProgress<BatchSnapshot<Video>>(reports.Add)));

        Assert.Equal(result.Attempts, reports.Count);
        Assert.Equal([1, 2, 3], reports.Select(r => r.Attempt));
        Assert.All(reports.SkipLast(1), r => Assert.NotNull(r.NextPollAt));
        Assert.Equal(batch.RequestTimes[1], reports[0].NextPollAt);
        Assert.True(reports[^1].IsFinal);
        Assert.Same(result.LastSnapshot, reports[^1]);
    }

    [Fact]
    public async Task EveryPollIsLoggedAtInformationWithTheNextDelay()
    {
        var clock = Clock();
        var logger = new ListLogger();
        var options = Options(clock);
        options.Logger = logger;
        var batch = new ScriptedBatch(clock).Answer(APending).Answer(ADone);

        await Drive(clock, BatchWaiter.WaitAsync(batch.Poll(), options));

        Assert.Equal(2, logger.Entries.Count);
        Assert.All(logger.Entries, e => Assert.Equal(LogLevel.Information, e.Level));
        Assert.StartsWith("Poll 1 of task t-1: 0 succeeded, 0 failed, 1 pending; transient error: none; next poll in 00:00:0", logger.Entries[0].Message);
    }

    [Fact]
    public async Task TheStreamEndsWithTheFinalSnapshot()
    {
        var clock = Clock();
        var batch = new ScriptedBatch(clock).Answer(APending).Answer(ADone);
        var seen = new List<BatchSnapshot<Video>>();

        var consume = Task.Run(async () =>
        {
            await foreach (var snapshot in BatchWaiter.WatchAsync(batch.Poll(), Options(clock)))
            {
                seen.Add(snapshot);
            }

            return seen.Count;
        });
        int count = await Drive(clock, consume);

        Assert.Equal(2, count);
        Assert.False(seen[0].IsFinal);
        Assert.Equal(WaitOutcome.Succeeded, seen[^1].Outcome);
    }

    [Fact]
    public async Task LeavingTheStreamEarlyStopsThePolling()
    {
        var clock = Clock();
        var batch = new ScriptedBatch(clock).Answer(APending);

        var consume = Task.Run(async () =>
        {
            await foreach (var snapshot in BatchWaiter.WatchAsync(batch.Poll(), Options(clock)))
            {
                return snapshot.Attempt;
            }

            return 0;
        });
        int first = await Drive(clock, consume);
        int requests = batch.RequestTimes.Count;
        clock.Advance(TimeSpan.FromMinutes(5));
        await Task.Yield();

        Assert.Equal(1, first);
        Assert.Equal(requests, batch.RequestTimes.Count);
    }

    [Fact]
    public async Task TheStreamThrowsWhatTheWaitThrows()
    {
        var clock = Clock();
        var batch = new ScriptedBatch(clock).Answer(APending).Fail(new HttpRequestException("forbidden", null, HttpStatusCode.Forbidden));

        var consume = Task.Run(async () =>
        {
            await foreach (var unused in BatchWaiter.WatchAsync(batch.Poll(), Options(clock)))
            {
            }

            return true;
        });

        await Assert.ThrowsAsync<ApiHttpException>(() => Drive(clock, consume));
    }

    [Fact]
    public async Task ASnapshotPollsOnce()
    {
        var clock = Clock();
        var batch = new ScriptedBatch(clock).Answer(ADone, BPending);

        var snapshot = await BatchWaiter.SnapshotAsync(batch.Poll(), clock);

        Assert.Single(batch.RequestTimes);
        Assert.Null(snapshot.Outcome);
        Assert.Equal([ADone], snapshot.Succeeded);
        Assert.Equal([BPending], snapshot.Pending);
    }

    [Fact]
    public async Task OptionsAreValidatedAgainstTheEndpointRateLimit()
    {
        var clock = Clock();
        var options = Options(clock);
        options.MinDelay = TimeSpan.FromMilliseconds(200);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => BatchWaiter.WaitAsync(new ScriptedBatch(clock).Answer(ADone).Poll(), options));

        Assert.Equal("MinDelay", error.ParamName);
    }

    private static ThrottledException Throttled(RetryConditionHeaderValue? header = null) =>
        new(header ?? new RetryConditionHeaderValue(TimeSpan.FromSeconds(20)));

    private sealed class ThrottledException(RetryConditionHeaderValue header) : Exception("throttled")
    {
        public RetryConditionHeaderValue Header { get; } = header;
    }
}

internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}

internal sealed class ListLogger : ILogger
{
    public List<(LogLevel Level, string Message)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Add((logLevel, formatter(state, exception)));
}
