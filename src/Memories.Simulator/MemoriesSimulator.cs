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
using Memories.Contracts;
using Microsoft.Extensions.Logging;

namespace Memories.Simulator;

/// <summary>
/// A local stand-in for memories.ai on a real Kestrel server bound to 127.0.0.1: tasks
/// (<c>scraper_url</c>, <c>scraper</c>, <c>scraper_tag</c>, task status), videos (metadata, list,
/// download, delete), search, chat (whole and streamed) and uploads (file and link), with the
/// envelope, string-encoded numbers, the ambiguous empty list, 0401 for a wrong key, 0429 above
/// each budget family's limit, and faults that can be switched on. This file holds the task
/// status and the shared plumbing; each surface has its own file.
/// </summary>
public sealed partial class MemoriesSimulator : IAsyncDisposable
{
    /// <summary>The task of the endpoint's documentation, seeded at start; its videos finish within about 15 s by default.</summary>
    public const string DocumentationTaskId = "4b2d85ea-8b61-4689-96c3-75d907140242";

    private const string TaskStatusPath = "/serve/api/v1/get_video_ids_by_task_id";
    private const string ScraperPath = "/serve/api/v1/scraper_url";
    private const string MetadataPath = "/serve/api/v1/get_metadata";
    private const string ListPath = "/serve/api/v1/list_videos";

    /// <summary>The most post URLs one task takes.</summary>
    public const int MaxUrls = 50;

    private readonly WebApplication _app;
    private readonly SimulatorOptions _options;
    private readonly ConcurrentDictionary<string, SimulatedTask> _tasks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Key, string Family), DateTimeOffset> _nextAllowed = new();
    private readonly ConcurrentDictionary<(string UniqueId, string VideoNo), SimulatedVideo> _library = new();
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly ConcurrentQueue<SimulatedUpload> _uploads = new();
    private readonly ConcurrentQueue<string> _rateLimited = new();
    private readonly ConcurrentQueue<SimulatorArrival> _arrivals = new();
    private readonly ConcurrentQueue<SimulatedCallback> _delivered = new();
    private readonly HttpClient _callbacks = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly Random _callbackRandom;
    private long _callbacksSent;
    private long _callbacksLost;
    private int _taskStatusRequests;
    private int _rateLimitedAnswers;
    private int _videoCounter;

    private MemoriesSimulator(WebApplication app, SimulatorOptions options)
    {
        _app = app;
        _options = options;
        _callbackRandom = new Random(options.Seed);
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
        app.MapGet(MetadataPath, simulator.MetadataAsync);
        app.MapPost(ListPath, simulator.ListAsync);
        simulator.MapTaskSources(app);
        simulator.MapSearch(app);
        simulator.MapChat(app);
        simulator.MapUploads(app);
        simulator.MapVideos(app);
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
    public string CreateTask(IReadOnlyList<string> urls, string uniqueId = "default") => CreateTask(urls, uniqueId, callback: null);

    /// <summary>Every request the simulator answered, as <c>METHOD /path</c>, in order.</summary>
    public IReadOnlyCollection<string> Requests => _requests;

    /// <summary>When each rate-limited request arrived (with a valid key), by endpoint family, in order: what the account's limit is checked against.</summary>
    public IReadOnlyCollection<SimulatorArrival> Arrivals => _arrivals;

    /// <summary>Each request answered 0429: its family and how soon after the last one it came.</summary>
    public IReadOnlyCollection<string> RateLimited => _rateLimited;

    /// <summary>Every task created through <c>scraper_url</c>, with what its request asked for, in order.</summary>
    public IReadOnlyCollection<SimulatedUpload> Uploads => _uploads;

    private string CreateTask(IReadOnlyList<string> urls, string uniqueId, Uri? callback)
    {
        var now = _options.TimeProvider.GetUtcNow();
        string id = Guid.NewGuid().ToString();
        var videos = urls.Select((url, i) => NewVideo(now, i, Name(url), 5 + (i * 7), url, FinalStatus(url)) with { VideoNo = VideoNoOf(uniqueId, url) }).ToList();
        var task = new SimulatedTask(id, uniqueId, videos);
        _tasks[id] = task;
        foreach (var video in videos)
        {
            _library[(uniqueId, video.VideoNo)] = video;
        }

        if (callback is not null)
        {
            _ = SendCallbacksAsync(task, callback);
        }

        return id;
    }

    /// <summary>A post whose URL says it is private, removed or failing ends as FAIL, as such posts do.</summary>
    private static string FinalStatus(string url)
    {
        string path = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.AbsolutePath : url;
        return path.Contains("private", StringComparison.OrdinalIgnoreCase)
            || path.Contains("removed", StringComparison.OrdinalIgnoreCase)
            || url.Contains("fail", StringComparison.OrdinalIgnoreCase) ? "FAIL" : "PARSE";
    }

    /// <summary>The same post in the same namespace always gets the same video number.</summary>
    private static string VideoNoOf(string uniqueId, string url)
    {
        byte[] hash = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(uniqueId + "\n" + url));
        ulong number = BitConverter.ToUInt64(hash, 0) % 1_000_000_000_000_000_000UL;
        return "VI" + number.ToString("D18", CultureInfo.InvariantCulture);
    }

    /// <summary>The documented callbacks, to a loopback <c>callback_url</c> only: the download, then each indexed video.</summary>
    private async Task SendCallbacksAsync(SimulatedTask task, Uri callback)
    {
        try
        {
            var clock = _options.TimeProvider;
            var downloaded = task.Videos.Min(v => v.ListedAt);
            await DelayUntil(downloaded).ConfigureAwait(false);
            await DeliverAsync(callback, new Dictionary<string, string> { ["message"] = "The task's videos were downloaded.", ["taskId"] = task.Id, ["status"] = "SUCCEEDED" }).ConfigureAwait(false);
            foreach (var video in task.Videos.Where(v => v.FinalStatus == "PARSE").OrderBy(v => v.FinishedAt))
            {
                await DelayUntil(video.FinishedAt).ConfigureAwait(false);
                await DeliverAsync(callback, new Dictionary<string, string> { ["videoId"] = video.VideoNo, ["message"] = "The video was indexed.", ["taskId"] = task.Id, ["status"] = "INDEXING_SUCCEEDED" }).ConfigureAwait(false);
            }

            async Task DelayUntil(DateTimeOffset at)
            {
                var wait = at - clock.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, clock).ConfigureAwait(false);
                }
            }
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException or ObjectDisposedException)
        {
            // Callbacks can be lost, as the real API's can: polling stays the source of truth.
        }
    }

    /// <summary>
    /// Sends one callback as the options say: lost (<see cref="SimulatorOptions.CallbackLoss"/>),
    /// or sent once or twice (<see cref="SimulatorOptions.CallbackDuplication"/>), each copy after
    /// its own random share of <see cref="SimulatorOptions.CallbackDelay"/>, so copies and later
    /// callbacks can overtake each other. Seeded by <see cref="SimulatorOptions.Seed"/>. Without a
    /// delay, callbacks go one after the other, in order, as the real API sends them.
    /// </summary>
    private async Task DeliverAsync(Uri callback, Dictionary<string, string> fields)
    {
        double lost, duplicate;
        double[] delays;
        lock (_callbackRandom)
        {
            lost = _callbackRandom.NextDouble();
            duplicate = _callbackRandom.NextDouble();
            delays = [_callbackRandom.NextDouble(), _callbackRandom.NextDouble()];
        }

        if (lost < _options.CallbackLoss)
        {
            Interlocked.Increment(ref _callbacksLost);
            return;
        }

        int copies = duplicate < _options.CallbackDuplication ? 2 : 1;
        for (int copy = 0; copy < copies; copy++)
        {
            var delay = TimeSpan.FromTicks((long)(_options.CallbackDelay.Ticks * delays[copy]));
            var sending = SendAfterAsync(delay);
            if (_options.CallbackDelay == TimeSpan.Zero)
            {
                await sending.ConfigureAwait(false);
            }
        }

        async Task SendAfterAsync(TimeSpan delay)
        {
            try
            {
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, _options.TimeProvider).ConfigureAwait(false);
                }

                Interlocked.Increment(ref _callbacksSent);
                await PostAsync(callback, fields).ConfigureAwait(false);
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException or ObjectDisposedException)
            {
                // Lost on the way, as the real API's can be: polling stays the source of truth.
            }
        }
    }

    /// <summary>How many task callbacks were sent (duplicates counted), and how many were dropped on purpose.</summary>
    public (long Sent, long Lost) Callbacks => (Interlocked.Read(ref _callbacksSent), Interlocked.Read(ref _callbacksLost));

    /// <summary>Every callback the receiver answered, in order of sending: what a test measures a wait's lag from.</summary>
    public IReadOnlyCollection<SimulatedCallback> CallbacksDelivered => _delivered;

    private async Task PostAsync(Uri callback, Dictionary<string, string> fields)
    {
        var sentAt = _options.TimeProvider.GetUtcNow();
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in fields)
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
        }

        using var content = new ByteArrayContent(stream.ToArray());
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await _callbacks.PostAsync(callback, content).ConfigureAwait(false);
        _delivered.Enqueue(new SimulatedCallback(
            sentAt,
            fields.GetValueOrDefault("taskId"),
            fields.GetValueOrDefault("videoId") ?? fields.GetValueOrDefault("videoNo"),
            fields["status"],
            (int)response.StatusCode));
    }

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <param name="cancellationToken">Stops the wait.</param>
    /// <returns>A task that completes when the host stops.</returns>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken) =>
        Microsoft.Extensions.Hosting.HostingAbstractionsHostExtensions.WaitForShutdownAsync(_app, cancellationToken);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        _callbacks.Dispose();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private void SeedDocumentationTask()
    {
        var now = _options.TimeProvider.GetUtcNow();
        var task = new SimulatedTask(DocumentationTaskId, "default",
        [
            NewVideo(now, 0, "#football", 17, "https://mavi-resource.openinterx.com/VIabc123.mp4", "PARSE") with { VideoNo = "VI624126275711397888" },
            NewVideo(now, 1, "Salah", 8, "https://mavi-resource.openinterx.com/VIdef456.mp4", "PARSE") with { VideoNo = "VI624126275900141568" },
        ]);
        _tasks[DocumentationTaskId] = task;
        foreach (var video in task.Videos)
        {
            _library[("default", video.VideoNo)] = video;
        }
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
        _requests.Enqueue("GET " + TaskStatusPath);
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
        _requests.Enqueue("POST " + ScraperPath);
        if (Refusal(context) is { } refusal)
        {
            await WriteAsync(context, refusal).ConfigureAwait(false);
            return;
        }

        List<string> urls;
        string uniqueId;
        Uri? callback = null;
        string? qualityText = null;
        string? callbackText = null;
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
            var root = document.RootElement;
            urls = Strings(root, "video_urls").Concat(Strings(root, "tiktok_post_urls")).ToList();
            uniqueId = root.TryGetProperty("unique_id", out var scope) && scope.ValueKind == JsonValueKind.String ? scope.GetString()! : "default";
            callbackText = (root.TryGetProperty("callback_url", out var c) || root.TryGetProperty("callback", out c)) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            if (callbackText is not null && Uri.TryCreate(callbackText, UriKind.Absolute, out var callbackUri) && callbackUri.IsLoopback)
            {
                callback = callbackUri;
            }

            if (root.TryGetProperty("quality", out var quality) && (quality.ValueKind != JsonValueKind.String || quality.GetString() is not ("360" or "480" or "720" or "1080" or "1440" or "2160")))
            {
                await WriteAsync(context, Envelope("0001", "quality must be one of \"360\", \"480\", \"720\", \"1080\", \"1440\", \"2160\"", data: null)).ConfigureAwait(false);
                return;
            }

            qualityText = root.TryGetProperty("quality", out var asked) ? asked.GetString() : null;
        }
        catch (JsonException)
        {
            await WriteAsync(context, Envelope("0001", "the body is not JSON", data: null)).ConfigureAwait(false);
            return;
        }

        string? problem = urls.Count == 0 ? "video_urls must list at least one URL"
            : urls.Count > MaxUrls ? $"at most {MaxUrls} URLs in all"
            : urls.Select(Platform).Distinct().Count() > 1 ? "all URLs must be from one platform"
            : urls.Any(u => Platform(u) is null) ? "only TikTok, Instagram and YouTube post URLs are supported"
            : null;
        if (problem is not null)
        {
            await WriteAsync(context, Envelope("0001", problem, data: null)).ConfigureAwait(false);
            return;
        }

        string id = CreateTask(urls, uniqueId, callback);
        _uploads.Enqueue(new SimulatedUpload(id, urls, uniqueId, qualityText, callbackText));
        await WriteAsync(context, Envelope("0000", "success", writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("taskId", id);
            writer.WriteEndObject();
        })).ConfigureAwait(false);
    }

    private async Task MetadataAsync(HttpContext context)
    {
        _requests.Enqueue("GET " + MetadataPath);
        if (Refusal(context) is { } refusal)
        {
            await WriteAsync(context, refusal).ConfigureAwait(false);
            return;
        }

        string? videoNo = context.Request.Query["video_no"];
        string uniqueId = context.Request.Query["unique_id"].FirstOrDefault() ?? "default";
        if (string.IsNullOrWhiteSpace(videoNo))
        {
            await WriteAsync(context, Envelope("0001", "video_no is required", data: null)).ConfigureAwait(false);
            return;
        }

        var now = _options.TimeProvider.GetUtcNow();
        bool known = _library.TryGetValue((uniqueId, videoNo), out var video) && now >= video.ListedAt;
        await WriteAsync(context, Envelope("0000", "success", known ? writer => WriteMetadata(writer, video!, now) : null)).ConfigureAwait(false);
    }

    private async Task ListAsync(HttpContext context)
    {
        _requests.Enqueue("POST " + ListPath);
        if (Refusal(context) is { } refusal)
        {
            await WriteAsync(context, refusal).ConfigureAwait(false);
            return;
        }

        int page, size;
        string uniqueId;
        Func<SimulatedVideo, bool> matches;
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
            var root = document.RootElement;
            page = root.TryGetProperty("page", out var p) && p.TryGetInt32(out int pv) ? pv : 0;
            size = root.TryGetProperty("size", out var z) && z.TryGetInt32(out int zv) ? zv : 0;
            uniqueId = root.TryGetProperty("unique_id", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString()! : "default";
            string? name = root.TryGetProperty("video_name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
            string? one = root.TryGetProperty("video_no", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString() : null;
            var several = Strings(root, "video_nos").ToHashSet(StringComparer.Ordinal);
            string? tag = root.TryGetProperty("tag", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            matches = v => (name is null || v.Name.Contains(name, StringComparison.OrdinalIgnoreCase))
                && (one is null || v.VideoNo == one)
                && (several.Count == 0 || several.Contains(v.VideoNo))
                && (tag is null || Tags(v).Contains(tag, StringComparer.OrdinalIgnoreCase));
        }
        catch (JsonException)
        {
            await WriteAsync(context, Envelope("0001", "the body is not JSON", data: null)).ConfigureAwait(false);
            return;
        }

        if (page < 1 || size < 1)
        {
            await WriteAsync(context, Envelope("0001", "page and size must be greater than 0", data: null)).ConfigureAwait(false);
            return;
        }

        var now = _options.TimeProvider.GetUtcNow();
        var all = _library.Where(e => e.Key.UniqueId == uniqueId && now >= e.Value.ListedAt).Select(e => e.Value)
            .Where(matches).OrderBy(v => v.CreateTime).ThenBy(v => v.VideoNo, StringComparer.Ordinal).ToList();
        var slice = all.Skip((page - 1) * size).Take(size).ToList();
        await WriteAsync(context, Envelope("0000", "success", writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("videos");
            foreach (var video in slice)
            {
                WriteMetadata(writer, video, now);
            }

            writer.WriteEndArray();
            writer.WriteNumber("total", all.Count);
            writer.WriteEndObject();
        })).ConfigureAwait(false);
    }

    /// <summary>A video's metadata; numbers are strings for odd video numbers and numbers otherwise, as the real API mixes them.</summary>
    private static void WriteMetadata(Utf8JsonWriter writer, SimulatedVideo video, DateTimeOffset now)
    {
        bool asStrings = video.VideoNo[^1] % 2 == 1;
        void Number(string name, long value)
        {
            if (asStrings)
            {
                writer.WriteString(name, value.ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                writer.WriteNumber(name, value);
            }
        }

        writer.WriteStartObject();
        writer.WriteString("video_no", video.VideoNo);
        writer.WriteString("video_name", video.Name);
        Number("duration", video.DurationSeconds);
        Number("size", video.DurationSeconds * 250_000L);
        writer.WriteString("status", now >= video.FinishedAt ? video.FinalStatus : "UNPARSE");
        Number("create_time", video.CreateTime.ToUnixTimeMilliseconds());
        writer.WriteString("resolution_label", "720P");
        Number("fps", 30);
        Number("width", 1280);
        Number("height", 720);
        writer.WriteStartArray("tags");
        foreach (var tag in Tags(video))
        {
            writer.WriteStringValue(tag);
        }

        writer.WriteEndArray();
        writer.WriteString("bucket", "mavi-resource");
        writer.WriteString("blob", video.VideoNo + ".mp4");
        writer.WriteEndObject();
    }

    private static IEnumerable<string> Tags(SimulatedVideo video) => [Platform(video.Url)?.ToLowerInvariant() ?? "web", "simulated"];

    private static IEnumerable<string> Strings(JsonElement root, string name) =>
        root.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(u => u.ValueKind == JsonValueKind.String).Select(u => u.GetString()!).Where(u => u.Length > 0)
            : [];

    private static string? Platform(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return null;
        }

        string host = uri.Host.ToLowerInvariant();
        return host.EndsWith("tiktok.com", StringComparison.Ordinal) ? "TikTok"
            : host.EndsWith("instagram.com", StringComparison.Ordinal) ? "Instagram"
            : host.EndsWith("youtube.com", StringComparison.Ordinal) || host == "youtu.be" ? "YouTube"
            : null;
    }

    /// <summary>
    /// A wrong key (0401), or a request its key's budget family has no room for (0429): the family
    /// and its limit come from the contract's table (<see cref="RateBudgets.Table"/>), as the
    /// client's budgets do, so the two cannot disagree; <see cref="SimulatorOptions.Intervals"/>
    /// may shorten one for a test.
    /// </summary>
    private byte[]? Refusal(HttpContext context)
    {
        string key = context.Request.Headers.Authorization.ToString();
        if (!_options.ApiKeys.Contains(key, StringComparer.Ordinal))
        {
            return Envelope("0401", "Invalid authorization", data: null);
        }

        if (RateBudgets.Table.Find(context.Request.Method, context.Request.Path.Value ?? "/") is not { } budget)
        {
            return null;
        }

        var now = _options.TimeProvider.GetUtcNow();
        if (!_options.EnforceRateLimit)
        {
            _arrivals.Enqueue(new SimulatorArrival(budget.Family, now, Refused: false));
            return null;
        }

        var interval = _options.Intervals.TryGetValue(budget.Family, out var shorter) ? shorter : budget.Interval;
        bool tooSoon = false;
        var gap = TimeSpan.Zero;

        // The theoretical time of the next request: a request may come the burst's worth of intervals before it.
        _nextAllowed.AddOrUpdate(
            (key, budget.Family),
            now + interval,
            (_, next) =>
            {
                gap = now - (next - interval);
                tooSoon = now < next - (interval * (budget.Burst - 1));
                return tooSoon ? next : (next > now ? next : now) + interval;
            });
        _arrivals.Enqueue(new SimulatorArrival(budget.Family, now, tooSoon));
        if (!tooSoon)
        {
            return null;
        }

        Interlocked.Increment(ref _rateLimitedAnswers);
        _rateLimited.Enqueue($"{budget.Family} request {gap.TotalMilliseconds:0} ms after the last");
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

/// <summary>One rate-limited request as the simulator received it.</summary>
/// <param name="Family">The endpoint family whose budget it counts against: <c>status</c>, <c>upload</c> or <c>list</c>.</param>
/// <param name="At">When it arrived, on the simulator's clock.</param>
/// <param name="Refused">Whether it was answered 0429 for coming too soon.</param>
public sealed record SimulatorArrival(string Family, DateTimeOffset At, bool Refused);

/// <summary>A callback the simulator sent and the receiver answered.</summary>
/// <param name="SentAt">When it was sent, on the simulator's clock.</param>
/// <param name="TaskId">The task it names; null for an upload's.</param>
/// <param name="VideoNo">The video it names, if any.</param>
/// <param name="Status">Its status: <c>SUCCEEDED</c>, <c>INDEXING_SUCCEEDED</c>, <c>PARSE</c>.</param>
/// <param name="Answer">The receiver's HTTP status code.</param>
public sealed record SimulatedCallback(DateTimeOffset SentAt, string? TaskId, string? VideoNo, string Status, int Answer);
