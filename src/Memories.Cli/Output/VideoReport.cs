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
