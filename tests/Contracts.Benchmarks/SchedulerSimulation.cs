using System.Text;
using Contracts.Runtime;
using Contracts.Runtime.Polling;
using Microsoft.Extensions.Time.Testing;

namespace Contracts.Benchmarks;

/// <summary>
/// Many waits on one account's 1 request/s, in simulated time: each task finishes at a seeded
/// random moment within 10 minutes. Compares the waits each looping on the shared limiter (the
/// engine without a scheduler), the account-wide scheduler, fixed 10 s polling with no limiter,
/// and the best possible (one request per task, just after it finishes, one per second).
/// Reports requests, rate breaches (two requests under 1 s apart), outcomes and lag (from a task
/// finishing to its wait noticing).
/// </summary>
public static class SchedulerSimulation
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ListInterval = TimeSpan.FromMilliseconds(200);
    private const int MaxVideosPerList = 100;

    public sealed record Row(string Strategy, int Waits, int Requests, int Breaches, int Done, int TimedOut, int NeverPolled, int NotFound, double LagP50, double LagP95, double LagMax)
    {
        public int ListRequests { get; init; }

        public double LagP90 { get; init; }

        /// <summary>The waits whose task's every callback copy about its video was lost: their lag p50 (s).</summary>
        public double LostLagP50 { get; init; }

        public int LostCallbacks { get; init; }

        /// <summary>Waits that ended on something other than their own video, finished.</summary>
        public int Misreported { get; init; }
    }

    /// <summary>How the API's callbacks misbehave in a run with callbacks (seeded).</summary>
    /// <param name="Loss">The share of callbacks never sent.</param>
    /// <param name="Duplication">The share sent twice.</param>
    /// <param name="MaxDelay">Each copy comes after a random delay up to this, so they can overtake each other.</param>
    /// <param name="Forged">Hints that are not the API's: replays of ended tasks' callbacks, and callbacks naming a live task with a video it does not have.</param>
    public sealed record CallbackFaults(double Loss, double Duplication, TimeSpan MaxDelay, int Forged = 0);

    /// <summary>How the engine's waits share the account.</summary>
    public enum Strategy
    {
        /// <summary>Each wait loops on the shared limiter (the engine without a scheduler).</summary>
        SharedLimiter,

        /// <summary>The account-wide scheduler, every poll a task-status request.</summary>
        Scheduler,

        /// <summary>The scheduler, and listed videos checked many at a time through list_videos.</summary>
        SchedulerWithItemChecks,

        /// <summary>
        /// As <see cref="SchedulerWithItemChecks"/>, for tasks created through the client (one
        /// video each, expected), with the API's callbacks as hints (<see cref="WaitWakeups"/>).
        /// </summary>
        SchedulerWithCallbacks,
    }

    /// <summary>The callback table: polling alone against callbacks as the targets put them, and forged hints.</summary>
    public static async Task<string> CallbackReportAsync(int waits)
    {
        var timeout = TimeSpan.FromMinutes(30);
        var faults = new CallbackFaults(0.10, 0.05, TimeSpan.FromSeconds(5));
        var rows = new List<Row>
        {
            await RunAsync(waits, Strategy.SchedulerWithItemChecks, timeout, faults),
            await RunAsync(waits, Strategy.SchedulerWithCallbacks, timeout, faults),
            await RunAsync(waits, Strategy.SchedulerWithCallbacks, timeout, faults with { Forged = 1_000 }),
            BestPossible(waits),
        };
        var text = new StringBuilder("| strategy | waits | requests (task status + list) | per task | breaches | done / timed out / not found / misreported | lag p50 / p90 / max (s) | lost callbacks: waits, lag p50 (s) |\n|---|---|---|---|---|---|---|---|\n");
        foreach (var row in rows)
        {
            text.Append($"| {row.Strategy} | {row.Waits} | {row.Requests} ({row.Requests - row.ListRequests} + {row.ListRequests}) | {(double)row.Requests / row.Waits:0.00} | {row.Breaches} | {row.Done} / {row.TimedOut} / {row.NotFound} / {row.Misreported} | {row.LagP50:0.0} / {row.LagP90:0.0} / {row.LagMax:0} | {row.LostCallbacks}, {row.LostLagP50:0} |\n");
        }

        return text.ToString();
    }

    public static async Task<string> ReportAsync(IReadOnlyList<int> counts, TimeSpan? timeout = null)
    {
        var text = new StringBuilder("| strategy | waits | requests (task status + list) | breaches | done / timed out / never polled / not found | lag p50 / p95 / max (s) |\n|---|---|---|---|---|---|\n");
        foreach (int count in counts)
        {
            var rows = new List<Row>();
            foreach (var strategy in Enum.GetValues<Strategy>().Where(s => s != Strategy.SchedulerWithCallbacks))
            {
                rows.Add(await RunAsync(count, strategy, timeout));
            }

            rows.Add(FixedTenSeconds(count));
            rows.Add(BestPossible(count));
            foreach (var row in rows)
            {
                text.Append($"| {row.Strategy} | {row.Waits} | {row.Requests} ({row.Requests - row.ListRequests} + {row.ListRequests}) | {row.Breaches} | {row.Done} / {row.TimedOut} / {row.NeverPolled} / {row.NotFound} | {row.LagP50:0} / {row.LagP95:0} / {row.LagMax:0} |\n");
            }
        }

        return text.ToString();
    }

    /// <summary>The engine on one account, with the given strategy.</summary>
    public static async Task<Row> RunAsync(int waits, Strategy strategy, TimeSpan? timeout = null, CallbackFaults? faults = null)
    {
        var clock = new FakeTimeProvider(Start);
        using var budget = new SpacedRateLimiter(Interval, clock);
        using var listBudget = new SpacedRateLimiter(ListInterval, clock);
        using var scheduler = new AccountPollScheduler(budget, Interval, clock);
        using var batcher = new ItemStatusBatcher(MaxVideosPerList, TimeSpan.FromSeconds(2), listBudget, clock);
        var finishes = FinishTimes(waits);
        var listed = ListedTimes(finishes);
        var sent = new List<DateTimeOffset>();
        var listSent = new List<DateTimeOffset>();
        var noticed = new DateTimeOffset?[waits];
        bool callbacks = strategy == Strategy.SchedulerWithCallbacks;
        if (callbacks && faults is null)
        {
            throw new ArgumentException("A run with callbacks needs their faults.", nameof(faults));
        }

        using var wakeups = callbacks ? new WaitWakeups(TimeSpan.FromSeconds(5), clock) : null;
        var lost = faults is null ? new bool[waits] : LostVideoCallbacks(waits, faults);
        var timers = callbacks ? ScheduleCallbacks(clock, wakeups!, finishes, listed, faults!, lost) : [];
        var ended = new bool[waits];

        (string Id, bool Done) Video(int i, DateTimeOffset now)
        {
            bool done = now >= finishes[i];
            if (done)
            {
                noticed[i] ??= now;
            }

            return ("V" + i, done);
        }

        var tasks = Enumerable.Range(0, waits).Select(i =>
        {
            var poll = new BatchPoll<(string Id, bool Done), string>(
                _ =>
                {
                    var now = clock.GetUtcNow();
                    lock (sent)
                    {
                        sent.Add(now);
                        return Task.FromResult<IReadOnlyList<(string, bool)>>(now < listed[i] ? [] : [Video(i, now)]);
                    }
                },
                static v => v.Id,
                static v => v.Done ? StatusOutcome.Success : StatusOutcome.Pending)
            {
                MinimumInterval = Interval,
                EmptyIsAmbiguous = true,
                Key = "task-" + i,
            };
            poll = poll.WithItemChecks(
                (videos, _) =>
                {
                    var now = clock.GetUtcNow();
                    lock (sent)
                    {
                        listSent.Add(now);

                        // list_videos filtered by number lists the videos that exist, and nothing for a forged number.
                        return Task.FromResult<IReadOnlyList<(string, bool)>>(videos
                            .Select(v => int.TryParse(v.Id.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture, out int j) && j >= 0 && j < waits && now >= listed[j] ? j : -1)
                            .Where(j => j >= 0)
                            .Select(j => Video(j, now))
                            .ToList());
                    }
                },
                itemGroup: "default");
            if (callbacks)
            {
                poll = new BatchPoll<(string Id, bool Done), string>(poll.Fetch, poll.GetId, poll.GetOutcome)
                {
                    MinimumInterval = Interval,
                    EmptyIsAmbiguous = true,
                    Key = "task-" + i,
                    BatchId = "task-" + i,
                }.WithItemChecks(poll.FetchItems!, "default").WithExpectedItems(1, static id => (id, false));
            }

            var options = new PollingOptions
            {
                TimeProvider = clock,
                Random = new Random(i),
                Timeout = timeout ?? TimeSpan.FromMinutes(10),
                RateLimiter = strategy == Strategy.SharedLimiter ? budget : null,
                Scheduler = strategy == Strategy.SharedLimiter ? null : scheduler,
                ItemBatcher = strategy is Strategy.SchedulerWithItemChecks or Strategy.SchedulerWithCallbacks ? batcher : null,
                Wakeups = wakeups,
            };
            int index = i;
            return BatchWaiter.WaitAsync(poll, options).ContinueWith(
                task =>
                {
                    ended[index] = true;
                    return task.Result;
                },
                TaskScheduler.Default);
        }).ToList();

        // Simulated time moves in small steps, each after the work it released has run (a real
        // millisecond), so that no wait falls behind the clock.
        var forgers = callbacks && faults!.Forged > 0 ? ScheduleForgedHints(clock, wakeups!, waits, faults.Forged, ended) : [];
        var all = Task.WhenAll(tasks);
        for (int step = 0; step < 400_000 && !all.IsCompleted; step++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Delay(1);
        }

        var results = await all;
        if (Environment.GetEnvironmentVariable("SIMULATION_TRACE") is not null)
        {
            for (int i = 0; i < waits; i++)
            {
                Console.Error.WriteLine($"{strategy} wait {i}: finish {(finishes[i] - Start).TotalSeconds:0.0} listed {(listed[i] - Start).TotalSeconds:0.0} noticed {(noticed[i] - Start)?.TotalSeconds:0.0} {results[i].Outcome} attempts {results[i].Attempts} elapsed {results[i].Elapsed.TotalSeconds:0.0}");
            }
        }

        GC.KeepAlive(timers);
        GC.KeepAlive(forgers);
        var lags = Enumerable.Range(0, waits).Where(i => noticed[i] is not null).Select(i => (noticed[i]!.Value - finishes[i]).TotalSeconds).Order().ToList();
        var lostLags = Enumerable.Range(0, waits).Where(i => lost[i] && noticed[i] is not null).Select(i => (noticed[i]!.Value - finishes[i]).TotalSeconds).Order().ToList();
        return new Row(
            strategy switch
            {
                Strategy.SharedLimiter => "each wait on the shared limiter",
                Strategy.Scheduler => "account-wide scheduler",
                Strategy.SchedulerWithCallbacks => faults?.Forged > 0 ? $"callbacks, and {faults.Forged} forged" : "callbacks (lost, duplicated, late)",
                _ => "scheduler + list_videos checks",
            },
            waits,
            sent.Count + listSent.Count,
            Breaches(sent, Interval) + Breaches(listSent, ListInterval),
            results.Count(r => r.Outcome == WaitOutcome.Succeeded),
            results.Count(r => r.Outcome == WaitOutcome.TimedOut && r.Attempts > 0),
            results.Count(r => r.Attempts == 0),
            results.Count(r => r.Outcome == WaitOutcome.NotFoundOrNotStarted),
            Percentile(lags, 0.5),
            Percentile(lags, 0.95),
            lags.Count == 0 ? 0 : lags[^1])
        {
            ListRequests = listSent.Count,
            LagP90 = Percentile(lags, 0.9),
            LostLagP50 = Percentile(lostLags, 0.5),
            LostCallbacks = lost.Count(l => l),
            Misreported = results.Select((r, i) => r.Outcome == WaitOutcome.Succeeded && !(r.LastSnapshot.Items.Count == 1 && r.LastSnapshot.Items[0].Id == "V" + i && r.LastSnapshot.Items[0].Done) ? 1 : 0).Sum(),
        };
    }

    /// <summary>Which tasks lose every copy of their video's callback (seeded; the same tasks whatever the strategy).</summary>
    private static bool[] LostVideoCallbacks(int waits, CallbackFaults faults)
    {
        var random = new Random(11);
        return Enumerable.Range(0, waits).Select(_ => random.NextDouble() < faults.Loss).ToArray();
    }

    /// <summary>
    /// The API's callbacks for each task: the download's (no video) when the task lists its video,
    /// the video's when it finishes; lost, duplicated and delayed as <paramref name="faults"/> say.
    /// </summary>
    private static List<ITimer> ScheduleCallbacks(FakeTimeProvider clock, WaitWakeups wakeups, DateTimeOffset[] finishes, DateTimeOffset[] listed, CallbackFaults faults, bool[] videoLost)
    {
        var random = new Random(13);
        var timers = new List<ITimer>();
        void Send(DateTimeOffset at, string taskId, string? videoNo, bool lost)
        {
            if (lost)
            {
                return;
            }

            int copies = random.NextDouble() < faults.Duplication ? 2 : 1;
            for (int copy = 0; copy < copies; copy++)
            {
                var due = at + (faults.MaxDelay * random.NextDouble()) - Start;
                timers.Add(clock.CreateTimer(_ => wakeups.Wake(taskId, videoNo), null, due, Timeout.InfiniteTimeSpan));
            }
        }

        for (int i = 0; i < finishes.Length; i++)
        {
            Send(listed[i], "task-" + i, null, random.NextDouble() < faults.Loss);
            Send(finishes[i], "task-" + i, "V" + i, videoLost[i]);
        }

        return timers;
    }

    /// <summary>
    /// Hints that are not the API's, spread over the run: half replay the video callback of a task
    /// whose wait has ended, half name a live task with a video it does not have.
    /// </summary>
    private static List<ITimer> ScheduleForgedHints(FakeTimeProvider clock, WaitWakeups wakeups, int waits, int count, bool[] ended)
    {
        var random = new Random(17);
        var timers = new List<ITimer>();
        for (int k = 0; k < count; k++)
        {
            int task = random.Next(waits);
            bool replay = k % 2 == 0;
            string video = replay ? "V" + task : "V" + (waits + k);
            int forged = k;
            timers.Add(clock.CreateTimer(
                _ =>
                {
                    // A replay is of a task that has ended; the other kind names any task.
                    if (!replay || Volatile.Read(ref ended[task]))
                    {
                        wakeups.Wake("task-" + task, video);
                    }
                },
                null,
                TimeSpan.FromSeconds(random.NextDouble() * 600),
                Timeout.InfiniteTimeSpan));
        }

        return timers;
    }

    /// <summary>Every wait polling every 10 s on its own, no limiter: fast, and far over the account's limit.</summary>
    public static Row FixedTenSeconds(int waits)
    {
        var finishes = FinishTimes(waits);
        var sent = new List<DateTimeOffset>();
        var lags = new List<double>();
        for (int i = 0; i < waits; i++)
        {
            var first = Start.AddMilliseconds(i * 7 % 10_000);
            var at = first;
            while (true)
            {
                sent.Add(at);
                if (at >= finishes[i])
                {
                    lags.Add((at - finishes[i]).TotalSeconds);
                    break;
                }

                at = at.AddSeconds(10);
            }
        }

        lags.Sort();
        return new Row("fixed 10 s polling, no limiter", waits, sent.Count, Breaches(sent, Interval), waits, 0, 0, 0, Percentile(lags, 0.5), Percentile(lags, 0.95), lags[^1]);
    }

    /// <summary>One request per task, just after it finishes, never two in one second.</summary>
    public static Row BestPossible(int waits)
    {
        var next = Start;
        var lags = new List<double>();
        foreach (var finish in FinishTimes(waits).Order())
        {
            var at = finish > next ? finish : next;
            lags.Add((at - finish).TotalSeconds);
            next = at + Interval;
        }

        lags.Sort();
        return new Row("best possible", waits, waits, 0, waits, 0, 0, 0, Percentile(lags, 0.5), Percentile(lags, 0.95), lags[^1]) { LagP90 = Percentile(lags, 0.9) };
    }

    private static DateTimeOffset[] FinishTimes(int waits)
    {
        var random = new Random(2026);
        return Enumerable.Range(0, waits).Select(_ => Start.AddSeconds(random.NextDouble() * 600)).ToArray();
    }

    /// <summary>When each task lists its video (the download done): within its first minute, never after it finishes.</summary>
    private static DateTimeOffset[] ListedTimes(DateTimeOffset[] finishes)
    {
        var random = new Random(7);
        return finishes.Select(finish => Min(finish, Start.AddSeconds(2 + random.NextDouble() * 58))).ToArray();
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static int Breaches(List<DateTimeOffset> sent, TimeSpan interval)
    {
        var ordered = sent.Order().ToList();
        return ordered.Zip(ordered.Skip(1)).Count(pair => pair.Second - pair.First < interval);
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];
}
