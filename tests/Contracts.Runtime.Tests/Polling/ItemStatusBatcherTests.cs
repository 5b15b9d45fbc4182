using System.Collections.Concurrent;
using Contracts.Testing;
using Contracts.Runtime.Polling;
using CsCheck;
using static Contracts.Runtime.Tests.Polling.Simulation;

namespace Contracts.Runtime.Tests.Polling;

/// <summary>Checking the known items of many waits many at a time, in simulated time.</summary>
[Collection(nameof(SimulatedTime))]
public sealed class ItemStatusBatcherTests
{
    private static readonly DateTimeOffset Deadline = Start.AddHours(1);

    [Fact]
    public async Task DueChecksOfOneGroupGoInOneRequest_OtherGroupsInTheirOwn()
    {
        var clock = Clock();
        using var batcher = new ItemStatusBatcher(100, TimeSpan.FromSeconds(2), clock: clock);
        var requests = new ConcurrentQueue<(string Group, string[] Ids)>();
        Func<IReadOnlyList<Video>, DateTimeOffset, CancellationToken, Task<IReadOnlyList<Video>>> Fetch(string group) => (videos, _, _) =>
        {
            requests.Enqueue((group, videos.Select(v => v.Id).Order().ToArray()));
            return Task.FromResult<IReadOnlyList<Video>>(videos.Select(v => v with { Status = "PARSE" }).ToList());
        };

        var a = batcher.CheckAsync("u1", [new Video("A", "UNPARSE")], v => v.Id, Start.AddSeconds(1), Deadline, Deadline, Fetch("u1"), default);
        var b = batcher.CheckAsync("u1", [new Video("B", "UNPARSE"), new Video("A", "UNPARSE")], v => v.Id, Start.AddSeconds(1), Deadline, Deadline, Fetch("u1"), default);
        var c = batcher.CheckAsync("u2", [new Video("C", "UNPARSE")], v => v.Id, Start.AddSeconds(1), Deadline, Deadline, Fetch("u2"), default);
        var answers = await Drive(clock, Task.WhenAll(a, b, c));

        Assert.Equal(["A"], answers[0]!.Select(v => v.Id));
        Assert.Equal(["A", "B"], answers[1]!.Select(v => v.Id).Order());
        Assert.Equal(["C"], answers[2]!.Select(v => v.Id));
        Assert.All(answers, answer => Assert.All(answer!, v => Assert.Equal("PARSE", v.Status)));
        var sent = requests.ToList();
        Assert.Equal(2, sent.Count);
        Assert.Contains(sent, r => r.Group == "u1" && r.Ids.SequenceEqual(["A", "B"]));   // A asked once for both waits
        Assert.Contains(sent, r => r.Group == "u2" && r.Ids.SequenceEqual(["C"]));
    }

    [Fact]
    public async Task AnItemLeftOutOfTheAnswerIsNoNews_AndAFailureReachesEveryWaitOfTheRequest()
    {
        var clock = Clock();
        using var batcher = new ItemStatusBatcher(100, TimeSpan.Zero, clock: clock);
        var partial = batcher.CheckAsync("u", [new Video("A", "UNPARSE"), new Video("B", "UNPARSE")], v => v.Id, Start, Deadline, Deadline, (videos, _, _) => Task.FromResult<IReadOnlyList<Video>>([new Video("B", "PARSE"), new Video("Z", "PARSE")]), default);
        Assert.Equal([new Video("B", "PARSE")], await Drive(clock, partial));

        var boom = new HttpRequestException("connection reset");
        Task<IReadOnlyList<Video>> Fail(IReadOnlyList<Video> videos, DateTimeOffset deadline, CancellationToken token) => Task.FromException<IReadOnlyList<Video>>(boom);
        var first = batcher.CheckAsync("u", [new Video("A", "UNPARSE")], v => v.Id, clock.GetUtcNow(), Deadline, Deadline, Fail, default);
        var second = batcher.CheckAsync("u", [new Video("C", "UNPARSE")], v => v.Id, clock.GetUtcNow(), Deadline, Deadline, Fail, default);
        await Drive(clock, Task.WhenAll(first, second).ContinueWith(_ => true, TaskScheduler.Default));
        Assert.Same(boom, await Assert.ThrowsAsync<HttpRequestException>(() => first));
        Assert.Same(boom, await Assert.ThrowsAsync<HttpRequestException>(() => second));
    }

    /// <summary>
    /// Regression (found by three mavi processes with Redis stopped under them): a list_videos check
    /// answered 0429 ended the wait as a refusal, because a failed shared check escaped the wait's
    /// fault handling. It is a transient fault like a failed poll: the wait retries and finishes.
    /// </summary>
    [Fact]
    public async Task ATransientFailureOfAnItemCheck_IsRetriedLikeAFailedPoll()
    {
        var clock = Clock();
        using var batcher = new ItemStatusBatcher(100, TimeSpan.Zero, clock: clock);
        int checks = 0;
        var busy = new HttpRequestException("too many requests", null, System.Net.HttpStatusCode.ServiceUnavailable);
        var poll = new ScriptedBatch(clock).Answer(new Video("A", "UNPARSE")).Poll().WithItemChecks(
            (videos, _) => Interlocked.Increment(ref checks) == 1
                ? Task.FromException<IReadOnlyList<Video>>(busy)
                : Task.FromResult<IReadOnlyList<Video>>([new Video("A", "PARSE")]),
            "default");
        var options = Options(clock);
        options.ItemBatcher = batcher;

        var result = await Drive(clock, BatchWaiter.WaitAsync(poll, options));

        Assert.Equal(WaitOutcome.Succeeded, result.Outcome);
        Assert.Same(busy, result.LastTransientError);
        Assert.Equal(2, checks);
    }

    [Fact]
    public async Task ACheckThatGetsNoRequestBeforeItsDeadlineEndsEmptyHanded()
    {
        var clock = Clock();
        using var batcher = new ItemStatusBatcher(1, TimeSpan.FromMinutes(10), clock: clock);
        int fetches = 0;
        Task<IReadOnlyList<Video>> Fetch(IReadOnlyList<Video> videos, DateTimeOffset deadline, CancellationToken token)
        {
            Interlocked.Increment(ref fetches);
            return Task.FromResult(videos);
        }

        // One item per request, one request per ten minutes: the second check's deadline comes first.
        var first = batcher.CheckAsync("u", [new Video("A", "UNPARSE")], v => v.Id, Start, Deadline, Deadline, Fetch, default);
        var second = batcher.CheckAsync("u", [new Video("B", "UNPARSE")], v => v.Id, Start, Start.AddMinutes(1), Start.AddMinutes(1), Fetch, default);
        var answers = await Drive(clock, Task.WhenAll(first, second), TimeSpan.FromSeconds(5));

        Assert.NotNull(answers[0]);
        Assert.Null(answers[1]);
        Assert.Equal(1, fetches);
    }

    [Fact]
    public async Task AWaitAloneOnTheSchedulerPollsItsBatchAsWithoutABatcher()
    {
        var clock = Clock();
        using var budget = new SpacedRateLimiter(TimeSpan.FromSeconds(1), clock);
        using var scheduler = new AccountPollScheduler(budget, TimeSpan.FromSeconds(1), clock);
        using var batcher = new ItemStatusBatcher(100, TimeSpan.FromSeconds(2), clock: clock);
        var account = new SimulatedAccount(clock);
        var task = account.Add(listedAfter: TimeSpan.FromSeconds(5), finishedAfter: TimeSpan.FromSeconds(40));

        var result = await Drive(clock, BatchWaiter.WaitAsync(task.Poll("t1"), WithBatcher(clock, scheduler, batcher)));

        Assert.Equal(WaitOutcome.Succeeded, result.Outcome);
        Assert.Equal(0, task.ItemChecks);
        Assert.Equal(result.Attempts, task.BatchPolls);

        // Regression: a wait alone once put its next poll off until the batch refresh (5 minutes).
        var maxDelay = Options(clock).MaxDelay;
        Assert.True(result.Elapsed <= TimeSpan.FromSeconds(40) + maxDelay + TimeSpan.FromSeconds(2), $"noticed after {result.Elapsed}, later than its own backoff allows");
    }

    [Fact]
    public async Task ManyWaitsCheckTheirListedItemsTogether_AndStillNoticeNewItemsOnRefresh()
    {
        var clock = Clock();
        using var budget = new SpacedRateLimiter(TimeSpan.FromSeconds(1), clock);
        using var scheduler = new AccountPollScheduler(budget, TimeSpan.FromSeconds(1), clock);
        using var batcher = new ItemStatusBatcher(100, TimeSpan.FromSeconds(2), clock: clock);
        var account = new SimulatedAccount(clock);
        var tasks = Enumerable.Range(0, 20).Select(i => account.Add(TimeSpan.FromSeconds(3 + i), TimeSpan.FromSeconds(200 + (i * 20)))).ToList();

        // The first task gains a second video after two minutes; only a poll of the batch can see it.
        tasks[0].SecondVideoAfter = TimeSpan.FromMinutes(2);
        var waits = tasks.Select((t, i) =>
        {
            var options = WithBatcher(clock, scheduler, batcher);
            options.BatchRefreshInterval = TimeSpan.FromMinutes(3);
            options.Timeout = TimeSpan.FromMinutes(30);
            return BatchWaiter.WaitAsync(t.Poll("t" + i), options);
        }).ToList();
        var results = await Drive(clock, Task.WhenAll(waits), TimeSpan.FromMilliseconds(500));

        Assert.All(results, r => Assert.Equal(WaitOutcome.Succeeded, r.Outcome));
        Assert.Equal(2, results[0].Items.Count);
        Assert.All(tasks.Skip(1), t => Assert.True(t.ItemChecks > 0, "a wait's video was never checked through the batcher"));
        int batchPolls = tasks.Sum(t => t.BatchPolls);
        Assert.True(batcher.RequestsSent + batchPolls < results.Sum(r => r.Attempts), $"{batcher.RequestsSent} item requests and {batchPolls} batch polls for {results.Sum(r => r.Attempts)} attempts: nothing was shared");
    }

    private static PollingOptions WithBatcher(Microsoft.Extensions.Time.Testing.FakeTimeProvider clock, AccountPollScheduler scheduler, ItemStatusBatcher batcher)
    {
        var options = Options(clock);
        options.Scheduler = scheduler;
        options.ItemBatcher = batcher;
        return options;
    }

    /// <summary>An account's tasks; an item check (like list_videos by ids) answers for any of them.</summary>
    private sealed class SimulatedAccount(TimeProvider clock)
    {
        private readonly List<SimulatedTask> _tasks = new();

        public SimulatedTask Add(TimeSpan listedAfter, TimeSpan finishedAfter)
        {
            var task = new SimulatedTask(this, clock, listedAfter, finishedAfter);
            _tasks.Add(task);
            return task;
        }

        public IReadOnlyList<Video> Check(IReadOnlyList<Video> videos)
        {
            var answer = new List<Video>();
            foreach (var task in _tasks)
            {
                var now = task.Videos().Where(v => videos.Any(asked => asked.Id == v.Id)).ToList();
                if (now.Count > 0)
                {
                    task.CountCheck();
                    answer.AddRange(now);
                }
            }

            return answer;
        }
    }

    /// <summary>A task whose video is listed, then finishes, at given moments; it counts how it is asked.</summary>
    private sealed class SimulatedTask(SimulatedAccount account, TimeProvider clock, TimeSpan listedAfter, TimeSpan finishedAfter)
    {
        private int _batchPolls;
        private int _itemChecks;

        public TimeSpan? SecondVideoAfter { get; set; }

        public int BatchPolls => _batchPolls;

        public int ItemChecks => _itemChecks;

        public void CountCheck() => Interlocked.Increment(ref _itemChecks);

        public BatchPoll<Video, string> Poll(string id) => new BatchPoll<Video, string>(
            _ =>
            {
                Interlocked.Increment(ref _batchPolls);
                return Task.FromResult(Videos());
            },
            static v => v.Id,
            static v => v.Status == "PARSE" ? StatusOutcome.Success : StatusOutcome.Pending)
        {
            MinimumInterval = TimeSpan.FromSeconds(1),
            EmptyIsAmbiguous = true,
            Key = id,
        }.WithItemChecks((videos, _) => Task.FromResult(account.Check(videos)), "default");

        public IReadOnlyList<Video> Videos()
        {
            var elapsed = clock.GetUtcNow() - Start;
            var videos = new List<Video>();
            if (elapsed >= listedAfter)
            {
                videos.Add(new Video($"V{listedAfter.TotalSeconds}", elapsed >= finishedAfter ? "PARSE" : "UNPARSE"));
            }

            if (SecondVideoAfter is { } second && elapsed >= second)
            {
                videos.Add(new Video($"W{listedAfter.TotalSeconds}", elapsed >= finishedAfter + TimeSpan.FromMinutes(5) ? "PARSE" : "UNPARSE"));
            }

            return videos;
        }
    }

    /// <summary>
    /// Generated checks (groups, items, due times): every check gets exactly its own items back,
    /// no request mixes groups or asks more than the page allows (unless one check alone does),
    /// and no two requests are closer than the window.
    /// </summary>
    [Fact]
    public void GeneratedChecksKeepTheirItemsGroupsPagesAndWindow()
    {
        var check = Gen.Select(Gen.Int[0, 2], Gen.Int[1, 6], Gen.Int[0, 20]).Array[1, 25];
        var stages = Sampling.Check(
            Gen.Select(check, Gen.Int[1, 8], Gen.Int[0, 3]),
            input => RunGenerated(input.Item1, input.Item2, TimeSpan.FromSeconds(input.Item3)).GetAwaiter().GetResult() > 1 ? "several requests" : "one request",
            40,
            input => $"page {input.Item2}, window {input.Item3} s, checks " + string.Join(" ", input.Item1.Select(c => c.ToString())));
        Assert.True(stages.GetValueOrDefault("several requests") > 0, "No case needed more than one request: the window and the page were never tested.");
    }

    /// <returns>How many requests were sent.</returns>
    private static async Task<int> RunGenerated((int Group, int Items, int DueSeconds)[] checks, int page, TimeSpan window)
    {
        var clock = Clock();
        var step = TimeSpan.FromMilliseconds(500);
        using var batcher = new ItemStatusBatcher(page, window, clock: clock);
        var decisions = new ConcurrentQueue<DateTimeOffset>();
        batcher.SentAt = decisions.Enqueue;
        var requests = new ConcurrentQueue<(DateTimeOffset At, string Group, int Items)>();
        var tasks = checks.Select((c, i) =>
        {
            string group = "g" + c.Group;
            var videos = Enumerable.Range(0, c.Items).Select(k => new Video($"{group}-v{(i + k) % 9}", "UNPARSE")).DistinctBy(v => v.Id).ToList();
            return batcher.CheckAsync(group, videos, v => v.Id, Start.AddSeconds(c.DueSeconds), Deadline, Deadline, (all, _, _) =>
            {
                requests.Enqueue((clock.GetUtcNow(), group, all.Count));
                Assert.All(all, v => Assert.StartsWith(group + "-", v.Id, StringComparison.Ordinal));
                return Task.FromResult<IReadOnlyList<Video>>(all.Select(v => v with { Status = "PARSE" }).ToList());
            }, default).ContinueWith(t => (Asked: videos, Answer: t.Result), TaskScheduler.Default);
        }).ToList();

        var results = await Drive(clock, Task.WhenAll(tasks), step);

        foreach (var (asked, answer) in results)
        {
            Assert.Equal(asked.Select(v => v.Id).Order(), answer!.Select(v => v.Id).Order());
        }

        var sent = requests.OrderBy(r => r.At).ToList();
        int largestCheck = results.Max(r => r.Asked.Count);
        Assert.All(sent, r => Assert.True(r.Items <= Math.Max(page, largestCheck), $"{r.Items} items in one request of at most {page}"));

        // Judged on the batcher's own decisions, recorded as it makes them: not on when the fakes,
        // running a moment later while the test moves simulated time on, happen to read the clock.
        var decided = decisions.Order().ToList();
        Assert.Equal(sent.Count, decided.Count);
        Assert.All(decided.Zip(decided.Skip(1)), pair => Assert.True(pair.Second - pair.First >= window, $"two requests decided {pair.Second - pair.First} apart"));
        return sent.Count;
    }
}
