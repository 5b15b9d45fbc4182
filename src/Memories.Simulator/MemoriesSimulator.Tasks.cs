using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Memories.Simulator;

/// <summary>The other ways to create a task: from a creator's profile and from hashtags.</summary>
public sealed partial class MemoriesSimulator
{
    private const string CreatorPath = "/serve/api/v1/scraper";
    private const string HashtagPath = "/serve/api/v1/scraper_tag";

    private void MapTaskSources(WebApplication app)
    {
        app.MapPost(CreatorPath, CreatorTaskAsync);
        app.MapPost(HashtagPath, HashtagTaskAsync);
    }

    /// <summary><c>scraper</c>: a task for the creator's latest <c>scraper_cnt</c> videos (4 by default).</summary>
    private async Task CreatorTaskAsync(HttpContext context)
    {
        if (await ReadJsonRequestAsync(context, CreatorPath) is not { } document)
        {
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            string? profile = StringOf(root, "username");
            int count = IntOf(root, "scraper_cnt") ?? 4;
            string? problem = profile is null ? "username (the creator's profile URL) is required"
                : Platform(profile) is null ? "username must be a TikTok, Instagram or YouTube profile URL"
                : count is < 1 or > MaxUrls ? $"scraper_cnt must be 1 to {MaxUrls}"
                : null;
            if (problem is not null)
            {
                await WriteAsync(context, Envelope("0001", problem, data: null)).ConfigureAwait(false);
                return;
            }

            var urls = Enumerable.Range(1, count).Select(i => profile!.TrimEnd('/') + "/video/" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
            await AnswerTaskAsync(context, urls, root, "callback_url").ConfigureAwait(false);
        }
    }

    /// <summary><c>scraper_tag</c>: a task for <c>scraper_cnt</c> videos (2 by default) under each hashtag.</summary>
    private async Task HashtagTaskAsync(HttpContext context)
    {
        if (await ReadJsonRequestAsync(context, HashtagPath) is not { } document)
        {
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            var tags = Strings(root, "hash_tags").ToList();
            int count = IntOf(root, "scraper_cnt") ?? 2;
            string? problem = tags.Count == 0 ? "hash_tags must list at least one hashtag"
                : tags.Any(t => t.StartsWith('#') || t.Any(char.IsWhiteSpace)) ? "hash_tags are written without '#', one word each"
                : count is < 1 or > MaxUrls ? $"scraper_cnt must be 1 to {MaxUrls}"
                : null;
            if (problem is not null)
            {
                await WriteAsync(context, Envelope("0001", problem, data: null)).ConfigureAwait(false);
                return;
            }

            var urls = tags.SelectMany(tag => Enumerable.Range(1, count).Select(i => $"https://www.tiktok.com/tag/{Uri.EscapeDataString(tag)}/video/{i}")).ToList();
            await AnswerTaskAsync(context, urls, root, "callback").ConfigureAwait(false);
        }
    }

    private async Task AnswerTaskAsync(HttpContext context, List<string> urls, JsonElement root, string callbackKey)
    {
        string uniqueId = StringOf(root, "unique_id") ?? "default";
        string? callbackText = StringOf(root, callbackKey);
        Uri? callback = callbackText is not null && Uri.TryCreate(callbackText, UriKind.Absolute, out var uri) && uri.IsLoopback ? uri : null;
        string id = CreateTask(urls, uniqueId, callback);
        _uploads.Enqueue(new SimulatedUpload(id, urls, uniqueId, StringOf(root, "quality"), callbackText));
        await WriteAsync(context, Envelope("0000", "success", writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("taskId", id);
            writer.WriteEndObject();
        })).ConfigureAwait(false);
    }

    /// <summary>
    /// Records the request, answers a refusal (0401, 0429) or a body that is not JSON (0001) and
    /// returns null; otherwise returns the body.
    /// </summary>
    private async Task<JsonDocument?> ReadJsonRequestAsync(HttpContext context, string path)
    {
        _requests.Enqueue(context.Request.Method + " " + path);
        if (Refusal(context) is { } refusal)
        {
            await WriteAsync(context, refusal).ConfigureAwait(false);
            return null;
        }

        try
        {
            return await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            await WriteAsync(context, Envelope("0001", "the body is not JSON", data: null)).ConfigureAwait(false);
            return null;
        }
    }

    private static string? StringOf(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    /// <summary>A number sent as a number or a string, as clients of the real API send both.</summary>
    private static int? IntOf(JsonElement root, string name) =>
        root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(name, out var value) ? null
            : value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int number) ? number
            : value.ValueKind == JsonValueKind.String && int.TryParse(value.GetString(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int parsed) ? parsed
            : null;

    private static double? DoubleOf(JsonElement root, string name) =>
        root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(name, out var value) ? null
            : value.ValueKind == JsonValueKind.Number ? value.GetDouble()
            : value.ValueKind == JsonValueKind.String && double.TryParse(value.GetString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double parsed) ? parsed
            : null;
}
