using CsCheck;

namespace Contracts.Generator.Tests.Fuzzing;

/// <summary>
/// Hand-declared Refit interfaces for the memories contract's polling endpoint, drawn from every
/// parameter kind Refit allows (query, header, property, authorize, header collection, a token
/// anywhere, defaults of every constant kind) and several ways of declaring the interface.
/// </summary>
internal static class RefitInterfaces
{
    private static readonly string[] Pool =
    [
        "[AliasAs(\"task_id\")] string taskId",
        "[AliasAs(\"unique_id\")] string uniqueId = \"default\"",
        "[AliasAs(\"unique_id\")] string? uniqueId = null",
        "[AliasAs(\"unique_id\")] string uniqueId",
        "CancellationToken cancellationToken = default",
        "CancellationToken ct",
        "CancellationToken token",
        "[Header(\"X-Trace\")] string trace",
        "[Header(\"X-Trace\")] string? trace = null",
        "[Property(\"attempt\")] int attempt = 3",
        "[Authorize(\"Bearer\")] string auth",
        "[HeaderCollection] IDictionary<string, string> headers",
        "[Header(\"X-Day\")] DayOfWeek day = DayOfWeek.Friday",
        "[Header(\"X-P\")] string progress",
        "[Header(\"X-I\")] string item",
        "[Property(\"await\")] string @await",
        "[Header(\"X-D\")] double ratio = 0.5",
        "[Header(\"X-L\")] long big = -5",
        "[Header(\"X-C\")] char letter = '\\''",
        "[Header(\"X-B\")] bool flag = true",
        "[AliasAs(\"extra\")] int extra",
        "[Header(\"X-N\")] int? maybe = null",
        "[Header(\"X-Q\")] string quoted = \"a \\\"b\\\"\\n\"",
        "[Header(\"X-M\")] decimal price = 1.25m",
        "[AliasAs(\"task_id\")] int taskId",
        "[Header(\"X-F\")] float small = float.NaN",
    ];

    /// <summary>How the interface is declared: its accessibility and where it lives.</summary>
    public static readonly string[] Shapes =
    [
        "namespace Memories.Contracts;\npublic interface IMemoriesApi\n{\n{0}\n}",
        "namespace Memories.Contracts;\ninternal interface IMemoriesApi\n{\n{0}\n}",
        "namespace Team.Client;\npublic static class Outer\n{\npublic interface IMemoriesApi\n{\n{0}\n}\n}",
        "namespace Team.Client;\ninternal sealed class Outer\n{\npublic interface IMemoriesApi\n{\n{0}\n}\n}",
        "namespace Team.Client\n{\n    using Memories.Contracts;\n    public interface IMemoriesApi\n    {\n{0}\n    }\n}",
    ];

    /// <summary>What the method returns: the contract's shape, spelled several ways, and wrappers Refit also accepts.</summary>
    private static readonly string[] Returns =
    [
        "Task<global::Memories.Contracts.MemoriesResponse<global::Memories.Contracts.TaskVideos>>",
        "Task<MemoriesResponse<TaskVideos>>",
        "System.Threading.Tasks.Task<Memories.Contracts.MemoriesResponse<Memories.Contracts.TaskVideos>>",
        "Task<ApiResponse<MemoriesResponse<TaskVideos>>>",
        "Task<IApiResponse<MemoriesResponse<TaskVideos>>>",
        "IObservable<MemoriesResponse<TaskVideos>>",
        "Task<TaskVideos>",
        "Task<HttpResponseMessage>",
    ];

    public static Gen<int[]> Parameters { get; } = Gen.Int[0, Pool.Length - 1].Array[0, 7];

    /// <summary>The memories contract bound to the interface as <see cref="Shapes"/>[<paramref name="shape"/>] declares it.</summary>
    public static string BindTo(string contract, int shape) => contract.Replace(
        "\"interface\": \"IMemoriesApi\"",
        "\"interface\": \"" + (shape switch { 0 or 1 => "Memories.Contracts.IMemoriesApi", 2 or 3 => "Team.Client.Outer.IMemoriesApi", _ => "Team.Client.IMemoriesApi" }) + "\"",
        StringComparison.Ordinal);

    public static Gen<int> Return { get; } = Gen.Frequency((6, Gen.Int[0, 2]), (2, Gen.Int[3, Returns.Length - 1]));

    public static string Write(int[] picks, int shape, int returns = 0)
    {
        var chosen = picks
            .Select(i => Pool[i])
            .DistinctBy(ParameterName)
            .OrderBy(p => p.Contains(" = ", StringComparison.Ordinal) ? 1 : 0)
            .ToList();
        string method = $$"""
                [Get("/serve/api/v1/get_video_ids_by_task_id")]
                {{Returns[returns]}} GetVideoIdsByTaskIdAsync({{string.Join(", ", chosen)}});
            """;
        return "using Refit;\n" + Shapes[shape].Replace("{0}", method, StringComparison.Ordinal);
    }

    private static string ParameterName(string declaration) =>
        declaration.Split(" = ")[0].Split(' ').Last().TrimStart('@');
}
