namespace Memories.Contracts;

/// <summary>What a search looks in and how many matches it wants; every value is optional.</summary>
public sealed record SearchOptions
{
    /// <summary>What to search: clips (the default), audio, the image library or captions.</summary>
    public SearchType Type { get; init; } = SearchType.Clip;

    /// <summary>How many matches at most: 1 to 1000 (1 to 200 for captions); the API's default when null.</summary>
    public int? TopK { get; init; }

    /// <summary>The minimum score of a match; none when null.</summary>
    public FilteringLevel? Level { get; init; }

    /// <summary>Only these videos, at most 100.</summary>
    public IReadOnlyList<string>? VideoNos { get; init; }

    /// <summary>Only videos with this tag.</summary>
    public string? Tag { get; init; }

    /// <summary>Only videos from this camera.</summary>
    public string? CameraTag { get; init; }

    /// <summary>Only videos taken at or after this time (sent as <c>yyyy-MM-dd HH:mm:ss</c> in UTC).</summary>
    public DateTimeOffset? TakenAfter { get; init; }

    /// <summary>With <see cref="Longitude"/>: only videos taken near this place.</summary>
    public double? Latitude { get; init; }

    /// <summary>With <see cref="Latitude"/>: only videos taken near this place.</summary>
    public double? Longitude { get; init; }

    /// <summary>The namespace searched.</summary>
    public string UniqueId { get; init; } = "default";
}
