using System.Net;
using System.Net.Sockets;
using System.Text;
using Contracts.Runtime.Polling;
using Memories.Contracts.Callbacks;
using Memories.Contracts.DependencyInjection;
using Memories.Simulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
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

    public async Task InitializeAsync()
    {
        _simulator = await MemoriesSimulator.StartAsync(new SimulatorOptions
        {
            ApiKeys = [Key],
            DownloadTime = TimeSpan.FromMilliseconds(300),
            ParseTimePerVideo = TimeSpan.FromMilliseconds(300),
            Intervals = { [RateBudgets.UploadFamily] = TimeSpan.Zero },
        });
        _base = new Uri($"http://127.0.0.1:{FreePort()}/");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls(_base.ToString());
        builder.Logging.ClearProviders();
        builder.Services.AddMemoriesClient(o => { o.BaseAddress = _simulator.BaseAddress; o.ApiKey = Key; });
        builder.Services.AddMemoriesCallbacks(o =>
        {
            o.PublicBaseUrl = _base;
            o.Secrets.Add(_secret);
        });
        _app = builder.Build();
        _app.MapMemoriesCallbacks();
        await _app.StartAsync();
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
    public async Task ACallbackUrlTheCallerGives_IsKept()
    {
        var api = _app.Services.GetRequiredService<IMemoriesApi>();
        var elsewhere = new Uri("http://127.0.0.1:9/their-own-receiver");

        string task = await api.CreateTaskAsync(new ScraperUrlRequest { VideoUrls = [new Uri("https://www.tiktok.com/@a/video/callback-2")], CallbackUrl = elsewhere });

        Assert.Equal(elsewhere.AbsoluteUri, Assert.Single(_simulator.Uploads, u => u.TaskId == task).CallbackUrl);
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

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
