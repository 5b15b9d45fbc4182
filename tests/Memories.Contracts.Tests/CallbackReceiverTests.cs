using System.Net;
using System.Text;
using Contracts.Runtime.Polling;
using Memories.Contracts.Callbacks;
using Memories.Contracts.DependencyInjection;
using Memories.Simulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Memories.Contracts.Tests;

/// <summary>
/// The callback receiver on a real Kestrel server on 127.0.0.1, fed by the simulator's callbacks
/// and by requests nobody legitimate would send.
/// </summary>
public sealed class CallbackReceiverTests : IAsyncLifetime
{
    private const string Key = "sk-mavi-callbacks-31d7";
    private readonly string _secret = MemoriesCallbacks.NewSecret();
    private MemoriesSimulator _simulator = null!;
    private WebApplication _app = null!;
    private Uri _base = null!;

    public async Task InitializeAsync() => (_simulator, _app, _base) = await StartAsync(new SimulatorOptions());

    /// <summary>A simulator, and an instance of the service on Kestrel at 127.0.0.1 that uses it and receives its callbacks.</summary>
    private async Task<(MemoriesSimulator Simulator, WebApplication App, Uri Base)> StartAsync(SimulatorOptions options)
    {
        options.ApiKeys = [Key];
        options.DownloadTime = TimeSpan.FromMilliseconds(300);
        options.ParseTimePerVideo = TimeSpan.FromMilliseconds(300);
        options.Intervals[RateBudgets.UploadFamily] = TimeSpan.Zero;
        var simulator = await MemoriesSimulator.StartAsync(options);
        var (app, address) = await CallbackHost.StartAsync(simulator, Key, _secret);
        return (simulator, app, address);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _simulator.DisposeAsync();
    }

    [Fact]
    public async Task ATaskCreatedWithTheCallbackUrl_EndsOnTheCallbacksHint_NotOnItsNextScheduledPoll()
    {
        var callbacks = _app.Services.GetRequiredService<MemoriesCallbacks>();
        var api = _app.Services.GetRequiredService<IMemoriesApi>();
        var waiter = _app.Services.GetRequiredService<MemoriesTaskWaiter>();
        // No callback URL given: the client puts the receiver's on the task itself.
        string task = await api.CreateTaskAsync(new ScraperUrlRequest { VideoUrls = [new Uri("https://www.tiktok.com/@a/video/callback-1")] });
        Assert.Equal(callbacks.Url.AbsoluteUri, Assert.Single(_simulator.Uploads, u => u.TaskId == task).CallbackUrl);

        // Its own schedule polls once a minute, and its deadline is sooner: only a hint can make it poll again in time.
        var options = waiter.CreatePollingOptions();
        options.MinDelay = options.MaxDelay = TimeSpan.FromMinutes(1);
        options.Timeout = TimeSpan.FromSeconds(40);
        var result = await waiter.WaitAsync(task, options: options);

        Assert.Equal(WaitOutcome.Succeeded, result.Outcome);
        Assert.True(callbacks.Accepted >= 1, "the simulator's callbacks were accepted");
        Assert.True(callbacks.Wakeups.Woken >= 1, "a callback woke the wait");
        Assert.InRange(result.Attempts, 2, 4);
    }

    [Fact]
    public async Task AWaitOnATaskTheClientCreated_EndsOnTheVideosCallbacksName_ConfirmedByListVideos_WithoutReadingTaskStatus()
    {
        var callbacks = _app.Services.GetRequiredService<MemoriesCallbacks>();
        var api = _app.Services.GetRequiredService<IMemoriesApi>();
        var waiter = _app.Services.GetRequiredService<MemoriesTaskWaiter>();
        var request = new ScraperUrlRequest { VideoUrls = [new Uri("https://www.tiktok.com/@a/video/expected-1"), new Uri("https://www.tiktok.com/@b/video/expected-2")] };
        string task = await api.CreateTaskAsync(request);
        int taskStatusBefore = _simulator.TaskStatusRequests;

        // A schedule whose first task-status read would come after the deadline: only the
        // callbacks, each confirmed through list_videos, can end this wait in time.
        var options = waiter.CreatePollingOptions();
        options.MinDelay = options.MaxDelay = TimeSpan.FromMinutes(1);
        options.Timeout = TimeSpan.FromSeconds(40);
        var result = await waiter.WaitForCreatedTaskAsync(task, request, options);

        Assert.Equal(WaitOutcome.Succeeded, result.Outcome);
        Assert.Equal(2, result.LastSnapshot.Succeeded.Count);
        Assert.All(result.LastSnapshot.Succeeded, video => Assert.Equal(VideoStatus.Parsed, video.Status));
        Assert.True(taskStatusBefore == _simulator.TaskStatusRequests, string.Join(", ", _simulator.Requests));
        Assert.Contains(_simulator.Requests, r => r.Contains("list_videos", StringComparison.Ordinal));
        Assert.True(callbacks.Accepted >= 3, "the download's callback and one per video");
    }

    [Fact]
    public async Task EveryCallbackLost_TheWaitStillEnds_ByPolling()
    {
        var (simulator, app, _) = await StartAsync(new SimulatorOptions { CallbackLoss = 1 });
        await using var _ = app;
        await using var __ = simulator;
        var api = app.Services.GetRequiredService<IMemoriesApi>();
        var waiter = app.Services.GetRequiredService<MemoriesTaskWaiter>();
        var options = waiter.CreatePollingOptions();
        options.MinDelay = options.MaxDelay = TimeSpan.FromSeconds(1);

        string task = await api.CreateTaskAsync(new ScraperUrlRequest { VideoUrls = [new Uri("https://www.tiktok.com/@a/video/lost-1")] });
        var result = await waiter.WaitAsync(task, options: options);

        Assert.Equal(WaitOutcome.Succeeded, result.Outcome);
        await Eventually(() => simulator.Callbacks.Lost >= 1 + result.Succeeded.Count);   // the simulator may drop the last one just after the wait ends
        Assert.Equal(0, simulator.Callbacks.Sent);
        Assert.Equal(1 + result.Succeeded.Count, simulator.Callbacks.Lost);
        Assert.Equal(0, app.Services.GetRequiredService<MemoriesCallbacks>().Accepted);
    }

    [Fact]
    public async Task DuplicatedDelayedCallbacks_AreAllAccepted_AndWakeTheWaitOncePerWindow()
    {
        var (simulator, app, _) = await StartAsync(new SimulatorOptions { CallbackDuplication = 1, CallbackDelay = TimeSpan.FromMilliseconds(400), Seed = 7 });
        await using var _ = app;
        await using var __ = simulator;
        var api = app.Services.GetRequiredService<IMemoriesApi>();
        var waiter = app.Services.GetRequiredService<MemoriesTaskWaiter>();
        var callbacks = app.Services.GetRequiredService<MemoriesCallbacks>();
        var options = waiter.CreatePollingOptions();
        options.MinDelay = options.MaxDelay = TimeSpan.FromMinutes(1);
        options.Timeout = TimeSpan.FromSeconds(40);

        string task = await api.CreateTaskAsync(new ScraperUrlRequest { VideoUrls = [new Uri("https://www.tiktok.com/@a/video/twice-1"), new Uri("https://www.tiktok.com/@a/video/twice-2")] });
        var result = await waiter.WaitAsync(task, options: options);

        Assert.Equal(WaitOutcome.Succeeded, result.Outcome);

        // The task's callback and one per indexed video, each twice; the last copies may still be on their way.
        long expected = 2 * (1 + result.Succeeded.Count);
        await Eventually(() => callbacks.Accepted >= expected);
        Assert.Equal((expected, 0L), simulator.Callbacks);
        Assert.Equal(expected, callbacks.Accepted);
        Assert.True(callbacks.Wakeups.Woken < callbacks.Accepted, "copies within the window woke nobody twice");
    }

    [Fact]
    public async Task ACallbackUrlTheCallerGives_IsKept()
    {
        var api = _app.Services.GetRequiredService<IMemoriesApi>();
        var elsewhere = new Uri("http://127.0.0.1:9/their-own-receiver");

        string task = await api.CreateTaskAsync(new ScraperUrlRequest { VideoUrls = [new Uri("https://www.tiktok.com/@a/video/callback-2")], CallbackUrl = elsewhere });

        Assert.Equal(elsewhere.AbsoluteUri, Assert.Single(_simulator.Uploads, u => u.TaskId == task).CallbackUrl);
    }

    // One upload per test: the client spaces an account's uploads a minute apart, as the API demands.
    [Theory]
    [InlineData("file")]
    [InlineData("link")]
    public async Task AnUploadTheClientSends_GetsTheReceiversCallback_AndItsParsedCallbackArrives(string kind)
    {
        var callbacks = _app.Services.GetRequiredService<MemoriesCallbacks>();
        long accepted = callbacks.Accepted;

        var video = await UploadAsync(kind, new UploadOptions { UniqueId = "cb-uploads" });

        var sent = Assert.Single(_simulator.FileUploads, u => u.UniqueId == "cb-uploads");
        Assert.Equal((video.VideoNo, callbacks.Url.AbsoluteUri), (sent.VideoNo, sent.Callback));
        Assert.Equal(kind == "file" ? FileBytes : 0, sent.Bytes);   // the file was sent whole, the part added beside it
        await Eventually(() => callbacks.Accepted > accepted);
        Assert.Equal(accepted + 1, callbacks.Accepted);   // the video's "parsed" callback reached the receiver
    }

    [Theory]
    [InlineData("file")]
    [InlineData("link")]
    public async Task ACallbackTheCallerGivesAnUpload_IsKept(string kind)
    {
        var elsewhere = new Uri("http://127.0.0.1:9/their-own-receiver");

        await UploadAsync(kind, new UploadOptions { UniqueId = "cb-own", Callback = elsewhere });

        Assert.Equal(elsewhere.AbsoluteUri, Assert.Single(_simulator.FileUploads, u => u.UniqueId == "cb-own").Callback);
    }

    private const int FileBytes = 100_000;

    private Task<UploadedVideo> UploadAsync(string kind, UploadOptions options)
    {
        var api = _app.Services.GetRequiredService<IMemoriesApi>();
        return kind == "file"
            ? api.UploadStreamAsync(new MemoryStream(new byte[FileBytes]), "clip.mp4", options)
            : api.UploadUrlAsync(new Uri("https://cdn.example.com/clip.mp4"), options);
    }

    [Theory]
    [InlineData("not-the-secret-but-long-enough-0123456789")]
    [InlineData("x")]
    public async Task AWrongSecret_Gets404AndNothingElse_AndWakesNobody(string secret)
    {
        var callbacks = _app.Services.GetRequiredService<MemoriesCallbacks>();
        long woken = callbacks.Wakeups.Woken + callbacks.Wakeups.Ignored;
        using var http = new HttpClient();

        using var answer = await http.PostAsync(new Uri(_base, "/memories/callbacks/" + secret), Json("""{"taskId":"t-forged","status":"SUCCEEDED"}"""));

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.Equal(string.Empty, await answer.Content.ReadAsStringAsync());
        Assert.Equal(woken, callbacks.Wakeups.Woken + callbacks.Wakeups.Ignored);
    }

    [Fact]
    public async Task OversizedMalformedAndUnknownBodies_AreRefusedOrIgnored_WithoutAnException()
    {
        var callbacks = _app.Services.GetRequiredService<MemoriesCallbacks>();
        var url = callbacks.Url;
        using var http = new HttpClient();

        using var huge = await http.PostAsync(url, Json("{\"taskId\":\"" + new string('a', 70_000) + "\"}"));
        using var garbage = await http.PostAsync(url, new StringContent("<xml>not json</xml>", Encoding.UTF8, "text/plain"));
        using var nothing = await http.PostAsync(url, Json("""{"unrelated":1}"""));
        using var unknownFields = await http.PostAsync(url, Json("""{"taskId":"t-nobody-waits","status":"SOMETHING_NEW","extra":{"nested":[1,2]}}"""));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, nothing.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, unknownFields.StatusCode);   // a task nobody waits on: answered, then dropped
    }

    [Fact]
    public void WeakSecretsOrAPlainHttpAddress_FailAtStart_WithoutShowingTheSecret()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMemoriesCallbacks(o =>
        {
            o.PublicBaseUrl = new Uri("http://ingest.example.com/");
            o.Secrets.Add("short-secret-7");
        });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<MemoriesCallbackOptions>>().Value);

        Assert.Contains("https", error.Message);
        Assert.Contains("Secrets:0", error.Message);
        Assert.DoesNotContain("short-secret-7", error.Message);
        var options = new MemoriesCallbackOptions { PublicBaseUrl = new Uri("https://ingest.example.com/") };
        options.Secrets.Add(_secret);
        Assert.Empty(options.Problems());
        Assert.DoesNotContain(_secret, options.ToString());
    }

    [Fact]
    public void ACallbackUrlLongerThanUploadsTake_FailsAtStart_AndAPublicBasePathIsKept()
    {
        var options = new MemoriesCallbackOptions { PublicBaseUrl = new Uri("https://ingest.example.com/" + new string('p', 240) + "/") };
        options.Secrets.Add(_secret);

        var problem = Assert.Single(options.Problems());

        Assert.Contains("299", problem);
        Assert.DoesNotContain(_secret, problem);
        options.PublicBaseUrl = new Uri("https://ingest.example.com/behind/a-prefix");
        Assert.Empty(options.Problems());
        Assert.Equal("https://ingest.example.com/behind/a-prefix/memories/callbacks/" + _secret, ReceiverOf(options).Url.AbsoluteUri);
    }

    private static MemoriesCallbacks ReceiverOf(MemoriesCallbackOptions options) =>
        new(Options.Create(options), new WaitWakeups(TimeSpan.Zero), Microsoft.Extensions.Logging.Abstractions.NullLogger<MemoriesCallbacks>.Instance);

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>Waits, at most 20 s, for what the simulator sends on its own schedule (no time is asserted).</summary>
    private static async Task Eventually(Func<bool> done)
    {
        for (var until = DateTime.UtcNow + TimeSpan.FromSeconds(20); !done() && DateTime.UtcNow < until;)
        {
            await Task.Delay(50);
        }
    }
}
