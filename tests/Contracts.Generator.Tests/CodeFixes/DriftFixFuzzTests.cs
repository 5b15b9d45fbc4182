using System.Collections.Immutable;
using Contracts.Generator.CodeFixes;
using Contracts.Generator.Tests.Fuzzing;
using Contracts.Generator.Tests.Infrastructure;
using Contracts.Testing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;
using CsCheck;
using Xunit.Abstractions;

namespace Contracts.Generator.Tests.CodeFixes;

/// <summary>
/// The drift fixes over consumers nobody wrote by hand: one to three vendors' contracts, their
/// interfaces in every shape C# allows, then one contract changed as a vendor's release changes
/// it (<see cref="ContractEvolutions"/>), so that its interface drifts in ways the examples did not
/// think of. Fixing every drift diagnostic, one at a time as a user does, must
/// end with none left, each offered a fix, and no compiler error the consumer did not have before.
/// </summary>
public sealed class DriftFixFuzzTests(ITestOutputHelper output)
{
    private static readonly int Cases = int.TryParse(Environment.GetEnvironmentVariable("CONTRACTS_FUZZ_CASES"), out int n) ? Math.Max(n / 10, 1) : 30;

    private static readonly CodeFixProvider[] Fixes = [new AddRefitMethodCodeFix(), new ChangeRouteCodeFix(), new ChangeReturnTypeCodeFix(), new MatchParametersCodeFix(), new QualifyContractTypesCodeFix()];

    /// <summary>Enough for every endpoint of the three vendors to take its fixes one after another.</summary>
    private const int MostFixes = 40;

    private const string Drifted = "drifted, every drift fixed";
    private const string NoDrift = "no drift to fix";

    [Fact]
    public void FixingEveryDriftDiagnosticOfAGeneratedConsumer_LeavesNoneAndBreaksNothing()
    {
        var gen = Gen.Select(Consumer.Gen, Gen.Int[0, 2], ContractEvolutions.Release, (consumer, changed, release) => (Consumer: consumer with { Mutated = -1 }, Changed: changed, Release: release));
        var fixedIds = new System.Collections.Concurrent.ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var stages = Sampling.Check(
            gen,
            input =>
            {
                var (contracts, sources) = input.Consumer.Build();
                int changed = input.Changed % contracts.Count;
                contracts[changed] = (contracts[changed].Path, ContractEvolutions.Apply(contracts[changed].Text, input.Release));
                return FixAll(contracts.Select(c => GeneratorHarness.Contract(c.Path, c.Text)).ToArray(), sources, fixedIds);
            },
            Cases,
            input => $"{input.Consumer}\nchanged contract {input.Changed}: {string.Join(", ", input.Release.Select(r => r.ToString()))}",
            threads: Environment.ProcessorCount);

        foreach (var (stage, count) in stages.Concat(fixedIds.Select(f => KeyValuePair.Create("fixed " + f.Key, f.Value))).OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{count,6}  {stage}");
        }

        stages.AssertReached(Drifted);

        // Each fix met drift it was not written against.
        Assert.All(new[] { "CTR014", "CTR015", "CTR016", "CTR019" }, id => Assert.True(fixedIds.ContainsKey(id), $"No case drew {id}; fixed: {string.Join(", ", fixedIds.Keys)}"));
    }

    private static string FixAll(AdditionalText[] contracts, List<string> sources, System.Collections.Concurrent.ConcurrentDictionary<string, int> fixedIds)
    {
        var before = ConsumerErrors(contracts, sources);
        int applied = 0;
        while (Fixable(contracts, sources) is { } diagnostic)
        {
            Assert.True(applied < MostFixes, $"Still {diagnostic.Id} after {applied} fixes: {diagnostic.GetMessage()}\n" + string.Join("\n---\n", sources));
            int index = sources.IndexOf(diagnostic.Location.SourceTree!.ToString());
            Assert.True(index >= 0, $"{diagnostic.Id} is not in the consumer's code: {diagnostic.Location}");
            string? fixedText = Apply(sources[index], diagnostic);
            Assert.True(fixedText is not null, $"No fix is offered for {diagnostic.Id}: {diagnostic.GetMessage()}\n{sources[index]}");
            Assert.True(fixedText != sources[index], $"The fix of {diagnostic.Id} changes nothing: {diagnostic.GetMessage()}\n{sources[index]}");
            sources[index] = fixedText!;
            fixedIds.AddOrUpdate(diagnostic.Id, 1, (_, count) => count + 1);
            applied++;
        }

        var added = ConsumerErrors(contracts, sources).Except(before).ToList();
        Assert.True(added.Count == 0, "The fixes broke the consumer's code:\n" + string.Join("\n", added.Take(5)) + "\n" + string.Join("\n---\n", sources));
        return applied > 0 ? Drifted : NoDrift;
    }

    /// <summary>The first drift diagnostic a fix is written for, in the consumer's code.</summary>
    private static Diagnostic? Fixable(AdditionalText[] contracts, List<string> sources)
    {
        var (_, compiled) = GeneratorHarness.RunWithRefitGenerator([.. sources], contracts);
        return GeneratorHarness.Analyze(compiled, contracts)
            .Where(d => d.Location.IsInSource && Fixes.Any(f => f.FixableDiagnosticIds.Contains(d.Id)))
            .OrderBy(d => d.Location.SourceTree!.FilePath, StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start)
            .FirstOrDefault();
    }

    /// <summary>The consumer's compiler errors, by id and message (the lines move as fixes add members).</summary>
    private static HashSet<string> ConsumerErrors(AdditionalText[] contracts, List<string> sources)
    {
        var (_, compiled) = GeneratorHarness.RunWithRefitGenerator([.. sources], contracts);
        return compiled.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.GetLineSpan().Path.StartsWith("/consumer/", StringComparison.Ordinal))
            .Select(d => d.Id + ": " + d.GetMessage())
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The file after the fix offered for <paramref name="diagnostic"/>, as the IDE applies it; null when none is offered.</summary>
    private static string? Apply(string text, Diagnostic diagnostic)
    {
        using var workspace = new AdhocWorkspace();
        var document = workspace.AddProject("Consumer", LanguageNames.CSharp)
            .WithParseOptions(GeneratorHarness.ParseOptions)
            .AddDocument(Path.GetFileName(diagnostic.Location.SourceTree!.FilePath), SourceText.From(text));
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        foreach (var fix in Fixes.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
        {
            fix.RegisterCodeFixesAsync(context).GetAwaiter().GetResult();
        }

        if (actions.Count == 0)
        {
            return null;
        }

        var operations = actions[0].GetOperationsAsync(CancellationToken.None).GetAwaiter().GetResult();
        var solution = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
        return solution.GetDocument(document.Id)!.GetTextAsync().GetAwaiter().GetResult().ToString();
    }
}
