namespace Contracts.Generator.Tests.Infrastructure;

/// <summary>
/// Where the repository's files are: found by walking up from the test's output folder to
/// <c>Contracts.sln</c>. (Caller file paths are remapped in CI builds, so they cannot be used.)
/// </summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string TestProject => Path.Combine(Root, "tests", "Contracts.Generator.Tests");

    public static string Contracts => Path.Combine(Root, "contracts");

    public static string MemoriesContract => Path.Combine(Contracts, "memories", "get_video_ids_by_task_id.contract.json");

    public static string MemoriesApiInterface => Path.Combine(Root, "src", "Memories.Contracts", "IMemoriesApi.cs");

    public static string EverythingContract => Path.Combine(TestProject, "Contracts", "everything.contract.json");

    /// <summary>The hand-declared Refit interface of the everything contract.</summary>
    public static string EverythingApiInterface => Path.Combine(TestProject, "Contracts", "IAcmeApi.cs");

    /// <summary>A second vendor's contract that shares endpoint names, routes and type names with the memories contract.</summary>
    public static string LibraryContract => Path.Combine(TestProject, "Contracts", "library.contract.json");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Contracts.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Contracts.sln above {AppContext.BaseDirectory}; run the tests from a clone of the repository.");
    }
}
