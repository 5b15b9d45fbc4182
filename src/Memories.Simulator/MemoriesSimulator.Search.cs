using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Memories.Simulator;

/// <summary>
/// Search over the simulated videos' names, which stand in for their captions: a video matches
/// when a word of the query is in its name, scored by how many, with a jitter fixed by the query,
/// the video and <see cref="SimulatorOptions.Seed"/>. Only parsed videos are found, as for real.
/// </summary>
public sealed partial class MemoriesSimulator
{
    private const string SearchPath = "/serve/api/v1/search";
    private const string PublicSearchPath = "/serve/api/v1/search_public";

    private static readonly string[] PublicTopics = ["football", "cooking", "cats", "travel", "music", "news", "dance", "cars"];

    private void MapSearch(WebApplication app)
    {
        app.MapPost(SearchPath, SearchAsync);
        app.MapPost(PublicSearchPath, PublicSearchAsync);
    }

    private async Task SearchAsync(HttpContext context)
    {
        if (await ReadJsonRequestAsync(context, SearchPath) is not { } document)
        {
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            var (query, type, topK, minimum, problem) = ReadSearch(root, ["BY_CLIP", "BY_VIDEO", "BY_AUDIO", "BY_IMAGE", "BY_CAPTION"]);
            var only = Strings(root, "video_nos").ToHashSet(StringComparer.Ordinal);
            problem ??= only.Count > 100 ? "video_nos takes at most 100 video numbers"
                : DoubleOf(root, "latitude").HasValue != DoubleOf(root, "longitude").HasValue ? "latitude and longitude go together"
                : null;
            if (problem is not null)
            {
                await WriteAsync(context, Envelope(problem.StartsWith("unknown", StringComparison.Ordinal) ? "0003" : "0001", problem, data: null)).ConfigureAwait(false);
                return;
            }

            string uniqueId = StringOf(root, "unique_id") ?? "default";
            var now = _options.TimeProvider.GetUtcNow();
            var matches = _library
                .Where(e => e.Key.UniqueId == uniqueId && now >= e.Value.FinishedAt && e.Value.FinalStatus == "PARSE" && (only.Count == 0 || only.Contains(e.Key.VideoNo)))
                .Select(e => (Video: e.Value, Score: Score(query!, e.Value.Name, e.Value.VideoNo)))
                .Where(m => m.Score >= minimum && m.Score > 0)
                .OrderByDescending(m => m.Score)
                .ThenBy(m => m.Video.VideoNo, StringComparer.Ordinal)
                .Take(topK)
                .ToList();

            Action<Utf8JsonWriter> data = type switch
            {
                "BY_IMAGE" => writer => WriteImagePage(writer, topK),
                "BY_CAPTION" => writer => WriteCaptions(writer, matches),
                _ => writer => WriteClips(writer, matches.Select(m => (m.Video.VideoNo, m.Video.Name, m.Video.DurationSeconds, m.Score))),
            };
            await WriteAsync(context, Envelope("0000", "success", data)).ConfigureAwait(false);
        }
    }

    private async Task PublicSearchAsync(HttpContext context)
    {
        if (await ReadJsonRequestAsync(context, PublicSearchPath) is not { } document)
        {
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            var (query, _, topK, minimum, problem) = ReadSearch(root, ["BY_CLIP", "BY_VIDEO", "BY_AUDIO"]);
            string platform = StringOf(root, "type") ?? "TIKTOK";
            problem ??= platform is "TIKTOK" or "YOUTUBE" or "INSTAGRAM" ? null : "unknown type " + platform;
            if (problem is not null)
            {
                await WriteAsync(context, Envelope(problem.StartsWith("unknown", StringComparison.Ordinal) ? "0003" : "0001", problem, data: null)).ConfigureAwait(false);
                return;
            }

            var matches = PublicTopics
                .Select((topic, i) => (VideoNo: "PI-" + (601000000000000000L + (platform.Length * 1000) + i).ToString(CultureInfo.InvariantCulture), Name: $"{platform.ToLowerInvariant()} {topic} highlights", Duration: 20 + (i * 5)))
                .Select(v => (v.VideoNo, v.Name, v.Duration, Score: Score(query!, v.Name, v.VideoNo)))
                .Where(m => m.Score >= minimum && m.Score > 0)
                .OrderByDescending(m => m.Score)
                .ThenBy(m => m.VideoNo, StringComparer.Ordinal)
                .Take(topK)
                .ToList();
            await WriteAsync(context, Envelope("0000", "success", writer => WriteClips(writer, matches))).ConfigureAwait(false);
        }
    }

    /// <summary>The checks every search makes; a problem starting "unknown" is an enum value the API answers 0003 for.</summary>
    private static (string? Query, string Type, int TopK, double Minimum, string? Problem) ReadSearch(JsonElement root, string[] types)
    {
        string? query = StringOf(root, "search_param");
        string type = StringOf(root, "search_type") ?? "BY_CLIP";
        int topK = IntOf(root, "top_k") ?? 10;
        int maxTopK = type == "BY_CAPTION" ? 200 : 1000;
        string? level = StringOf(root, "filtering_level");
        double minimum = level switch { "low" => 0.15, "medium" => 0.225, "high" => 0.4, _ => 0 };
        string? problem = string.IsNullOrWhiteSpace(query) ? "search_param is required"
            : !types.Contains(type) ? "unknown search_type " + type
            : level is not (null or "low" or "medium" or "high") ? "unknown filtering_level " + level
            : topK < 1 || topK > maxTopK ? $"top_k must be 1 to {maxTopK}"
            : null;
        return (query, type, topK, minimum, problem);
    }

    /// <summary>0 when no word of the query is in the name; otherwise 0.2 to 0.9, fixed by the query, the video and the seed.</summary>
    private double Score(string query, string name, string videoNo)
    {
        var words = Words(query);
        if (words.Count == 0)
        {
            return 0;
        }

        string lowered = name.ToLowerInvariant();
        int found = words.Count(w => lowered.Contains(w, StringComparison.Ordinal));
        if (found == 0)
        {
            return 0;
        }

        byte[] hash = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes($"{_options.Seed}\n{query}\n{videoNo}"));
        double jitter = BitConverter.ToUInt16(hash, 0) / (double)ushort.MaxValue * 0.1;
        return Math.Round(0.2 + (0.6 * found / words.Count) + jitter, 4);
    }

    private static List<string> Words(string text) =>
        new string(text.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : ' ').ToArray())
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Distinct(StringComparer.Ordinal)
            .ToList();

    /// <summary>Clip and audio matches as the API sends them: camelCase, times in seconds as strings.</summary>
    private static void WriteClips(Utf8JsonWriter writer, IEnumerable<(string VideoNo, string Name, int Duration, double Score)> matches)
    {
        writer.WriteStartArray();
        foreach (var (videoNo, name, duration, score) in matches)
        {
            int start = Math.Max(0, (int)(score * 100) % Math.Max(1, duration - 2));
            writer.WriteStartObject();
            writer.WriteString("videoNo", videoNo);
            writer.WriteString("videoName", name);
            writer.WriteString("startTime", start.ToString(CultureInfo.InvariantCulture));
            writer.WriteString("endTime", Math.Min(duration, start + 2).ToString(CultureInfo.InvariantCulture));
            writer.WriteNumber("score", score);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>Caption matches: snake_case, times as numbers.</summary>
    private static void WriteCaptions(Utf8JsonWriter writer, List<(SimulatedVideo Video, double Score)> matches)
    {
        writer.WriteStartArray();
        foreach (var (video, score) in matches)
        {
            writer.WriteStartObject();
            writer.WriteString("video_no", video.VideoNo);
            writer.WriteString("text", video.Name);
            writer.WriteNumber("start_time", 0);
            writer.WriteNumber("end_time", video.DurationSeconds);
            writer.WriteNumber("score", score);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>The image library is empty in the simulator: a page with no images.</summary>
    private static void WriteImagePage(Utf8JsonWriter writer, int pageSize)
    {
        writer.WriteStartObject();
        writer.WriteNumber("current_page", 1);
        writer.WriteNumber("page_size", pageSize);
        writer.WriteNumber("total_count", 0);
        writer.WriteStartArray("item");
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
