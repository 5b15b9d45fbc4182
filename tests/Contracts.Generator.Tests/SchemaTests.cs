using System.Text.Json;
using Contracts.Generator.Tests.Infrastructure;
using Json.Schema;

namespace Contracts.Generator.Tests;

/// <summary>Every contract in the repository is valid against the published JSON Schema, which editors use through <c>$schema</c>.</summary>
public sealed class SchemaTests
{
    private static readonly JsonSchema Schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(RepositoryPaths.Contracts, "contract.schema.json")));

    public static TheoryData<string> RepositoryContracts() => new(ContractPaths());

    private static IEnumerable<string> ContractPaths() => Directory
        .GetFiles(RepositoryPaths.Root, "*.contract.json", SearchOption.AllDirectories)
        .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
        .Select(p => Path.GetRelativePath(RepositoryPaths.Root, p))
        .Order(StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(RepositoryContracts))]
    public void ContractIsValidAgainstTheSchema(string relativePath)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, relativePath)));

        var result = Schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.True(result.IsValid, relativePath + " is not valid against contract.schema.json:\n" + Describe(result));
    }

    [Fact]
    public void RepositoryHoldsTheContractsThisTestIsAbout()
    {
        var contracts = ContractPaths().ToList();

        Assert.Contains(Path.Combine("contracts", "memories", "tasks.contract.json"), contracts);
        Assert.Contains(Path.Combine("contracts", "memories", "envelope.contract.json"), contracts);
        Assert.Contains(Path.Combine("tests", "Contracts.Generator.Tests", "Contracts", "everything.contract.json"), contracts);
    }

    [Theory]
    [InlineData("""{ "formatVersion": 1, "name": "A", "namespace": "B", "descripton": "typo" }""")]
    [InlineData("""{ "formatVersion": 2, "name": "A", "namespace": "B" }""")]
    [InlineData("""{ "formatVersion": 1, "name": "A", "namespace": "B", "endpoints": [ { "name": "E", "method": "GET", "path": "no-slash", "response": "M" } ] }""")]
    [InlineData("""{ "formatVersion": 1, "name": "A", "namespace": "B", "models": [ { "name": "M", "fields": [ { "wire": "x", "type": "int", "unit": "parsecs" } ] } ] }""")]
    [InlineData("""{ "formatVersion": 1, "name": "A", "namespace": "B", "endpoints": [ { "name": "E", "method": "GET", "path": "/x", "response": "M", "query": [ { "name": "q", "type": "string", "required": true, "default": "d" } ] } ] }""")]
    public void SchemaRejectsWhatTheGeneratorRejects(string contract)
    {
        using var document = JsonDocument.Parse(contract);

        Assert.False(Schema.Evaluate(document.RootElement).IsValid);
        Assert.NotEmpty(GeneratorHarness.Run(GeneratorHarness.Contract("/x/a.contract.json", contract)).Result.Diagnostics);
    }

    private static string Describe(EvaluationResults result) => string.Join(
        "\n",
        (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")));
}
