namespace Memories.Simulator;

/// <summary>A batch upload task whose videos download, then parse one by one, on the simulator's clock.</summary>
internal sealed class SimulatedTask
{
    public SimulatedTask(string id, string uniqueId, IReadOnlyList<SimulatedVideo> videos)
    {
        Id = id;
        UniqueId = uniqueId;
        Videos = videos;
    }

    public string Id { get; }

    public string UniqueId { get; }

    public IReadOnlyList<SimulatedVideo> Videos { get; }

    /// <summary>The videos listed at <paramref name="now"/> with their status then: none while downloading.</summary>
    public IEnumerable<(SimulatedVideo Video, string Status)> At(DateTimeOffset now) =>
        Videos
            .Where(v => now >= v.ListedAt)
            .Select(v => (v, now >= v.FinishedAt ? v.FinalStatus : "UNPARSE"));
}

/// <summary>One video of a simulated task.</summary>
internal sealed record SimulatedVideo(
    string VideoNo,
    string Name,
    int DurationSeconds,
    DateTimeOffset CreateTime,
    string Url,
    DateTimeOffset ListedAt,
    DateTimeOffset FinishedAt,
    string FinalStatus);

/// <summary>A task created through <c>scraper_url</c>, with what its request asked for.</summary>
/// <param name="TaskId">The task's id.</param>
/// <param name="Urls">The post URLs, in order.</param>
/// <param name="UniqueId">The <c>unique_id</c> it was created under.</param>
/// <param name="Quality">The <c>quality</c> asked for, if any.</param>
/// <param name="CallbackUrl">The <c>callback_url</c> given, if any.</param>
public sealed record SimulatedUpload(string TaskId, IReadOnlyList<string> Urls, string UniqueId, string? Quality, string? CallbackUrl);
