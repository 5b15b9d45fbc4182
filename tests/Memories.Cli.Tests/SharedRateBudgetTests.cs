using System.Text.Json;
using Contracts.Testing;
using Memories.Contracts;
using Memories.Simulator;

namespace Memories.Cli.Tests;

/// <summary>
/// Three processes of the built mavi on one account, sharing its budget through a real
/// redis-server, against one simulator that records when each request arrived.
/// </summary>
public sealed class SharedRateBudgetTests : IAsyncLifetime
{
    private const string Key = "sk-mavi-shared-budget-9c2e41";
    private const int Processes = 3;
    private const int TasksPerProcess = 3;
    private RedisServer _redis = null!;
    private MemoriesSimulator _simulator = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _simulator = await MemoriesSimulator.StartAsync(new SimulatorOptions
        {
            ApiKeys = [Key],
            DownloadTime = TimeSpan.FromSeconds(2),
            ParseTimePerVideo = TimeSpan.FromSeconds(2),
        });
    }

    public async Task DisposeAsync()
    {
        await _simulator.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task ThreeProcessesOnOneRedisBudget_NeverSendTaskStatusRequestsCloserThanOneSecond()
    {
        var tasks = CreateTasks();

        await using var watch = await _redis.WatchKeysAsync();
        var runs = await Task.WhenAll(tasks.Select(own => WaitAsync(own.Select(t => t.Id), "--rate-budget", _redis.Url)));

        AssertEveryWaitSucceededWithItsVideos(tasks, runs);
        var statusArrivals = _simulator.Arrivals.Where(a => a.Family == RateBudgets.TaskStatusFamily).Select(a => a.At).Order().ToList();
        Assert.True(statusArrivals.Count >= Processes * TasksPerProcess, $"only {statusArrivals.Count} task-status requests");
        var closest = statusArrivals.Zip(statusArrivals.Skip(1), (a, b) => b - a).Min();
        Assert.True(closest >= TimeSpan.FromSeconds(1), $"two task-status requests came {closest.TotalMilliseconds:0} ms apart");
        Assert.Empty(_simulator.RateLimited);

        // The budget is in Redis under the hash of the key, never the key itself (the keys touched: a key expires soon after its last turn).
        var keys = await watch.AtLeastAsync(1);
        Assert.Contains(keys, key => key.StartsWith("memories:rate-budget:", StringComparison.Ordinal) && key.EndsWith(":" + RateBudgets.TaskStatusFamily, StringComparison.Ordinal));
        Assert.All(keys, key => Assert.DoesNotContain(Key, key));
        Assert.All(await _redis.DumpAsync(), line => Assert.DoesNotContain(Key, line));
        Assert.All(runs, run => Assert.DoesNotContain(Key, run.Stdout + run.Stderr));
        Assert.All(runs, run => Assert.DoesNotContain("warning", run.Stderr));
    }

    [Fact]
    public async Task RedisStoppedInTheMiddle_EveryWaitStillEndsRight_AndEachProcessWarnsOnce()
    {
        var tasks = CreateTasks();

        var waiting = tasks.Select(own => WaitAsync(own.Select(t => t.Id), "--rate-budget", _redis.Url)).ToList();
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (_simulator.Arrivals.Count(a => a.Family == RateBudgets.TaskStatusFamily) < Processes && DateTime.UtcNow < until)
        {
            await Task.Delay(50);
        }

        await _redis.StopAsync();
        var runs = await Task.WhenAll(waiting);

        AssertEveryWaitSucceededWithItsVideos(tasks, runs);
        Assert.All(runs, run =>
        {
            var warnings = run.Stderr.Split('\n').Where(line => line.StartsWith("mavi: warning:", StringComparison.Ordinal)).ToList();
            var warning = Assert.Single(warnings);
            Assert.Contains($"Redis at 127.0.0.1:{_redis.Port} is unavailable", warning);
            Assert.DoesNotContain(Key, run.Stdout + run.Stderr);
        });
    }

    /// <summary>Three tasks for each process, of one to three videos.</summary>
    private List<List<(string Id, int Videos)>> CreateTasks() =>
        Enumerable.Range(0, Processes).Select(p => Enumerable.Range(0, TasksPerProcess).Select(t =>
        {
            var urls = Enumerable.Range(0, 1 + ((p + t) % 3)).Select(v => $"https://www.tiktok.com/@p{p}/video/{(t * 10) + v}").ToList();
            return (_simulator.CreateTask(urls), urls.Count);
        }).ToList()).ToList();

    private Task<(int Code, string Stdout, string Stderr)> WaitAsync(IEnumerable<string> taskIds, params string[] options) =>
        BuiltProgram.RunAsync(
            BuiltProgram.Mavi,
            ["--base-url", _simulator.BaseAddress.ToString(), "--api-key", Key, .. options, "tasks", "wait", .. taskIds, "--json", "--timeout", "3m"],
            timeout: TimeSpan.FromMinutes(4));

    private static void AssertEveryWaitSucceededWithItsVideos(List<List<(string Id, int Videos)>> tasks, (int Code, string Stdout, string Stderr)[] runs)
    {
        for (int p = 0; p < Processes; p++)
        {
            var run = runs[p];
            Assert.True(run.Code == 0, $"process {p} exited {run.Code}: {run.Stderr}");
            var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(TasksPerProcess, lines.Length);
            for (int t = 0; t < TasksPerProcess; t++)
            {
                using var json = JsonDocument.Parse(lines[t]);
                Assert.Equal(tasks[p][t].Id, json.RootElement.GetProperty("task_id").GetString());
                Assert.Equal("succeeded", json.RootElement.GetProperty("outcome").GetString());
                Assert.Equal(tasks[p][t].Videos, json.RootElement.GetProperty("videos").GetArrayLength());
            }
        }
    }
}
