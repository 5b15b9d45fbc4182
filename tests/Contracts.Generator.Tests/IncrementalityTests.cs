using System.Reflection;
using Contracts.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Contracts.Generator.Tests;

/// <summary>The pipeline does no work again for edits that do not concern it, and no more than needed for those that do.</summary>
public sealed class IncrementalityTests
{
    private static readonly string[] TrackedSteps =
    [
        TrackingNames.ContractFiles,
        TrackingNames.ContractTexts,
        TrackingNames.ContractSources,
        TrackingNames.Parse,
        TrackingNames.Model,
        TrackingNames.Diagnostics,
        TrackingNames.DeclaredNames,
        TrackingNames.OwnedNames,
        TrackingNames.Namespaces,
        TrackingNames.RefitMethodSites,
        TrackingNames.RefitMethods,
        TrackingNames.RefitAvailable,
        TrackingNames.EmitInput,
        TrackingNames.EmitUnits,
        TrackingNames.DriftInput,
        TrackingNames.ContractNamespaces,
        TrackingNames.TypeConflicts,
        TrackingNames.BlockedContracts,
        TrackingNames.EmittedUnits,
        TrackingNames.Ambiguities,
        TrackingNames.BudgetTables,
        TrackingNames.BudgetTableConflicts,
        TrackingNames.BudgetFamilyMismatches,
    ];

    [Fact]
    public void AnUnrelatedCSharpEditLeavesEveryStepCached()
    {
        var compilation = GeneratorHarness.Compilation(File.ReadAllText(RepositoryPaths.MemoriesApiInterface), "class A { }");
        var driver = GeneratorHarness.CreateDriver(Memories(), Everything()).RunGenerators(compilation);
        Assert.Contains(driver.GetRunResult().GeneratedTrees, t => t.FilePath.EndsWith("PollingExtensions.g.cs", StringComparison.Ordinal));

        var unrelated = compilation.SyntaxTrees.Last();
        var edited = compilation.ReplaceSyntaxTree(
            unrelated,
            CSharpSyntaxTree.ParseText("class A { void M() { } }", GeneratorHarness.ParseOptions, unrelated.FilePath));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertAllCachedOrUnchanged(result);
    }

    [Fact]
    public void ARunWithUnchangedContractsLeavesEveryStepCached()
    {
        var compilation = GeneratorHarness.Compilation(File.ReadAllText(RepositoryPaths.MemoriesApiInterface), "class A { }");
        var driver = GeneratorHarness.CreateDriver(Memories(), Everything()).RunGenerators(compilation);

        var result = driver.RunGenerators(compilation).GetRunResult().Results.Single();

        AssertAllCachedOrUnchanged(result);
    }

    /// <summary>
    /// Refit's attributes may be reached through a global alias declared in another file. The
    /// methods are bound again on every run (a syntax provider's transform is never cached), so
    /// adding the alias elsewhere is seen at once, without the interface's file being edited.
    /// </summary>
    [Fact]
    public void AGlobalAliasOfARefitAttributeAddedInAnotherFileIsSeenOnTheNextRun()
    {
        string api = File.ReadAllText(RepositoryPaths.MemoriesApiInterface).Replace("[Get(", "[G(", StringComparison.Ordinal);
        var compilation = GeneratorHarness.Compilation(api, "class A { }");
        var driver = GeneratorHarness.CreateDriver(Memories()).RunGenerators(compilation);
        Assert.DoesNotContain(driver.GetRunResult().GeneratedTrees, t => t.FilePath.EndsWith("PollingExtensions.g.cs", StringComparison.Ordinal));

        var withAlias = compilation.AddSyntaxTrees(
            CSharpSyntaxTree.ParseText("global using G = Refit.GetAttribute;", GeneratorHarness.ParseOptions, "/consumer/Aliases.cs"));
        var result = driver.RunGenerators(withAlias).GetRunResult();

        Assert.Empty(result.Diagnostics);
        Assert.Contains(result.GeneratedTrees, t => t.FilePath.EndsWith("GetVideoIdsByTaskIdPollingExtensions.g.cs", StringComparison.Ordinal));
    }

    /// <summary>
    /// A contract edit re-emits only the files made from what changed: a model's description is in
    /// the model and its converter, and in the JSON context that lists every type; nothing else runs.
    /// </summary>
    [Fact]
    public void EditingOneModelReEmitsOnlyItsFilesAndTheContext()
    {
        var compilation = GeneratorHarness.Compilation(File.ReadAllText(RepositoryPaths.MemoriesApiInterface), "class A { }");
        var everything = Everything();
        var driver = GeneratorHarness.CreateDriver(Memories(), everything).RunGenerators(compilation);
        var before = driver.GetRunResult().GeneratedTrees.ToDictionary(t => Path.GetFileName(t.FilePath), t => t.ToString());

        string text = everything.GetText()!.ToString();
        var edited = GeneratorHarness.Contract(everything.Path, text.Replace("\"description\": \"A job, with every kind of field.\"", "\"description\": \"A job, with every field kind.\""));
        driver = driver.ReplaceAdditionalText(everything, edited).RunGenerators(compilation);
        var result = driver.GetRunResult().Results.Single();

        var units = result.TrackedSteps[TrackingNames.EmitUnits].SelectMany(step => step.Outputs).ToList();
        var reEmitted = units
            .Where(o => o.Reason is IncrementalStepRunReason.Modified or IncrementalStepRunReason.New)
            .Select(o => ((Contracts.Generator.Emitting.EmitUnit)o.Value).HintName)
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(["Acme.Everything.EverythingJsonContext.g.cs", "Acme.Everything.Job.g.cs", "Acme.Everything.JobJsonConverter.g.cs"], reEmitted);
        Assert.True(units.Count > 20, $"only {units.Count} files planned");

        // The files not re-emitted are exactly as before; the re-emitted model says the new words.
        var after = result.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());
        Assert.Equal(before.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
        Assert.All(after.Where(pair => !reEmitted.Contains(pair.Key)), pair => Assert.Equal(before[pair.Key], pair.Value));
        Assert.Contains("A job, with every field kind.", after["Acme.Everything.Job.g.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void EditingOneContractRegeneratesOnlyThatContract()
    {
        var compilation = GeneratorHarness.Compilation("class A { }");
        var everything = Everything();
        var driver = GeneratorHarness.CreateDriver(Memories(), everything).RunGenerators(compilation);

        string text = everything.GetText()!.ToString();
        var edited = GeneratorHarness.Contract(everything.Path, text.Replace("\"description\": \"Lists jobs.\"", "\"description\": \"Lists every job.\""));
        driver = driver.ReplaceAdditionalText(everything, edited).RunGenerators(compilation);
        var result = driver.GetRunResult().Results.Single();

        var models = result.TrackedSteps[TrackingNames.Model].SelectMany(step => step.Outputs).Select(o => o.Reason).ToList();
        Assert.Equal(2, models.Count);
        Assert.Single(models, reason => reason == IncrementalStepRunReason.Modified);
        Assert.Single(models, reason => reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);

        // The edit changes no name, so the cross-contract steps do not run their outputs again.
        Assert.All(
            result.TrackedSteps[TrackingNames.OwnedNames].SelectMany(step => step.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Unchanged, output.Reason));
        Assert.Contains(result.GeneratedSources, s => s.HintName == "Memories.Contracts.TaskVideo.g.cs");
    }

    [Fact]
    public void ABlankLineAtTheTopOfTheRefitInterfaceEmitsNothingAgain()
    {
        string api = File.ReadAllText(RepositoryPaths.MemoriesApiInterface);
        var compilation = GeneratorHarness.Compilation(api);
        var driver = GeneratorHarness.CreateDriver(Memories(), Everything()).RunGenerators(compilation);
        var before = driver.GetRunResult().GeneratedTrees.Select(t => t.ToString()).ToList();

        var tree = compilation.SyntaxTrees.Last();
        var moved = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText("\n" + api, GeneratorHarness.ParseOptions, tree.FilePath));
        var result = driver.RunGenerators(moved).GetRunResult();

        // The located methods moved, so the drift diagnostics look again; the emit step does not.
        Assert.Contains(result.Results.Single().TrackedSteps[TrackingNames.RefitMethodSites].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        AssertEmitCached(result.Results.Single());
        Assert.Equal(before, result.GeneratedTrees.Select(t => t.ToString()));
    }

    [Fact]
    public void ABlankLineAtTheTopOfAContractEmitsNothingAgain()
    {
        var compilation = GeneratorHarness.Compilation(File.ReadAllText(RepositoryPaths.MemoriesApiInterface));
        var memories = Memories();
        var driver = GeneratorHarness.CreateDriver(memories, Everything()).RunGenerators(compilation);
        var before = driver.GetRunResult().GeneratedTrees.Select(t => t.ToString()).ToList();

        var moved = GeneratorHarness.Contract(memories.Path, "\n" + memories.GetText()!.ToString());
        var result = driver.ReplaceAdditionalText(memories, moved).RunGenerators(compilation).GetRunResult();

        Assert.Contains(result.Results.Single().TrackedSteps[TrackingNames.Parse].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        AssertEmitCached(result.Results.Single());
        Assert.Equal(before, result.GeneratedTrees.Select(t => t.ToString()));
    }

    [Fact]
    public void ModelsHoldNoRoslynObjects()
    {
        var seen = new HashSet<Type>();
        var pending = new Queue<Type>([typeof(Model.ContractParseResult)]);
        while (pending.TryDequeue(out var type))
        {
            if (!seen.Add(type) || type.IsPrimitive || type.IsEnum || type == typeof(string))
            {
                continue;
            }

            Assert.False(
                type.Namespace?.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) ?? false,
                $"{type} is a Roslyn type held by the pipeline's models.");
            Assert.True(
                type.Namespace == "Contracts.Generator.Model" || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Nullable<>)),
                $"{type} is not one of the generator's own equatable model types.");
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            {
                var fieldType = field.FieldType;
                if (fieldType.IsGenericType && fieldType.GetGenericTypeDefinition().Name.StartsWith("ImmutableArray", StringComparison.Ordinal))
                {
                    fieldType = fieldType.GetGenericArguments()[0];
                }

                foreach (var candidate in fieldType.IsGenericType ? fieldType.GetGenericArguments().Append(fieldType) : [fieldType])
                {
                    pending.Enqueue(candidate);
                }
            }
        }

        Assert.Contains(typeof(Model.FieldModel), seen);
    }

    private static AdditionalText Memories() => GeneratorHarness.Contract(RepositoryPaths.MemoriesContract, RepositoryPaths.MemoriesContractText);

    private static AdditionalText Everything() => GeneratorHarness.Contract(RepositoryPaths.EverythingContract);

    /// <summary>The input of every contract's emit step is the same as before, so no file is written again.</summary>
    private static void AssertEmitCached(GeneratorRunResult result)
    {
        var outputs = result.TrackedSteps[TrackingNames.EmitInput].SelectMany(step => step.Outputs).ToList();
        Assert.Equal(2, outputs.Count);
        Assert.All(outputs, output => Assert.True(
            output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
            $"The emit step of a contract ran again: {output.Reason}."));
    }

    private static void AssertAllCachedOrUnchanged(GeneratorRunResult result)
    {
        foreach (var name in TrackedSteps)
        {
            Assert.True(result.TrackedSteps.ContainsKey(name), $"Step {name} was not tracked.");
            foreach (var output in result.TrackedSteps[name].SelectMany(step => step.Outputs))
            {
                Assert.True(
                    output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                    $"Step {name} ran again: {output.Reason}.");
            }
        }

        Assert.All(
            result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(step => step.Outputs),
            output => Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"An output step ran again: {output.Reason}."));
    }
}
