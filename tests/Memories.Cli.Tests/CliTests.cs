using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Memories.Cli;
using Memories.Simulator;

namespace Memories.Cli.Tests;

/// <summary>The <c>mavi</c> command against the simulator over loopback: every exit code, the JSON, and the key kept secret.</summary>
public sealed class CliTests : IAsyncLifetime
{
    private const string Key = "sk-mavi-cli-test-7f3a9c";
    private MemoriesSimulator _simulator = null!;

    public async Task InitializeAsync() => _simulator = await MemoriesSimulator.StartAsync(new SimulatorOptions
    {
        ApiKeys = [Key],
        DownloadTime = TimeSpan.FromMilliseconds(300),
        ParseTimePerVideo = TimeSpan.FromMilliseconds(600),
    });

    public async Task DisposeAsync() => await _simulator.DisposeAsync();

    [Fact]
    public async Task Wait_Json_AllSucceeded_Exit0()
    {
        await using var stepped = await SteppedSimulatorAsync();
        string task = stepped.CreateTask(["https://www.tiktok.com/@a/video/1", "https://www.youtube.com/watch?v=2"]);

        var run = await CliRun.RunAsync(["--base-url", stepped.BaseAddress.ToString(), "--api-key", Key, "tasks", "wait", task, "--min-delay", "1s", "--max-delay", "1s", "--json"]);

        Assert.Equal(ExitCodes.Succeeded, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        var root = json.RootElement;
        Assert.Equal(task, root.GetProperty("task_id").GetString());
        Assert.Equal("default", root.GetProperty("unique_id").GetString());
        Assert.Equal("succeeded", root.GetProperty("outcome").GetString());
        Assert.Equal(4, root.GetProperty("attempts").GetInt32());   // downloading, both parsing, one parsed, both parsed
        Assert.True(root.GetProperty("elapsed_ms").GetInt64() > 0);
        var videos = root.GetProperty("videos").EnumerateArray().ToList();
        Assert.Equal(2, videos.Count);
        Assert.All(videos, v =>
        {
            Assert.StartsWith("VI", v.GetProperty("video_no").GetString());
            Assert.Equal("PARSE", v.GetProperty("status").GetString());
            Assert.True(v.GetProperty("duration_seconds").GetDouble() > 0);
            Assert.True(DateTimeOffset.TryParse(v.GetProperty("create_time").GetString(), out _));
            Assert.StartsWith("https://", v.GetProperty("video_url").GetString());
        });
        Assert.Equal("1", videos[0].GetProperty("video_name").GetString());
        Assert.DoesNotContain(Key, run.All);
    }

    [Fact]
    public async Task Wait_OneFailedVideo_Exit3_WithTheWireStatus()
    {
        string task = _simulator.CreateTask(["https://a.example/ok", "https://a.example/will-fail"]);

        var run = await Wait(task, "--json");

        Assert.Equal(ExitCodes.CompletedWithFailures, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        Assert.Equal("completed_with_failures", json.RootElement.GetProperty("outcome").GetString());
        Assert.Contains(json.RootElement.GetProperty("videos").EnumerateArray(), v => v.GetProperty("status").GetString() == "FAIL");
    }

    [Fact]
    public async Task Wait_DeadlineWithVideosPending_Exit4()
    {
        await using var slow = await MemoriesSimulator.StartAsync(new SimulatorOptions { ApiKeys = [Key], DownloadTime = TimeSpan.Zero, ParseTimePerVideo = TimeSpan.FromHours(1) });
        string task = slow.CreateTask(["https://a.example/slow"]);

        var run = await CliRun.RunAsync(["--base-url", slow.BaseAddress.ToString(), "--api-key", Key, "tasks", "wait", task, "--timeout", "2500ms", "--min-delay", "1s", "--max-delay", "1s", "--json"]);

        Assert.Equal(ExitCodes.TimedOut, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        Assert.Equal("timed_out", json.RootElement.GetProperty("outcome").GetString());
        Assert.Equal("UNPARSE", json.RootElement.GetProperty("videos")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Wait_UnknownTask_Exit5()
    {
        var run = await Wait("no-such-task", "--empty-grace", "1500ms", "--json");

        Assert.Equal(ExitCodes.NothingAppeared, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        Assert.Equal("not_found_or_not_started", json.RootElement.GetProperty("outcome").GetString());
        Assert.Empty(json.RootElement.GetProperty("videos").EnumerateArray());
    }

    [Fact]
    public async Task Wait_WrongKey_Exit6_OneLineWithoutTheKey()
    {
        const string WrongKey = "sk-mavi-WRONG-but-secret-42";

        var run = await CliRun.RunAsync(["--base-url", _simulator.BaseAddress.ToString(), "--api-key", WrongKey, "tasks", "wait", MemoriesSimulator.DocumentationTaskId]);

        Assert.Equal(ExitCodes.Refused, run.ExitCode);
        Assert.Equal("mavi: error: The API answered code 0401 (invalid authorization; check the API key): Invalid authorization", run.Error.Trim());
        Assert.DoesNotContain(WrongKey, run.All);
        Assert.DoesNotContain("   at ", run.All);
    }

    [Theory]
    [InlineData("tasks", "wait", "t", "--timeout", "5x")]
    [InlineData("tasks", "wait")]
    [InlineData("tasks", "wait", "t", "--min-delay", "200ms")]
    [InlineData("--base-url", "http://api.memories.example", "--api-key", "sk-mavi-x", "tasks", "status", "t")]
    [InlineData("tasks", "explode")]
    public async Task UsageErrors_Exit2(params string[] args)
    {
        var run = await CliRun.RunAsync(args.Contains("--base-url") ? args : ["--base-url", _simulator.BaseAddress.ToString(), "--api-key", Key, .. args]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith("mavi: ", run.Error);
        Assert.Equal(string.Empty, run.Out);
        Assert.DoesNotContain(Key, run.All);
        Assert.DoesNotContain("sk-mavi-x", run.All);
    }

    [Fact]
    public async Task UsageError_SaysWhatToWrite()
    {
        var run = await CliRun.RunAsync(["--api-key", Key, "tasks", "wait", "t", "--timeout", "soon"]);

        Assert.Contains("--timeout: 'soon' is not a duration; write a number with a unit, such as 500ms, 90s, 10m, 1h or 1m30s.", run.Error);
    }

    [Fact]
    public async Task Wait_ApiUnreachable_Exit1()
    {
        var closed = new Uri("http://127.0.0.1:9/");

        var run = await CliRun.RunAsync(["--base-url", closed.ToString(), "--api-key", Key, "tasks", "wait", "t", "--min-delay", "1s", "--max-delay", "1s"]);

        Assert.Equal(ExitCodes.Failed, run.ExitCode);
        Assert.Contains("mavi: error: Gave up after 5 transient faults in a row", run.Error);
        Assert.DoesNotContain(Key, run.All);
    }

    [Fact]
    public async Task Wait_Plain_PrintsATableAndOneProgressLinePerPoll()
    {
        await using var stepped = await SteppedSimulatorAsync();
        string task = stepped.CreateTask(["https://a.example/one"]);

        var run = await CliRun.RunAsync(["--base-url", stepped.BaseAddress.ToString(), "--api-key", Key, "tasks", "wait", task, "--min-delay", "1s", "--max-delay", "1s"]);

        Assert.Equal(ExitCodes.Succeeded, run.ExitCode);
        Assert.StartsWith("VIDEO", run.Out);
        Assert.Contains(" PARSE ", run.Out);
        Assert.Contains("succeeded: 1 succeeded, 0 failed, 0 pending after", run.Out);
        int polls = run.Error.Split('\n').Count(l => l.StartsWith("mavi: poll ", StringComparison.Ordinal));
        Assert.True(polls == 3, run.Error);   // one line for each of the three polls
        Assert.DoesNotContain("\x1b[", run.All);
    }

    [Fact]
    public async Task Wait_OnATerminal_RedrawsLive()
    {
        // A video that takes 4 s: the first poll finds it pending even on a machine busy enough to
        // start mavi late (CI found the shared simulator's 0.9 s video already done at poll 1).
        await using var slow = await MemoriesSimulator.StartAsync(new SimulatorOptions
        {
            ApiKeys = [Key],
            DownloadTime = TimeSpan.FromSeconds(2),
            ParseTimePerVideo = TimeSpan.FromSeconds(2),
        });
        string task = slow.CreateTask(["https://a.example/live"]);

        var run = await CliRun.RunAsync(["--base-url", slow.BaseAddress.ToString(), "--api-key", Key, "tasks", "wait", task, "--min-delay", "1s", "--max-delay", "1s"], terminal: true);

        Assert.Equal(ExitCodes.Succeeded, run.ExitCode);
        Assert.Contains($"Task {task}", run.Out);
        Assert.Contains("\x1b[", run.Out);
        Assert.Contains("next poll in", run.Out);
        Assert.Contains("done: succeeded", run.Out);
    }

    [Fact]
    public async Task Status_Json_ShowsTheTaskOnce()
    {
        string task = _simulator.CreateTask(["https://a.example/x"]);
        await Task.Delay(500);

        var run = await CliRun.RunAsync(["--base-url", _simulator.BaseAddress.ToString(), "--api-key", Key, "tasks", "status", task, "--json"]);

        Assert.Equal(ExitCodes.Succeeded, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        Assert.Equal(1, json.RootElement.GetProperty("attempts").GetInt32());
        Assert.Single(json.RootElement.GetProperty("videos").EnumerateArray());
    }

    [Fact]
    public async Task WithNoBaseUrlOrKey_UsesTheBuiltInSimulatorAndSaysSo()
    {
        var run = await CliRun.RunAsync(["tasks", "status", MemoriesSimulator.DocumentationTaskId, "--json"]);

        Assert.Equal(ExitCodes.Succeeded, run.ExitCode);
        Assert.Contains("using the built-in simulator at http://127.0.0.1:", run.Error);
        using var json = JsonDocument.Parse(run.Out);
        Assert.Equal(MemoriesSimulator.DocumentationTaskId, json.RootElement.GetProperty("task_id").GetString());
    }

    [Fact]
    public async Task EnvironmentVariablesNameTheApi()
    {
        var run = await CliRun.RunAsync(
            ["tasks", "status", MemoriesSimulator.DocumentationTaskId],
            environment: new Dictionary<string, string> { ["MEMORIES_BASE_URL"] = _simulator.BaseAddress.ToString(), ["MEMORIES_API_KEY"] = Key });

        Assert.Equal(ExitCodes.Succeeded, run.ExitCode);
        Assert.DoesNotContain("built-in simulator", run.Error);
        Assert.DoesNotContain(Key, run.All);
    }

    [Fact]
    public async Task SimulatorCommand_ServesUntilStopped()
    {
        var output = new StringWriter();
        using var stop = new CancellationTokenSource();
        var console = new CliConsole(TextWriter.Synchronized(output), new StringWriter(), IsTerminal: false, _ => null);
        var running = MaviApp.RunAsync(["simulator", "--port", "0"], console, stop.Token);
        string? address = null;
        for (int i = 0; i < 200 && address is null; i++)
        {
            await Task.Delay(50);
            address = output.ToString().Split('\n').FirstOrDefault(l => l.StartsWith("Simulator listening on ", StringComparison.Ordinal))?["Simulator listening on ".Length..].Trim();
        }

        Assert.NotNull(address);
        var status = await CliRun.RunAsync(["--base-url", address, "--api-key", SimulatorOptions.DefaultApiKey, "tasks", "status", MemoriesSimulator.DocumentationTaskId, "--json"]);
        await stop.CancelAsync();

        Assert.Equal(ExitCodes.Succeeded, status.ExitCode);
        Assert.Equal(ExitCodes.Succeeded, await running);
        Assert.Contains($"Seeded task: {MemoriesSimulator.DocumentationTaskId}", output.ToString());
    }

    [Fact]
    public async Task Wait_SeveralTasks_OneJsonLineEachInTheOrderGiven_ExitIsTheWorstOutcome()
    {
        string clean = _simulator.CreateTask(["https://www.tiktok.com/@a/video/11"]);
        string failing = _simulator.CreateTask(["https://www.tiktok.com/@a/video/12", "https://www.tiktok.com/@a/video/private-13"]);

        var run = await CliRun.RunAsync(["--base-url", _simulator.BaseAddress.ToString(), "--api-key", Key, "tasks", "wait", failing, clean, failing, "--min-delay", "1s", "--max-delay", "1s", "--json"]);

        Assert.Equal(ExitCodes.CompletedWithFailures, run.ExitCode);
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal([failing, clean], lines.Select(l => l.GetProperty("task_id").GetString()));
        Assert.Equal(["completed_with_failures", "succeeded"], lines.Select(l => l.GetProperty("outcome").GetString()));
        Assert.Equal([2, 1], lines.Select(l => l.GetProperty("videos").GetArrayLength()));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AnUnreadableRateBudget_IsAUsageError_NamingWhereItCameFrom_NeverThePassword(bool onTheCommandLine)
    {
        const string Address = "http://ops:s3cret-budget-pass@cache:6379";
        string[] budget = onTheCommandLine ? ["--rate-budget", Address] : [];

        var run = await CliRun.RunAsync(
            ["--base-url", _simulator.BaseAddress.ToString(), "--api-key", Key, .. budget, "tasks", "status", "t"],
            environment: onTheCommandLine ? null : new Dictionary<string, string> { ["MEMORIES_RATE_BUDGET"] = Address });

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith($"mavi: error: {(onTheCommandLine ? "--rate-budget" : "MEMORIES_RATE_BUDGET")}: The Redis address must be redis://", run.Error);
        Assert.DoesNotContain("s3cret-budget-pass", run.All);
        Assert.Equal(0, _simulator.TaskStatusRequests);
    }

    [Fact]
    public async Task Verbose_WritesEachPollAndEachRequestWithItsStatusToStderr_AndStdoutStaysOneJsonObject()
    {
        string task = _simulator.CreateTask(["https://www.tiktok.com/@a/video/21"]);

        var quiet = await Wait(task, "--json");
        var verbose = await Wait(task, "--json", "--verbose");

        Assert.Equal((ExitCodes.Succeeded, ExitCodes.Succeeded), (quiet.ExitCode, verbose.ExitCode));
        Assert.DoesNotContain("mavi: info:", quiet.Error, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(verbose.Out);
        int attempts = json.RootElement.GetProperty("attempts").GetInt32();
        var lines = verbose.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(attempts, lines.Count(l => l.StartsWith("mavi: info: Poll ", StringComparison.Ordinal) && l.Contains(" of GET /serve/api/v1/get_video_ids_by_task_id: ", StringComparison.Ordinal)));
        Assert.Equal(attempts, lines.Count(l => l.StartsWith("mavi: info: Start processing HTTP request GET ", StringComparison.Ordinal)));
        Assert.Equal(attempts, lines.Count(l => l.StartsWith("mavi: info: End processing HTTP request after ", StringComparison.Ordinal) && l.EndsWith(" - 200", StringComparison.Ordinal)));
        Assert.DoesNotContain("Headers", verbose.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, verbose.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_WithoutWait_PrintsTheTaskId_AndSendsTheQualityAndUniqueIdAskedFor()
    {
        var run = await Mavi("tasks", "create", "https://www.tiktok.com/@a/video/21", "--quality", "720", "--unique-id", "team-a");

        Assert.Equal(ExitCodes.Succeeded, run.ExitCode);
        var upload = Assert.Single(_simulator.Uploads);
        Assert.Equal(upload.TaskId, run.Out.Trim());
        Assert.Equal(("720", "team-a"), (upload.Quality, upload.UniqueId));
        Assert.Equal(["https://www.tiktok.com/@a/video/21"], upload.Urls);
        Assert.DoesNotContain(_simulator.Requests, r => r.StartsWith("GET ", StringComparison.Ordinal));   // no --wait: no poll
    }

    [Fact]
    public async Task Create_Json_PrintsTheTaskAndItsUniqueId()
    {
        var run = await Mavi("tasks", "create", "https://www.tiktok.com/@a/video/22", "--json");

        Assert.Equal(ExitCodes.Succeeded, run.ExitCode);
        var upload = Assert.Single(_simulator.Uploads);
        using var created = JsonDocument.Parse(run.Out);
        Assert.Equal((upload.TaskId, "default"), (created.RootElement.GetProperty("task_id").GetString(), created.RootElement.GetProperty("unique_id").GetString()));
        Assert.Null(upload.Quality);
    }

    [Theory]
    [InlineData("--quality", "999", "999")]
    [InlineData("--callback-url", "not a url", "not a url")]
    public async Task Create_WithAnUnknownQualityOrCallback_Exits2NamingItBeforeAnyRequest(string option, string value, string named)
    {
        var run = await Mavi("tasks", "create", "https://www.tiktok.com/@a/video/23", option, value);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(named, run.Error, StringComparison.Ordinal);
        Assert.Empty(_simulator.Requests);
    }

    [Fact]
    public async Task Create_WithACallbackUrl_TheApiCallsItBack()
    {
        var received = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var receiver = builder.Build();
        receiver.MapPost("/callbacks/{secret}", async (Microsoft.AspNetCore.Http.HttpContext context) =>
        {
            using var body = new StreamReader(context.Request.Body);
            received.Enqueue(await body.ReadToEndAsync());
            return Microsoft.AspNetCore.Http.Results.Accepted();
        });
        await receiver.StartAsync();
        string url = receiver.Urls.Single() + "/callbacks/s3cret";

        var run = await Mavi("tasks", "create", "https://www.tiktok.com/@a/video/24", "--callback-url", url, "--wait", "--json");

        Assert.True(run.ExitCode == ExitCodes.Succeeded, run.All);
        Assert.Equal(url, Assert.Single(_simulator.Uploads).CallbackUrl);
        string task = JsonDocument.Parse(run.Out).RootElement.GetProperty("task_id").GetString()!;
        for (int round = 0; received.Count < 2; round++)
        {
            Assert.True(round < 30_000, "The callbacks never arrived: " + string.Join(" | ", received));
            await Task.Delay(1);
        }

        Assert.Contains(received, body => body.Contains(task, StringComparison.Ordinal) && body.Contains("SUCCEEDED", StringComparison.Ordinal));
        Assert.Contains(received, body => body.Contains("INDEXING_SUCCEEDED", StringComparison.Ordinal));
    }

    [Fact]
    public async Task VideosList_ShowsThePageAskedFor_AndFiltersByTag()
    {
        string tiktok = _simulator.CreateTask(["https://www.tiktok.com/@a/video/31", "https://www.tiktok.com/@a/video/32"], "listing");
        string youtube = _simulator.CreateTask(["https://www.youtube.com/watch?v=33"], "listing");
        Assert.Equal(ExitCodes.Succeeded, (await Mavi("tasks", "wait", tiktok, youtube, "--unique-id", "listing", "--min-delay", "1s", "--max-delay", "1s", "--json")).ExitCode);

        var first = await Mavi("videos", "list", "--unique-id", "listing", "--size", "2", "--json");
        var second = await Mavi("videos", "list", "--unique-id", "listing", "--size", "2", "--page", "2", "--json");
        var tagged = await Mavi("videos", "list", "--unique-id", "listing", "--tag", "youtube", "--json");

        static List<string> Numbers(CliRun run) => run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.GetProperty("video_no").GetString()!).ToList();
        Assert.True((first.ExitCode, second.ExitCode, tagged.ExitCode) == (0, 0, 0), first.All + " / " + second.All + " / " + tagged.All);
        Assert.Equal(2, Numbers(first).Count);
        Assert.Single(Numbers(second));
        Assert.Empty(Numbers(first).Intersect(Numbers(second)));
        Assert.True(Numbers(tagged).Count == 1, tagged.All + " / " + first.All + " / " + second.All);
        var youtubeVideo = Numbers(tagged)[0];
        Assert.Contains(youtubeVideo, Numbers(first).Concat(Numbers(second)));
    }

    [Fact]
    public async Task Wait_SeveralTasks_AnUnknownOneOutranksAFailedOne_Exit5()
    {
        string failing = _simulator.CreateTask(["https://www.tiktok.com/@a/video/41", "https://www.tiktok.com/@a/video/private-42"]);

        var run = await Mavi("tasks", "wait", failing, "0b8f3d36-0000-4000-8000-000000000000", "--min-delay", "1s", "--max-delay", "1s", "--empty-grace", "3s", "--json");

        Assert.Equal(ExitCodes.NothingAppeared, run.ExitCode);
        var outcomes = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.GetProperty("outcome").GetString()).ToList();
        Assert.Equal(["completed_with_failures", "not_found_or_not_started"], outcomes);
    }

    private Task<CliRun> Mavi(params string[] args) =>
        CliRun.RunAsync(["--base-url", _simulator.BaseAddress.ToString(), "--api-key", Key, .. args]);

    /// <summary>
    /// A simulator whose clock moves 1.2 s with each task-status request it receives, not with the
    /// wall clock: after a 2 s download, a video parsed in 1 s is seen downloading at the first
    /// poll (1.2 s), parsing at the second (2.4 s) and done at the third (3.6 s), and a second video
    /// (parsed at 4 s) at the fourth, however late mavi starts on a busy machine.
    /// </summary>
    private static async Task<MemoriesSimulator> SteppedSimulatorAsync()
    {
        var clock = new StatusRequestClock(TimeSpan.FromSeconds(1.2));
        var simulator = await MemoriesSimulator.StartAsync(new SimulatorOptions
        {
            ApiKeys = [Key],
            DownloadTime = TimeSpan.FromSeconds(2),
            ParseTimePerVideo = TimeSpan.FromSeconds(1),
            TimeProvider = clock,
        });
        clock.Count = () => simulator.TaskStatusRequests;
        return simulator;
    }

    /// <summary>A clock that reads the number of task-status requests so far, one step each.</summary>
    private sealed class StatusRequestClock(TimeSpan step) : TimeProvider
    {
        private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public Func<int> Count { get; set; } = () => 0;

        public override DateTimeOffset GetUtcNow() => Start + (step * Count());
    }

    private Task<CliRun> Wait(string task, params string[] extra) =>
        CliRun.RunAsync(["--base-url", _simulator.BaseAddress.ToString(), "--api-key", Key, "tasks", "wait", task, "--min-delay", "1s", "--max-delay", "1s", .. extra]);
}
