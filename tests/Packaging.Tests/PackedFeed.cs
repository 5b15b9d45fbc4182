namespace Packaging.Tests;

/// <summary>
/// Packs the solution once, under a version of its own, into a temporary local feed outside the
/// repository, and removes the test packages from the global package folder afterwards.
/// </summary>
public sealed class PackedFeed : IAsyncLifetime
{
    public string Root { get; } = Directory.CreateTempSubdirectory("contracts-consumers-").FullName;

    public string Feed => Path.Combine(Root, "feed");

    public string Version { get; } = $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";

    public static string RepositoryRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Contracts.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("Run the tests from a clone of the repository.");
        }
    }

    public async Task InitializeAsync()
    {
        // Release, so the pack does not touch the Debug outputs other test assemblies are running from.
        await Dotnet.SucceedAsync(RepositoryRoot, null, "pack", "Contracts.sln", "-c", "Release", "-o", Feed, $"-p:Version={Version}");
        File.WriteAllText(Path.Combine(Root, "nuget.config"), """
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="contracts-test-feed" value="feed" />
              </packageSources>
            </configuration>
            """);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in new[] { "contracts.generator", "contracts.ratelimiting.redis", "memories.contracts", "memories.cli" })
        {
            var folder = Path.Combine(packages, id, Version);
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        return Task.CompletedTask;
    }
}
