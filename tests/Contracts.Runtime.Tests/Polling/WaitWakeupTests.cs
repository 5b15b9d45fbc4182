using Contracts.Runtime.Polling;
using Microsoft.Extensions.Time.Testing;
using static Contracts.Runtime.Tests.Polling.Simulation;

namespace Contracts.Runtime.Tests.Polling;

/// <summary>
/// A wake-up (a callback's hint that a task changed) makes the wait poll now instead of at its
/// next scheduled time; only the API's answer can end the wait, and each task is woken at most
/// once per window, whatever arrives.
/// </summary>
[Collection(nameof(SimulatedTime))]
public sealed class WaitWakeupTests : IDisposable
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private readonly List<ITimer> _timers = new();

    [Fact]
    public async Task AWakeUp_PollsNow_AndAWakeUpWhoseAnswerIsStillPending_DoesNotEndTheWait()
    {
        var clock = Clock();
        var batch = new ScriptedBatch(clock)
            .Answer(new Video("A", "UNPARSE"))
            .Answer(new Video("A", "UNPARSE"))    // the first hint was early (or forged): still pending
            .Answer(new Video("A", "PARSE"));
        var wakeups = new WaitWakeups(TimeSpan.FromSeconds(5), clock);
        var woken = new List<bool>();
        At(clock, TimeSpan.FromSeconds(10), () => woken.Add(wakeups.Wake("task-1")));
        At(clock, TimeSpan.FromSeconds(12), () => woken.Add(wakeups.Wake("task-1")));   // within the window: kept for its end, 15 s
        At(clock, TimeSpan.FromSeconds(20), () => woken.Add(wakeups.Wake("task-1")));   // the wait has ended: nobody to wake

        var result = await Drive(clock, BatchWaiter.WaitAsync(OnTask(batch, "task-1"), Slow(clock, wakeups)));
        clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(WaitOutcome.Succeeded, result.Outcome);
        Assert.Equal([true, false, false], woken);
        Assert.Equal([0, 10, 15], batch.RequestTimes.Select(t => Math.Round((t - Start).TotalSeconds)));
        Assert.Equal((2L, 1L, 1L), (wakeups.Woken, wakeups.Deferred, wakeups.Ignored));
    }

    [Fact]
    public async Task AFloodOfHints_CostsAtMostOneRequestPerWindow_AndHintsForOtherTasksNone()
    {
        var clock = Clock();
        var batch = new ScriptedBatch(clock).Answer(new Video("A", "UNPARSE"));
        var wakeups = new WaitWakeups(TimeSpan.FromSeconds(5), clock);
        var options = Slow(clock, wakeups);
        options.Timeout = TimeSpan.FromSeconds(50);
        for (int i = 1; i <= 1000; i++)
        {
            string task = i % 2 == 0 ? "task-1" : "task-other";
            At(clock, TimeSpan.FromMilliseconds(45 * i), () => wakeups.Wake(task));
        }

        var result = await Drive(clock, BatchWaiter.WaitAsync(OnTask(batch, "task-1"), options));

        // 1,000 hints over 45 s, half for this task; the wait watches for them until its last poll
        // (25 s, half its answer window before the deadline): one poll per 5 s window at most.
        Assert.Equal(WaitOutcome.TimedOut, result.Outcome);
        Assert.InRange(batch.RequestTimes.Count, 2, 1 + 6);
        var gaps = batch.RequestTimes.Zip(batch.RequestTimes.Skip(1), (a, b) => b - a).ToList();
        Assert.All(gaps.Skip(1), gap => Assert.True(gap >= TimeSpan.FromSeconds(5) - TimeSpan.FromMilliseconds(1), $"two woken polls {gap} apart"));

        // The hints that come after the wait ended find nobody: they cost no request.
        int requests = batch.RequestTimes.Count;
        clock.Advance(TimeSpan.FromSeconds(50));
        Assert.Equal(1000, wakeups.Woken + wakeups.Deferred + wakeups.Ignored);
        Assert.Equal(requests, batch.RequestTimes.Count);
        Assert.InRange(wakeups.Woken, 1, 6);
    }

    [Fact]
    public async Task WithTheAccountScheduler_AWokenTaskGoesToTheFront_AndTheOthersKeepTheirSchedule()
    {
        var clock = Clock();
        var first = new ScriptedBatch(clock).Answer(new Video("A", "UNPARSE"));
        var second = new ScriptedBatch(clock).Answer(new Video("B", "UNPARSE")).Answer(new Video("B", "PARSE"));
        using var budget = new SpacedRateLimiter(TimeSpan.FromSeconds(1), clock);
        using var scheduler = new AccountPollScheduler(budget, TimeSpan.FromSeconds(1), clock);
        var wakeups = new WaitWakeups(TimeSpan.FromSeconds(5), clock);
        At(clock, TimeSpan.FromSeconds(10), () => wakeups.Wake("task-b"));
        var options = Slow(clock, wakeups);
        options.Scheduler = scheduler;
        options.Timeout = TimeSpan.FromSeconds(45);

        var waits = Task.WhenAll(
            BatchWaiter.WaitAsync(OnTask(first, "task-a"), options),
            BatchWaiter.WaitAsync(OnTask(second, "task-b"), options));
        var results = await Drive(clock, waits);

        Assert.Equal(WaitOutcome.TimedOut, results[0].Outcome);
        Assert.Equal(WaitOutcome.Succeeded, results[1].Outcome);
        Assert.Single(first.RequestTimes);                       // its next poll was due at 60 s, after its deadline
        Assert.Equal(2, second.RequestTimes.Count);
        Assert.InRange((second.RequestTimes[1] - Start).TotalSeconds, 10, 11.5);
    }

    [Fact]
    public void AHintForATaskNobodyWaitsOn_IsIgnored()
    {
        var wakeups = new WaitWakeups(TimeSpan.FromSeconds(5), Clock());

        Assert.False(wakeups.Wake("task-nobody-waits-on"));
        Assert.Equal((0, 1), (wakeups.Woken, wakeups.Ignored));
    }

    public void Dispose()
    {
        foreach (var timer in _timers)
        {
            timer.Dispose();
        }
    }

    private static BatchPoll<Video, string> OnTask(ScriptedBatch batch, string taskId)
    {
        var poll = batch.Poll();
        return new BatchPoll<Video, string>(poll.Fetch, poll.GetId, poll.GetOutcome)
        {
            MinimumInterval = poll.MinimumInterval,
            EmptyIsAmbiguous = poll.EmptyIsAmbiguous,
            Subject = "GET /wakeups",
            Key = "wakeups:" + taskId,
            BatchId = taskId,
        };
    }

    /// <summary>Options whose own schedule polls once a minute: any earlier poll is a wake-up's.</summary>
    private static PollingOptions Slow(FakeTimeProvider clock, WaitWakeups wakeups)
    {
        var options = Options(clock);
        options.MinDelay = options.MaxDelay = Minute;
        options.Timeout = TimeSpan.FromMinutes(10);
        options.Wakeups = wakeups;
        return options;
    }

    /// <summary>Runs <paramref name="action"/> at a simulated moment. The timers are kept: an unreferenced timer may be collected before it fires.</summary>
    private void At(FakeTimeProvider clock, TimeSpan after, Action action) =>
        _timers.Add(clock.CreateTimer(_ => action(), null, after, Timeout.InfiniteTimeSpan));
}
