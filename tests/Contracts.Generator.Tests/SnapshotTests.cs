using Contracts.Generator.Tests.Infrastructure;

namespace Contracts.Generator.Tests;

/// <summary>Pins every generated file, and proves each compiles cleanly.</summary>
public sealed class SnapshotTests
{
    /// <summary>A hand-declared Refit interface for the every-feature contract, as a team would write it.</summary>
    /// <summary>The everything contract's Refit interface (<c>Contracts/IAcmeApi.cs</c>), as source text.</summary>
    internal static string EverythingApi { get; } = File.ReadAllText(RepositoryPaths.EverythingApiInterface);

    [Fact]
    public void MemoriesContract()
    {
        // The real hand-declared interface of the memories package, so its polling methods are pinned too.
        var (result, output) = GeneratorHarness.RunWith(
            [File.ReadAllText(RepositoryPaths.MemoriesApiInterface)],
            [.. RepositoryPaths.MemoriesContractFiles.Select(GeneratorHarness.Contract)]);

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
