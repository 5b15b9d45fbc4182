using Contracts.Generator.Tests.Infrastructure;

namespace Contracts.Generator.Tests;

/// <summary>What a field's <c>aliases</c> may hold, and the located error when one cannot be.</summary>
public sealed class FieldAliasTests
{
    private static string Contract(string fields) => $$"""
        { "formatVersion": 1, "name": "Aliased", "namespace": "Acme.Aliased",
          "models": [ { "name": "Item", "fields": [ {{fields}} ] } ] }
        """;

    [Fact]
    public void AnAliasAnotherFieldReadsIsReportedWhereItIsWrittenAndDropped()
    {
        string text = Contract("""{ "wire": "video_no", "aliases": ["videoNo"], "type": "string" }, { "wire": "videoNo", "type": "string" }, { "wire": "name", "aliases": ["video_no", "title"], "type": "string" }""");

        var (result, output) = GeneratorHarness.Run(GeneratorHarness.Contract("/repo/a.contract.json", text));

        var errors = result.Diagnostics.Select(d => (d.Id, d.Location.SourceSpan.Start)).ToList();
        Assert.Equal([("CTR004", text.IndexOf("\"videoNo\", \"type\"", StringComparison.Ordinal)), ("CTR004", text.IndexOf("\"video_no\", \"title\"", StringComparison.Ordinal))], errors);
        Assert.Contains("wire names and aliases together", result.Diagnostics[0].GetMessage(), StringComparison.Ordinal);
        string converter = result.GeneratedTrees.Single(t => t.FilePath.EndsWith("ItemJsonConverter.g.cs", StringComparison.Ordinal)).ToString();
        Assert.Contains("\"title\"", converter, StringComparison.Ordinal);
        Assert.DoesNotContain(output.GetDiagnostics(), d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
    }

    [Theory]
    [InlineData("[1]")]
    [InlineData("[\"\"]")]
    [InlineData("\"videoNo\"")]
    public void AnAliasThatIsNotANonEmptyStringIsAWrongKind(string aliases)
    {
        var (result, _) = GeneratorHarness.Run(GeneratorHarness.Contract("/repo/a.contract.json", Contract($$"""{ "wire": "video_no", "aliases": {{aliases}}, "type": "string" }""")));

        Assert.Equal("CTR010", Assert.Single(result.Diagnostics).Id);
    }
}
