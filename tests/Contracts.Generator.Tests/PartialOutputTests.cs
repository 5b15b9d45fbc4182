using Contracts.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace Contracts.Generator.Tests;

/// <summary>
/// A contract with a mistake still generates everything the mistake does not touch, so one typo is
/// one CTR error in a real build (both generators, the package's own Refit interface), not the
/// CS0246 of every type the project uses from the contract.
/// </summary>
public sealed class PartialOutputTests
{
    private static string MemoriesContract => RepositoryPaths.MemoriesContractText;

    private static string MemoriesApi => File.ReadAllText(RepositoryPaths.MemoriesApiInterface);

    public static TheoryData<string, string, string, string> Typos => new()
    {
        { "an unknown key", "\"description\": \"The body of Upload from post URLs.\"", "\"descriptoin\": \"The body of Upload from post URLs.\"", "CTR002" },
        { "a misspelt field type", "\"type\": \"VideoQuality\",", "\"type\": \"VideoQualty\",", "CTR003" },
        { "a misspelt outcome", "\"outcome\": \"failure\"", "\"outcome\": \"failed\"", "CTR011" },
        { "a field named like its model", "\"wire\": \"bucket\",\n          \"type\": \"string\",\n          \"description\": \"Storage bucket", "\"wire\": \"task_video\",\n          \"type\": \"string\",\n          \"description\": \"Storage bucket", "CTR008" },
    };

    [Theory]
    [MemberData(nameof(Typos))]
    public void OneTypoIsOneErrorAndEverythingElseCompiles(string typo, string correct, string wrong, string id)
    {
        Assert.Contains(correct, MemoriesContract, StringComparison.Ordinal);
        string contract = ReplaceFirst(MemoriesContract, correct, wrong);

        var (result, output) = GeneratorHarness.RunWithRefitGenerator([MemoriesApi], GeneratorHarness.Contract(RepositoryPaths.MemoriesContract, contract));

        var error = Assert.Single(result.Diagnostics);
        Assert.True(error.Id == id, typo + ": " + error);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()));
        Assert.Contains(result.GeneratedTrees, t => t.FilePath.EndsWith("GetVideoIdsByTaskIdPollingExtensions.g.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void AModelThatCannotBeGeneratedTakesOnlyWhatRefersToItAlong()
    {
        // VideoPage's one field refers to VideoMetadata; with VideoMetadata misnamed, list_videos and get_metadata go, the rest stays.
        string contract = ReplaceFirst(MemoriesContract, "\"name\": \"VideoMetadata\",", "\"name\": \"video metadata\",");

        var (result, output) = GeneratorHarness.Run(GeneratorHarness.Contract(RepositoryPaths.MemoriesContract, contract));

        Assert.Equal(["CTR003", "CTR003", "CTR005"], result.Diagnostics.Select(d => d.Id).Order());
        var files = result.GeneratedTrees.Select(t => Path.GetFileName(t.FilePath)).ToList();
        Assert.Contains("Memories.Contracts.TaskVideos.g.cs", files);
        Assert.Contains("Memories.Contracts.VideoPage.g.cs", files);
        Assert.DoesNotContain("Memories.Contracts.VideoMetadata.g.cs", files);
        GeneratorHarness.AssertCompilesCleanly(output);
    }

    private static string ReplaceFirst(string text, string old, string replacement)
    {
        int at = text.IndexOf(old, StringComparison.Ordinal);
        return text[..at] + replacement + text[(at + old.Length)..];
    }
}
