using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Memories.Simulator;

/// <summary>
/// Uploads: a multipart file (read as it arrives and counted, never kept) or a link. The video is
/// listed at once as UNPARSE and becomes PARSE <see cref="SimulatorOptions.ParseTimePerVideo"/>
/// later, when a loopback <c>callback</c> receives <c>{"videoNo", "status": "PARSE"}</c>.
/// </summary>
public sealed partial class MemoriesSimulator
{
    private const string UploadPath = "/serve/api/v1/upload";
    private const string UploadUrlPath = "/serve/api/v1/upload_url";
    private const long MaxUploadBytes = 3L * 1024 * 1024 * 1024;

    private static readonly string[] VideoExtensions = [".mp4", ".avi", ".mkv", ".mov"];

    private readonly ConcurrentQueue<SimulatedFileUpload> _files = new();

    /// <summary>Every video uploaded by file or link, with what its request sent, in order.</summary>
    public IReadOnlyCollection<SimulatedFileUpload> FileUploads => _files;

    private void MapUploads(WebApplication app)
    {
        app.MapPost(UploadPath, UploadFileAsync);
        app.MapPost(UploadUrlPath, UploadUrlAsync);
    }

    private async Task UploadFileAsync(HttpContext context)
    {
        _requests.Enqueue("POST " + UploadPath);
        if (Refusal(context) is { } refusal)
        {
            await WriteAsync(context, refusal).ConfigureAwait(false);
            return;
        }

        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 } boundary)
        {
            await WriteAsync(context, Envelope("0001", "the body must be multipart/form-data with a file", data: null)).ConfigureAwait(false);
            return;
        }

        // The API takes files up to 3 GB: Kestrel's 30 MB body limit and the reader's 128 MB section limit would refuse them.
        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxUploadBytes + (1024 * 1024);
        }

        var fields = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        string? fileName = null;
        string? fileType = null;
        long bytes = 0;
        var reader = new MultipartReader(boundary, context.Request.Body) { BodyLengthLimit = MaxUploadBytes + 1 };
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            while (await reader.ReadNextSectionAsync(context.RequestAborted).ConfigureAwait(false) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                {
                    continue;
                }

                string name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? string.Empty;
                if (disposition.IsFileDisposition() && name == "file")
                {
                    fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                    fileType = section.ContentType;
                    int read;
                    while ((read = await section.Body.ReadAsync(buffer, context.RequestAborted).ConfigureAwait(false)) > 0)
                    {
                        bytes += read;
                    }
                }
                else
                {
                    using var text = new StreamReader(section.Body);
                    string value = await text.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
                    (fields.TryGetValue(name, out var list) ? list : fields[name] = []).Add(value);
                }
            }
        }
        catch (Exception error) when (error is IOException or InvalidDataException)
        {
            await WriteAsync(context, Envelope("0001", "the multipart body is malformed", data: null)).ConfigureAwait(false);
            return;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        string? problem = fileName is null ? "file is required"
            : !VideoExtensions.Contains(Path.GetExtension(fileName), StringComparer.OrdinalIgnoreCase) ? "file must be .mp4, .avi, .mkv or .mov"
            : fileType is not null && !fileType.StartsWith("video/", StringComparison.OrdinalIgnoreCase) ? "file must be sent as video/*"
            : bytes > MaxUploadBytes ? "file is larger than 3 GB"
            : UploadFieldProblem(fields);
        if (problem is not null)
        {
            await WriteAsync(context, Envelope("0001", problem, data: null)).ConfigureAwait(false);
            return;
        }

        await AnswerUploadAsync(context, fileName!, fileType, bytes, url: null, fields).ConfigureAwait(false);
    }

    private async Task UploadUrlAsync(HttpContext context)
    {
        _requests.Enqueue("POST " + UploadUrlPath);
        if (Refusal(context) is { } refusal)
        {
            await WriteAsync(context, refusal).ConfigureAwait(false);
            return;
        }

        var fields = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (context.Request.HasFormContentType)
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
            foreach (var (key, values) in form)
            {
                fields[key] = values.Where(v => v is not null).Select(v => v!).ToList();
            }
        }
        else
        {
            // Some clients send this endpoint JSON.
            try
            {
                using var document = await System.Text.Json.JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    fields[property.Name] = property.Value.ValueKind == System.Text.Json.JsonValueKind.Array
                        ? property.Value.EnumerateArray().Select(v => v.ToString()).ToList()
                        : [property.Value.ToString()];
                }
            }
            catch (Exception error) when (error is System.Text.Json.JsonException or InvalidOperationException)
            {
                await WriteAsync(context, Envelope("0001", "the body must be a form with url", data: null)).ConfigureAwait(false);
                return;
            }
        }

        string? url = fields.TryGetValue("url", out var urls) ? urls.FirstOrDefault() : null;
        string? problem = url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            ? "url must be an absolute http(s) URL"
            : UploadFieldProblem(fields);
        if (problem is not null)
        {
            await WriteAsync(context, Envelope("0001", problem, data: null)).ConfigureAwait(false);
            return;
        }

        await AnswerUploadAsync(context, Name(url!), fileType: null, bytes: 0, url, fields).ConfigureAwait(false);
    }

    private static string? UploadFieldProblem(Dictionary<string, List<string>> fields)
    {
        string? First(string name) => fields.TryGetValue(name, out var values) ? values.FirstOrDefault() : null;
        return First("callback") is { Length: > 299 } ? "callback is longer than 299 characters"
            : First("camera_model") is { Length: > 200 } ? "camera_model is longer than 200 characters"
            : fields.TryGetValue("tags", out var tags) && tags.Count > 20 ? "at most 20 tags"
            : (First("latitude") is null) != (First("longitude") is null) ? "latitude and longitude go together"
            : First("datetime_taken") is { } taken && !DateTime.TryParseExact(taken, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out _) ? "datetime_taken must be yyyy-MM-dd HH:mm:ss"
            : First("retain_original_video") is { } retain && retain is not ("true" or "false") ? "retain_original_video must be true or false"
            : null;
    }

    private async Task AnswerUploadAsync(HttpContext context, string fileName, string? fileType, long bytes, string? url, Dictionary<string, List<string>> fields)
    {
        string uniqueId = fields.TryGetValue("unique_id", out var scope) && scope.FirstOrDefault() is { Length: > 0 } given ? given : "default";
        var now = _options.TimeProvider.GetUtcNow();
        int duration = (int)Math.Clamp(bytes / 250_000, 1, 3600);
        var video = NewVideo(now, 0, fileName, duration, url ?? "upload://" + fileName, "PARSE") with
        {
            CreateTime = now,
            ListedAt = now,
            FinishedAt = now + _options.ParseTimePerVideo,
        };
        _library[(uniqueId, video.VideoNo)] = video;
        string? callbackText = fields.TryGetValue("callback", out var callbacks) ? callbacks.FirstOrDefault() : null;
        _files.Enqueue(new SimulatedFileUpload(video.VideoNo, fileName, fileType, bytes, url, uniqueId, fields.TryGetValue("tags", out var tags) ? tags : [], callbackText));
        if (callbackText is not null && Uri.TryCreate(callbackText, UriKind.Absolute, out var callback) && callback.IsLoopback)
        {
            _ = SendParsedCallbackAsync(video, callback);
        }

        await WriteAsync(context, Envelope("0000", "success", writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("videoNo", video.VideoNo);
            writer.WriteString("videoName", video.Name);
            writer.WriteString("videoStatus", "UNPARSE");
            writer.WriteString("uploadTime", now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
            writer.WriteEndObject();
        })).ConfigureAwait(false);
    }

    private async Task SendParsedCallbackAsync(SimulatedVideo video, Uri callback)
    {
        try
        {
            var wait = video.FinishedAt - _options.TimeProvider.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _options.TimeProvider).ConfigureAwait(false);
            }

            await PostAsync(callback, new Dictionary<string, string> { ["videoNo"] = video.VideoNo, ["status"] = "PARSE" }).ConfigureAwait(false);
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException or ObjectDisposedException)
        {
            // Lost, as the real API's callbacks can be: polling stays the source of truth.
        }
    }
}

/// <summary>A video uploaded by file or by link, as the simulator received it.</summary>
/// <param name="VideoNo">The number it got.</param>
/// <param name="FileName">The file's name (or the link's last segment).</param>
/// <param name="ContentType">The file part's content type; null for a link.</param>
/// <param name="Bytes">How many bytes of file arrived; 0 for a link.</param>
/// <param name="Url">The link, for <c>upload_url</c>.</param>
/// <param name="UniqueId">The namespace.</param>
/// <param name="Tags">The tags sent.</param>
/// <param name="Callback">The callback sent.</param>
public sealed record SimulatedFileUpload(string VideoNo, string FileName, string? ContentType, long Bytes, string? Url, string UniqueId, IReadOnlyList<string> Tags, string? Callback);
