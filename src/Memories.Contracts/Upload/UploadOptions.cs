namespace Memories.Contracts;

/// <summary>What an upload sends beside the video; every value is optional.</summary>
public sealed record UploadOptions
{
    /// <summary>The namespace the video lands in.</summary>
    public string UniqueId { get; init; } = "default";

    /// <summary>Where the server POSTs <c>{videoNo, status}</c> once the video is parsed; at most 299 characters.</summary>
    public Uri? Callback { get; init; }

    /// <summary>When the video was taken (sent as <c>yyyy-MM-dd HH:mm:ss</c> in UTC).</summary>
    public DateTimeOffset? TakenAt { get; init; }

    /// <summary>The camera; at most 200 characters.</summary>
    public string? CameraModel { get; init; }

    /// <summary>With <see cref="Longitude"/>: where it was taken.</summary>
    public double? Latitude { get; init; }

    /// <summary>With <see cref="Latitude"/>: where it was taken.</summary>
    public double? Longitude { get; init; }

    /// <summary>Tags, at most 20.</summary>
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>Whether the API keeps the original file.</summary>
    public bool? RetainOriginalVideo { get; init; }

    /// <summary>A prompt for the transcription.</summary>
    public string? TranscriptionPrompt { get; init; }
}
