using Contracts.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace Contracts.Generator.Tests;

/// <summary>
/// Several contracts from different vendors in one project, each bound to its own Refit interface:
/// the memories contract and a library contract with the same endpoint names, the same route under
/// another HTTP method, and the same type names in another namespace. Each runs with Refit's own
/// generator beside ours, so what Refit's generated code makes of the interfaces is compiled too.
/// </summary>
public sealed class ManyContractsTests
{
    /// <summary>The memories interface, its types qualified: the shared type names keep both namespaces from a global using.</summary>
    internal const string MemoriesApi = """
        using Refit;

        namespace Memories.Contracts;

        public interface IMemoriesApi
        {
            [Post("/serve/api/v1/scraper_url")]
            Task<global::Memories.Contracts.MemoriesResponse<global::Memories.Contracts.ScraperUrlResult>> ScraperUrlAsync([Body(buffered: true)] global::Memories.Contracts.ScraperUrlRequest body, CancellationToken cancellationToken = default);

            [Get("/serve/api/v1/get_metadata")]
            Task<global::Memories.Contracts.MemoriesResponse<global::Memories.Contracts.VideoMetadata>> GetMetadataAsync([AliasAs("video_no")] string videoNo, [AliasAs("unique_id")] string uniqueId = "default", CancellationToken cancellationToken = default);

            [Post("/serve/api/v1/list_videos")]
            Task<global::Memories.Contracts.MemoriesResponse<global::Memories.Contracts.VideoPage>> ListVideosAsync([Body(buffered: true)] global::Memories.Contracts.ListVideosRequest body, CancellationToken cancellationToken = default);

            [Get("/serve/api/v1/get_video_ids_by_task_id")]
            Task<global::Memories.Contracts.MemoriesResponse<global::Memories.Contracts.TaskVideos>> GetVideoIdsByTaskIdAsync([AliasAs("task_id")] string taskId, [AliasAs("unique_id")] string uniqueId = "default", CancellationToken cancellationToken = default);
        }
        """;

    /// <summary>The library's interface, declared in a namespace of the team's own.</summary>
    internal const string LibraryApi = """
        using Refit;

        namespace Acme.Library.Client;

        public interface ILibraryApi
        {
            [Get("/serve/api/v1/list_videos")]
            Task<global::Acme.Library.LibraryReply<global::Acme.Library.VideoPage>> ListVideosAsync(int page = 1, CancellationToken cancellationToken = default);

            [Get("/serve/api/v1/get_video_ids_by_task_id")]
            Task<global::Acme.Library.LibraryReply<global::Acme.Library.TaskVideos>> GetVideoIdsByTaskIdAsync(long task, CancellationToken cancellationToken = default);

            [Get("/jobs/{job_id}/steps")]
            Task<global::Acme.Library.LibraryReply<global::Acme.Library.JobSteps>> GetJobStepsAsync([AliasAs("job_id")] string jobId, bool verbose = false, CancellationToken cancellationToken = default);
        }
        """;

    [Fact]
    public void TwoVendorsWithTheSameEndpointNamesRoutesAndTypeNamesBuildCleanly()
    {
        var (result, output) = GeneratorHarness.RunWithRefitGenerator([MemoriesApi, LibraryApi], Memories, Library);

        Assert.Empty(result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()[(d.ToString().LastIndexOf('/') + 1)..]));
        GeneratorHarness.AssertCompilesCleanly(output);
        var files = result.GeneratedTrees.Select(t => System.IO.Path.GetFileName(t.FilePath)).ToList();
        Assert.Contains("Memories.Contracts.GetVideoIdsByTaskIdPollingExtensions.g.cs", files);
        Assert.Contains("Acme.Library.GetVideoIdsByTaskIdPollingExtensions.g.cs", files);
        Assert.Contains("Acme.Library.GetJobStepsPollingExtensions.g.cs", files);
    }

    [Fact]
    public void EachContractsPollingMethodsExtendItsOwnInterface()
    {
        var (result, _) = GeneratorHarness.RunWithRefitGenerator([MemoriesApi, LibraryApi], Memories, Library);

        string memories = File("Memories.Contracts.GetVideoIdsByTaskIdPollingExtensions.g.cs", result);
        string library = File("Acme.Library.GetVideoIdsByTaskIdPollingExtensions.g.cs", result);
        Assert.Contains("this global::Memories.Contracts.IMemoriesApi api, string taskId", memories, StringComparison.Ordinal);
        Assert.DoesNotContain("ILibraryApi", memories, StringComparison.Ordinal);
        Assert.Contains("this global::Acme.Library.Client.ILibraryApi api, long task", library, StringComparison.Ordinal);
        Assert.Contains("WaitForLibraryTaskAsync(", library, StringComparison.Ordinal);
        Assert.DoesNotContain("IMemoriesApi", library, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEndpointPolledByAnIdInItsPathGetsPollingMethodsWhoseNamesDoNotStutter()
    {
        var (result, output) = GeneratorHarness.RunWithRefitGenerator([MemoriesApi, LibraryApi], Memories, Library);

        string steps = File("Acme.Library.GetJobStepsPollingExtensions.g.cs", result);
        Assert.Contains("WaitForJobStepsAsync(\n        this global::Acme.Library.Client.ILibraryApi api, string jobId, bool verbose = false,", steps, StringComparison.Ordinal);
        Assert.Contains("GetJobStepsSnapshotAsync(", steps, StringComparison.Ordinal);
        Assert.DoesNotContain("GetGet", steps, StringComparison.Ordinal);
        Assert.Contains("BatchId = jobId,", steps, StringComparison.Ordinal);
        Assert.Contains("api.GetJobStepsAsync(jobId: jobId, verbose: verbose, cancellationToken: token)", steps, StringComparison.Ordinal);
        GeneratorHarness.AssertCompilesCleanly(output);
    }

    [Fact]
    public void ADriftDiagnosticNamesTheInterfaceAndContractItConcerns()
    {
        // The library's ListVideos declared as POST, which is what memories' ListVideos is: it stays the library's drift.
        string drifted = LibraryApi.Replace("[Get(\"/serve/api/v1/list_videos\")]", "[Post(\"/serve/api/v1/list_videos\")]", StringComparison.Ordinal);

        var (result, output) = GeneratorHarness.RunWithRefitGenerator([MemoriesApi, drifted], Memories, Library);

        var drift = Assert.Single(result.Diagnostics.Concat(GeneratorHarness.Analyze(output, Memories, Library)), d => d.Severity >= DiagnosticSeverity.Warning);
        Assert.Equal("CTR015", drift.Id);
        Assert.Equal("/consumer/Source2.cs", drift.Location.GetLineSpan().Path);
        Assert.Equal(
            "ILibraryApi.ListVideosAsync declares POST /serve/api/v1/list_videos, but endpoint 'ListVideos' of library.contract.json is GET /serve/api/v1/list_videos; write [Get(\"/serve/api/v1/list_videos\")]",
            drift.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void ShortNamesOfAContractWithoutAGlobalUsingAreALocatedErrorOnTheMethod()
    {
        string shortNames = "using Acme.Library;\n" + LibraryApi.Replace("global::Acme.Library.", string.Empty, StringComparison.Ordinal);

        var (result, output) = GeneratorHarness.RunWithRefitGenerator([MemoriesApi, shortNames], Memories, Library);

        var errors = result.Diagnostics.Concat(GeneratorHarness.Analyze(output, Memories, Library)).Where(d => d.Id == "CTR025").ToList();
        Assert.Equal(6, errors.Count);   // LibraryReply and its data type, in each of three methods
        Assert.All(errors, e => Assert.Equal("/consumer/Source2.cs", e.Location.GetLineSpan().Path));
        Assert.Contains(errors, e => e.GetMessage() == "ILibraryApi.ListVideosAsync writes 'VideoPage' unqualified, but namespace 'Acme.Library' gets no global using (another namespace the project imports has a type of one of its type names; see CTR018), so Refit's generated code cannot resolve it; write global::Acme.Library.VideoPage");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void WhatCtr014ProposesCompilesWhereItIsPasted(bool bothContracts)
    {
        // Interfaces that declare nothing yet, in files without 'using Refit;'.
        string[] empty = ["namespace Memories.Contracts;\npublic interface IMemoriesApi\n{\n}", "namespace Acme.Library.Client;\npublic interface ILibraryApi\n{\n}"];
        AdditionalText[] contracts = bothContracts ? [Memories, Library] : [Memories];

        var (_, before) = GeneratorHarness.RunWithRefitGenerator(empty, contracts);
        var proposals = GeneratorHarness.Analyze(before, contracts).Where(d => d.Id == "CTR014").ToList();
        Assert.Equal(bothContracts ? 7 : 4, proposals.Count);
        string Declarations(string contractFile) => string.Join("\n", proposals
            .Where(d => d.AdditionalLocations[0].GetLineSpan().Path.EndsWith(contractFile, StringComparison.Ordinal))
            .Select(d => d.GetMessage()[(d.GetMessage().IndexOf(": [", StringComparison.Ordinal) + 2)..]));
        string[] pasted =
        [
            empty[0].Replace("{\n}", "{\n" + Declarations("memories.contract.json") + "\n}", StringComparison.Ordinal),
            empty[1].Replace("{\n}", "{\n" + Declarations("library.contract.json") + "\n}", StringComparison.Ordinal),
        ];

        var (second, output) = GeneratorHarness.RunWithRefitGenerator(pasted, contracts);

        Assert.Empty(second.Diagnostics.Concat(GeneratorHarness.Analyze(output, contracts)).Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()));
        GeneratorHarness.AssertCompilesCleanly(output);
        Assert.Contains(second.GeneratedTrees, t => t.FilePath.EndsWith("Memories.Contracts.GetVideoIdsByTaskIdPollingExtensions.g.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void AContractInTheNamespaceOfAReferencedPackagesContractIsALocatedErrorNotShadowing()
    {
        var package = GeneratorHarness.Library("Memories.Contracts", [System.IO.File.ReadAllText(RepositoryPaths.MemoriesApiInterface)], GeneratorHarness.Contract(RepositoryPaths.MemoriesContract, RepositoryPaths.MemoriesContractText));
        var own = GeneratorHarness.Contract("/team/contracts/media.contract.json", """
            {
              "formatVersion": 1, "name": "Media", "namespace": "Memories.Contracts",
              "models": [ { "name": "VideoPage", "fields": [ { "wire": "n", "type": "int" } ] }, { "name": "Clip", "fields": [] } ]
            }
            """);

        var (result, output) = GeneratorHarness.RunWithRefitGenerator(["public class User { public Memories.Contracts.VideoPage? Page { get; set; } }"], [package], own);

        var conflict = Assert.Single(result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.Equal("CTR024", conflict.Id);
        Assert.Equal("/team/contracts/media.contract.json", conflict.Location.GetLineSpan().Path);
        Assert.Equal(3, conflict.Location.GetLineSpan().StartLinePosition.Line + 1);
        Assert.StartsWith("Generated type 'Memories.Contracts.VideoPage' cannot be declared: 'Memories.Contracts.VideoPage' is already declared in the referenced assembly 'Memories.Contracts'", conflict.GetMessage(), StringComparison.Ordinal);
        Assert.DoesNotContain(output.GetDiagnostics(), d => d.Id is "CS0436" or "CS0029" || d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void AContractNamespaceThatIsATypeIsALocatedErrorNotCS0101()
    {
        var contract = GeneratorHarness.Contract("/team/contracts/batch.contract.json", """
            {
              "formatVersion": 1, "name": "Batch", "namespace": "Fuzz.Small.Batch",
              "models": [ { "name": "Item", "fields": [] } ]
            }
            """);

        var (result, output) = GeneratorHarness.RunWithRefitGenerator(["namespace Fuzz.Small; public class Batch { }"], contract);

        var conflict = Assert.Single(result.Diagnostics);
        Assert.Equal("CTR024", conflict.Id);
        Assert.Equal((2, 53), (conflict.Location.GetLineSpan().StartLinePosition.Line + 1, conflict.Location.GetLineSpan().StartLinePosition.Character + 1));
        Assert.Contains("its namespace 'Fuzz.Small.Batch' would contain 'Fuzz.Small.Batch', which is a type in the project's source", conflict.GetMessage(), StringComparison.Ordinal);
        GeneratorHarness.AssertCompilesCleanly(output);
    }

    [Fact]
    public void TwoContractsWhereOnesTypeIsTheOthersNamespaceReportTheNamespaceSide()
    {
        var outer = GeneratorHarness.Contract("/team/contracts/a.contract.json", """{ "formatVersion": 1, "name": "A", "namespace": "Acme", "models": [ { "name": "Batch", "fields": [] } ] }""");
        var inner = GeneratorHarness.Contract("/team/contracts/b.contract.json", """{ "formatVersion": 1, "name": "B", "namespace": "Acme.Batch", "models": [ { "name": "Item", "fields": [] } ] }""");

        var (result, output) = GeneratorHarness.RunWithRefitGenerator(["public class User { public Acme.Batch? Batch { get; set; } }"], outer, inner);

        var conflict = Assert.Single(result.Diagnostics);
        Assert.Equal(("CTR024", "/team/contracts/b.contract.json"), (conflict.Id, conflict.Location.GetLineSpan().Path));
        GeneratorHarness.AssertCompilesCleanly(output);
    }

    private static string File(string name, GeneratorDriverRunResult result) =>
        result.GeneratedTrees.Single(t => System.IO.Path.GetFileName(t.FilePath) == name).ToString();

    private static AdditionalText Memories => GeneratorHarness.Contract(RepositoryPaths.MemoriesContract, RepositoryPaths.MemoriesTaskContractText);

    private static AdditionalText Library => GeneratorHarness.Contract(RepositoryPaths.LibraryContract);
}
