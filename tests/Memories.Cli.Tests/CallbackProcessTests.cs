using System.Globalization;
using System.Text.Json;
using Contracts.Testing;
using Memories.Simulator;

namespace Memories.Cli.Tests;

/// <summary>
/// <c>mavi tasks create … --wait --callback-listen</c> as real processes of the built mavi, against
/// a simulator that sends the documented callbacks; and three processes of one account on a real
/// redis-server, the callbacks all sent to one of them.
/// </summary>
public sealed class CallbackProcessTests : IAsyncLifetime
{
    private const string Key = "sk-mavi-callback-processes-5e07";
    private MemoriesSimulator _simulator = null!;

    public async Task InitializeAsync() => _simulator = await MemoriesSimulator.StartAsync(new SimulatorOptions
    {
        ApiKeys = [Key],
        DownloadTime = TimeSpan.FromSeconds(1),
        ParseTimePerVideo = TimeSpan.FromSeconds(1),
    });

    public async Task DisposeAsync() => await _simulator.DisposeAsync();

    [Fact]
    public async Task CreateWithCallbackListen_ReceivesTheTasksCallbacks_ShowsTheUpdatesTheyBrought_AndNeverPrintsTheSecretOrTheKey()
    {
        var run = await Mavi("tasks", "create", Post("listen-1"), Post("listen-2"), "--unique-id", "cb-listen", "--wait", "--callback-listen", "127.0.0.1:0");

        Assert.True(run.Code == ExitCodes.Succeeded, run.Stderr);
        var task = Assert.Single(_simulator.Uploads, u => u.UniqueId == "cb-listen");
        var callbackUrl = new Uri(task.CallbackUrl!);
        Assert.True(callbackUrl.IsLoopback, callbackUrl.Host);
        string secret = callbackUrl.Segments[^1];
        Assert.True(secret.Length >= 22, "the URL ends in a secret made for the run");

        // The download's callback and one per video reached the receiving mavi, and it said which polls they brought.
        var delivered = _simulator.CallbacksDelivered.Where(c => c.TaskId == task.TaskId).ToList();
        Assert.Equal(["SUCCEEDED", "INDEXING_SUCCEEDED", "INDEXING_SUCCEEDED"], delivered.Select(c => c.Status));
        Assert.All(delivered, c => Assert.Equal(202, c.Answer));
        Assert.Contains("(after a callback)", run.Stderr);
        Assert.Contains("mavi: 3 callback(s) received, 0 refused.", run.Stderr);
        Assert.Contains("succeeded: 2 succeeded, 0 failed, 0 pending", run.Stdout);
        Assert.DoesNotContain(secret, run.Stdout + run.Stderr);
        Assert.DoesNotContain(Key, run.Stdout + run.Stderr);
    }

    [Theory]
    [InlineData("--callback-listen receives callbacks while the command waits", "--callback-listen", "127.0.0.1:0")]
    [InlineData("give --callback-public-url", "--wait", "--callback-listen", "0.0.0.0:0")]
    [InlineData("not both", "--wait", "--callback-listen", "127.0.0.1:0", "--callback-url", "https://elsewhere.example.com/cb")]
    [InlineData("is not HOST:PORT", "--wait", "--callback-listen", "127.0.0.1")]
    [InlineData("is not an IP address or localhost", "--wait", "--callback-listen", "ingest.example.com:8080")]
    [InlineData("goes with --callback-listen", "--wait", "--callback-public-url", "https://ingest.example.com/")]
    [InlineData("is not an absolute http(s) URL", "--wait", "--callback-listen", "127.0.0.1:0", "--callback-public-url", "ftp://ingest.example.com/")]
    public async Task ListeningOptionsThatCannotWork_AreAUsageError_AndNoTaskIsCreated(string says, params string[] options)
    {
        var run = await CliRun.RunAsync(["--base-url", _simulator.BaseAddress.ToString(), "--api-key", Key, "tasks", "create", Post("refused"), "--unique-id", "cb-refused", .. options]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(says, run.Error);
        Assert.DoesNotContain(_simulator.Uploads, u => u.UniqueId == "cb-refused");
    }

    [Fact]
    public async Task AListeningAddressAlreadyTaken_IsAUsageError_BeforeAnyTaskIsCreated()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        string address = taken.LocalEndpoint.ToString()!;

        var run = await CliRun.RunAsync(["--base-url", _simulator.BaseAddress.ToString(), "--api-key", Key, "tasks", "create", Post("taken"), "--unique-id", "cb-taken", "--wait", "--callback-listen", address]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("cannot listen there", run.Error);
        Assert.DoesNotContain(_simulator.Uploads, u => u.UniqueId == "cb-taken");
    }

    /// <summary>
    /// One process creates the task and receives every callback; two others wait on it with
    /// schedules that would not read it again before their deadline. Only the callbacks, relayed
    /// through Redis, can end their waits in time.
    /// </summary>
    [Fact]
    public async Task ThreeProcessesOnOneRedis_CallbacksSentToOne_EndTheWaitsInTheOtherTwo()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var simulator = await MemoriesSimulator.StartAsync(new SimulatorOptions
        {
            ApiKeys = [Key],
            DownloadTime = TimeSpan.FromSeconds(12),   // room for the two other processes to start and subscribe first
            ParseTimePerVideo = TimeSpan.FromSeconds(2),
        });
        string[] connect = ["--base-url", simulator.BaseAddress.ToString(), "--api-key", Key, "--rate-budget", redis.Url];

        var receiving = BuiltProgram.RunAsync(BuiltProgram.Mavi, [.. connect, "tasks", "create", Post("three-1"), Post("three-2"), "--unique-id", "cb-three", "--wait", "--callback-listen", "127.0.0.1:0", "--json"]);
        string taskId = await TaskCreatedAsync(simulator, "cb-three", receiving);
        string[] slow = ["tasks", "wait", taskId, "--unique-id", "cb-three", "--min-delay", "10m", "--max-delay", "10m", "--timeout", "90s"];
        var others = new[]
        {
            BuiltProgram.RunAsync(BuiltProgram.Mavi, [.. connect, .. slow, "--json"]),
            BuiltProgram.RunAsync(BuiltProgram.Mavi, [.. connect, .. slow]),
        };
        var firstEnd = EndOf(receiving);
        var ended = await Task.WhenAll(others.Select(EndOf));
        var (first, firstEndedAt) = await firstEnd;

        Assert.True(first.Code == ExitCodes.Succeeded, first.Stderr);
        Assert.Contains("mavi: 3 callback(s) received", first.Stderr);
        Assert.All(ended, e => Assert.True(e.Run.Code == ExitCodes.Succeeded, e.Run.Stderr));
        using (var json = JsonDocument.Parse(ended[0].Run.Stdout))
        {
            Assert.Equal("succeeded", json.RootElement.GetProperty("outcome").GetString());
            Assert.All(json.RootElement.GetProperty("videos").EnumerateArray(), v => Assert.Equal("PARSE", v.GetProperty("status").GetString()));
            Assert.Equal(2, json.RootElement.GetProperty("videos").GetArrayLength());
        }

        Assert.Contains("(after a callback)", ended[1].Run.Stderr);

        // Every callback went to the first process; the others only ever read their schedule's first poll and what the hints asked for.
        var delivered = simulator.CallbacksDelivered.Where(c => c.TaskId == taskId).ToList();
        Assert.Equal(3, delivered.Count);
        Assert.Empty(simulator.RateLimited);
        Assert.All([first, .. ended.Select(e => e.Run)], run => Assert.DoesNotContain(Key, run.Stdout + run.Stderr));

        // What the target measures, reported rather than asserted: from the last callback to
        // each process's end (its exit included), and how much later than the receiving process the others ended.
        var last = delivered.Max(c => c.SentAt);
        Console.WriteLine(
            $"three processes: the receiving one ended {Seconds(firstEndedAt - last)} after the last callback; the other two "
            + string.Join(" and ", ended.Select(e => $"{Seconds(e.At - last)} ({Seconds(e.At - firstEndedAt)} after it)")));
    }

    private static async Task<((int Code, string Stdout, string Stderr) Run, DateTimeOffset At)> EndOf(Task<(int Code, string Stdout, string Stderr)> run) =>
        (await run, DateTimeOffset.UtcNow);

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";

    /// <summary>The id of the task the receiving process created, as soon as the simulator has it.</summary>
    private static async Task<string> TaskCreatedAsync(MemoriesSimulator simulator, string uniqueId, Task<(int Code, string Stdout, string Stderr)> creating)
    {
        for (var until = DateTime.UtcNow + TimeSpan.FromSeconds(60); DateTime.UtcNow < until && !creating.IsCompleted; await Task.Delay(20))
        {
            if (simulator.Uploads.FirstOrDefault(u => u.UniqueId == uniqueId) is { } task)
            {
                return task.TaskId;
            }
        }

        var (code, _, stderr) = creating.IsCompleted ? await creating : (-1, string.Empty, "still running");
        throw new InvalidOperationException($"the receiving mavi created no task (exit {code}): {stderr}");
    }

    private Task<(int Code, string Stdout, string Stderr)> Mavi(params string[] arguments) =>
        BuiltProgram.RunAsync(BuiltProgram.Mavi, ["--base-url", _simulator.BaseAddress.ToString(), "--api-key", Key, .. arguments]);

    private static string Post(string name) => "https://www.tiktok.com/@callbacks/video/" + name;
}
