using Contracts.Runtime.Polling;
using Contracts.Testing;
using CsCheck;
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
    public async Task AWakeUp_PollsNow_AndAWakeUpWhoseAnswerIsStillPending_DoesNotEndTheWait_EachUpdateSayingWhetherAHintBroughtIt()
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

        var seen = new List<BatchSnapshot<Video>>();

        var result = await Drive(clock, BatchWaiter.WaitAsync(OnTask(batch, "task-1"), Slow(clock, wakeups), new Recorder(seen)));
        clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(WaitOutcome.Succeeded, result.Outcome);
        Assert.Equal([false, true, true], seen.Select(s => s.FollowedHint));   // the first poll was the schedule's
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
        // A request is stamped when its continuation runs, which on a busy machine can be a
        // simulated step (250 ms) or two after its wake-up; the wake-ups themselves are 5 s apart.
        Assert.All(gaps.Skip(1), gap => Assert.True(gap >= TimeSpan.FromSeconds(4.5), $"two woken polls {gap} apart"));

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

    [Fact]
    public async Task AWaitExpectingItems_EndsOnTheItemsHintsName_ConfirmedByItemChecks_WithoutReadingTheBatch()
    {
        var clock = Clock();
        var batch = new ScriptedBatch(clock).Answer();
        var api = new ItemApi(clock).Exists("A", "PARSE").Exists("B", "PARSE");
        using var batcher = new ItemStatusBatcher(100, TimeSpan.Zero, clock: clock);
        var wakeups = new WaitWakeups(TimeSpan.FromSeconds(5), clock);
        At(clock, TimeSpan.FromSeconds(2), () => wakeups.Wake("task-1"));         // the download's callback names no video
        At(clock, TimeSpan.FromSeconds(10), () => wakeups.Wake("task-1", "A"));
        At(clock, TimeSpan.FromSeconds(20), () => wakeups.Wake("task-1", "B"));
        var options = Slow(clock, wakeups);
        options.ItemBatcher = batcher;

        var result = await Drive(clock, BatchWaiter.WaitAsync(Expecting(batch, api, "task-1", 2), options));

        Assert.Equal(WaitOutcome.Succeeded, result.Outcome);
        Assert.Equal(["A", "B"], result.LastSnapshot.Succeeded.Select(v => v.Id));
        Assert.Empty(batch.RequestTimes);                                          // task status never read
        Assert.Equal([10, 20], api.RequestTimes.Select(t => Math.Round((t - Start).TotalSeconds)));
        Assert.Equal([["A"], ["B"]], api.Asked);
    }

    [Fact]
    public async Task AHintNamingAnItemTheApiDoesNotList_ChangesNothing_AndOneOfTwoExpectedItemsDoesNotEndTheWait()
    {
        var clock = Clock();
        var batch = new ScriptedBatch(clock).Answer().Answer(new Video("A", "PARSE"), new Video("B", "UNPARSE"));
        var api = new ItemApi(clock).Exists("A", "PARSE").Exists("B", "UNPARSE");
        using var batcher = new ItemStatusBatcher(100, TimeSpan.Zero, clock: clock);
        var wakeups = new WaitWakeups(TimeSpan.FromSeconds(5), clock);
        At(clock, TimeSpan.FromSeconds(10), () => wakeups.Wake("task-1", "FORGED"));
        At(clock, TimeSpan.FromSeconds(20), () => wakeups.Wake("task-1", "A"));
        At(clock, TimeSpan.FromSeconds(100), () => api.Exists("B", "PARSE"));    // B's callback is lost
        var options = Slow(clock, wakeups);
        options.ItemBatcher = batcher;
        options.Timeout = TimeSpan.FromMinutes(5);
        var seen = new List<BatchSnapshot<Video>>();

        var result = await Drive(clock, BatchWaiter.WaitAsync(Expecting(batch, api, "task-1", 2), options, new Recorder(seen)));

        // The forged name cost one check and added nothing; A alone (of two) did not end the wait;
        // the batch's own reads, once a minute, then listed B, and checks of it saw it finish.
        Assert.Equal([["FORGED"], ["A"]], api.Asked.Take(2));
        Assert.Equal(WaitOutcome.Succeeded, result.Outcome);
        Assert.DoesNotContain(seen, s => s.Items.Any(v => v.Id == "FORGED"));
        Assert.Contains(seen, s => s.Outcome is null && s.Succeeded.Count == 1 && s.Items.Count == 1);
        Assert.Equal(["A", "B"], result.LastSnapshot.Succeeded.Select(v => v.Id));
        Assert.Equal(2, batch.RequestTimes.Count);
        Assert.True(result.Elapsed > TimeSpan.FromSeconds(100), "not before B finished");
    }

    [Fact]
    public async Task AWaitThatDoesNotKnowHowManyItemsToExpect_ReadsTheBatchWhenAHintNamesAnItemItHasNotSeen()
    {
        var clock = Clock();
        var batch = new ScriptedBatch(clock).Answer().Answer(new Video("A", "PARSE"));
        var api = new ItemApi(clock).Exists("A", "PARSE");
        using var batcher = new ItemStatusBatcher(100, TimeSpan.Zero, clock: clock);
        var wakeups = new WaitWakeups(TimeSpan.FromSeconds(5), clock);
        At(clock, TimeSpan.FromSeconds(10), () => wakeups.Wake("task-1", "A"));
        var options = Slow(clock, wakeups);
        options.ItemBatcher = batcher;
        var poll = Expecting(batch, api, "task-1", 1);
        poll = new BatchPoll<Video, string>(poll.Fetch, poll.GetId, poll.GetOutcome) { BatchId = "task-1", EmptyIsAmbiguous = true, MinimumInterval = poll.MinimumInterval }
            .WithItemChecks(poll.FetchItems!, "default");

        var result = await Drive(clock, BatchWaiter.WaitAsync(poll, options));

        // Only the task can say how many videos it has: the hint makes its next read due now.
        Assert.Equal(WaitOutcome.Succeeded, result.Outcome);
        Assert.Equal([0, 10], batch.RequestTimes.Select(t => Math.Round((t - Start).TotalSeconds)));
        Assert.Empty(api.Asked);
    }

    [Fact]
    public async Task AHintNamingAnItem_ReachesAWaitQueuedAtTheAccountScheduler_WhichGivesUpItsTurnForTheCheck()
    {
        var clock = Clock();
        var batch = new ScriptedBatch(clock).Answer();
        var other = new ScriptedBatch(clock).Answer(new Video("X", "UNPARSE"));
        var api = new ItemApi(clock).Exists("A", "PARSE");
        using var budget = new SpacedRateLimiter(TimeSpan.FromSeconds(1), clock);
        using var scheduler = new AccountPollScheduler(budget, TimeSpan.FromSeconds(1), clock);
        using var batcher = new ItemStatusBatcher(100, TimeSpan.Zero, clock: clock);
        var wakeups = new WaitWakeups(TimeSpan.FromSeconds(5), clock);
        At(clock, TimeSpan.FromSeconds(10), () => wakeups.Wake("task-1", "A"));
        var options = Slow(clock, wakeups);
        options.ItemBatcher = batcher;
        options.Scheduler = scheduler;
        options.Timeout = TimeSpan.FromMinutes(2);

        var waits = Task.WhenAll(
            BatchWaiter.WaitAsync(Expecting(batch, api, "task-1", 1), options),
            BatchWaiter.WaitAsync(OnTask(other, "task-2"), options));
        var results = await Drive(clock, waits);

        Assert.Equal(WaitOutcome.Succeeded, results[0].Outcome);
        Assert.Empty(batch.RequestTimes);
        Assert.InRange((Assert.Single(api.RequestTimes) - Start).TotalSeconds, 10, 11.5);   // its scheduled read was due at 60 s
        Assert.InRange(results[0].Elapsed.TotalSeconds, 10, 11.5);
    }

    [Fact]
    public void HintsNamingItems_WithinTheWindow_AreKeptTogetherForItsEnd_AndAHintAboutTheWholeBatchDoesNotHoldThemBack()
    {
        var clock = Clock();
        using var wakeups = new WaitWakeups(TimeSpan.FromSeconds(5), clock);
        var named = new List<string[]>();
        using var registration = wakeups.Register("task-1", items => named.Add([.. items.Order()]));

        wakeups.Wake("task-1");                 // the download's callback: its own window
        wakeups.Wake("task-1", "A");            // named: woken at once all the same
        clock.Advance(TimeSpan.FromSeconds(1));
        wakeups.Wake("task-1", "C");
        wakeups.Wake("task-1", "B");
        wakeups.Wake("task-1");                 // within the batch's window: kept for its end
        clock.Advance(TimeSpan.FromSeconds(4));

        // At 5 s both windows end, in either order.
        Assert.Equal([[], ["A"]], named.Take(2));
        Assert.Equal(4, named.Count);
        Assert.Contains(named.Skip(2), items => items.SequenceEqual(["B", "C"]));
        Assert.Contains(named.Skip(2), items => items.Length == 0);
    }

    /// <summary>
    /// Generated tasks (1 to 3 expected videos, each finishing at its own moment) and generated
    /// hints: the real videos' names, names of videos the task does not have, hints about the whole
    /// task, at any moment and in any order. Whatever comes, a wait succeeds only once every
    /// expected video has finished by the API's answers, holds only the task's own videos, and
    /// never ends "not found" (the task lists its videos).
    /// </summary>
    [Fact]
    public void WhateverHintsCome_AWaitOnACreatedTaskSucceedsOnlyOnTheApisAnswers_AndHoldsOnlyTheTasksOwnVideos()
    {
        var hint = Gen.Select(Gen.Int[0, 100], Gen.Int[0, 4]);
        var gen = Gen.Select(Gen.Int[1, 3], Gen.Int[1, 90].Array[3], hint.Array[0, 12]);
        var stages = Sampling.Check(
            gen,
            input => RunWithHints(input.Item1, input.Item2, input.Item3),
            25,
            input => $"{input.Item1} videos finishing at {string.Join(", ", input.Item2.Take(input.Item1))} s; hints (second, kind 0-2 a video, 3 forged, 4 the task): {string.Join(" ", input.Item3.Select(h => $"{h.Item1}:{h.Item2}"))}");
        stages.AssertReached(nameof(WaitOutcome.Succeeded));
    }

    /// <summary>
    /// Regression (found by the property above, seed eM2_86L-xaC2): names of a video the task does
    /// not have, every few seconds, each pushed the task's next read back a whole delay, so the task
    /// was never read, and the wait ended "not found" on checks that had found nothing.
    /// </summary>
    [Fact]
    public void HintsNamingVideosTheTaskDoesNotHave_DoNotPutOffItsReads_NorMakeItNotFound() =>
        Assert.Equal(nameof(WaitOutcome.Succeeded), RunWithHints(1, [43], [(41, 2), (57, 2), (61, 3), (14, 4), (99, 2), (18, 3), (34, 4)]));

    private static string RunWithHints(int videos, int[] finishSeconds, (int At, int Kind)[] hints)
    {
        var clock = Clock();
        var finishes = finishSeconds.Take(videos).Select(s => Start.AddSeconds(s)).ToArray();
        string StatusOf(int k) => clock.GetUtcNow() >= finishes[k] ? "PARSE" : "UNPARSE";
        bool Real(string id) => id.Length == 2 && id[0] == 'V' && id[1] - '0' is var k && k >= 0 && k < videos;
        var batchReads = 0;
        var poll = new BatchPoll<Video, string>(
            _ =>
            {
                batchReads++;
                return Task.FromResult<IReadOnlyList<Video>>([.. Enumerable.Range(0, videos).Select(k => new Video("V" + k, StatusOf(k)))]);
            },
            static v => v.Id,
            Video.OutcomeOf)
        {
            MinimumInterval = TimeSpan.FromSeconds(1),
            EmptyIsAmbiguous = true,
            BatchId = "task-1",
        }.WithItemChecks(
            (items, _) => Task.FromResult<IReadOnlyList<Video>>([.. items.Where(v => Real(v.Id)).Select(v => new Video(v.Id, StatusOf(v.Id[1] - '0')))]),
            "default").WithExpectedItems(videos, static id => new Video(id, "UNKNOWN"));
        using var batcher = new ItemStatusBatcher(100, TimeSpan.Zero, clock: clock);
        using var wakeups = new WaitWakeups(TimeSpan.FromSeconds(5), clock);
        var timers = hints.Select(h => clock.CreateTimer(
            _ => wakeups.Wake("task-1", h.Kind switch { < 3 => "V" + h.Kind, 3 => "FORGED-" + h.At, _ => null }),
            null,
            TimeSpan.FromSeconds(h.At),
            Timeout.InfiniteTimeSpan)).ToList();
        var options = Slow(clock, wakeups);
        options.ItemBatcher = batcher;
        options.Timeout = TimeSpan.FromMinutes(3);
        var seen = new List<BatchSnapshot<Video>>();

        var result = Drive(clock, BatchWaiter.WaitAsync(poll, options, new Recorder(seen)), TimeSpan.FromSeconds(1)).GetAwaiter().GetResult();
        GC.KeepAlive(timers);

        Assert.All(seen, snapshot => Assert.All(snapshot.Items, v => Assert.True(Real(v.Id), $"{v.Id} is not one of the task's videos")));
        Assert.NotEqual(WaitOutcome.NotFoundOrNotStarted, result.Outcome);
        if (result.Outcome == WaitOutcome.Succeeded)
        {
            Assert.Equal(videos, result.LastSnapshot.Succeeded.Count);
            Assert.True(Start + result.Elapsed >= finishes.Max(), "succeeded before its last video finished");
        }

        return result.Outcome.ToString();
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

    /// <summary>A wait on <paramref name="taskId"/> that expects <paramref name="expected"/> items and checks them through <paramref name="api"/>.</summary>
    private static BatchPoll<Video, string> Expecting(ScriptedBatch batch, ItemApi api, string taskId, int expected) =>
        OnTask(batch, taskId).WithItemChecks(api.CheckAsync, "default").WithExpectedItems(expected, static id => new Video(id, "UNKNOWN"));

    /// <summary>An item endpoint filtered by ids (list_videos with video_nos): lists the items that exist, nothing for others.</summary>
    private sealed class ItemApi(FakeTimeProvider clock)
    {
        private readonly Dictionary<string, string> _statuses = new();

        public List<DateTimeOffset> RequestTimes { get; } = new();

        public List<string[]> Asked { get; } = new();

        public ItemApi Exists(string id, string status)
        {
            _statuses[id] = status;
            return this;
        }

        public Task<IReadOnlyList<Video>> CheckAsync(IReadOnlyList<Video> items, CancellationToken cancellationToken)
        {
            RequestTimes.Add(clock.GetUtcNow());
            Asked.Add([.. items.Select(v => v.Id)]);
            return Task.FromResult<IReadOnlyList<Video>>([.. items.Where(v => _statuses.ContainsKey(v.Id)).Select(v => new Video(v.Id, _statuses[v.Id]))]);
        }
    }

    private sealed class Recorder(List<BatchSnapshot<Video>> seen) : IProgress<BatchSnapshot<Video>>
    {
        public void Report(BatchSnapshot<Video> value) => seen.Add(value);
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
