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

    /// <summary>The files of the memories contract, one per surface of the API, in the order the generator joins them.</summary>
    public static IReadOnlyList<string> MemoriesContractFiles { get; } = Directory
        .GetFiles(Path.Combine(Contracts, "memories"), "*.contract.json")
        .OrderBy(path => path, StringComparer.Ordinal)
        .ToArray();

    /// <summary>Where <see cref="MemoriesContractText"/> claims to be: a file of the memories folder that does not exist.</summary>
    public static string MemoriesContract => Path.Combine(Contracts, "memories", "memories.contract.json");

    /// <summary>
    /// The memories contract as one file: its files' arrays joined, the first envelope and interface
    /// kept, which is what the generator reads them as. For tests that change one text.
    /// </summary>
    public static string MemoriesContractText { get; } = ContractFiles.Join(MemoriesContractFiles.Select(File.ReadAllText));

    /// <summary>
    /// The memories contract's task and video surface as one file: the four endpoints that
    /// <c>ManyContractsTests.MemoriesApi</c> declares, whose names, routes and types a second vendor shares.
    /// </summary>
    public static string MemoriesTaskContractText { get; } = ContractFiles.Join(
        MemoriesContractFiles.Where(path => Path.GetFileName(path) is "envelope.contract.json" or "tasks.contract.json" or "videos.contract.json").Select(File.ReadAllText),
        endpoints: ["ScraperUrl", "GetVideoIdsByTaskId", "GetMetadata", "ListVideos"]);

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
