using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using Contracts.Generator.Diagnostics;
using Contracts.Generator.Drift;
using Contracts.Generator.Emitting;
using Contracts.Generator.Model;
using Contracts.Generator.Parsing;
using Contracts.Generator.Conflicts;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using Contracts.Generator.Naming;

namespace Contracts.Generator;

/// <summary>
/// Turns every contract (a <c>*.contract.json</c> additional file, or several with one name and namespace) into DTOs, status enums, JSON converters
/// and a JSON context, and the polling methods of hand-declared Refit interfaces. This file only
/// wires the pipeline: parsing, models, the drift check and emitting live in their own folders.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ContractGenerator : IIncrementalGenerator
{
    /// <summary>The file-name ending that marks a contract.</summary>
    public const string ContractExtension = ".contract.json";

    /// <summary>The oldest C# the generated code compiles with (<c>LanguageVersionTests</c> proves it, and that the one before fails).</summary>
    internal const LanguageVersion MinimumLanguageVersion = LanguageVersion.CSharp12;

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var parsed = context.AdditionalTextsProvider
            .Where(static file => file.Path.EndsWith(ContractExtension, StringComparison.OrdinalIgnoreCase))
            .WithTrackingName(TrackingNames.ContractFiles)
            .Select(static (file, cancellationToken) =>
                ContractText.Read(file.Path, file.GetText(cancellationToken)?.ToString() ?? string.Empty))
            .WithTrackingName(TrackingNames.ContractTexts)
            .Collect()
            .SelectMany(static (all, _) => ContractSource.Group(all))
            .WithTrackingName(TrackingNames.ContractSources)
            .Select(static (source, cancellationToken) => ContractParser.Parse(source, cancellationToken))
            .WithTrackingName(TrackingNames.Parse);

        var diagnostics = parsed
            .Select(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);
        var models = parsed
            .Select(static (result, _) => result.Model)
            .WithTrackingName(TrackingNames.Model);
        var declaredNames = parsed
            .Select(static (result, _) => result.DeclaredNames)
            .Collect()
            .Select(static (all, _) => all.SelectMany(names => names).ToEquatableArray())
            .WithTrackingName(TrackingNames.DeclaredNames);
        var ownedNames = declaredNames
            .Select(static (all, _) => all
                .Select(n => new OwnedName(n.Namespace + "." + n.TypeName, n.ContractFile))
                .ToEquatableArray())
            .WithTrackingName(TrackingNames.OwnedNames);
        var usings = context.SyntaxProvider
            .CreateSyntaxProvider(
                static (node, _) => node is UsingDirectiveSyntax,
                static (syntax, _) => AmbiguityCheck.ImportOf(syntax.Node))
            .Collect();
        var imports = usings
            .Select(static (all, _) => all.OfType<Import>().Select(i => i.Namespace).Distinct().OrderBy(ns => ns, StringComparer.Ordinal).ToEquatableArray())
            .WithTrackingName(TrackingNames.ImportedNamespaces);

        // What every file sees unqualified: how a declaration proposed by a drift diagnostic may spell names.
        var globalImports = usings
            .Select(static (all, _) => all.OfType<Import>().Where(i => i.IsGlobal).Select(i => i.Namespace).Distinct().OrderBy(ns => ns, StringComparer.Ordinal).ToEquatableArray())
            .WithTrackingName(TrackingNames.GlobalImports);
        var ambiguities = declaredNames.Combine(imports).Combine(context.CompilationProvider)
            .Select(static (input, cancellationToken) => AmbiguityCheck.Find(input.Left.Left, input.Left.Right, input.Right, cancellationToken))
            .WithTrackingName(TrackingNames.Ambiguities);

        // A contract whose types the project already has (or whose namespace is a type) generates nothing.
        var contractNamespaces = parsed
            .Select(static (result, _) => result.Model is { } model ? new ContractNamespace(model.FilePath, model.Namespace, result.NamespaceLocation) : null)
            .Collect()
            .Select(static (all, _) => all.OfType<ContractNamespace>().OrderBy(c => c.ContractFile, StringComparer.Ordinal).ToEquatableArray())
            .WithTrackingName(TrackingNames.ContractNamespaces);
        var conflicts = declaredNames.Combine(contractNamespaces).Combine(context.CompilationProvider)
            .Select(static (input, cancellationToken) => TypeConflictCheck.Find(input.Left.Left, input.Left.Right, input.Right, cancellationToken))
            .WithTrackingName(TrackingNames.TypeConflicts);
        // Generated code needs C# 12: an older language gets one located error per contract, and
        // no code, instead of hundreds of CS errors in files the user did not write.
        var languageTooOld = context.ParseOptionsProvider
            .Select(static (options, _) => options is CSharpParseOptions { LanguageVersion: var version } && version < MinimumLanguageVersion
                ? version.ToDisplayString()
                : null)
            .WithTrackingName(TrackingNames.LanguageTooOld);
        context.RegisterSourceOutput(contractNamespaces.Combine(languageTooOld), static (output, input) => ReportLanguageTooOld(output, input.Left, input.Right));
        var blocked = conflicts.Combine(contractNamespaces).Combine(languageTooOld)
            .Select(static (input, _) => (input.Right is null ? input.Left.Left.Select(c => c.ContractFile) : input.Left.Right.Select(c => c.ContractFile))
                .Distinct()
                .OrderBy(f => f, StringComparer.Ordinal)
                .ToEquatableArray())
            .WithTrackingName(TrackingNames.BlockedContracts);
        context.RegisterSourceOutput(conflicts, static (output, found) => ReportConflicts(output, found));

        // Only namespaces of contracts that generate something, and none whose import would make a name ambiguous.
        var namespaces = declaredNames.Combine(ambiguities).Combine(blocked)
            .Select(static (input, _) => input.Left.Left
                .Where(name => !input.Right.Contains(name.ContractFile))
                .Select(name => name.Namespace)
                .Except(input.Left.Right.Select(a => a.Namespace))
                .Distinct()
                .OrderBy(ns => ns, StringComparer.Ordinal)
                .ToEquatableArray())
            .WithTrackingName(TrackingNames.Namespaces);
        context.RegisterSourceOutput(ambiguities, static (output, found) => ReportAmbiguities(output, found));

        context.RegisterSourceOutput(diagnostics, static (output, found) => Report(output, found));

        var refitSites = RefitMethodSites(context);
        var refitAvailable = context.CompilationProvider
            .Select(static (compilation, _) => compilation.GetTypeByMetadataName("Refit.GetAttribute") is not null)
            .WithTrackingName(TrackingNames.RefitAvailable);
        var availableSites = refitSites.Combine(refitAvailable)
            .Select(static (pair, _) => pair.Right ? pair.Left : (EquatableArray<RefitMethodSite>?)null);

        // The emit step sees the Refit methods without their locations: moving a line of the
        // interface changes the sites, not these, so no contract is emitted again.
        var refitMethods = availableSites
            .Select(static (sites, _) => sites?.Select(site => site.Method)
                .OrderBy(m => m.InterfaceFullName, StringComparer.Ordinal)
                .ThenBy(m => m.MethodName, StringComparer.Ordinal)
                .ThenBy(m => m.HttpMethod, StringComparer.Ordinal)
                .ThenBy(m => m.Route, StringComparer.Ordinal)
                .ToEquatableArray())
            .WithTrackingName(TrackingNames.RefitMethods);

        var emitInput = models.Combine(ownedNames).Combine(refitMethods)
            .WithTrackingName(TrackingNames.EmitInput);

        // One item per generated file: an edit re-emits only the files whose part of the contract changed.
        var emitUnits = emitInput
            .SelectMany(static (input, _) => input.Left.Left is { } model ? EmitPlan.For(model, input.Left.Right, input.Right is { } methods ? DriftCheck.Run(model, methods).Bindings : null) : new List<EmitUnit>())
            .WithTrackingName(TrackingNames.EmitUnits);
        var emitted = emitUnits.Combine(blocked)
            .Where(static pair => !pair.Right.Contains(pair.Left.ContractFile))
            .Select(static (pair, _) => pair.Left)
            .WithTrackingName(TrackingNames.EmittedUnits);
        context.RegisterSourceOutput(emitted, static (output, unit) => EmitFile(output, unit));

        // One table of rate budgets per namespace, from every contract in it that generates.
        var budgetTables = models.Collect().Combine(blocked)
            .Select(static (input, _) => BudgetTableModel.Of(input.Left.OfType<ContractModel>().Where(m => !input.Right.Contains(m.FilePath))))
            .WithTrackingName(TrackingNames.BudgetTables);
        var tableConflicts = budgetTables.Combine(contractNamespaces).Combine(context.CompilationProvider)
            .Select(static (input, cancellationToken) => TypeConflictCheck.FindTables(input.Left.Left, input.Left.Right, input.Right, cancellationToken))
            .WithTrackingName(TrackingNames.BudgetTableConflicts);
        context.RegisterSourceOutput(tableConflicts, static (output, found) => ReportConflicts(output, found));
        context.RegisterSourceOutput(budgetTables.Combine(tableConflicts), static (output, input) => EmitBudgetTables(output, input.Left, input.Right));
        var familyMismatches = parsed.Collect()
            .Select(static (all, _) => BudgetFamilyCheck.Find(all).ToEquatableArray())
            .WithTrackingName(TrackingNames.BudgetFamilyMismatches);
        context.RegisterSourceOutput(familyMismatches, static (output, found) => Report(output, found));

        // Drift diagnostics have their own output, which does depend on locations.
        context.RegisterSourceOutput(
            parsed.Combine(availableSites).Combine(namespaces).Combine(globalImports).WithTrackingName(TrackingNames.DriftInput),
            static (output, input) => ReportDrift(output, input.Left.Left.Left, input.Left.Left.Right, input.Left.Right, input.Right));
        context.RegisterSourceOutput(declaredNames, static (output, names) => ReportCollisions(output, names));
        context.RegisterSourceOutput(namespaces, static (output, all) =>
        {
            if (all.Count > 0)
            {
                var file = ContractEmitter.EmitGlobalUsings(all);
                output.AddSource(GeneratedNames.GlobalUsingsHintName, SourceText.From(file.Text, Encoding.UTF8));
            }
        });
    }

    /// <summary>Every method of an interface carrying a Refit HTTP-method attribute, with where it is, in source order.</summary>
    /// <remarks>
    /// One syntax provider for the five attributes: its predicate runs in the walk the imports
    /// provider makes anyway, where five attribute lookups cost more than the rest of a cold run of
    /// the Refit side. Only interface methods with attributes are bound.
    /// </remarks>
    private static IncrementalValueProvider<EquatableArray<RefitMethodSite>> RefitMethodSites(IncrementalGeneratorInitializationContext context) =>
        context.SyntaxProvider
            .CreateSyntaxProvider(
                static (node, _) => node is MethodDeclarationSyntax { AttributeLists.Count: > 0, Parent: InterfaceDeclarationSyntax },
                static (syntax, cancellationToken) => RefitMethodReader.Read(syntax, cancellationToken))
            .Collect()
            .Select(static (all, _) => all
                .SelectMany(sites => sites)
                .OrderBy(s => s.Location.FilePath, StringComparer.Ordinal)
                .ThenBy(s => s.Location.Start)
                .ToEquatableArray())
            .WithTrackingName(TrackingNames.RefitMethodSites);

    private static void Report(SourceProductionContext output, IEnumerable<DiagnosticInfo> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            output.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.Get(diagnostic.Id),
                diagnostic.Location?.ToLocation() ?? Location.None,
                diagnostic.Arguments.Select(argument => (object?)argument).ToArray()));
        }
    }

    private static void EmitFile(SourceProductionContext output, EmitUnit unit) =>
        EmitFile(output, unit.HintName, unit.ContractFile, unit.Emit);

    /// <summary>Adds one generated file; an emitter's fault becomes CTR010 on its contract, never a crash of the build.</summary>
    private static void EmitFile(SourceProductionContext output, string hintName, string contractFile, Func<string> emit)
    {
        string text;
        try
        {
            text = emit();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var start = new LinePosition(0, 0);
            var location = Location.Create(contractFile, new TextSpan(0, 0), new LinePositionSpan(start, start));
            output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.GeneratorFailure, location, e.GetType().Name + ": " + e.Message));
            return;
        }

        output.AddSource(hintName, SourceText.From(text, Encoding.UTF8));
    }

    private static void EmitBudgetTables(SourceProductionContext output, EquatableArray<BudgetTableModel> tables, EquatableArray<TypeConflict> conflicts)
    {
        foreach (var table in tables)
        {
            if (conflicts.Any(c => c.FullName == table.Namespace + "." + GeneratedNames.RateBudgets))
            {
                continue;
            }

            EmitFile(output, RateBudgetsEmitter.HintName(table.Namespace), table.FirstContract, () => RateBudgetsEmitter.Emit(table));
        }
    }

    /// <summary>Checks the hand-declared Refit methods against the contract, only where Refit is referenced.</summary>
    private static void ReportDrift(SourceProductionContext output, ContractParseResult parsed, EquatableArray<RefitMethodSite>? sites, EquatableArray<string> globalUsings, EquatableArray<string> globalImports)
    {
        if (parsed.Model is not { } model || sites is not { } found)
        {
            return;
        }

        if (model.Interfaces.Count == 0)
        {
            if (model.Endpoints.Count > 0)
            {
                output.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.NoInterfaceNamed,
                    (parsed.NamespaceLocation ?? parsed.EndpointLocations[0].Location).ToLocation(),
                    model.Name,
                    "I" + model.Name + "Api"));
            }

            return;
        }

        Report(output, DriftCheck.Diagnose(model, parsed.EndpointLocations, found, globalUsings, globalImports));
    }

    private static void ReportConflicts(SourceProductionContext output, EquatableArray<TypeConflict> conflicts)
    {
        foreach (var conflict in conflicts)
        {
            output.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.GeneratedTypeConflict,
                conflict.Location?.ToLocation() ?? Location.None,
                conflict.FullName,
                conflict.Reason,
                conflict.Fix));
        }
    }

    private static void ReportLanguageTooOld(SourceProductionContext output, EquatableArray<ContractNamespace> contracts, string? version)
    {
        if (version is null)
        {
            return;
        }

        foreach (var contract in contracts)
        {
            output.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.LanguageVersionTooOld,
                contract.Location?.ToLocation() ?? Location.Create(contract.ContractFile, default, default),
                version,
                Path.GetFileName(contract.ContractFile),
                MinimumLanguageVersion.ToDisplayString()));
        }
    }

    private static void ReportAmbiguities(SourceProductionContext output, EquatableArray<Ambiguity> ambiguities)
    {
        foreach (var ambiguity in ambiguities)
        {
            output.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.GlobalUsingWithheld,
                ambiguity.Location.ToLocation(),
                ambiguity.Namespace + "." + ambiguity.TypeName,
                ambiguity.Other,
                ambiguity.Namespace,
                ambiguity.TypeName));
        }
    }

    private static void ReportCollisions(SourceProductionContext output, EquatableArray<DeclaredName> names)
    {
        // The usual case, every name once, is told without sorting or grouping.
        var distinct = new HashSet<(string Namespace, string TypeName)>();
        bool repeated = false;
        foreach (var name in names)
        {
            repeated |= !distinct.Add((name.Namespace, name.TypeName));
        }

        if (!repeated)
        {
            return;
        }

        var ordered = names
            .OrderBy(n => n.ContractFile, StringComparer.Ordinal)
            .ThenBy(n => n.Location.Start)
            .ToList();
        var collisions = ordered
            .GroupBy(n => n.Namespace + "." + n.TypeName, StringComparer.Ordinal)
            .Where(group => group.Select(n => n.ContractFile).Distinct().Count() > 1);
        var reported = new HashSet<(string File, int Start)>();
        foreach (var group in collisions)
        {
            var original = group.First();
            foreach (var duplicate in group.Where(n => n.ContractFile != original.ContractFile))
            {
                // A model's converter collides along with the model: one diagnostic per declaration.
                if (!reported.Add((duplicate.ContractFile, duplicate.Location.Start)))
                {
                    continue;
                }

                output.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.OutputNameCollision,
                    duplicate.Location.ToLocation(),
                    "Generated type",
                    duplicate.Namespace + "." + duplicate.TypeName,
                    "the same type from contract " + Path.GetFileName(original.ContractFile) + " (namespaces are shared across contracts)"));
            }
        }
    }
}
