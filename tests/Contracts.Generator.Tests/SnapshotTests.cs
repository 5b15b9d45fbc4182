using Contracts.Generator.Tests.Infrastructure;

namespace Contracts.Generator.Tests;

/// <summary>Pins every generated file, and proves each compiles cleanly.</summary>
public sealed class SnapshotTests
{
    /// <summary>A hand-declared Refit interface for the every-feature contract, as a team would write it.</summary>
    internal const string EverythingApi = """
        using Refit;

        namespace Acme.Everything.Client;

        public interface IAcmeApi
        {
            [Get("/v2/jobs")]
            Task<AcmeReply<JobPage>> ListJobsAsync(
                [AliasAs("owner_id")] string ownerId,
                [AliasAs("page_size")] int pageSize = 20,
                [AliasAs("cursor")] long after = 0,
                [AliasAs("include-archived")] bool includeArchived = false,
                [AliasAs("min_score")] double minScore = 0.5,
                decimal budget = 12.25m,
                string label = "a \"quoted\" label",
                CancellationToken cancellationToken = default);

            [Post("/v2/jobs")]
            Task<AcmeReply<Job>> CreateJob([Body(buffered: true)] JobPatch body, CancellationToken cancellationToken = default);

            [Put("/v2/owners/{owner_id}/jobs/{job-id}")]
            Task<AcmeReply<Job>> UpdateJobAsync([AliasAs("owner_id")] string ownerId, [AliasAs("job-id")] long jobId, [Body(buffered: true)] JobPatch body);
        }
        """;

    [Fact]
    public void MemoriesContract()
    {
        // The real hand-declared interface of the memories package, so its polling methods are pinned too.
        var (result, output) = GeneratorHarness.RunWith(
            [File.ReadAllText(RepositoryPaths.MemoriesApiInterface)],
            GeneratorHarness.Contract(RepositoryPaths.MemoriesContract));

        Assert.Empty(result.Diagnostics.Select(d => d.ToString()));
        GeneratorHarness.AssertCompilesCleanly(output);
        Snapshot.Verify(result.GeneratedTrees.Select(t => (Path.GetFileName(t.FilePath), t.ToString())));
    }

    [Fact]
    public void EverythingContract()
    {
        var (result, output) = GeneratorHarness.RunWith([EverythingApi], GeneratorHarness.Contract(RepositoryPaths.EverythingContract));

        Assert.Empty(result.Diagnostics.Select(d => d.ToString()));
        GeneratorHarness.AssertCompilesCleanly(output);
        Snapshot.Verify(result.GeneratedTrees.Select(t => (Path.GetFileName(t.FilePath), t.ToString())));
    }

    [Fact]
    public void OutputIsTheSameOnEveryRun()
    {
        var first = GeneratorHarness.Run(GeneratorHarness.Contract(RepositoryPaths.EverythingContract)).Result;
        var second = GeneratorHarness.Run(GeneratorHarness.Contract(RepositoryPaths.EverythingContract)).Result;

        Assert.Equal(
            first.GeneratedTrees.Select(t => t.ToString()),
            second.GeneratedTrees.Select(t => t.ToString()));
        Assert.All(first.GeneratedTrees, tree => Assert.DoesNotContain("\r\n", tree.ToString()));
    }
}
