using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Memories.Simulator;

/// <summary>
/// A local stand-in for the memories.ai task endpoints, on a real Kestrel server bound to
/// 127.0.0.1: <c>GET /serve/api/v1/get_video_ids_by_task_id</c> and
/// <c>POST /serve/api/v1/scraper_url</c>, with the envelope, string-encoded numbers, the
/// ambiguous empty list, 0401 for a wrong key, 0429 above one request per second, and faults
/// that can be switched on.
/// </summary>
public sealed class MemoriesSimulator : IAsyncDisposable
{
    /// <summary>The task of the endpoint's documentation, seeded at start; its videos finish within about 15 s by default.</summary>
    public const string DocumentationTaskId = "4b2d85ea-8b61-4689-96c3-75d907140242";

    private const string TaskStatusPath = "/serve/api/v1/get_video_ids_by_task_id";
    private const string ScraperPath = "/serve/api/v1/scraper_url";

    private readonly WebApplication _app;
    private readonly SimulatorOptions _options;
    private readonly ConcurrentDictionary<string, SimulatedTask> _tasks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastRequestByKey = new(StringComparer.Ordinal);
    private int _taskStatusRequests;
    private int _rateLimitedAnswers;
    private int _videoCounter;

    private MemoriesSimulator(WebApplication app, SimulatorOptions options)
    {
        _app = app;
        _options = options;
    }

    /// <summary>The address to point a client at, e.g. <c>http://127.0.0.1:5123</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The first accepted key, for clients of the simulator.</summary>
    public string ApiKey => _options.ApiKeys[0];

    /// <summary>Faults injected into task-status answers; change them at any time.</summary>
    public SimulatorFaults Faults { get; } = new();

    /// <summary>How many task-status requests arrived, faults and refusals included.</summary>
    public int TaskStatusRequests => Volatile.Read(ref _taskStatusRequests);

    /// <summary>How many requests were answered 0429 for coming within a second of the previous one.</summary>
    public int RateLimitedAnswers => Volatile.Read(ref _rateLimitedAnswers);

    /// <summary>Starts the simulator on 127.0.0.1 and seeds the documentation's task.</summary>
    /// <param name="options">Behaviour; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running simulator.</returns>
    public static async Task<MemoriesSimulator> StartAsync(SimulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new SimulatorOptions();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls($"http://127.0.0.1:{options.Port.ToString(CultureInfo.InvariantCulture)}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var simulator = new MemoriesSimulator(app, options);
        app.MapGet(TaskStatusPath, simulator.TaskStatusAsync);
        app.MapPost(ScraperPath, simulator.ScraperAsync);
        simulator.SeedDocumentationTask();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        simulator.BaseAddress = new Uri(address);
        return simulator;
    }

    /// <summary>Adds a task, as <c>scraper_url</c> would; videos whose URL contains "fail" end in FAIL.</summary>
    /// <param name="urls">One URL per video.</param>
    /// <param name="uniqueId">The unique_id scope.</param>
    /// <returns>The new task's id.</returns>
    public string CreateTask(IReadOnlyList<string> urls, string uniqueId = "default")
    {
        var now = _options.TimeProvider.GetUtcNow();
        string id = Guid.NewGuid().ToString();
        var videos = urls.Select((url, i) => NewVideo(now, i, Name(url), 5 + (i * 7), url, url.Contains("fail", StringComparison.OrdinalIgnoreCase) ? "FAIL" : "PARSE")).ToList();
        _tasks[id] = new SimulatedTask(id, uniqueId, videos);
        return id;
    }

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <param name="cancellationToken">Stops the wait.</param>
    /// <returns>A task that completes when the host stops.</returns>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken) =>
        Microsoft.Extensions.Hosting.HostingAbstractionsHostExtensions.WaitForShutdownAsync(_app, cancellationToken);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private void SeedDocumentationTask()
    {
        var now = _options.TimeProvider.GetUtcNow();
        _tasks[DocumentationTaskId] = new SimulatedTask(DocumentationTaskId, "default",
        [
            NewVideo(now, 0, "#football", 17, "https://mavi-resource.openinterx.com/VIabc123.mp4", "PARSE") with { VideoNo = "VI624126275711397888" },
            NewVideo(now, 1, "Salah", 8, "https://mavi-resource.openinterx.com/VIdef456.mp4", "PARSE") with { VideoNo = "VI624126275900141568" },
        ]);
    }

    private SimulatedVideo NewVideo(DateTimeOffset start, int index, string name, int duration, string url, string finalStatus)
    {
        int number = Interlocked.Increment(ref _videoCounter);
        var listed = start + _options.DownloadTime;
        return new SimulatedVideo(
            "VI" + (624126275000000000L + number).ToString(CultureInfo.InvariantCulture),
            name,
            duration,
            listed,
            url,
            listed,
            listed + (_options.ParseTimePerVideo * (index + 1)),
            finalStatus);
    }

    private async Task TaskStatusAsync(HttpContext context)
    {
        int request = Interlocked.Increment(ref _taskStatusRequests);
        var faults = Faults;
        if (faults.SlowAnswer > TimeSpan.Zero)
        {
            await Task.Delay(faults.SlowAnswer, _options.TimeProvider, context.RequestAborted).ConfigureAwait(false);
        }

        if (faults.ServerErrorEvery > 0 && request % faults.ServerErrorEvery == 0)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync("<html><body>503 Service Temporarily Unavailable</body></html>", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        if (Refusal(context) is { } refusal)
        {
            await WriteAsync(context, refusal).ConfigureAwait(false);
            return;
        }

        string? taskId = context.Request.Query["task_id"];
        string uniqueId = context.Request.Query["unique_id"].FirstOrDefault() ?? "default";
        if (string.IsNullOrWhiteSpace(taskId))
        {
            await WriteAsync(context, Envelope("0001", "task_id is required", data: null)).ConfigureAwait(false);
            return;
        }

        var now = _options.TimeProvider.GetUtcNow();
        var listed = _tasks.TryGetValue(taskId, out var task) && task.UniqueId == uniqueId ? task.At(now).ToList() : [];
        byte[] body = Envelope("0000", "success", writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("videos");
            foreach (var (video, status) in listed)
            {
                writer.WriteStartObject();
                writer.WriteString("duration", video.DurationSeconds.ToString(CultureInfo.InvariantCulture));
                writer.WriteString("status", status);
                writer.WriteString("video_no", video.VideoNo);
                writer.WriteString("video_name", video.Name);
                writer.WriteString("create_time", video.CreateTime.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
                writer.WriteString("video_url", video.Url);
                writer.WriteString("bucket", "mavi-resource");
                writer.WriteString("blob", video.VideoNo + ".mp4");
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });

        if (faults.CutOffBodyEvery > 0 && request % faults.CutOffBodyEvery == 0)
        {
            body = body[..(body.Length / 2)];
        }

        await WriteAsync(context, body).ConfigureAwait(false);
    }

    private async Task ScraperAsync(HttpContext context)
    {
        if (Refusal(context, rateLimited: false) is { } refusal)
        {
            await WriteAsync(context, refusal).ConfigureAwait(false);
            return;
        }

        List<string> urls;
        string uniqueId;
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
            var root = document.RootElement;
            urls = root.TryGetProperty("video_urls", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(u => u.GetString() ?? string.Empty).Where(u => u.Length > 0).ToList()
                : [];
            uniqueId = root.TryGetProperty("unique_id", out var scope) && scope.ValueKind == JsonValueKind.String ? scope.GetString()! : "default";
        }
        catch (JsonException)
        {
            await WriteAsync(context, Envelope("0001", "the body is not JSON", data: null)).ConfigureAwait(false);
            return;
        }

        if (urls.Count == 0)
        {
            await WriteAsync(context, Envelope("0001", "video_urls must list at least one URL", data: null)).ConfigureAwait(false);
            return;
        }

        string id = CreateTask(urls, uniqueId);
        await WriteAsync(context, Envelope("0000", "success", writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("taskId", id);
            writer.WriteEndObject();
        })).ConfigureAwait(false);
    }

    /// <summary>0401 for a missing or wrong key; 0429 for a second task-status request within a second.</summary>
    private byte[]? Refusal(HttpContext context, bool rateLimited = true)
    {
        string key = context.Request.Headers.Authorization.ToString();
        if (!_options.ApiKeys.Contains(key, StringComparer.Ordinal))
        {
            return Envelope("0401", "Invalid authorization", data: null);
        }

        if (!rateLimited || !_options.EnforceRateLimit)
        {
            return null;
        }

        var now = _options.TimeProvider.GetUtcNow();
        bool tooSoon = false;
        _lastRequestByKey.AddOrUpdate(
            key,
            now,
            (_, last) =>
            {
                tooSoon = now - last < TimeSpan.FromSeconds(1);
                return tooSoon ? last : now;
            });
        if (!tooSoon)
        {
            return null;
        }

        Interlocked.Increment(ref _rateLimitedAnswers);
        return Envelope("0429", "Request has exceeded the limit.", data: null);
    }

    private static byte[] Envelope(string code, string message, Action<Utf8JsonWriter>? data)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("code", code);
            writer.WriteString("msg", message);
            writer.WritePropertyName("data");
            if (data is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                data(writer);
            }

            writer.WriteBoolean("success", code == "0000");
            writer.WriteBoolean("failed", code != "0000");
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    private static async Task WriteAsync(HttpContext context, byte[] body)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    private static string Name(string url)
    {
        string last = url.TrimEnd('/').Split('/').LastOrDefault() ?? url;
        return last.Length == 0 ? url : Uri.UnescapeDataString(last);
    }
}
