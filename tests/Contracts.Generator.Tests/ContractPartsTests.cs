using System.Text.Json.Nodes;
using Contracts.Generator.Tests.Infrastructure;
using Contracts.Testing;
using CsCheck;
using Microsoft.CodeAnalysis;

namespace Contracts.Generator.Tests;

/// <summary>
/// A contract split over several files (one name, one namespace) is one contract: its parts share
/// the envelope, models and enums, each mistake is located in the file that has it, and the
/// output is what the same contract written as one file gives.
/// </summary>
public sealed class ContractPartsTests
{
    private const string Shared = """
        { "formatVersion": 1, "name": "Shop", "namespace": "Acme.Shop",
          "envelope": { "name": "ShopReply", "fields": { "code": "code", "message": "msg", "data": "data" }, "successCode": "0",
            "codes": [ { "code": "0", "name": "Ok", "meaning": "done", "category": "success" } ] },
          "models": [ { "name": "Item", "fields": [ { "wire": "item_id", "type": "string", "required": true } ] } ] }
        """;

    private const string Orders = """
        { "formatVersion": 1, "name": "Shop", "namespace": "Acme.Shop",
          "endpoints": [ { "name": "GetItem", "method": "GET", "path": "/items/{id}",
            "pathParameters": [ { "name": "id", "type": "string" } ],
            "response": "Item", "rateLimit": { "requests": 1, "perSeconds": 1 } } ],
          "models": [ { "name": "Order", "fields": [ { "wire": "items", "type": "Item[]" }, { "wire": "state", "type": "OrderState" } ] } ],
          "enums": [ { "name": "OrderState", "values": [ { "wire": "open" }, { "wire": "shipped", "outcome": "success" } ] } ] }
        """;

    [Fact]
    public void PartsUseEachOthersTypesAndGenerateOneContract()
    {
        var (result, output) = GeneratorHarness.Run(
            GeneratorHarness.Contract("/repo/contracts/shop/shared.contract.json", Shared),
            GeneratorHarness.Contract("/repo/contracts/shop/orders.contract.json", Orders));

        Assert.Empty(result.Diagnostics);
        GeneratorHarness.AssertCompilesCleanly(output);
        var files = result.GeneratedTrees.Select(t => Path.GetFileName(t.FilePath)).ToList();
        Assert.Single(files, f => f.EndsWith("JsonContext.g.cs", StringComparison.Ordinal));
        Assert.Contains("Acme.Shop.ShopJsonContext.g.cs", files);
        Assert.Contains("Acme.Shop.Order.g.cs", files);
        Assert.Contains("Acme.Shop.ShopReply.g.cs", files);
        string context = result.GeneratedTrees.Single(t => t.FilePath.EndsWith("ShopJsonContext.g.cs", StringComparison.Ordinal)).ToString();
        Assert.Contains("ShopReplyItem", context, StringComparison.Ordinal);
    }

    [Fact]
    public void TheMemoriesFilesGenerateWhatTheirJoinedTextGenerates()
    {
        string api = File.ReadAllText(RepositoryPaths.MemoriesApiInterface);
        var (parts, _) = GeneratorHarness.RunWith([api], [.. RepositoryPaths.MemoriesContractFiles.Select(GeneratorHarness.Contract)]);
        var (joined, _) = GeneratorHarness.RunWith([api], GeneratorHarness.Contract(RepositoryPaths.MemoriesContract, RepositoryPaths.MemoriesContractText));

        Assert.True(RepositoryPaths.MemoriesContractFiles.Count > 3, "the memories contract is split by surface");
        Assert.Empty(parts.Diagnostics);
        Assert.Equal(Sources(joined), Sources(parts));
    }

    [Fact]
    public void ASecondEnvelopeIsReportedInTheFileThatDeclaresIt()
    {
        string second = Orders.Replace("\"endpoints\":", "\"envelope\": { \"name\": \"Other\", \"fields\": { \"code\": \"c\", \"message\": \"m\", \"data\": \"d\" }, \"successCode\": \"0\" },\n  \"endpoints\":", StringComparison.Ordinal);
        var (result, _) = GeneratorHarness.Run(
            GeneratorHarness.Contract("/repo/a/shared.contract.json", Shared),
            GeneratorHarness.Contract("/repo/b/orders.contract.json", second));

        var error = Assert.Single(result.Diagnostics, d => d.Id == "CTR030");
        var span = error.Location.GetLineSpan();
        Assert.Equal("/repo/b/orders.contract.json", span.Path);
        Assert.Equal(1, span.StartLinePosition.Line);
        Assert.Equal("Contract 'Shop' already declares its envelope in shared.contract.json; the files of one contract (one name, one namespace) share one envelope, so declare it in one of them, or give this file's contract another name", error.GetMessage());
    }

    [Fact]
    public void AMistakeIsLocatedInItsOwnFileAtItsOwnLine()
    {
        string broken = Orders.Replace("\"type\": \"OrderState\"", "\"type\": \"OrderStat\"", StringComparison.Ordinal);
        var (result, _) = GeneratorHarness.Run(
            GeneratorHarness.Contract("/repo/shop/a.contract.json", Shared),
            GeneratorHarness.Contract("/repo/shop/b.contract.json", broken));

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal("CTR003", error.Id);
        var span = error.Location.GetLineSpan();
        Assert.Equal("/repo/shop/b.contract.json", span.Path);
        int line = broken.Split('\n').ToList().FindIndex(l => l.Contains("OrderStat\"", StringComparison.Ordinal));
        Assert.Equal(line, span.StartLinePosition.Line);
        Assert.Equal(broken.Split('\n')[line].IndexOf("\"OrderStat\"", StringComparison.Ordinal), span.StartLinePosition.Character);
        Assert.Equal(broken.IndexOf("\"OrderStat\"", StringComparison.Ordinal), error.Location.SourceSpan.Start);
    }

    [Fact]
    public void APartThatIsNotJsonIsReportedInThatFileAndTheContractGeneratesNothing()
    {
        var (result, output) = GeneratorHarness.Run(
            GeneratorHarness.Contract("/repo/shop/a.contract.json", Shared),
            GeneratorHarness.Contract("/repo/shop/b.contract.json", Orders[..40]));

        // The broken part has no name to join by: it stands alone, and the other part is whole without it.
        var error = Assert.Single(result.Diagnostics, d => d.Id == "CTR001");
        Assert.Equal("/repo/shop/b.contract.json", error.Location.GetLineSpan().Path);
        Assert.DoesNotContain(output.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error && !d.Id.StartsWith("CTR", StringComparison.Ordinal));
    }

    [Fact]
    public void ContractsOfOneNameInTwoNamespacesStayApart()
    {
        var (result, output) = GeneratorHarness.Run(
            GeneratorHarness.Contract("/repo/one/shop.contract.json", Shared),
            GeneratorHarness.Contract("/repo/two/shop.contract.json", Shared.Replace("Acme.Shop", "Other.Shop", StringComparison.Ordinal)));

        // Only CTR018 (info): the same type names in two imported namespaces get no global using.
        Assert.All(result.Diagnostics, d => Assert.Equal("CTR018", d.Id));
        GeneratorHarness.AssertCompilesCleanly(output);
        Assert.Contains(result.GeneratedTrees, t => t.FilePath.EndsWith("Acme.Shop.ShopJsonContext.g.cs", StringComparison.Ordinal));
        Assert.Contains(result.GeneratedTrees, t => t.FilePath.EndsWith("Other.Shop.ShopJsonContext.g.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void EditingOnePartParsesOnlyItsContractAgain()
    {
        var compilation = GeneratorHarness.Compilation("class A { }");
        var parts = RepositoryPaths.MemoriesContractFiles.Select(GeneratorHarness.Contract).ToArray();
        var everything = GeneratorHarness.Contract(RepositoryPaths.EverythingContract);
        var driver = GeneratorHarness.CreateDriver([.. parts, everything]).RunGenerators(compilation);

        var videos = parts.Single(p => p.Path.EndsWith("videos.contract.json", StringComparison.Ordinal));
        var edited = GeneratorHarness.Contract(videos.Path, videos.GetText()!.ToString().Replace("One video's metadata.", "The metadata of one video.", StringComparison.Ordinal));
        var result = driver.ReplaceAdditionalText(videos, edited).RunGenerators(compilation).GetRunResult().Results.Single();

        var texts = result.TrackedSteps[TrackingNames.ContractTexts].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Single(texts, r => r == IncrementalStepRunReason.Modified);
        var parses = result.TrackedSteps[TrackingNames.Parse].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Equal(2, parses.Count);
        Assert.Single(parses, r => r == IncrementalStepRunReason.Modified);
        Assert.Single(parses, r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);
    }

    /// <summary>
    /// However a contract's endpoints, models and enums are dealt out over files, and whichever file
    /// holds the envelope, the generated code is the same as from the one file.
    /// </summary>
    [Fact]
    public void AnySplitOfAContractGeneratesWhatTheWholeGenerates()
    {
        string whole = File.ReadAllText(RepositoryPaths.EverythingContract);
        var expected = Sources(GeneratorHarness.RunWith([SnapshotTests.EverythingApi], GeneratorHarness.Contract("/repo/c/everything.contract.json", whole)).Result);
        var root = JsonNode.Parse(whole)!.AsObject();
        int items = root.Where(p => p.Value is JsonArray).Sum(p => p.Value!.AsArray().Count);

        var gen = Gen.Select(Gen.Int[1, 4], Gen.Int[0, 3].Array[items], Gen.Int[0, 3], (files, owners, envelopeOwner) => (Files: files, Owners: owners, Envelope: envelopeOwner % files));
        var stages = Sampling.Check(
            gen,
            split =>
            {
                var texts = Split(root, split.Files, split.Owners, split.Envelope);
                var contracts = texts.Select((text, i) => GeneratorHarness.Contract($"/repo/c/part{i}.contract.json", text)).ToArray();
                var (result, _) = GeneratorHarness.RunWith([SnapshotTests.EverythingApi], contracts);
                Assert.Empty(result.Diagnostics);
                Assert.Equal(expected, Sources(result));
                return split.Files == 1 ? "one file" : "split";
            },
            100,
            split => string.Join("\n----\n", Split(root, split.Files, split.Owners, split.Envelope)));

        stages.AssertReached("one file", "split");
    }

    /// <summary>Deals the root's array items out over <paramref name="files"/> parts, each with the header keys; the envelope goes to one.</summary>
    private static List<string> Split(JsonObject root, int files, int[] owners, int envelopeOwner)
    {
        var parts = Enumerable.Range(0, files).Select(_ => new JsonObject()).ToList();
        int item = 0;
        foreach (var (key, value) in root)
        {
            if (value is JsonArray array)
            {
                // Files are joined in order, so each array is dealt out in order: the first items to the first files.
                var dealt = owners.Skip(item).Take(array.Count).Select(o => o % files).Order().ToList();
                item += array.Count;
                for (int i = 0; i < array.Count; i++)
                {
                    var element = array[i];
                    var part = parts[dealt[i]];
                    var target = part[key] as JsonArray ?? (JsonArray)(part[key] = new JsonArray());
                    target.Add(element!.DeepClone());
                }
            }
            else
            {
                for (int i = 0; i < files; i++)
                {
                    if (key != "envelope" || i == envelopeOwner)
                    {
                        parts[i][key] = value?.DeepClone();
                    }
                }
            }
        }

        return parts.Select(p => p.ToJsonString()).ToList();
    }

    private static List<(string, string)> Sources(GeneratorDriverRunResult result) =>
        result.Results.SelectMany(r => r.GeneratedSources)
            .Select(s => (s.HintName, s.SourceText.ToString()))
            .OrderBy(s => s.HintName, StringComparer.Ordinal)
            .ToList();
}
