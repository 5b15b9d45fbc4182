using System.Diagnostics;
using System.Text;
using Contracts.Generator.Parsing;
using Contracts.Generator.Tests.Infrastructure;

namespace Contracts.Generator.Tests;

/// <summary>
/// The generator stays near-linear in the size of a contract. These tests compare growth, not
/// time: the same work on an eight times larger contract must cost well under the 64 times a
/// quadratic step would (the fastest of several runs, so a busy machine does not decide). They
/// run alone, after the parallel tests of this assembly, so the fuzzing does not share the cores.
/// </summary>
[Collection(nameof(ScalingTests))]
public sealed class ScalingTests
{
    private const int Small = 400;
    private const int Growth = 8;
    private const double MaxRatio = 30;

    [Fact]
    public void DidYouMeanOnThousandsOfMisspeltTypesGrowsNearLinearly()
    {
        double ratio = GrowthRatio(count => Parse(ModelsWithMisspeltTypes(count)));

        Assert.True(ratio < MaxRatio, $"Parsing {Growth}x more misspelt types took {ratio:0.0}x as long (linear: {Growth}x).");
    }

    [Fact]
    public void AValidContractOfThousandsOfModelsGeneratesNearLinearly()
    {
        double ratio = GrowthRatio(count =>
        {
            var (result, _) = GeneratorHarness.Run(GeneratorHarness.Contract("/repo/contracts/big.contract.json", ValidModels(count)));
            Assert.Empty(result.Diagnostics);
        });

        Assert.True(ratio < MaxRatio, $"Generating {Growth}x more models took {ratio:0.0}x as long (linear: {Growth}x).");
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

    private static double GrowthRatio(Action<int> work)
    {
        work(Small); // warm-up: JIT and caches
        double small = Fastest(() => work(Small));
        double large = Fastest(() => work(Small * Growth));
        return large / small;
    }

    private static double Fastest(Action action)
    {
        double best = double.MaxValue;
        for (int run = 0; run < 5; run++)
        {
            var watch = Stopwatch.StartNew();
            action();
            best = Math.Min(best, watch.Elapsed.TotalMilliseconds);
        }

        return best;
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
