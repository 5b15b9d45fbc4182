using Contracts.Generator.Tests.Infrastructure;
using CsCheck;
using Microsoft.CodeAnalysis;

namespace Contracts.Generator.Tests.Fuzzing;

/// <summary>
/// Contracts and Refit interfaces nobody here wrote: seeded mutations of every contract in the
/// repository, and Refit interfaces with every parameter kind Refit allows. For each input the
/// generator throws nothing, every diagnostic is located in the file that is wrong, and where no
/// error is reported the generated code compiles with no warning and makes no user name ambiguous.
/// <c>CONTRACTS_FUZZ_CASES</c> sets the number of cases, <c>CONTRACTS_FUZZ_SEED</c> replays one;
/// a failure prints the seed, the mutations and the input.
/// </summary>
public sealed class ContractFuzzTests
{
    private static readonly int Cases = int.TryParse(Environment.GetEnvironmentVariable("CONTRACTS_FUZZ_CASES"), out int n) ? n : 2_000;
    private static readonly string? Seed = Environment.GetEnvironmentVariable("CONTRACTS_FUZZ_SEED");

    /// <summary>Errors in user code that only the generator's output could cause.</summary>
    private static readonly HashSet<string> AmbiguityErrors = ["CS0104", "CS0121", "CS0229", "CS0433", "CS0436"];

    private static readonly (string Path, string Text, string Api)[] Seeds =
    [
        (RepositoryPaths.MemoriesContract, File.ReadAllText(RepositoryPaths.MemoriesContract), File.ReadAllText(RepositoryPaths.MemoriesApiInterface)),
        (RepositoryPaths.EverythingContract, File.ReadAllText(RepositoryPaths.EverythingContract), SnapshotTests.EverythingApi),
    ];

    [Fact]
    public void MutatedContractsNeverBreakTheGenerator()
    {
        var gen = Gen.Select(
            Gen.Int[0, Seeds.Length - 1],
            Gen.Frequency((6, Gen.Int[1, 1]), (3, Gen.Int[2, 2]), (1, Gen.Int[3, 4])).SelectMany(count => ContractMutations.Mutation.Array[count]),
            (seed, mutations) => (Seed: seed, Mutations: mutations));

        gen.Sample(
            input =>
            {
                var (path, text, api) = Seeds[input.Seed];
                AssertGeneratorHolds(path, ContractMutations.Apply(text, input.Mutations), api);
            },
            seed: Seed,
            iter: Cases,
            threads: Environment.ProcessorCount,
            print: input => Seeds[input.Seed].Path + " with " + string.Join(", ", input.Mutations.Select(m => m.ToString())) + ":\n" + Excerpt(ContractMutations.Apply(Seeds[input.Seed].Text, input.Mutations)));
    }

    [Fact]
    public void RefitInterfacesWithEveryParameterKindNeverBreakTheGenerator()
    {
        var gen = Gen.Select(
            RefitInterfaces.Parameters,
            Gen.Int[0, RefitInterfaces.Shapes.Length - 1],
            RefitInterfaces.Return,
            (parameters, shape, returns) => (Parameters: parameters, Shape: shape, Returns: returns));

        gen.Sample(
            input => AssertGeneratorHolds(RepositoryPaths.MemoriesContract, Seeds[0].Text, RefitInterfaces.Write(input.Parameters, input.Shape, input.Returns)),
            seed: Seed,
            iter: Math.Max(Cases / 3, 1),
            threads: Environment.ProcessorCount,
            print: input => RefitInterfaces.Write(input.Parameters, input.Shape, input.Returns));
    }

    private static void AssertGeneratorHolds(string path, string contract, string api)
    {
        var (result, output) = GeneratorHarness.RunWith([api], GeneratorHarness.Contract(path, contract));
        var run = result.Results.Single();

        Assert.Null(run.Exception);
        Assert.DoesNotContain(result.Diagnostics, d => d.Id is "CS8785" or "CTR013");
        foreach (var diagnostic in result.Diagnostics)
        {
            Assert.True(diagnostic.Location.IsInSource || diagnostic.Location.Kind == LocationKind.ExternalFile, $"{diagnostic.Id} has no location: {diagnostic.GetMessage()}");
            string file = diagnostic.Location.GetLineSpan().Path;
            string expected = diagnostic.Id is "CTR015" or "CTR016" or "CTR017" or "CTR019" or "CTR021" ? "/consumer/Source1.cs" : path;
            Assert.True(file == expected, $"{diagnostic.Id} is located in {file}, not in {expected}: {diagnostic.GetMessage()}");
        }

        if (result.GeneratedTrees.Length == 0)
        {
            return; // a contract with errors generates nothing, and so can break nothing
        }

        // Generated code always compiles cleanly (a contract with errors generates nothing), and it
        // never makes a name in user code ambiguous; errors of the user's own code are not its own.
        var problems = output.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .Where(d => !d.Location.GetLineSpan().Path.StartsWith("/consumer/", StringComparison.Ordinal) || AmbiguityErrors.Contains(d.Id))
            .ToList();
        Assert.True(problems.Count == 0, "The generated code does not compile cleanly:\n" + string.Join("\n", problems.Take(5)));
    }

    private static string Excerpt(string text) => text.Length <= 4_000 ? text : text[..4_000] + $"\n… ({text.Length} characters)";
}
