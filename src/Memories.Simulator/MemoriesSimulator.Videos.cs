using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Memories.Simulator;

/// <summary>
/// Downloading and deleting videos. A download is <see cref="SimulatorOptions.DownloadSize"/>
/// bytes that <see cref="ContentOf"/> tells for any video, sent at
/// <see cref="SimulatorOptions.DownloadBytesPerSecond"/>; an unknown video answers the envelope
/// (code 0001) in its place, as the real API does.
/// </summary>
public sealed partial class MemoriesSimulator
{
    private const string DownloadPath = "/serve/api/v1/download";
    private const string DeletePath = "/serve/api/v1/delete_videos";
    private const string Bucket = "mavi-resource";

    private void MapVideos(WebApplication app)
    {
        app.MapPost(DownloadPath, DownloadByVideoAsync);
        app.MapGet(DownloadPath, DownloadByBlobAsync);
        app.MapPost(DeletePath, DeleteAsync);
    }

    /// <summary>
    /// The bytes of a simulated video's file from <paramref name="offset"/>: the same for the same
    /// video number, different between videos, so a test can check every byte it received.
    /// </summary>
    /// <param name="videoNo">The video.</param>
    /// <param name="offset">Where in the file <paramref name="buffer"/> starts.</param>
    /// <param name="buffer">Filled with the file's bytes.</param>
    public static void ContentOf(string videoNo, long offset, Span<byte> buffer)
    {
        ArgumentNullException.ThrowIfNull(videoNo);
        uint seed = (uint)StringComparer.Ordinal.GetHashCode(videoNo.Length.ToString(CultureInfo.InvariantCulture)) ^ (uint)videoNo.Aggregate(17, (h, c) => (h * 31) + c);
        for (int i = 0; i < buffer.Length; i++)
        {
            long position = offset + i;
            buffer[i] = (byte)((position * 131) ^ (position >> 9) ^ seed);
        }
    }

    private async Task DownloadByVideoAsync(HttpContext context)
    {
        if (await ReadJsonRequestAsync(context, DownloadPath) is not { } document)
        {
            return;
        }

        string? videoNo;
        string uniqueId;
        using (document)
        {
            videoNo = StringOf(document.RootElement, "video_no");
            uniqueId = StringOf(document.RootElement, "unique_id") ?? "default";
        }

        if (videoNo is null || !_library.TryGetValue((uniqueId, videoNo), out var video))
        {
            await WriteAsync(context, Envelope("0001", videoNo is null ? "video_no is required" : "video not found", data: null)).ConfigureAwait(false);
            return;
        }

        await SendFileAsync(context, video).ConfigureAwait(false);
    }

    private async Task DownloadByBlobAsync(HttpContext context)
    {
        _requests.Enqueue("GET " + DownloadPath);
        if (Refusal(context) is { } refusal)
        {
            await WriteAsync(context, refusal).ConfigureAwait(false);
            return;
        }

        string? bucket = context.Request.Query["bucket"];
        string? blob = context.Request.Query["blob"];
        var video = bucket == Bucket && blob is { Length: > 4 } && blob.EndsWith(".mp4", StringComparison.Ordinal)
            ? _library.Values.FirstOrDefault(v => v.VideoNo == blob[..^4])
            : null;
        if (video is null)
        {
            await WriteAsync(context, Envelope("0001", "no such bucket and blob", data: null)).ConfigureAwait(false);
            return;
        }

        await SendFileAsync(context, video).ConfigureAwait(false);
    }

    private async Task SendFileAsync(HttpContext context, SimulatedVideo video)
    {
        var response = context.Response;
        long size = _options.DownloadSize;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/octet-stream";
        response.ContentLength = size;
        response.Headers.ContentDisposition = $"attachment; filename=\"{video.VideoNo}.mp4\"";
        var buffer = new byte[64 * 1024];
        long rate = _options.DownloadBytesPerSecond;
        long cut = Faults.CutDownloadAfter;
        var clock = _options.TimeProvider;
        long started = clock.GetTimestamp();
        for (long sent = 0; sent < size;)
        {
            int chunk = (int)Math.Min(buffer.Length, size - sent);
            ContentOf(video.VideoNo, sent, buffer.AsSpan(0, chunk));
            await response.Body.WriteAsync(buffer.AsMemory(0, chunk), context.RequestAborted).ConfigureAwait(false);
            sent += chunk;
            if (cut > 0 && sent >= cut)
            {
                await response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                context.Abort();
                return;
            }

            if (rate > 0)
            {
                var due = TimeSpan.FromSeconds(sent / (double)rate) - clock.GetElapsedTime(started);
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, clock, context.RequestAborted).ConfigureAwait(false);
                }
            }
        }
    }

    private async Task DeleteAsync(HttpContext context)
    {
        if (await ReadJsonRequestAsync(context, DeletePath) is not { } document)
        {
            return;
        }

        List<string> videoNos;
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                await WriteAsync(context, Envelope("0001", "the body must be a JSON array of video numbers", data: null)).ConfigureAwait(false);
                return;
            }

            videoNos = document.RootElement.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList();
        }

        if (videoNos.Count is 0 or > 100)
        {
            await WriteAsync(context, Envelope("0001", "give 1 to 100 video numbers", data: null)).ConfigureAwait(false);
            return;
        }

        string uniqueId = context.Request.Query["unique_id"].FirstOrDefault() ?? "default";
        foreach (string videoNo in videoNos)
        {
            _library.TryRemove((uniqueId, videoNo), out _);
        }

        // Unknown numbers answer success too, as the real API's do.
        await WriteAsync(context, Envelope("0000", "success", data: null)).ConfigureAwait(false);
    }
}
