using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.RateLimiting;
using Contracts.Runtime.Polling;
using static Contracts.Runtime.Tests.Polling.Simulation;

namespace Contracts.Runtime.Tests.Polling;

/// <summary>
/// A fault, a refusal to wait or a missing turn is never evidence about the items: only an answer
/// can make "nothing appeared" true. Each scenario runs in simulated time.
/// </summary>
[Collection(nameof(SimulatedTime))]
public sealed class FaultOutcomeTests
{
    private static readonly Video ADone = new("A", "PARSE");

    [Fact]
    public async Task AServerThatNeverAnswersGivesUp_NeverNotFound()
    {
        var clock = Clock();
        var batch = new ScriptedBatch(clock).Hang();

        var error = await Assert.ThrowsAsync<PollingGaveUpException>(() => Drive(clock, BatchWaiter.WaitAsync(batch.Poll(), Options(clock)), TimeSpan.FromSeconds(1)));

        Assert.Equal(5, error.ConsecutiveFaults);
        Assert.IsType<AttemptTimedOutException>(error.InnerException);
        Assert.Equal(5, batch.RequestTimes.Count);
    }

    [Fact]
    public async Task NoRequestOutlivesTheDeadline_AndWithoutAnAnswerTheWaitTimesOut()
    {
        var clock = Clock();
        var options = Options(clock);
        options.Timeout = TimeSpan.FromSeconds(10);   // shorter than the 30 s attempt timeout
        var batch = new ScriptedBatch(clock).Hang();

        var result = await Drive(clock, BatchWaiter.WaitAsync(batch.Poll(), options));

        Assert.Equal(WaitOutcome.TimedOut, result.Outcome);
        Assert.Equal(0, result.Answers);
        Assert.Single(batch.RequestTimes);
        Assert.InRange(result.Elapsed, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(11));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("0429")]
    [InlineData("503")]
    public async Task FaultsDuringTheEmptyGracePeriodGiveUp_NeverNotFound(string fault)
    {
        var clock = Clock();
        var options = Options(clock);
        options.EmptyGracePeriod = TimeSpan.FromSeconds(5);
        Exception error = fault switch
        {
            "garbage" => new JsonException("'<' is an invalid start of a value."),
            "0429" => new ApiResponseException(new BusinessCode("0429", "RateLimited", "busy", BusinessCodeCategory.RateLimited, IsRetryable: true), "Request has exceeded the limit."),
            _ => new HttpRequestException("Service Unavailable", null, HttpStatusCode.ServiceUnavailable),
        };
        var batch = new ScriptedBatch(clock).Fail(error);

        var gaveUp = await Assert.ThrowsAsync<PollingGaveUpException>(() => Drive(clock, BatchWaiter.WaitAsync(batch.Poll(), options)));

        Assert.Same(error, gaveUp.InnerException);
    }

    [Fact]
    public async Task WhenEmptyIsNotAmbiguous_AFaultFirstIsNotAnEmptyAnswer()
    {
        var clock = Clock();
        var batch = new ScriptedBatch(clock).Fail(new HttpRequestException("reset")).Answer(ADone);

        var result = await Drive(clock, BatchWaiter.WaitAsync(batch.Poll(emptyIsAmbiguous: false), Options(clock)));

        Assert.Equal(WaitOutcome.Succeeded, result.Outcome);
        Assert.Equal(2, batch.RequestTimes.Count);
    }

    [Fact]
    public async Task WhenEmptyIsNotAmbiguous_AnEmptyAnswerAfterAFaultIsNotFound()
    {
        var clock = Clock();
        var batch = new ScriptedBatch(clock).Fail(new HttpRequestException("reset")).Answer();

        var result = await Drive(clock, BatchWaiter.WaitAsync(batch.Poll(emptyIsAmbiguous: false), Options(clock)));

        Assert.Equal(WaitOutcome.NotFoundOrNotStarted, result.Outcome);
        Assert.Equal((2, 1), (result.Attempts, result.Answers));
    }

    [Fact]
    public async Task AWaitThatNeverGotATurnTimesOutWithNoAnswer()
    {
        var clock = Clock();
        using var limiter = new SpacedRateLimiter(TimeSpan.FromHours(1), clock);
        using var held = limiter.AttemptAcquire(1);   // another wait holds the account's only turn
        var options = Options(clock);
        options.RateLimiter = limiter;
        options.Timeout = TimeSpan.FromSeconds(30);
        var batch = new ScriptedBatch(clock).Answer(ADone);

        var result = await Drive(clock, BatchWaiter.WaitAsync(batch.Poll(), options));

        Assert.Equal(WaitOutcome.TimedOut, result.Outcome);
        Assert.Equal((0, 0), (result.Attempts, result.Answers));
        Assert.Empty(batch.RequestTimes);
    }

    [Fact]
    public async Task AHugeRetryAfterOnTheFirstPollEndsAsRateLimited_NeverNotFound()
    {
        var clock = Clock();
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(999_999));
        var batch = new ScriptedBatch(clock).Fail(new HttpRequestException("Too Many Requests", null, HttpStatusCode.TooManyRequests));
        var poll = batch.Poll(classify: e => PollFault.FromHttpResponse(HttpStatusCode.TooManyRequests, "Too Many Requests", response.Headers, e));

        var error = await Assert.ThrowsAsync<PollingRateLimitedException>(() => Drive(clock, BatchWaiter.WaitAsync(poll, Options(clock))));

        Assert.Equal(TimeSpan.FromSeconds(999_999), error.RetryAfter);
        Assert.Single(batch.RequestTimes);
        Assert.Contains("277.8 h", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARedirectIsFatalAndSaysWhichBaseAddressToUse()
    {
        var clock = Clock();
        var response = new HttpResponseMessage(HttpStatusCode.TemporaryRedirect);
        response.Headers.Location = new Uri("https://api.example.com/serve/api/v1/x?task_id=1");
        var batch = new ScriptedBatch(clock).Fail(new HttpRequestException("redirect"));
        var poll = batch.Poll(classify: e => PollFault.FromHttpResponse(HttpStatusCode.TemporaryRedirect, null, response.Headers, e));

        var error = await Assert.ThrowsAsync<ApiRedirectedException>(() => Drive(clock, BatchWaiter.WaitAsync(poll, Options(clock))));

        Assert.Equal("The API redirected the request (HTTP 307) to https://api.example.com/serve/api/v1/x. Redirects are not followed because the API key is not sent across them; set the base address to https://api.example.com/.", error.Message);
        Assert.Single(batch.RequestTimes);
    }

    [Fact]
    public async Task AnEmptyBodyIsAnUnreadableAnswerRetried_NotANullReference()
    {
        var clock = Clock();
        int calls = 0;
        var poll = new BatchPoll<Video, string>(
            _ => Task.FromResult<IReadOnlyList<Video>>(BatchWaiter.RequireAnswer(++calls == 1 ? null : new List<Video> { ADone }, "GET /x")),
            static v => v.Id,
            static v => v.Status == "PARSE" ? StatusOutcome.Success : StatusOutcome.Pending);

        var result = await Drive(clock, BatchWaiter.WaitAsync(poll, Options(clock)));

        Assert.Equal(WaitOutcome.Succeeded, result.Outcome);
        Assert.Equal("GET /x answered with an empty body; expected a JSON object.", Assert.IsType<JsonException>(result.LastTransientError).Message);
    }
}
