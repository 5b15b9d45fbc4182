using System.Text;
using Contracts.Generator.Parsing;
using Contracts.Generator.Tests.Infrastructure;

namespace Contracts.Generator.Tests;

/// <summary>
/// The generator stays near-linear in the size of a contract. These tests count work, not time:
/// the bytes the work allocates, which is the same on every run and every machine and grows with
/// every step that repeats (a "did you mean" comparison, a search restarted per item, a string
/// rebuilt per item). An eight times larger contract must cost well under the 64 times a
/// quadratic step would. They run alone, so no other test of this assembly allocates meanwhile.
/// </summary>
[Collection(nameof(ScalingTests))]
public sealed class ScalingTests
{
    private const int Small = 400;
    private const int Growth = 8;

    // Linear work allocates about Growth (8) times as much; a quadratic step, Growth squared (64).
    private const double MaxRatio = 16;

    [Fact]
    public void DidYouMeanOnThousandsOfMisspeltTypesGrowsNearLinearly()
    {
        double ratio = GrowthRatio(count => Parse(ModelsWithMisspeltTypes(count)));

        Assert.True(ratio < MaxRatio, $"Parsing {Growth}x more misspelt types allocated {ratio:0.0}x as much (linear: {Growth}x).");
    }

    [Fact]
    public void AValidContractOfThousandsOfModelsGeneratesNearLinearly()
    {
        double ratio = GrowthRatio(count =>
        {
            var (result, _) = GeneratorHarness.Run(GeneratorHarness.Contract("/repo/contracts/big.contract.json", ValidModels(count)));
            Assert.Empty(result.Diagnostics);
        });

        Assert.True(ratio < MaxRatio, $"Generating {Growth}x more models allocated {ratio:0.0}x as much (linear: {Growth}x).");
    }

    [Fact]
    public void MisspeltTypesBeyondTheSuggestionBudgetStillGetALocatedError()
    {
        var result = ContractParser.Parse("/repo/big.contract.json", ModelsWithMisspeltTypes(2_000), CancellationToken.None);

        Assert.Equal(2_000, result.Diagnostics.Count);
        Assert.All(result.Diagnostics, d => Assert.Equal("CTR003", d.Id));
        Assert.StartsWith("'Model0000' or string", result.Diagnostics[0].Arguments[1], StringComparison.Ordinal);
        Assert.StartsWith("string, bool", result.Diagnostics[^1].Arguments[1], StringComparison.Ordinal);
        Assert.All(result.Diagnostics, d => Assert.NotNull(d.Location));
    }

    private static void Parse(string contract) =>
        Assert.NotEmpty(ContractParser.Parse("/repo/big.contract.json", contract, CancellationToken.None).Diagnostics);

    [Fact]
    public void AContractOfThousandsOfEndpointsAndEnumValuesGeneratesNearLinearly()
    {
        double ratio = GrowthRatio(count =>
        {
            var (result, _) = GeneratorHarness.Run(GeneratorHarness.Contract("/repo/contracts/wide.contract.json", EndpointsAndValues(count)));
            Assert.Empty(result.Diagnostics);
        });

        Assert.True(ratio < MaxRatio, $"Generating {Growth}x more endpoints and enum values allocated {ratio:0.0}x as much (linear: {Growth}x).");
    }

    [Fact]
    public void TheGrowthMeasureSeesAQuadraticStep()
    {
        // What the tests above rule out: a step that compares every item with every other, as a
        // "did you mean" without its budget would. (A loop that compares without allocating is
        // not seen by this measure; the generator's benchmarks time whole runs.)
        double ratio = GrowthRatio(count =>
        {
            var names = Enumerable.Range(0, count).Select(i => "Model" + i).ToList();
            Assert.All(names, name => Assert.Equal(0, names.Min(other => Contracts.Generator.Naming.Identifiers.Distance(name, other))));
        }, small: 60);

        Assert.True(ratio > MaxRatio, $"A quadratic step allocated only {ratio:0.0}x as much: the measure would not catch one.");
    }

    private static double GrowthRatio(Action<int> work, int small = Small)
    {
        work(small); // warm-up: JIT and caches
        return Allocated(() => work(small * Growth)) / Allocated(() => work(small));
    }

    private static double Allocated(Action action)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static string EndpointsAndValues(int count)
    {
        var text = new StringBuilder("""{ "formatVersion": 1, "name": "Wide", "namespace": "Acme", "models": [ { "name": "Page", "fields": [ { "wire": "state", "type": "State" } ] } ], "enums": [ { "name": "State", "values": [""");
        text.AppendJoin(",", Enumerable.Range(0, count).Select(i => $$"""{ "wire": "S{{i}}", "aliases": [ "s{{i}}" ] }"""));
        text.Append("""] } ], "endpoints": [""");
        text.AppendJoin(",", Enumerable.Range(0, count).Select(i => $$"""{ "name": "Get{{i}}", "method": "GET", "path": "/v1/items/{{i}}", "query": [ { "name": "page_{{i}}", "type": "int", "default": 1 } ], "response": "Page", "rateLimit": { "requests": 1, "perSeconds": 1 } }"""));
        return text.Append("] }").ToString();
    }

    private static string ModelsWithMisspeltTypes(int count) => Contract(count, i => $$"""{ "wire": "x", "type": "Modl{{i:D4}}" }""");

    private static string ValidModels(int count) => Contract(count, i => $$"""{ "wire": "next", "type": "Model{{(i + 1) % count:D4}}[]" }, { "wire": "size", "type": "long", "encoding": "string" }""");

    private static string Contract(int count, Func<int, string> fields)
    {
        var text = new StringBuilder("""{ "formatVersion": 1, "name": "Big", "namespace": "Acme", "models": [""");
        for (int i = 0; i < count; i++)
        {
            text.Append(i == 0 ? "\n" : ",\n").Append($$"""{ "name": "Model{{i:D4}}", "fields": [ {{fields(i)}} ] }""");
        }

        return text.Append("\n] }").ToString();
    }
}

/// <summary>Runs the scaling tests with nothing else of this assembly beside them.</summary>
[CollectionDefinition(nameof(ScalingTests), DisableParallelization = true)]
public sealed class ScalingCollection
{
}
