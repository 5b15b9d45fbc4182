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
