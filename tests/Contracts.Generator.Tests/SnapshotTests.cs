using Contracts.Generator.Tests.Infrastructure;

namespace Contracts.Generator.Tests;

/// <summary>Pins every generated file, and proves each compiles cleanly.</summary>
public sealed class SnapshotTests
{
    [Fact]
    public void MemoriesContract()
    {
        var (result, output) = GeneratorHarness.Run(GeneratorHarness.Contract(RepositoryPaths.MemoriesContract));

        Assert.Empty(result.Diagnostics);
        GeneratorHarness.AssertCompilesCleanly(output);
        Snapshot.Verify(result.GeneratedTrees.Select(t => (Path.GetFileName(t.FilePath), t.ToString())));
    }

    [Fact]
    public void EverythingContract()
    {
        var (result, output) = GeneratorHarness.Run(GeneratorHarness.Contract(RepositoryPaths.EverythingContract));

        Assert.Empty(result.Diagnostics);
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
