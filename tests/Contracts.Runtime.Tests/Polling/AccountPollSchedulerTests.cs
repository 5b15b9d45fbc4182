using Contracts.Runtime.Polling;
using Microsoft.Extensions.Logging;
using static Contracts.Runtime.Tests.Polling.Simulation;

namespace Contracts.Runtime.Tests.Polling;

/// <summary>Many waits on one account's budget, through the scheduler, in simulated time.</summary>
[Collection(nameof(SimulatedTime))]
public sealed class AccountPollSchedulerTests
{
    private static readonly Video ADone = new("A", "PARSE");
    private static readonly Video APending = new("A", "UNPARSE");

    [Fact]
    public async Task WaitsOnTheSameBatchShareEveryPoll()
    {
        var clock = Clock();
        using var budget = new SpacedRateLimiter(TimeSpan.FromSeconds(1), clock);
        using var scheduler = new AccountPollScheduler(budget, TimeSpan.FromSeconds(1), clock);
        budget.AttemptAcquire(1).Dispose();   // the first permit comes in 1 s: both waits register before it
        var batch = new ScriptedBatch(clock).Answer(APending).Answer(APending).Answer(ADone);
        var poll = Keyed(batch.Poll(), "task-1");

        var first = BatchWaiter.WaitAsync(poll, Options(clock, scheduler));
        var second = BatchWaiter.WaitAsync(poll, Options(clock, scheduler));
        var results = await Drive(clock, Task.WhenAll(first, second));

        Assert.All(results, r => Assert.Equal(WaitOutcome.Succeeded, r.Outcome));
        Assert.Equal(3, results[0].Answers);
        Assert.True(batch.RequestTimes.Count < results.Sum(r => r.Answers), $"{batch.RequestTimes.Count} requests for {results.Sum(r => r.Answers)} answers: no poll was shared.");
    }

    [Fact]
    public async Task ThePermitGoesToTheMostOverduePoll()
    {
        var clock = Clock();
        using var budget = new SpacedRateLimiter(TimeSpan.FromSeconds(10), clock);
        budget.AttemptAcquire(1).Dispose();   // the next permit comes in 10 s
        using var scheduler = new AccountPollScheduler(budget, TimeSpan.FromSeconds(10), clock);
        var order = new List<string>();
        SharedFetch<int> Fetch(string name) => (_, _) => { lock (order) { order.Add(name); } return Task.FromResult(0); };
        var deadline = Start.AddHours(1);

        var late = scheduler.PollAsync("late", Start.AddSeconds(5), Start, deadline, deadline, Fetch("due at 5 s"), default);
        var overdue = scheduler.PollAsync("overdue", Start.AddSeconds(1), Start, deadline, deadline, Fetch("due at 1 s"), default);
        var tie = scheduler.PollAsync("tie", Start.AddSeconds(1), Start.AddSeconds(-60), deadline, deadline, Fetch("due at 1 s, polled longest ago"), default);
        await Drive(clock, Task.WhenAll(late, overdue, tie), TimeSpan.FromMilliseconds(500));

        Assert.Equal(["due at 1 s, polled longest ago", "due at 1 s", "due at 5 s"], order);
    }

    [Fact]
    public async Task AWaitThatNeverGetsATurnTimesOutStarved_AndAWarningSaysSo()
    {
        var clock = Clock();
        var logger = new ListLogger();
        using var budget = new SpacedRateLimiter(TimeSpan.FromSeconds(20), clock);
        using var scheduler = new AccountPollScheduler(budget, TimeSpan.FromSeconds(20), clock, logger);
        var waits = Enumerable.Range(0, 5).Select(i =>
        {
            var options = Options(clock, scheduler);
            options.Timeout = TimeSpan.FromSeconds(30);
            return BatchWaiter.WaitAsync(Keyed(new ScriptedBatch(clock).Answer(APending).Poll(), "task-" + i), options);
        }).ToList();

        var results = await Drive(clock, Task.WhenAll(waits));

        Assert.DoesNotContain(results, r => r.Outcome == WaitOutcome.NotFoundOrNotStarted);
        Assert.All(results, r => Assert.Equal(WaitOutcome.TimedOut, r.Outcome));
        Assert.Contains(results, r => r.Attempts == 0 && r.Answers == 0);
        Assert.Contains(logger.Messages, m => m.Contains("more than fit in the", StringComparison.Ordinal));
    }

    /// <summary>
    /// Regression (scheduler simulation, 1,000 waits): a wait answered empty once while its task was
    /// still downloading, then starved until its deadline, ended not-found; what it saw no longer
    /// stood, and an empty answer inside the grace period is what downloading looks like.
    /// </summary>
    [Fact]
    public async Task AWaitStarvedAfterOneEarlyEmptyAnswerTimesOut_NotNotFound()
    {
        var clock = Clock();
        using var budget = new SpacedRateLimiter(TimeSpan.FromSeconds(1), clock);
        using var scheduler = new AccountPollScheduler(budget, TimeSpan.FromMinutes(10), clock);
        var batch = new ScriptedBatch(clock).Answer();
        var poll = new BatchPoll<Video, string>(batch.Poll().Fetch, v => v.Id, v => StatusOutcome.Pending) { MinimumInterval = TimeSpan.FromSeconds(1), EmptyIsAmbiguous = true, Key = "starved" };
        var options = Options(clock, scheduler);
        options.Timeout = TimeSpan.FromSeconds(50);

        // Another wait's poll holds the budget from the first answer until past the deadline.
        var hog = new BatchPoll<Video, string>(async token => { await Task.Delay(TimeSpan.FromMinutes(5), clock, token).ConfigureAwait(false); return []; }, v => v.Id, v => StatusOutcome.Pending) { MinimumInterval = TimeSpan.FromSeconds(1), Key = "hog" };
        var hogOptions = Options(clock, scheduler);
        hogOptions.AttemptTimeout = TimeSpan.FromMinutes(10);
        hogOptions.Timeout = TimeSpan.FromMinutes(10);
        var starved = BatchWaiter.WaitAsync(poll, options);
        var hogging = BatchWaiter.WaitAsync(hog, hogOptions);
        var result = await Drive(clock, starved, TimeSpan.FromMilliseconds(500));

        Assert.Equal((1, 1), (result.Attempts, result.Answers));
        Assert.Equal(WaitOutcome.TimedOut, result.Outcome);
        await Drive(clock, hogging, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task HundredWaitsStayWithinTheBudgetAndEndAsObserved()
    {
        var clock = Clock();
        using var budget = new SpacedRateLimiter(TimeSpan.FromSeconds(1), clock);
        using var scheduler = new AccountPollScheduler(budget, TimeSpan.FromSeconds(1), clock);
        var random = new Random(42);
        var sent = new List<DateTimeOffset>();
        var waits = Enumerable.Range(0, 100).Select(i =>
        {
            var finishesAt = Start.AddSeconds(random.Next(0, 600));
            var poll = new BatchPoll<Video, string>(
                _ =>
                {
                    lock (sent)
                    {
                        sent.Add(clock.GetUtcNow());
                    }

                    return Task.FromResult<IReadOnlyList<Video>>([new Video("V" + i, clock.GetUtcNow() >= finishesAt ? "PARSE" : "UNPARSE")]);
                },
                static v => v.Id,
                static v => v.Status == "PARSE" ? StatusOutcome.Success : StatusOutcome.Pending)
            {
                MinimumInterval = TimeSpan.FromSeconds(1),
                Key = "task-" + i,
            };
            var options = Options(clock, scheduler);
            options.Timeout = TimeSpan.FromHours(2);
            return BatchWaiter.WaitAsync(poll, options);
        }).ToList();

        var results = await Drive(clock, Task.WhenAll(waits), TimeSpan.FromSeconds(1), maxSteps: 20_000);

        Assert.All(results, r => Assert.Equal(WaitOutcome.Succeeded, r.Outcome));
        var ordered = sent.Order().ToList();
        Assert.All(ordered.Zip(ordered.Skip(1)), pair => Assert.True(pair.Second - pair.First >= TimeSpan.FromSeconds(1), $"two requests {pair.Second - pair.First} apart"));
    }

    private static PollingOptions Options(Microsoft.Extensions.Time.Testing.FakeTimeProvider clock, AccountPollScheduler scheduler)
    {
        var options = Simulation.Options(clock);
        options.Scheduler = scheduler;
        return options;
    }

    private static BatchPoll<Video, string> Keyed(BatchPoll<Video, string> poll, string key) =>
        new(poll.Fetch, poll.GetId, poll.GetOutcome) { MinimumInterval = poll.MinimumInterval, EmptyIsAmbiguous = poll.EmptyIsAmbiguous, Key = key };

    private sealed class ListLogger : ILogger
    {
        public List<string> Messages { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Messages)
            {
                Messages.Add(formatter(state, exception));
            }
        }
    }
}
