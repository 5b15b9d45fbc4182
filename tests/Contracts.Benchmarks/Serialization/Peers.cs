using System.Text.Json.Serialization;
using Newtonsoft.Json;

namespace Contracts.Benchmarks.Serialization;

// What a team writes by hand for the same answer, for System.Text.Json and Newtonsoft.Json to
// read: records with init-only properties, and classes with settable ones. Numbers are plain
// doubles and longs, the URL a string, the status a string: the peers do less than the
// generated types (no TimeSpan, DateTimeOffset, Uri or enum), which favours them.

public sealed record PeerEnvelope
{
    [JsonPropertyName("code")] public string Code { get; init; } = "";
    [JsonPropertyName("msg")] public string? Message { get; init; }
    [JsonPropertyName("data")] public PeerTaskVideos? Data { get; init; }
    [JsonPropertyName("success")] public bool? Success { get; init; }
    [JsonPropertyName("failed")] public bool? Failed { get; init; }
}

public sealed record PeerTaskVideos
{
    [JsonPropertyName("videos")] public IReadOnlyList<PeerVideo> Videos { get; init; } = [];
}

public sealed record PeerVideo
{
    [JsonPropertyName("video_no")] public string VideoNo { get; init; } = "";
    [JsonPropertyName("video_name")] public string? VideoName { get; init; }
    [JsonPropertyName("duration")] public double? Duration { get; init; }
    [JsonPropertyName("create_time")] public long? CreateTime { get; init; }
    [JsonPropertyName("status")] public string Status { get; init; } = "";
    [JsonPropertyName("video_url")] public string? VideoUrl { get; init; }
    [JsonPropertyName("bucket")] public string? Bucket { get; init; }
    [JsonPropertyName("blob")] public string? Blob { get; init; }
}

public sealed class PeerEnvelopeClass
{
    [JsonPropertyName("code"), JsonProperty("code")] public string Code { get; set; } = "";
    [JsonPropertyName("msg"), JsonProperty("msg")] public string? Message { get; set; }
    [JsonPropertyName("data"), JsonProperty("data")] public PeerTaskVideosClass? Data { get; set; }
    [JsonPropertyName("success"), JsonProperty("success")] public bool? Success { get; set; }
    [JsonPropertyName("failed"), JsonProperty("failed")] public bool? Failed { get; set; }
}

public sealed class PeerTaskVideosClass
{
    [JsonPropertyName("videos"), JsonProperty("videos")] public List<PeerVideoClass> Videos { get; set; } = [];
}

public sealed class PeerVideoClass
{
    [JsonPropertyName("video_no"), JsonProperty("video_no")] public string VideoNo { get; set; } = "";
    [JsonPropertyName("video_name"), JsonProperty("video_name", NullValueHandling = NullValueHandling.Ignore)] public string? VideoName { get; set; }
    [JsonPropertyName("duration"), JsonProperty("duration", NullValueHandling = NullValueHandling.Ignore)] public double? Duration { get; set; }
    [JsonPropertyName("create_time"), JsonProperty("create_time", NullValueHandling = NullValueHandling.Ignore)] public long? CreateTime { get; set; }
    [JsonPropertyName("status"), JsonProperty("status")] public string Status { get; set; } = "";
    [JsonPropertyName("video_url"), JsonProperty("video_url", NullValueHandling = NullValueHandling.Ignore)] public string? VideoUrl { get; set; }
    [JsonPropertyName("bucket"), JsonProperty("bucket", NullValueHandling = NullValueHandling.Ignore)] public string? Bucket { get; set; }
    [JsonPropertyName("blob"), JsonProperty("blob", NullValueHandling = NullValueHandling.Ignore)] public string? Blob { get; set; }
}

/// <summary>The System.Text.Json source generator over the hand-written types, lenient with numeric strings as the API needs.</summary>
[JsonSourceGenerationOptions(
    NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PeerEnvelope))]
[JsonSerializable(typeof(PeerEnvelopeClass))]
public sealed partial class PeerJsonContext : JsonSerializerContext;
