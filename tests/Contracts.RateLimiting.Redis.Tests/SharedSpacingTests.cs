using Contracts.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Contracts.RateLimiting.Redis.Tests;

/// <summary>
/// The distributed limiter against a real <c>redis-server</c>. Each budget has its own connection,
/// as a separate process would; the spacing is checked on the test's one monotonic clock. Only
/// lower bounds are asserted on it (two turns no closer than the interval), which a loaded
/// machine can only make easier to meet; how soon something happens is asserted by the state it
/// leaves (a turn given back, a caller queued), never by an elapsed time.
/// </summary>
public sealed class SharedSpacingTests : IAsyncLifetime
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Hold = TimeSpan.FromMilliseconds(15);

    // Tests of spacing give Redis far longer than the 2 s default to answer: on a loaded machine a
    // late answer would send the budget to local spacing, and the overlap that follows would be
    // the outage's doing, not the scripts'. They also check that no outage happened at all.
    private static readonly TimeSpan PatientTimeout = TimeSpan.FromSeconds(20);
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task ThreeConnectionsOnOneKey_AreSpacedTogether()
    {
        var budgets = Enumerable.Range(0, 3).Select(_ => NewBudget(timeout: PatientTimeout)).ToList();
        var limiters = budgets.Select(b => b.CreateLimiter("budget:spaced", Interval)).ToList();

        var turns = await Task.WhenAll(limiters.Select((limiter, i) => Turns.TakeAsync(limiter, $"process {i}", 4, Hold)));

        Assert.All(budgets, AssertNoOutage);
        Turns.AssertSpaced(turns.SelectMany(t => t), Interval);
        await DisposeAllAsync(limiters, budgets);
    }

    [Fact]
    public async Task AClockSetAheadAndRunningFast_StillSpacesOnRedisTime()
    {
        // This process believes an hour has passed and that 200 ms take 67: its local spacing alone would send 3× too often.
        // The skewed clock also runs the budget's timeout three times fast: 20 s become about 7.
        await using var honest = NewBudget(timeout: PatientTimeout);
        await using var skewed = NewBudget(new SkewedClock(TimeSpan.FromHours(1), rate: 3), timeout: PatientTimeout);
        using var a = honest.CreateLimiter("budget:skew", Interval);
        using var b = skewed.CreateLimiter("budget:skew", Interval);

        var turns = await Task.WhenAll(Turns.TakeAsync(a, "true clock", 4, Hold), Turns.TakeAsync(b, "skewed clock", 8, Hold));

        AssertNoOutage(honest);
        AssertNoOutage(skewed);
        Turns.AssertSpaced(turns.SelectMany(t => t), Interval);
    }

    [Fact]
    public async Task WithinOneProcess_CallersAreServedInTheOrderTheyAsked()
    {
        await using var budget = NewBudget();
        using var limiter = budget.CreateLimiter("budget:order", Interval);
        using var first = await limiter.AcquireAsync(1);
        var served = new List<int>();
        var waiting = new List<Task>();
        for (int i = 1; i <= 4; i++)
        {
            int caller = i;
            waiting.Add(Serve(caller));

            // The next caller asks only once this one is seen waiting in the queue.
            await QueuedAsync(limiter, caller);
        }

        first.Dispose();

        await Task.WhenAll(waiting);

        Assert.Equal([1, 2, 3, 4], served);

        async Task Serve(int caller)
        {
            using var lease = await limiter.AcquireAsync(1);
            lock (served)
            {
                served.Add(caller);
            }
        }
    }

    /// <summary>Waits until the limiter reports that many callers queued (failing if it never does).</summary>
    private static async Task QueuedAsync(System.Threading.RateLimiting.RateLimiter limiter, int count)
    {
        for (int round = 0; limiter.GetStatistics()?.CurrentQueuedCount != count; round++)
        {
            Assert.True(round < 10_000, $"The limiter never reported {count} queued callers.");
            await Task.Delay(1);
        }
    }

    [Fact]
    public async Task ACallerCancelledWhileWaitingForAnotherProcess_LeavesAtOnceAndTakesNoTurn()
    {
        await using var other = NewBudget();
        await using var mine = NewBudget();
        using var otherLimiter = other.CreateLimiter("budget:cancel", TimeSpan.FromSeconds(1));
        using var myLimiter = mine.CreateLimiter("budget:cancel", TimeSpan.FromSeconds(1));
        var held = await otherLimiter.AcquireAsync(1);
        using var cancel = new CancellationTokenSource();
        var asking = myLimiter.AcquireAsync(1, cancel.Token).AsTask();

        // Waiting for the shared turn, it holds its own process's turn: no permit is left here.
        for (int round = 0; myLimiter.GetStatistics()?.CurrentAvailablePermits != 0; round++)
        {
            Assert.True(round < 10_000, "The caller never got as far as waiting for the other process.");
            await Task.Delay(1);
        }

        Assert.False(asking.IsCompleted);

        cancel.Cancel();

        // It leaves while the other process still holds the turn: it did not wait for the turn to cancel.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => asking.WaitAsync(TimeSpan.FromSeconds(60)));
        var dump = await _redis.DumpAsync();
        Assert.Contains(dump, line => line.Contains("holder", StringComparison.Ordinal));
        held.Dispose();
        using var next = await myLimiter.AcquireAsync(1);   // the turn it gave up did not stay taken
        Assert.True(next.IsAcquired);
    }

    [Fact]
    public async Task AProcessThatExitsRightAfterItsLastRequest_StillGivesItsTurnBack()
    {
        var leaving = NewBudget(leaseTimeToLive: TimeSpan.FromMinutes(10));
        var leavingLimiter = leaving.CreateLimiter("budget:exit", Interval);
        (await leavingLimiter.AcquireAsync(1)).Dispose();
        leavingLimiter.Dispose();
        await leaving.DisposeAsync();

        // Given back, not left to expire: Redis holds no holder of the turn.
        Assert.DoesNotContain(await _redis.DumpAsync(), line => line.Contains("holder", StringComparison.Ordinal));
        await using var staying = NewBudget(leaseTimeToLive: TimeSpan.FromMinutes(10));
        using var limiter = staying.CreateLimiter("budget:exit", Interval);
        using var lease = await limiter.AcquireAsync(1);
        Assert.True(lease.IsAcquired);
    }

    [Fact]
    public async Task ATurnWhoseProcessDied_IsFreeAfterItsTimeToLive()
    {
        var ttl = TimeSpan.FromMilliseconds(400);
        var crashed = NewBudget(leaseTimeToLive: ttl);
        var crashedLimiter = crashed.CreateLimiter("budget:crash", Interval);
        var askedAt = Turns.Now;   // before Redis granted it: the gap measured from here is never longer than the real one
        var taken = await crashedLimiter.AcquireAsync(1);
        await crashed.DisposeAsync();   // the connection is gone and the turn never given back
        GC.KeepAlive(taken);

        await using var survivor = NewBudget(leaseTimeToLive: ttl);
        using var limiter = survivor.CreateLimiter("budget:crash", Interval);
        using var lease = await limiter.AcquireAsync(1).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        var after = Turns.Now - askedAt;
        Assert.True(after >= ttl + Interval, $"granted {after.TotalMilliseconds:0} ms after the dead holder took it");
    }

    [Fact]
    public async Task RedisStoppedMidway_LocalSpacingGoesOn_OneWarning_ThenBackToRedis()
    {
        var logger = new FakeLogger<RedisRateBudget>();
        await using var budget = NewBudget(logger: logger);
        using var limiter = budget.CreateLimiter("budget:outage", Interval);
        var before = await Turns.TakeAsync(limiter, "before", 2, Hold);

        await _redis.StopAsync();
        var during = await Turns.TakeAsync(limiter, "during", 4, Hold).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(budget.IsShared);

        await _redis.RestartAsync();
        var after = new List<Turn>();
        var until = Turns.Now + TimeSpan.FromSeconds(20);
        while (!budget.IsShared && Turns.Now < until)
        {
            after.AddRange(await Turns.TakeAsync(limiter, "after", 1, Hold));
        }

        Turns.AssertSpaced([.. before, .. during, .. after], Interval);
        Assert.True(budget.IsShared, "the budget never went back to Redis");
        Assert.Equal(1, budget.Outages);
        var warnings = logger.Collector.GetSnapshot().Where(r => r.Level == LogLevel.Warning).ToList();
        var warning = Assert.Single(warnings);
        Assert.Contains($"127.0.0.1:{_redis.Port}", warning.Message);
        Assert.Contains(logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Information && r.Message.Contains("answers again", StringComparison.Ordinal));
        Assert.Contains(await _redis.DumpAsync(), line => line == "key budget:outage");
    }

    [Fact]
    public async Task RedisNeverReachable_PermitsStillComeWithinTheTimeout_AndNoMessageHoldsThePassword()
    {
        const string Password = "pa55-w0rd-that-must-not-leak";
        var logger = new FakeLogger<RedisRateBudget>();
        int closed = RedisServer.FreePort();
        await using var budget = new RedisRateBudget(
            new RedisRateBudgetOptions { Connection = $"redis://app:{Password}@127.0.0.1:{closed}", Timeout = TimeSpan.FromMilliseconds(500) },
            logger: logger);
        using var limiter = budget.CreateLimiter("budget:down", Interval);

        var turns = await Turns.TakeAsync(limiter, "alone", 3, Hold).WaitAsync(TimeSpan.FromSeconds(15));

        Turns.AssertSpaced(turns, Interval);
        Assert.False(budget.IsShared);
        var warning = Assert.Single(logger.Collector.GetSnapshot());
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.DoesNotContain(Password, warning.Message + budget.Endpoint + new RedisRateBudgetOptions { Connection = $"redis://app:{Password}@h:1" });
        Assert.Equal($"127.0.0.1:{closed}", budget.Endpoint);
    }

    private RedisRateBudget NewBudget(TimeProvider? clock = null, TimeSpan? leaseTimeToLive = null, ILogger<RedisRateBudget>? logger = null, TimeSpan? timeout = null)
    {
        var options = new RedisRateBudgetOptions { Connection = _redis.Url, LeaseTimeToLive = leaseTimeToLive ?? TimeSpan.FromSeconds(30) };
        if (timeout is { } patient)
        {
            options.Timeout = patient;
        }

        return new RedisRateBudget(options, clock, logger);
    }

    /// <summary>Spacing across processes is only promised while Redis answers: a test of it first checks that it always did.</summary>
    private static void AssertNoOutage(RedisRateBudget budget)
    {
        Assert.True(budget.IsShared, "Redis is not answering this budget: spacing was local only, which proves nothing about the shared turn.");
        Assert.Equal(0, budget.Outages);
    }

    private static async Task DisposeAllAsync(IEnumerable<IDisposable> limiters, IEnumerable<RedisRateBudget> budgets)
    {
        foreach (var limiter in limiters)
        {
            limiter.Dispose();
        }

        foreach (var budget in budgets)
        {
            await budget.DisposeAsync();
        }
    }
}
