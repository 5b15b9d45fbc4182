using System.Collections.Concurrent;
using System.Text.Json;
using Contracts.Runtime.Polling;
using Memories.Contracts.DependencyInjection;
using Memories.Simulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Memories.Contracts.Tests;

/// <summary>Create, wait, read: the three injected calls a team makes, through Refit against the simulator on loopback.</summary>
public sealed class LifecycleTests : IAsyncLifetime
{
    private const string Key = "sk-mavi-lifecycle-lib-88a1";
    private MemoriesSimulator _simulator = null!;

    public async Task InitializeAsync() => _simulator = await MemoriesSimulator.StartAsync(new SimulatorOptions
    {
        ApiKeys = [Key],
        DownloadTime = TimeSpan.FromMilliseconds(300),
        ParseTimePerVideo = TimeSpan.FromMilliseconds(300),
        Intervals = { [RateBudgets.UploadFamily] = TimeSpan.Zero },
    });

    public async Task DisposeAsync() => await _simulator.DisposeAsync();

    [Fact]
    public async Task CreateWaitAndReadWithThreeInjectedCalls()
    {
        await using var provider = Provider();
        var api = provider.GetRequiredService<IMemoriesApi>();
        var waiter = provider.GetRequiredService<IMemoriesTaskWaiter>();
        var request = new ScraperUrlRequest
        {
            VideoUrls = [new("https://www.instagram.com/p/ok-1/"), new("https://www.instagram.com/p/removed-2/")],
            UniqueId = "team",
            Quality = VideoQuality.P720,
        };

        string taskId = await api.CreateTaskAsync(request);
        var result = await waiter.WaitAsync(taskId, "team", Fast(provider));
        var failed = Assert.Single(result.Failed);
        var video = await api.GetVideoAsync(Assert.Single(result.Succeeded).VideoNo, "team");

        Assert.Equal(WaitOutcome.CompletedWithFailures, result.Outcome);
        Assert.Equal("removed-2", failed.VideoName);
        Assert.NotNull(video);
        Assert.Equal((VideoStatus.Parsed, "720P"), (video.Status, video.ResolutionLabel));
        Assert.Null(await api.GetVideoAsync("VI000000000000000009", "team"));
    }

    [Fact]
    public async Task ManyInjectedWaitsCheckTheirListedVideosTogetherThroughListVideos()
    {
        await using var slow = await MemoriesSimulator.StartAsync(new SimulatorOptions
        {
            ApiKeys = [Key],
            DownloadTime = TimeSpan.FromMilliseconds(200),
            ParseTimePerVideo = TimeSpan.FromSeconds(4),
            Intervals = { [RateBudgets.UploadFamily] = TimeSpan.Zero },
        });
        var services = new ServiceCollection();
        services.AddMemoriesClient(o => { o.BaseAddress = slow.BaseAddress; o.ApiKey = Key; });
        await using var provider = services.BuildServiceProvider();
        var waiter = provider.GetRequiredService<IMemoriesTaskWaiter>();
        var tasks = Enumerable.Range(0, 4).Select(i => slow.CreateTask([$"https://www.youtube.com/watch?v=many{i}a", $"https://www.youtube.com/watch?v=many{i}b"], "many")).ToList();

        var results = await Task.WhenAll(tasks.Select(task => waiter.WaitAsync(task, "many", Fast(provider))));

        Assert.All(results, r => Assert.Equal((WaitOutcome.Succeeded, 2), (r.Outcome, r.Succeeded.Count)));
        int lists = slow.Requests.Count(r => r.EndsWith("list_videos", StringComparison.Ordinal));
        Assert.True(lists > 0, "no wait checked its videos through list_videos");
        Assert.True(slow.TaskStatusRequests + lists < results.Sum(r => r.Attempts), $"{slow.TaskStatusRequests} task-status and {lists} list requests for {results.Sum(r => r.Attempts)} attempts: no check was shared");
        Assert.Empty(slow.RateLimited);
    }

    [Fact]
    public async Task ListAllVideosWalksEveryPageAndStopsAfterTheFirstShortOne()
    {
        var urls = Enumerable.Range(1, 5).Select(i => $"https://www.youtube.com/watch?v=list{i}").ToList();
        _simulator.CreateTask(urls, "paged");
        await Task.Delay(400);   // downloaded: the videos are listed
        await using var provider = Provider();
        var api = provider.GetRequiredService<IMemoriesApi>();
        int before = _simulator.Requests.Count(r => r.EndsWith("list_videos", StringComparison.Ordinal));

        var names = new List<string?>();
        await foreach (var video in api.ListAllVideosAsync(new ListVideosRequest { Page = 1, Size = 2, UniqueId = "paged" }))
        {
            names.Add(video.VideoName);
        }

        Assert.Equal(5, names.Count);
        Assert.Equal(3, _simulator.Requests.Count(r => r.EndsWith("list_videos", StringComparison.Ordinal)) - before);
    }

    [Theory]
    [InlineData("none", "A task takes 1 to 50 post URLs in all (video_urls and tiktok_post_urls); this request has 0.")]
    [InlineData("51", "A task takes 1 to 50 post URLs in all (video_urls and tiktok_post_urls); this request has 51.")]
    [InlineData("mixed", "'https://www.youtube.com/watch?v=1' is a YouTube URL, but the first URL ('https://www.tiktok.com/@a/video/1') is TikTok; one task takes posts of one platform.")]
    [InlineData("duplicate", "'https://www.tiktok.com/@a/video/1' is listed twice; give each post once.")]
    [InlineData("relative", "'/@a/video/1' is not an absolute http(s) URL; give the post's full address.")]
    [InlineData("ftp", "'ftp://www.tiktok.com/@a/video/1' is not an absolute http(s) URL; give the post's full address.")]
    [InlineData("other host", "'https://vimeo.com/1' is not a TikTok, Instagram or YouTube post URL (host vimeo.com).")]
    [InlineData("quality", "Quality '4k' is not one of 360, 480, 720, 1080, 1440, 2160.")]
    public async Task ARequestTheApiWouldRefuseIsRefusedBeforeAnyRequest(string kind, string message)
    {
        var tiktok = new Uri("https://www.tiktok.com/@a/video/1");
        var request = kind switch
        {
            "none" => new ScraperUrlRequest(),
            "51" => new ScraperUrlRequest { VideoUrls = Enumerable.Range(0, 51).Select(i => new Uri($"https://www.tiktok.com/@a/video/{i}")).ToList() },
            "mixed" => new ScraperUrlRequest { VideoUrls = [tiktok], TiktokPostUrls = [new("https://www.youtube.com/watch?v=1")] },
            "duplicate" => new ScraperUrlRequest { VideoUrls = [tiktok], TiktokPostUrls = [tiktok] },
            "relative" => new ScraperUrlRequest { VideoUrls = [new("/@a/video/1", UriKind.Relative)] },
            "ftp" => new ScraperUrlRequest { VideoUrls = [new("ftp://www.tiktok.com/@a/video/1")] },
            "other host" => new ScraperUrlRequest { VideoUrls = [new("https://vimeo.com/1")] },
            _ => new ScraperUrlRequest { VideoUrls = [tiktok], Quality = VideoQualityExtensions.FromWireValue("4k"), QualityWireValue = "4k" },
        };
        await using var provider = Provider();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => provider.GetRequiredService<IMemoriesApi>().CreateTaskAsync(request));

        Assert.Equal(message + " (Parameter 'request')", error.Message);
        Assert.Empty(_simulator.Requests);
    }

    [Fact]
    public async Task TheApiRefusingAMixedListIsAnApiResponseException()
    {
        await using var provider = Provider();
        var body = new ScraperUrlRequest { VideoUrls = [new("https://www.tiktok.com/@a/video/1"), new("https://www.instagram.com/p/1/")] };

        // Straight through Refit, skipping the client-side check: the simulator refuses as the API does.
        var response = await provider.GetRequiredService<IMemoriesApi>().ScraperUrlAsync(body);

        Assert.Equal(("0001", "all URLs must be from one platform"), (response.Code, response.Message));
        var error = Assert.Throws<global::Contracts.Runtime.ApiResponseException>(() => response.EnsureSuccess());
        Assert.Equal(("0001", "all URLs must be from one platform", false), (error.Code, error.ApiMessage, error.IsRetryable));
    }

    [Fact]
    public async Task TheSimulatorRefusesMoreThan50UrlsAndASecondUploadWithinTheMinute()
    {
        await using var strict = await MemoriesSimulator.StartAsync(new SimulatorOptions { ApiKeys = [Key] });
        var services = new ServiceCollection();
        services.AddMemoriesClient(o => { o.BaseAddress = strict.BaseAddress; o.ApiKey = Key; });
        await using var provider = services.BuildServiceProvider();
        var api = provider.GetRequiredService<IMemoriesApi>();
        var many = new ScraperUrlRequest { VideoUrls = Enumerable.Range(0, 51).Select(i => new Uri($"https://www.tiktok.com/@a/video/{i}")).ToList() };

        var tooMany = await api.ScraperUrlAsync(many);

        Assert.Equal(("0001", "at most 50 URLs in all"), (tooMany.Code, tooMany.Message));

        // A second process of the same account (its own client budget) within the minute: 0429.
        var other = new ServiceCollection();
        other.AddMemoriesClient(o => { o.BaseAddress = strict.BaseAddress; o.ApiKey = Key; });
        await using var otherProvider = other.BuildServiceProvider();
        var second = await otherProvider.GetRequiredService<IMemoriesApi>().ScraperUrlAsync(new ScraperUrlRequest { VideoUrls = [new("https://www.tiktok.com/@a/video/1")] });

        Assert.Equal("0429", second.Code);
    }

    [Fact]
    public void ARequiredBodyMemberLeftNullIsAnArgumentExceptionBeforeAnyRequest()
    {
        var patch = new Acme.Everything.JobPatch { Title = null! };

        var error = Assert.Throws<ArgumentException>(() => JsonSerializer.Serialize(patch, Acme.Everything.EverythingJsonContext.Default.JobPatch));

        Assert.Equal("JobPatch.title is required; set it before sending. (Parameter 'title')", error.Message);
    }

    [Fact]
    public void OptionalBodyMembersThatAreNullAreLeftOut()
    {
        string json = JsonSerializer.Serialize(new ScraperUrlRequest { VideoUrls = [new("https://www.tiktok.com/@a/video/1")], Quality = VideoQuality.P1080 }, MemoriesJsonContext.Default.ScraperUrlRequest);

        Assert.Equal("""{"video_urls":["https://www.tiktok.com/@a/video/1"],"tiktok_post_urls":[],"quality":"1080"}""", json);
    }

    [Fact]
    public async Task TheDocumentedCallbacksReachALoopbackListener()
    {
        var received = new ConcurrentQueue<JsonElement>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var listener = builder.Build();
        listener.MapPost("/hooks/memories", async context =>
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body);
            received.Enqueue(document.RootElement.Clone());
        });
        await listener.StartAsync();
        var hook = new Uri(new Uri(listener.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()), "/hooks/memories");
        await using var provider = Provider();
        var api = provider.GetRequiredService<IMemoriesApi>();

        string taskId = await api.CreateTaskAsync(new ScraperUrlRequest { VideoUrls = [new("https://www.tiktok.com/@a/video/1"), new("https://www.tiktok.com/@b/video/2")], CallbackUrl = hook });
        await provider.GetRequiredService<IMemoriesTaskWaiter>().WaitAsync(taskId, options: Fast(provider));
        for (int i = 0; i < 50 && received.Count < 3; i++)
        {
            await Task.Delay(100);
        }

        var callbacks = received.ToList();
        Assert.Equal(3, callbacks.Count);
        Assert.Equal(("SUCCEEDED", taskId), (callbacks[0].GetProperty("status").GetString(), callbacks[0].GetProperty("taskId").GetString()));
        Assert.All(callbacks.Skip(1), c => Assert.Equal(("INDEXING_SUCCEEDED", taskId), (c.GetProperty("status").GetString(), c.GetProperty("taskId").GetString())));
        Assert.All(callbacks.Skip(1), c => Assert.StartsWith("VI", c.GetProperty("videoId").GetString(), StringComparison.Ordinal));
        await listener.StopAsync();
    }

    private ServiceProvider Provider()
    {
        var services = new ServiceCollection();
        services.AddMemoriesClient(o => { o.BaseAddress = _simulator.BaseAddress; o.ApiKey = Key; });
        return services.BuildServiceProvider();
    }

    private static PollingOptions Fast(ServiceProvider provider)
    {
        var options = provider.GetRequiredService<MemoriesTaskWaiter>().CreatePollingOptions();
        options.MinDelay = options.MaxDelay = TimeSpan.FromSeconds(1);
        return options;
    }
}
