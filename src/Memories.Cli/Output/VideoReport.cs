using System.Globalization;
using System.Text;
using System.Text.Json;
using Contracts.Runtime.Polling;
using Memories.Contracts;

namespace Memories.Cli.Output;

/// <summary>The ways a task's videos are shown: a plain table, or one JSON object.</summary>
internal static class VideoReport
{
    public static string OutcomeName(WaitOutcome? outcome) => outcome switch
    {
        WaitOutcome.Succeeded => "succeeded",
        WaitOutcome.CompletedWithFailures => "completed_with_failures",
        WaitOutcome.AllFailed => "all_failed",
        WaitOutcome.TimedOut => "timed_out",
        WaitOutcome.NotFoundOrNotStarted => "not_found_or_not_started",
        _ => "pending",
    };

    /// <summary>The wire status of a video, as the API sent it.</summary>
    public static string Status(TaskVideo video) => video.StatusWireValue ?? video.Status.ToWireValue() ?? "?";

    public static string Table(IReadOnlyList<TaskVideo> videos)
    {
        if (videos.Count == 0)
        {
            return "(no videos)\n";
        }

        var rows = videos.Select(v => new[]
        {
            v.VideoNo,
            Status(v),
            v.Duration is { } d ? d.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s" : "-",
            v.VideoName ?? "-",
        }).ToList();
        string[] header = ["VIDEO", "STATUS", "DURATION", "NAME"];
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows.Prepend(header))
        {
            text.Append(string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i])))).Append('\n');
        }

        return text.ToString();
    }

    public static string Counts(BatchSnapshot<TaskVideo> snapshot) =>
        $"{snapshot.Succeeded.Count} succeeded, {snapshot.Failed.Count} failed, {snapshot.Pending.Count} pending";

    /// <summary>One JSON object with the task, the outcome and every video; written without reflection.</summary>
    public static string Json(string taskId, string uniqueId, string outcome, int attempts, TimeSpan elapsed, IReadOnlyList<TaskVideo> videos)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("task_id", taskId);
            writer.WriteString("unique_id", uniqueId);
            writer.WriteString("outcome", outcome);
            writer.WriteNumber("attempts", attempts);
            writer.WriteNumber("elapsed_ms", (long)elapsed.TotalMilliseconds);
            writer.WriteStartArray("videos");
            foreach (var video in videos)
            {
                writer.WriteStartObject();
                writer.WriteString("video_no", video.VideoNo);
                WriteNullable(writer, "video_name", video.VideoName);
                writer.WriteString("status", Status(video));
                if (video.Duration is { } duration)
                {
                    writer.WriteNumber("duration_seconds", duration.TotalSeconds);
                }
                else
                {
                    writer.WriteNull("duration_seconds");
                }

                WriteNullable(writer, "create_time", video.CreateTime?.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
                WriteNullable(writer, "video_url", video.VideoUrl?.OriginalString);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary><c>{"task_id": …, "unique_id": …}</c>: what <c>tasks create</c> prints with <c>--json</c>.</summary>
    public static string TaskJson(string taskId, string uniqueId) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("task_id", taskId);
        writer.WriteString("unique_id", uniqueId);
        writer.WriteEndObject();
    });

    /// <summary>One video's metadata as one JSON object on one line, with the wire's field names.</summary>
    public static string MetadataJson(VideoMetadata video) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("video_no", video.VideoNo);
        WriteNullable(writer, "video_name", video.VideoName);
        writer.WriteString("status", video.StatusWireValue ?? video.Status.ToWireValue() ?? "?");
        WriteNumber(writer, "duration_seconds", video.Duration?.TotalSeconds);
        WriteNumber(writer, "size", video.Size);
        WriteNullable(writer, "create_time", video.CreateTime?.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
        WriteNullable(writer, "resolution_label", video.ResolutionLabel);
        writer.WriteStartArray("tags");
        foreach (var tag in video.Tags)
        {
            writer.WriteStringValue(tag);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    });

    /// <summary>One video's metadata for a person, one field a line.</summary>
    public static string Metadata(VideoMetadata video) => string.Join(
        Environment.NewLine,
        $"video_no    {video.VideoNo}",
        $"name        {video.VideoName}",
        $"status      {video.StatusWireValue ?? video.Status.ToWireValue()}",
        $"duration    {(video.Duration is { } d ? Duration.Format(d) : "?")}",
        $"size        {video.Size?.ToString(CultureInfo.InvariantCulture) ?? "?"} bytes",
        $"created     {video.CreateTime?.ToString("u", CultureInfo.InvariantCulture) ?? "?"}",
        $"resolution  {video.ResolutionLabel ?? "?"}",
        $"tags        {string.Join(", ", video.Tags)}");

    /// <summary>Videos as a table, one a line.</summary>
    public static string MetadataTable(IReadOnlyList<VideoMetadata> videos)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{"VIDEO_NO",-22} {"STATUS",-8} {"DURATION",-9} NAME");
        foreach (var video in videos)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{video.VideoNo,-22} {video.StatusWireValue ?? video.Status.ToWireValue(),-8} {(video.Duration is { } d ? Duration.Format(d) : "?"),-9} {video.VideoName}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"{videos.Count} video(s)");
        return text.ToString();
    }

    internal static string Write(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteNumber(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
