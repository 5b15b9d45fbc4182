using Contracts.Testing;
using Contracts.Runtime.Polling;
using CsCheck;
using static Contracts.Runtime.Tests.Polling.Simulation;

namespace Contracts.Runtime.Tests.Polling;

/// <summary>
/// The same answers give the same outcome wherever the deadline falls between two polls, and no
/// request goes out that nobody waits for.
/// </summary>
[Collection(nameof(SimulatedTime))]
public sealed class OutcomeTimingTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(250);

    private enum Budget
    {
        Alone,
        SharedLimiter,
        Scheduler,
    }

    /// <summary>
    /// Regression (issue 26: `mavi tasks wait --timeout 6s` against a server answering every poll
    /// with an empty list ended NotFoundOrNotStarted five runs in six and TimedOut once, and its last
    /// request went out at the deadline to be cut at once). Generated timeouts, delays, grace periods,
    /// latencies and random streams, through each way of spending the budget: always not-found, every
    /// request answered, none sent later than half the answer window before the deadline.
    /// </summary>
    [Fact]
    public void AServerThatAlwaysAnswersEmptyEndsNotFound_WithEveryRequestAnswered()
    {
        var gen = Gen.Select(Gen.Int[3, 20], Gen.Int[1, 3], Gen.Int[0, 40], Gen.Double[0, 1], Gen.Int, Gen.Enum<Budget>());
        var stages = Sampling.Check(
            gen,
            input => RunAgainstAnEmptyServer(TimeSpan.FromSeconds(input.Item1), TimeSpan.FromSeconds(input.Item2), TimeSpan.FromSeconds(input.Item3), input.Item4, input.Item5, input.Item6).GetAwaiter().GetResult(),
            40,
            input => $"timeout {input.Item1} s, min delay {input.Item2} s, grace {input.Item3} s, latency {input.Item4:0.00} of a quarter window, random seed {input.Item5}, {input.Item6}");
        stages.AssertReached("deadline before the grace period ended", "grace period ended first");
    }

    [Fact]
    public async Task AWaitWhoseLastRequestFailsTimesOut_ItSawNothingThatStillStands()
    {
        var clock = Clock();
        var batch = new ScriptedBatch(clock).Answer().Fail(new HttpRequestException("connection reset"));   // the failure repeats
        var options = Options(clock);
        options.Timeout = TimeSpan.FromSeconds(6);

        var result = await Drive(clock, BatchWaiter.WaitAsync(batch.Poll(), options), Step);

        Assert.Equal(WaitOutcome.TimedOut, result.Outcome);
        Assert.IsType<HttpRequestException>(result.LastTransientError);
    }

    private static async Task<string> RunAgainstAnEmptyServer(TimeSpan timeout, TimeSpan minDelay, TimeSpan grace, double latencyShare, int seed, Budget budget)
    {
        var clock = Clock();
        var options = Options(clock);
        options.Timeout = timeout;
        options.MinDelay = minDelay;
        options.EmptyGracePeriod = grace;
        options.Random = new Random(seed);
        var window = options.AnswerWindow;
        var latency = window / 4 * latencyShare;
        using var limiter = new SpacedRateLimiter(TimeSpan.FromSeconds(1), clock);
        using var scheduler = new AccountPollScheduler(limiter, TimeSpan.FromSeconds(1), clock);
        switch (budget)
        {
            case Budget.SharedLimiter:
                options.RateLimiter = limiter;
                break;
            case Budget.Scheduler:
                options.Scheduler = scheduler;
                break;
        }

        var sent = new System.Collections.Concurrent.ConcurrentQueue<DateTimeOffset>();
        async Task<IReadOnlyList<Video>> Empty(CancellationToken token)
        {
            sent.Enqueue(clock.GetUtcNow());
            await Task.Delay(latency, clock, token).ConfigureAwait(false);
            return [];
        }

        var poll = new BatchPoll<Video, string>(Empty, static v => v.Id, static _ => StatusOutcome.Pending) { MinimumInterval = TimeSpan.FromSeconds(1), EmptyIsAmbiguous = true };
        var result = await Drive(clock, BatchWaiter.WaitAsync(poll, options), Step);

        var deadline = Start + timeout;
        Assert.Equal(WaitOutcome.NotFoundOrNotStarted, result.Outcome);
        Assert.Null(result.LastTransientError);
        Assert.Equal(result.Attempts, result.Answers);
        Assert.Equal(sent.Count, result.Attempts);
        Assert.All(sent, at => Assert.True(at <= deadline - (window / 2), $"a request went out at {at - Start}, less than half the {window} answer window before the {timeout} deadline"));
        return grace < timeout ? "grace period ended first" : "deadline before the grace period ended";
    }
}
