using Contracts.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace Contracts.Generator.Tests;

/// <summary>
/// What the format allows is stated, not discovered: counts are handled by code that scales (an
/// enum's values are one lookup, not one expression each), and lengths past the format's limits are
/// located errors that name the limit, before they become C# the compiler refuses.
/// </summary>
public sealed class ContractLimitsTests
{
    private const string Path = "/repo/contracts/limits.contract.json";

    [Theory]
    [InlineData(3_000)]
    [InlineData(10_000)]
    public void AnEnumWithThousandsOfAliasesCompilesAsOneLookupTable(int aliases)
    {
        string values = string.Join(", ", Enumerable.Range(0, aliases).Select(i => $"\"alias-{i}\""));
        string contract = Contract(enums: $$"""{ "name": "State", "values": [ { "wire": "DONE", "aliases": [ {{values}} ], "outcome": "success" }, { "wire": "RUN" } ] }""");

        var (result, output) = GeneratorHarness.Run(GeneratorHarness.Contract(Path, contract));

        Assert.Empty(result.Diagnostics);
        GeneratorHarness.AssertCompilesCleanly(output);
        string extensions = result.GeneratedTrees.Single(t => t.FilePath.EndsWith("Acme.State.g.cs", StringComparison.Ordinal)).ToString();
        Assert.Contains($"\"alias-{aliases - 1}\",", extensions, StringComparison.Ordinal);
        Assert.DoesNotContain("wireValue switch", extensions, StringComparison.Ordinal);
    }

    [Fact]
    public void AWireValueLongerThanTheLimitIsALocatedErrorThatNamesIt()
    {
        string contract = Contract(enums: $$"""{ "name": "State", "values": [ { "wire": "{{new string('x', 100_000)}}", "name": "Long" }, { "wire": "RUN" } ] }""");

        var diagnostic = Assert.Single(GeneratorHarness.Run(GeneratorHarness.Contract(Path, contract)).Result.Diagnostics);

        Assert.Equal("CTR011", diagnostic.Id);
        Assert.Equal(Path, diagnostic.Location.GetLineSpan().Path);
        Assert.Contains("(100000 characters)", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("a text of at most 1024 characters (the contract format's limit for wire names and values)", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(257)]
    [InlineData(1_000_000)]
    public void ATypeNameLongerThanTheLimitIsALocatedErrorThatNamesIt(int length)
    {
        string contract = Contract(models: $$"""{ "name": "{{new string('M', length)}}", "fields": [] }""");

        var diagnostic = Assert.Single(GeneratorHarness.Run(GeneratorHarness.Contract(Path, contract)).Result.Diagnostics);

        Assert.Equal("CTR011", diagnostic.Id);
        Assert.Contains("a name of at most 256 characters for a model (the contract format's limit)", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void ANameAtTheLimitGeneratesEveryTypeItsSuffixesMake()
    {
        string name = "M" + new string('m', 255);
        var (result, output) = GeneratorHarness.Run(GeneratorHarness.Contract(Path, Contract(models: $$"""{ "name": "{{name}}", "fields": [ { "wire": "{{new string('f', 256)}}", "type": "string" } ] }""")));

        Assert.Empty(result.Diagnostics);
        GeneratorHarness.AssertCompilesCleanly(output);
    }

    [Fact]
    public void AMemberNameDerivedFromALongWireValueIsALocatedErrorThatSaysWhereItCameFrom()
    {
        string contract = Contract(enums: $$"""{ "name": "State", "values": [ { "wire": "{{new string('v', 300)}}" }, { "wire": "RUN" } ] }""");

        var diagnostic = Assert.Single(GeneratorHarness.Run(GeneratorHarness.Contract(Path, contract)).Result.Diagnostics);

        Assert.Equal("CTR011", diagnostic.Id);
        Assert.Contains("this one is derived from a longer text; set \"name\"", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void ANamespaceLongerThanTheLimitIsALocatedErrorThatNamesIt()
    {
        string ns = string.Join(".", Enumerable.Repeat("Segment", 80));
        var diagnostic = Assert.Single(GeneratorHarness.Run(GeneratorHarness.Contract(Path, Contract(ns: ns))).Result.Diagnostics);

        Assert.Equal("CTR011", diagnostic.Id);
        Assert.Contains("a namespace of at most 512 characters", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    private static string Contract(string ns = "Acme", string models = "", string enums = "") => $$"""
        {
          "formatVersion": 1, "name": "Limits", "namespace": "{{ns}}",
          "enums": [ {{enums}} ],
          "models": [ {{models}} ]
        }
        """;
}
