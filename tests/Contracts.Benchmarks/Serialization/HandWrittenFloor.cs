using System.Buffers.Text;
using System.Text.Json;
using Memories.Contracts;

namespace Contracts.Benchmarks.Serialization;

/// <summary>
/// The floor: one hand-written pass with <see cref="Utf8JsonReader"/> and <see cref="Utf8JsonWriter"/>
/// into and out of the same generated types, with the same lenient reading (numbers or numeric
/// strings, known statuses without a new string) and no error reporting. Nothing reusable; it only
/// shows how fast these bytes can become these objects.
/// </summary>
public static class HandWrittenFloor
{
    public static MemoriesResponse<TaskVideos> Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        return Read(ref reader);
    }

    /// <summary>The floor from the reader's current token, for a converter to call.</summary>
    public static MemoriesResponse<TaskVideos> Read(ref Utf8JsonReader reader)
    {
        string code = "";
        string? message = null;
        TaskVideos? data = null;
        bool? success = null, failed = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("code"u8)) { reader.Read(); code = reader.ValueTextEquals("0000"u8) ? "0000" : reader.GetString()!; }
            else if (reader.ValueTextEquals("msg"u8)) { reader.Read(); message = reader.ValueTextEquals("success"u8) ? "success" : reader.GetString(); }
            else if (reader.ValueTextEquals("data"u8)) { reader.Read(); data = ReadVideos(ref reader); }
            else if (reader.ValueTextEquals("success"u8)) { reader.Read(); success = reader.GetBoolean(); }
            else if (reader.ValueTextEquals("failed"u8)) { reader.Read(); failed = reader.GetBoolean(); }
            else { reader.Read(); reader.Skip(); }
        }

        return new MemoriesResponse<TaskVideos> { Code = code, Message = message, Data = data, Success = success, Failed = failed };
    }

    /// <summary>
    /// The floor as a converter, so that it can be timed through <c>JsonSerializer.Deserialize</c>
    /// too: what that entry costs on its own, for any converter, apart from the converter's work.
    /// </summary>
    public sealed class Converter : System.Text.Json.Serialization.JsonConverter<MemoriesResponse<TaskVideos>>
    {
        public override MemoriesResponse<TaskVideos> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            HandWrittenFloor.Read(ref reader);

        public override void Write(Utf8JsonWriter writer, MemoriesResponse<TaskVideos> value, JsonSerializerOptions options) =>
            throw new NotSupportedException("The floor only reads.");
    }

    private static TaskVideos ReadVideos(ref Utf8JsonReader reader)
    {
        var videos = new List<TaskVideo>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("videos"u8))
            {
                reader.Read();
                while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                {
                    videos.Add(ReadVideo(ref reader));
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new TaskVideos { Videos = videos };
    }

    private static TaskVideo ReadVideo(ref Utf8JsonReader reader)
    {
        string videoNo = "";
        string? name = null, status = null, bucket = null, blob = null;
        long? duration = null, created = null;
        Uri? url = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("video_no"u8)) { reader.Read(); videoNo = reader.GetString()!; }
            else if (reader.ValueTextEquals("video_name"u8)) { reader.Read(); name = reader.GetString(); }
            else if (reader.ValueTextEquals("duration"u8)) { reader.Read(); duration = Number(ref reader); }
            else if (reader.ValueTextEquals("create_time"u8)) { reader.Read(); created = Number(ref reader); }
            else if (reader.ValueTextEquals("status"u8))
            {
                reader.Read();
                status = reader.ValueTextEquals("PARSE"u8) ? "PARSE" : reader.ValueTextEquals("UNPARSE"u8) ? "UNPARSE" : reader.ValueTextEquals("FAIL"u8) ? "FAIL" : reader.GetString();
            }
            else if (reader.ValueTextEquals("video_url"u8)) { reader.Read(); url = new Uri(reader.GetString()!, UriKind.RelativeOrAbsolute); }
            else if (reader.ValueTextEquals("bucket"u8)) { reader.Read(); bucket = reader.GetString(); }
            else if (reader.ValueTextEquals("blob"u8)) { reader.Read(); blob = reader.GetString(); }
            else { reader.Read(); reader.Skip(); }
        }

        return new TaskVideo
        {
            VideoNo = videoNo,
            VideoName = name,
            Duration = duration is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            CreateTime = created is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null,
            Status = VideoStatusExtensions.FromWireValue(status),
            StatusWireValue = status,
            VideoUrl = url,
            Bucket = bucket,
            Blob = blob,
        };
    }

    private static long Number(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number ? reader.GetInt64()
        : Utf8Parser.TryParse(reader.ValueSpan, out long value, out _) ? value : 0;

    public static void Write(Utf8JsonWriter writer, TaskVideos value)
    {
        Span<byte> number = stackalloc byte[24];
        writer.WriteStartObject();
        writer.WriteStartArray("videos"u8);
        for (int i = 0; i < value.Videos.Count; i++)
        {
            var video = value.Videos[i];
            writer.WriteStartObject();
            writer.WriteString("video_no"u8, video.VideoNo);
            if (video.VideoName is { } name) { writer.WriteString("video_name"u8, name); }
            if (video.Duration is { } duration && Utf8Formatter.TryFormat((long)duration.TotalSeconds, number, out int written)) { writer.WriteString("duration"u8, number[..written]); }
            if (video.CreateTime is { } created && Utf8Formatter.TryFormat(created.ToUnixTimeMilliseconds(), number, out written)) { writer.WriteString("create_time"u8, number[..written]); }
            writer.WriteString("status"u8, video.Status switch { VideoStatus.Parsed => "PARSE"u8, VideoStatus.Unparsed => "UNPARSE"u8, _ => "FAIL"u8 });
            if (video.VideoUrl is { } url) { writer.WriteString("video_url"u8, url.OriginalString); }
            if (video.Bucket is { } bucket) { writer.WriteString("bucket"u8, bucket); }
            if (video.Blob is { } blob) { writer.WriteString("blob"u8, blob); }
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
