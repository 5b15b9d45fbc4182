using System.Diagnostics;
using System.Text.Json;
using Memories.Cli;
using Memories.Simulator;

namespace Memories.Cli.Tests;

/// <summary><c>mavi search</c>, <c>chat</c>, <c>upload</c>, <c>videos download</c>/<c>delete</c> and task sources against the simulator.</summary>
public sealed class SurfaceCommandTests : IAsyncLifetime, IDisposable
{
    private const string Key = "sk-mavi-surface-cli-41d0";
    private readonly string _folder = Directory.CreateTempSubdirectory("mavi-surfaces-").FullName;
    private MemoriesSimulator _simulator = null!;
    private List<string> _videos = [];

    public async Task InitializeAsync()
    {
        _simulator = await MemoriesSimulator.StartAsync(new SimulatorOptions
        {
            ApiKeys = [Key],
            DownloadTime = TimeSpan.FromMilliseconds(100),
            ParseTimePerVideo = TimeSpan.FromMilliseconds(100),
            ChatWordDelay = TimeSpan.FromMilliseconds(1),
            DownloadSize = 200_000,
        });
        string task = _simulator.CreateTask(["https://www.tiktok.com/@a/video/football-goals", "https://www.tiktok.com/@a/video/cooking-pasta"]);
        var run = await Run("tasks", "wait", task, "--min-delay", "1s", "--max-delay", "1s", "--json");
        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        _videos = json.RootElement.GetProperty("videos").EnumerateArray().Select(v => v.GetProperty("video_no").GetString()!).ToList();
    }

    public async Task DisposeAsync() => await _simulator.DisposeAsync();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task SearchPrintsVideoNameSpanAndScore()
    {
        var run = await Run("search", "goals");

        Assert.Equal(0, run.ExitCode);
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^VIDEO\s+NAME\s+FROM-TO\s+SCORE$", lines[0]);
        Assert.Matches(@"^VI\d+\s+football-goals\s+\d+:\d\d-\d+:\d\d\s+0\.\d{3}$", Assert.Single(lines[1..]));
        Assert.DoesNotContain(Key, run.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchWithNothingMatchedExitsZeroAndSaysSo()
    {
        var run = await Run("search", "submarine", "--json");

        Assert.Equal((0, string.Empty), (run.ExitCode, run.Out));
        Assert.Contains("nothing matched \"submarine\"", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "search", "x", "--top-k", "0" }, "--top-k")]
    [InlineData(new[] { "search", "x", "--type", "caption", "--top-k", "500" }, "--top-k")]
    [InlineData(new[] { "search", "x", "--type", "smell" }, "--type")]
    [InlineData(new[] { "search", " " }, "TEXT")]
    [InlineData(new[] { "chat", "", "--video", "VI1" }, "PROMPT")]
    [InlineData(new[] { "chat", "why?" }, "--video")]
    [InlineData(new[] { "upload" }, "FILE")]
    [InlineData(new[] { "upload", "missing.mp4" }, "FILE")]
    [InlineData(new[] { "videos", "delete", "VI1" }, "--yes")]
    [InlineData(new[] { "tasks", "create", "--creator", "https://example.com/chef" }, "--creator")]
    [InlineData(new[] { "tasks", "create", "https://www.tiktok.com/@a/video/1", "--hashtag", "cats" }, "--hashtag")]
    public async Task BadInputExitsTwoNamingTheArgumentBeforeAnyRequest(string[] args, string argument)
    {
        int before = _simulator.Requests.Count;

        var run = await Run(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(argument, run.Error, StringComparison.Ordinal);
        Assert.Equal(before, _simulator.Requests.Count);
    }

    [Fact]
    public async Task ChatPrintsTheAnswerOnStdoutAndItsThinkingOnStderr()
    {
        var run = await Run("chat", "What is scored?", "--video", _videos[0]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("football-goals", run.Out, StringComparison.Ordinal);
        Assert.Contains("What is scored?", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("thinking", run.Out, StringComparison.Ordinal);
        Assert.Contains("thinking:", run.Error, StringComparison.Ordinal);
        Assert.Contains("refers to: " + _videos[0], run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, run.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UploadPrintsTheVideoNumberAndWaitsUntilParsed()
    {
        string path = Path.Combine(_folder, "trip.mp4");
        await File.WriteAllBytesAsync(path, new byte[600_000]);

        var run = await Run("upload", path, "--tag", "holiday", "--wait", "--json", "--unique-id", "uploads");

        Assert.True(run.ExitCode == 0, run.Error);
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using var video = JsonDocument.Parse(lines[0]);
        string videoNo = video.RootElement.GetProperty("video_no").GetString()!;
        using var outcome = JsonDocument.Parse(lines[^1]);
        Assert.Equal("succeeded", outcome.RootElement.GetProperty("outcome").GetString());
        var received = Assert.Single(_simulator.FileUploads);
        Assert.Equal((videoNo, 600_000L, "uploads", "holiday"), (received.VideoNo, received.Bytes, received.UniqueId, Assert.Single(received.Tags)));
        Assert.Contains("uploading trip.mp4: 586 KB of 586 KB", run.Error, StringComparison.Ordinal);
    }

    /// <summary>On a terminal's stderr the progress is Spectre.Console's bar; the results on stdout are the same.</summary>
    [Fact]
    public async Task OnATerminalTheTransfersDrawABarAndPrintTheSameResults()
    {
        string path = Path.Combine(_folder, "bar.mp4");
        await File.WriteAllBytesAsync(path, new byte[300_000]);
        var output = new StringWriter();
        var error = new StringWriter();
        var console = new CliConsole(output, error, IsTerminal: true, _ => null) { ErrorIsTerminal = true };

        int uploaded = await MaviApp.RunAsync(["--base-url", _simulator.BaseAddress.ToString(), "--api-key", Key, "upload", path], console);
        int downloaded = await MaviApp.RunAsync(["--base-url", _simulator.BaseAddress.ToString(), "--api-key", Key, "videos", "download", _videos[0], "-o", Path.Combine(_folder, "copy.mp4")], console);

        Assert.Equal((0, 0), (uploaded, downloaded));
        Assert.Matches(@"^VI\d+  .*bar\.mp4\n" + _videos[0] + @"  .*copy\.mp4  200000 bytes\n$", output.ToString().Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.Contains("uploading bar.mp4", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("mavi: uploading", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DownloadWritesTheFileAndKeepsAnExistingOneWithoutForce()
    {
        string path = Path.Combine(_folder, "goals.mp4");

        var first = await Run("videos", "download", _videos[0], "-o", path);
        int requests = _simulator.Requests.Count;
        var again = await Run("videos", "download", _videos[0], "-o", path);

        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Equal(2, again.ExitCode);
        Assert.Equal(requests, _simulator.Requests.Count);
        var expected = new byte[200_000];
        MemoriesSimulator.ContentOf(_videos[0], 0, expected);
        Assert.Equal(expected, await File.ReadAllBytesAsync(path));
        Assert.Equal(["goals.mp4"], Directory.GetFiles(_folder).Select(Path.GetFileName));
    }

    [Fact]
    public async Task ADownloadAnsweredWithAnErrorEnvelopeExitsWithItsCodeAndLeavesNoFile()
    {
        var run = await Run("videos", "download", "VI000000000000000404", "-o", Path.Combine(_folder, "none.mp4"));

        Assert.Equal(6, run.ExitCode);
        Assert.Contains("0001", run.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public async Task DeleteWithYesDeletes()
    {
        var run = await Run("videos", "delete", _videos[1], "--yes");
        var show = await Run("videos", "show", _videos[1]);

        Assert.Equal((0, $"deleted {_videos[1]}"), (run.ExitCode, run.Out.Trim()));
        Assert.NotEqual(0, show.ExitCode);
    }

    [Fact]
    public async Task TasksComeFromACreatorOrFromHashtags()
    {
        var creator = await Run("tasks", "create", "--creator", "https://www.youtube.com/@chef", "--count", "2", "--wait", "--json");

        Assert.Equal(0, creator.ExitCode);
        using var json = JsonDocument.Parse(creator.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);
        Assert.Equal(2, json.RootElement.GetProperty("videos").GetArrayLength());
        Assert.Contains(_simulator.Uploads, u => u.Urls.All(url => url.StartsWith("https://www.youtube.com/@chef/video/", StringComparison.Ordinal)));
    }

    /// <summary>The built mavi as a real process: Ctrl+C (SIGINT) during a slow answer ends it at once with 130.</summary>
    [Fact]
    public async Task CtrlCEndsAChatAtOnceWithExit130()
    {
        await using var slow = await MemoriesSimulator.StartAsync(new SimulatorOptions { ApiKeys = [Key], ChatWordDelay = TimeSpan.FromSeconds(60) });
        string task = slow.CreateTask(["https://www.tiktok.com/@a/video/slow"]);
        var videoNo = (await Run(slow, "tasks", "wait", task, "--json")).Out;
        using var waited = JsonDocument.Parse(videoNo);
        string number = waited.RootElement.GetProperty("videos")[0].GetProperty("video_no").GetString()!;

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { BuiltProgram.Mavi, "--base-url", slow.BaseAddress.ToString(), "--api-key", Key, "chat", "slowly?", "--video", number })
        {
            start.ArgumentList.Add(argument);
        }

        using var mavi = Process.Start(start)!;
        var stdout = mavi.StandardOutput.ReadToEndAsync();
        var stderr = new System.Text.StringBuilder();
        var referred = new TaskCompletionSource();
        mavi.ErrorDataReceived += (_, e) =>
        {
            lock (stderr)
            {
                stderr.AppendLine(e.Data);
            }

            if (e.Data?.StartsWith("refers to:", StringComparison.Ordinal) == true)
            {
                referred.TrySetResult();
            }
        };
        mavi.BeginErrorReadLine();
        await Task.WhenAny(referred.Task, mavi.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(120)));
        if (!referred.Task.IsCompleted)
        {
            mavi.Kill(entireProcessTree: true);
            lock (stderr)
            {
                Assert.Fail($"mavi never printed its references (exited: {mavi.HasExited}); stderr:\n{stderr}\nsimulator saw: {string.Join(", ", slow.Requests)}");
            }
        }

        using (var interrupt = Process.Start("kill", ["-INT", mavi.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await interrupt.WaitForExitAsync();
        }

        var stopped = Stopwatch.StartNew();
        await mavi.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(mavi.ExitCode == 130, $"exit {mavi.ExitCode}; stdout: {await stdout}; stderr: {stderr}");
        Assert.True(stopped.Elapsed < TimeSpan.FromSeconds(20), $"took {stopped.Elapsed} after Ctrl+C");
    }

    private Task<CliRun> Run(params string[] args) => Run(_simulator, args);

    private static Task<CliRun> Run(MemoriesSimulator simulator, params string[] args) =>
        CliRun.RunAsync(["--base-url", simulator.BaseAddress.ToString(), "--api-key", Key, .. args]);
}
