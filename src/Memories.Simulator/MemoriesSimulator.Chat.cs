using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Memories.Simulator;

/// <summary>
/// Chat about the simulated videos: a deterministic answer that names them, whole from
/// <c>/chat</c>, or from <c>/chat_stream</c> as server-sent events (thinking, references, then the
/// content word by word, <see cref="SimulatorOptions.ChatWordDelay"/> apart) ending with the
/// documented <c>{"code":"SUCCESS","data":"Done"}</c>.
/// </summary>
public sealed partial class MemoriesSimulator
{
    private const string ChatPath = "/serve/api/v1/chat";
    private const string ChatStreamPath = "/serve/api/v1/chat_stream";
    private const string NoVideos = "No videos found for the provided video numbers.";

    private long _sessions = 610000000000;

    private void MapChat(WebApplication app)
    {
        app.MapPost(ChatPath, ChatAsync);
        app.MapPost(ChatStreamPath, ChatStreamAsync);
    }

    private async Task ChatAsync(HttpContext context)
    {
        if (await ReadChatAsync(context, ChatPath) is not { } chat)
        {
            return;
        }

        if (chat.Videos.Count == 0)
        {
            await WriteAsync(context, Envelope("0001", NoVideos, data: null)).ConfigureAwait(false);
            return;
        }

        await WriteAsync(context, Envelope("0000", "success", writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("role", "ASSISTANT");
            writer.WriteString("content", string.Concat(chat.Words));
            writer.WriteStartArray("thinkings");
            writer.WriteStartObject();
            writer.WriteString("title", "Reading the videos");
            writer.WriteString("content", Thinking(chat));
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WritePropertyName("refs");
            WriteReferences(writer, chat.Videos);
            writer.WriteString("session_id", chat.SessionId);
            writer.WriteEndObject();
        })).ConfigureAwait(false);
    }

    private async Task ChatStreamAsync(HttpContext context)
    {
        if (await ReadChatAsync(context, ChatStreamPath) is not { } chat)
        {
            return;
        }

        var response = context.Response;
        var token = context.RequestAborted;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        if (chat.Videos.Count == 0)
        {
            await SendEventAsync(response, Encoding.UTF8.GetBytes(NoVideos), token).ConfigureAwait(false);
            return;
        }

        await SendEventAsync(response, Json(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("type", "thinking");
            writer.WriteString("title", "Reading the videos");
            writer.WriteString("content", Thinking(chat));
            writer.WriteString("sessionId", chat.SessionId);
            writer.WriteEndObject();
        }), token).ConfigureAwait(false);
        await SendEventAsync(response, Json(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("type", "ref");
            writer.WriteString("sessionId", chat.SessionId);
            writer.WritePropertyName("ref");
            WriteReferences(writer, chat.Videos);
            writer.WriteEndObject();
        }), token).ConfigureAwait(false);

        int sent = 0;
        foreach (string word in chat.Words)
        {
            await Task.Delay(_options.ChatWordDelay, _options.TimeProvider, token).ConfigureAwait(false);
            await SendEventAsync(response, Json(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("type", "content");
                writer.WriteString("role", "assistant");
                writer.WriteString("content", word);
                writer.WriteString("sessionId", chat.SessionId);
                writer.WriteEndObject();
            }), token).ConfigureAwait(false);
            if (Faults.CutChatAfter > 0 && ++sent >= Faults.CutChatAfter)
            {
                // Cut mid event: half of the next one, then the connection drops (after the client had time to read what came).
                await response.Body.WriteAsync("data: {\"type\":\"content\",\"ro"u8.ToArray(), token).ConfigureAwait(false);
                await response.Body.FlushAsync(token).ConfigureAwait(false);
                await Task.Delay(TimeSpan.FromMilliseconds(100), token).ConfigureAwait(false);
                context.Abort();
                return;
            }
        }

        await SendEventAsync(response, """{"code":"SUCCESS","data":"Done"}"""u8.ToArray(), token).ConfigureAwait(false);
    }

    private static async Task SendEventAsync(HttpResponse response, byte[] data, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync("data: "u8.ToArray(), cancellationToken).ConfigureAwait(false);
        await response.Body.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        await response.Body.WriteAsync("\n\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads and checks a chat request; answers the refusal and returns null when there is one.</summary>
    private async Task<SimulatedChat?> ReadChatAsync(HttpContext context, string path)
    {
        if (await ReadJsonRequestAsync(context, path) is not { } document)
        {
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            string? prompt = StringOf(root, "prompt");
            var videoNos = Strings(root, "video_nos").ToList();
            string? session = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("session_id", out var s)
                ? s.ValueKind switch { JsonValueKind.Number => s.GetRawText(), JsonValueKind.String => s.GetString(), _ => null }
                : null;
            string? problem = prompt is null ? "prompt is required"
                : videoNos.Count == 0 ? "video_nos is required"
                : session is { Length: > 0 } && !long.TryParse(session, NumberStyles.None, CultureInfo.InvariantCulture, out _) ? "session_id must be a number"
                : null;
            if (problem is not null)
            {
                await WriteAsync(context, Envelope("0001", problem, data: null)).ConfigureAwait(false);
                return null;
            }

            string uniqueId = StringOf(root, "unique_id") ?? "default";
            var now = _options.TimeProvider.GetUtcNow();
            var videos = videoNos
                .Select(no => _library.TryGetValue((uniqueId, no), out var video) && now >= video.ListedAt ? video : null)
                .OfType<SimulatedVideo>()
                .ToList();
            string sessionId = session is { Length: > 0 } ? session : Interlocked.Increment(ref _sessions).ToString(CultureInfo.InvariantCulture);
            string answer = videos.Count == 1
                ? $"In \"{videos[0].Name}\", asked \"{prompt}\": the video runs {videos[0].DurationSeconds} seconds and shows {videos[0].Name} throughout."
                : $"Across {videos.Count} videos ({string.Join(", ", videos.Select(v => "\"" + v.Name + "\""))}), asked \"{prompt}\": each shows its subject; the longest runs {(videos.Count == 0 ? 0 : videos.Max(v => v.DurationSeconds))} seconds.";
            var words = answer.Split(' ').Select((w, i) => i == 0 ? w : " " + w).ToList();
            return new SimulatedChat(prompt!, videos, sessionId, words);
        }
    }

    private static string Thinking(SimulatedChat chat) =>
        $"Looking at {chat.Videos.Count} video(s) for \"{chat.Prompt}\".";

    private static void WriteReferences(Utf8JsonWriter writer, IReadOnlyList<SimulatedVideo> videos)
    {
        writer.WriteStartArray();
        foreach (var video in videos)
        {
            writer.WriteStartObject();
            writer.WriteStartObject("video");
            writer.WriteString("video_no", video.VideoNo);
            writer.WriteString("video_name", video.Name);
            writer.WriteString("duration", video.DurationSeconds.ToString(CultureInfo.InvariantCulture));
            writer.WriteEndObject();
            writer.WriteStartArray("refItems");
            writer.WriteStartObject();
            writer.WriteString("videoNo", video.VideoNo);
            writer.WriteString("type", "keyframe");
            writer.WriteNumber("startTime", 0);
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            write(writer);
        }

        return stream.ToArray();
    }

    private sealed record SimulatedChat(string Prompt, IReadOnlyList<SimulatedVideo> Videos, string SessionId, IReadOnlyList<string> Words);
}
