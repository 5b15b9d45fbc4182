using Contracts.Generator.Tests.Infrastructure;
using Contracts.Testing;
using CsCheck;
using Microsoft.CodeAnalysis;
using Xunit.Abstractions;

namespace Contracts.Generator.Tests.Fuzzing;

/// <summary>
/// Contracts, Refit interfaces and whole consumer projects nobody here wrote: seeded mutations of
/// every contract in the repository, Refit interfaces with every parameter kind Refit allows, and
/// projects holding several vendors' contracts with their interfaces in every shape, built with
/// Refit's own generator beside ours. For each input the generator throws nothing, every diagnostic
/// is located in the file that is wrong, generated code always compiles with no warning, and where
/// no CTR error is reported, nothing the generators wrote fails to compile.
/// The cases are a fixed sequence (<see cref="Sampling"/>): <c>CONTRACTS_FUZZ_CASES</c> sets how
/// many, <c>TESTS_SEED</c> replays one, <c>TESTS_RANDOM=1</c> explores fresh ones.
/// </summary>
public sealed class ContractFuzzTests(ITestOutputHelper output)
{
    private static readonly int Cases = int.TryParse(Environment.GetEnvironmentVariable("CONTRACTS_FUZZ_CASES"), out int n) ? n : 1_000;

    /// <summary>Errors in user code that only the generators' output could cause.</summary>
    private static readonly HashSet<string> GeneratedCausedErrors = ["CS0104", "CS0121", "CS0229", "CS0433", "CS0436", "CS0101", "CS0102", "CS0111"];

    /// <summary>Drift diagnostics are located on the Refit interface; every other one in the contract.</summary>
    private static readonly HashSet<string> InterfaceDiagnostics = ["CTR015", "CTR016", "CTR017", "CTR019", "CTR021", "CTR022", "CTR025", "CTR026", "CTR029"];

    private static readonly (string Path, string Text, string Api)[] Seeds =
    [
        (RepositoryPaths.MemoriesContract, RepositoryPaths.MemoriesContractText, File.ReadAllText(RepositoryPaths.MemoriesApiInterface)),
        (RepositoryPaths.EverythingContract, File.ReadAllText(RepositoryPaths.EverythingContract), SnapshotTests.EverythingApi),
        (RepositoryPaths.LibraryContract, File.ReadAllText(RepositoryPaths.LibraryContract), ManyContractsTests.LibraryApi),
    ];

    [Fact]
    public void MutatedContractsNeverBreakTheGenerator()
    {
        var gen = Gen.Select(
            Gen.Int[0, Seeds.Length - 1],
            Gen.Frequency((6, Gen.Int[1, 1]), (3, Gen.Int[2, 2]), (1, Gen.Int[3, 4])).SelectMany(count => ContractMutations.Mutation.Array[count]),
            (seed, mutations) => (Seed: seed, Mutations: mutations));

        var stages = Sampling.Check(
            gen,
            input =>
            {
                var (path, text, api) = Seeds[input.Seed];
                return AssertGeneratorHolds([(path, ContractMutations.Apply(text, input.Mutations))], [api], expectClean: false);
            },
            Cases,
            input => Seeds[input.Seed].Path + " with " + string.Join(", ", input.Mutations.Select(m => m.ToString())) + ":\n" + Excerpt(ContractMutations.Apply(Seeds[input.Seed].Text, input.Mutations)),
            threads: Environment.ProcessorCount);

        Report(stages);
        Assert.True(stages.GetValueOrDefault(Stage.CtrError) > 0, "No case reached a CTR error: the mutations changed nothing.");
        Assert.True(stages.GetValueOrDefault(Stage.Compiled) > Cases / 10, "Fewer than one case in ten compiled without a CTR error: the compile check hardly ran.");
    }

    [Fact]
    public void RefitInterfacesWithEveryParameterKindNeverBreakTheGenerator()
    {
        var gen = Gen.Select(
            RefitInterfaces.Parameters,
            Gen.Int[0, RefitInterfaces.Shapes.Length - 1],
            RefitInterfaces.Return,
            (parameters, shape, returns) => (Parameters: parameters, Shape: shape, Returns: returns));

        var stages = Sampling.Check(
            gen,
            input => AssertGeneratorHolds(
                [(RepositoryPaths.MemoriesContract, RefitInterfaces.BindTo(Seeds[0].Text, input.Shape))],
                [RefitInterfaces.Write(input.Parameters, input.Shape, input.Returns)],
                expectClean: false),
            Math.Max(Cases / 3, 1),
            input => RefitInterfaces.Write(input.Parameters, input.Shape, input.Returns),
            threads: Environment.ProcessorCount);

        Report(stages);
        Assert.True(stages.GetValueOrDefault(Stage.CtrError) > 0, "No interface drew a drift error.");
        Assert.True(stages.GetValueOrDefault(Stage.Compiled) > 0, "No interface compiled without a CTR error.");
    }

    [Fact]
    public void ConsumersWithSeveralVendorsContractsAndEveryInterfaceShapeNeverBreakTheBuild()
    {
        var stages = Sampling.Check(
            Consumer.Gen,
            consumer =>
            {
                var (contracts, sources) = consumer.Build();
                return AssertGeneratorHolds(contracts, sources, expectClean: consumer.MutatedVendor < 0);
            },
            Math.Max(Cases / 2, 1),
            consumer => consumer.ToString(),
            threads: Environment.ProcessorCount);

        Report(stages);
        Assert.True(stages.GetValueOrDefault(Stage.Clean) > 0, "No consumer was built as written.");
        Assert.True(stages.GetValueOrDefault(Stage.CtrError) > 0, "No consumer drew a CTR error.");
        Assert.True(stages.GetValueOrDefault(Stage.Compiled) > 0, "No mutated consumer compiled without a CTR error.");
    }

    /// <summary>How far a case got; the tallies show each check really ran.</summary>
    private static class Stage
    {
        /// <summary>A CTR error was reported: generated code must still compile, the rest of the build may not.</summary>
        public const string CtrError = "CTR error, generated code compiles";

        /// <summary>No CTR error, and everything the generators wrote compiled.</summary>
        public const string Compiled = "no CTR error, generated code compiles";

        /// <summary>No CTR error, but the consumer's own code refers to what the mutated contract no longer declares.</summary>
        public const string StaleConsumer = "no CTR error, consumer code refers to what the contract no longer declares";

        /// <summary>Unmutated: no diagnostic of warning or above, and the whole project compiles with no warning.</summary>
        public const string Clean = "as written: no diagnostic, project compiles cleanly";
    }

    private static string AssertGeneratorHolds(List<(string Path, string Text)> contracts, List<string> sources, bool expectClean)
    {
        var (result, compiled) = GeneratorHarness.RunWithRefitGenerator([.. sources], [.. contracts.Select(c => GeneratorHarness.Contract(c.Path, c.Text))]);
        var contractPaths = contracts.Select(c => c.Path).ToHashSet();

        Assert.All(result.Results, run => Assert.Null(run.Exception));
        Assert.DoesNotContain(result.Diagnostics, d => d.Id is "CS8785" or "CTR013");
        foreach (var diagnostic in result.Diagnostics)
        {
            Assert.True(diagnostic.Location.IsInSource || diagnostic.Location.Kind == LocationKind.ExternalFile, $"{diagnostic.Id} has no location: {diagnostic.GetMessage()}");
            string file = diagnostic.Location.GetLineSpan().Path;
            bool placed = InterfaceDiagnostics.Contains(diagnostic.Id) ? file.StartsWith("/consumer/", StringComparison.Ordinal) : contractPaths.Contains(file);
            Assert.True(placed, $"{diagnostic.Id} is located in {file}: {diagnostic.GetMessage()}");
        }

        // The drift analyzer sees what a build gives it: it never fails, and reports on the interface, pointing into the contract.
        var (compilerDiagnostics, analyzed) = GeneratorHarness.CompileAndAnalyze(compiled, [.. contracts.Select(c => GeneratorHarness.Contract(c.Path, c.Text))]);
        Assert.DoesNotContain(analyzed, d => d.Id == "AD0001");
        Assert.All(analyzed, d => Assert.True(
            (d.Location.GetLineSpan().Path.StartsWith("/consumer/", StringComparison.Ordinal) && d.AdditionalLocations.All(a => contractPaths.Contains(a.GetLineSpan().Path)))
                || (d.Id == "CTR014" && contractPaths.Contains(d.Location.GetLineSpan().Path)),   // the named interface is not declared
            $"{d.Id} is located in {d.Location.GetLineSpan().Path}: {d.GetMessage()}"));

        var problems = compilerDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        bool Ours(Diagnostic d) => d.Location.GetLineSpan().Path.Contains("ContractGenerator", StringComparison.Ordinal);
        bool Consumer(Diagnostic d) => d.Location.GetLineSpan().Path.StartsWith("/consumer/", StringComparison.Ordinal);

        // Generated code always compiles cleanly, and never makes a name in user code ambiguous or doubly declared.
        var generatedFaults = problems.Where(d => Ours(d) || (Consumer(d) && GeneratedCausedErrors.Contains(d.Id))).ToList();
        Assert.True(generatedFaults.Count == 0, "The generated code does not compile cleanly:\n" + string.Join("\n", generatedFaults.Take(5)));

        if (expectClean)
        {
            var reported = result.Diagnostics.Concat(analyzed).Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
            Assert.True(reported.Count == 0, "A project declared correctly draws diagnostics:\n" + string.Join("\n", reported.Take(5)));
            Assert.True(problems.Count == 0, "A project declared correctly does not compile cleanly:\n" + string.Join("\n", problems.Take(5)));
            return Stage.Clean;
        }

        if (result.Diagnostics.Concat(analyzed).Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            return Stage.CtrError;
        }

        // No CTR error: where the consumer's own code compiles, so does everything Refit's generator wrote for it.
        var errors = problems.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Any(Consumer))
        {
            return Stage.StaleConsumer;
        }

        Assert.True(errors.Count == 0, "No CTR error was reported, yet the build fails:\n" + string.Join("\n", errors.Take(5)));
        return Stage.Compiled;
    }

    private void Report(IReadOnlyDictionary<string, int> stages)
    {
        foreach (var (stage, count) in stages.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{count,6}  {stage}");
        }
    }

    private static string Excerpt(string text) => text.Length <= 4_000 ? text : text[..4_000] + $"\n… ({text.Length} characters)";
}
