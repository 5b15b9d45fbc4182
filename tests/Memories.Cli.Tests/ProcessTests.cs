using System.Text.Json;
using Memories.Simulator;

namespace Memories.Cli.Tests;

/// <summary>The built <c>mavi</c> program as a user runs it: a real process, real streams, real exit codes.</summary>
public sealed class ProcessTests
{
    [Fact]
    public async Task StatusOnTheBuiltInSimulator_PrintsJsonAndExits0()
    {
        var (code, stdout, stderr) = await RunAsync("tasks", "status", MemoriesSimulator.DocumentationTaskId, "--json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(MemoriesSimulator.DocumentationTaskId, json.RootElement.GetProperty("task_id").GetString());
        Assert.Contains("built-in simulator", stderr);
    }

    [Fact]
    public async Task AUsageErrorExits2WithoutAStackTrace()
    {
        var (code, stdout, stderr) = await RunAsync("tasks", "wait", "t", "--timeout", "forever");

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("'forever' is not a duration", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public async Task HelpListsTheCommands()
    {
        var (code, stdout, _) = await RunAsync("--help");

        Assert.Equal(0, code);
        Assert.Contains("tasks", stdout);
        Assert.Contains("simulator", stdout);
        Assert.Contains("--api-key", stdout);
    }

    [Fact]
    public async Task TheWholeLifecycle_CreateWaitShowList_ThroughTheBuiltProgram()
    {
        const string Key = "sk-mavi-lifecycle-31f7";
        await using var simulator = await MemoriesSimulator.StartAsync(new SimulatorOptions
        {
            ApiKeys = [Key],
            DownloadTime = TimeSpan.FromMilliseconds(300),
            ParseTimePerVideo = TimeSpan.FromMilliseconds(400),
        });
        string[] api = ["--base-url", simulator.BaseAddress.ToString(), "--api-key", Key];

        var created = await RunAsync([.. api, "tasks", "create", "https://www.tiktok.com/@a/video/1", "https://www.tiktok.com/@b/video/2", "--unique-id", "lifecycle", "--wait", "--json"]);
        Assert.True(created.Code == 0, created.Stderr);
        using var wait = JsonDocument.Parse(created.Stdout);
        Assert.Equal("succeeded", wait.RootElement.GetProperty("outcome").GetString());
        var videos = wait.RootElement.GetProperty("videos").EnumerateArray().Select(v => v.GetProperty("video_no").GetString()!).ToList();
        Assert.Equal(2, videos.Count);

        var shown = await RunAsync([.. api, "videos", "show", videos[0], "--unique-id", "lifecycle", "--json"]);
        Assert.Equal(0, shown.Code);
        using var metadata = JsonDocument.Parse(shown.Stdout);
        Assert.Equal((videos[0], "PARSE"), (metadata.RootElement.GetProperty("video_no").GetString(), metadata.RootElement.GetProperty("status").GetString()));

        var listed = await RunAsync([.. api, "videos", "list", "--unique-id", "lifecycle", "--all", "--size", "1", "--json"]);
        Assert.Equal(0, listed.Code);
        Assert.Equal(videos.Order(), listed.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.GetProperty("video_no").GetString()!).Order());

        var unknown = await RunAsync([.. api, "videos", "show", "VI000000000000000001"]);
        Assert.Equal(4, unknown.Code);
        Assert.Equal("mavi: no video VI000000000000000001 in unique_id 'default' (unknown, or not downloaded yet).", unknown.Stderr.Trim());
        Assert.Equal(1, simulator.Requests.Count(r => r == "POST /serve/api/v1/scraper_url"));
        Assert.DoesNotContain(Key, created.Stdout + created.Stderr + shown.Stdout + listed.Stdout + unknown.Stderr);
    }

    [Fact]
    public async Task ARefusedUpload_Exits2_BeforeAnyRequest()
    {
        await using var simulator = await MemoriesSimulator.StartAsync();

        var mixed = await RunAsync("--base-url", simulator.BaseAddress.ToString(), "--api-key", simulator.ApiKey, "tasks", "create", "https://www.tiktok.com/@a/video/1", "https://www.youtube.com/watch?v=2");

        Assert.Equal(2, mixed.Code);
        Assert.Equal("mavi: error: 'https://www.youtube.com/watch?v=2' is a YouTube URL, but the first URL ('https://www.tiktok.com/@a/video/1') is TikTok; one task takes posts of one platform. (Parameter 'request')", mixed.Stderr.Trim());
        Assert.Empty(simulator.Requests);
    }

    [Fact]
    public async Task AnUploadTheApiRefuses_Exits6()
    {
        await using var simulator = await MemoriesSimulator.StartAsync();

        var refused = await RunAsync("--base-url", simulator.BaseAddress.ToString(), "--api-key", "sk-mavi-not-this-account", "tasks", "create", "https://www.tiktok.com/@a/video/1", "--json");

        Assert.Equal(6, refused.Code);
        Assert.Equal("mavi: error: The API answered code 0401 (invalid authorization; check the API key): Invalid authorization", refused.Stderr.Trim());
        Assert.Single(simulator.Requests);
    }

    private static Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args) =>
        BuiltProgram.RunAsync(BuiltProgram.Mavi, args);
}
