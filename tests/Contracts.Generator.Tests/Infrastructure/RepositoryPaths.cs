using System.Runtime.CompilerServices;

namespace Contracts.Generator.Tests.Infrastructure;

/// <summary>Where the repository's files are, found from this source file rather than the output folder.</summary>
internal static class RepositoryPaths
{
    public static string TestProject { get; } = Path.GetDirectoryName(ThisFile())!;

    public static string Root { get; } = Path.GetFullPath(Path.Combine(TestProject, "..", ".."));

    public static string Contracts => Path.Combine(Root, "contracts");

    public static string MemoriesContract => Path.Combine(Contracts, "memories", "get_video_ids_by_task_id.contract.json");

    public static string EverythingContract => Path.Combine(TestProject, "Contracts", "everything.contract.json");

    private static string ThisFile([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
