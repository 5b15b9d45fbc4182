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
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Contracts.Generator;

/// <summary>
/// Turns every <c>*.contract.json</c> additional file into DTOs, status enums, JSON converters
/// and a JSON context. This file only wires the pipeline: parsing, models and emitting live in
/// their own folders.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ContractGenerator : IIncrementalGenerator
{
    /// <summary>The file-name ending that marks a contract.</summary>
    public const string ContractExtension = ".contract.json";

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var parsed = context.AdditionalTextsProvider
            .Where(static file => file.Path.EndsWith(ContractExtension, StringComparison.OrdinalIgnoreCase))
            .WithTrackingName(TrackingNames.ContractFiles)
            .Select(static (file, cancellationToken) =>
                ContractParser.Parse(file.Path, file.GetText(cancellationToken)?.ToString() ?? string.Empty, cancellationToken))
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
        var ownedNames = parsed
            .Select(static (result, _) => result.DeclaredNames)
            .Collect()
            .Select(static (all, _) => all
                .SelectMany(names => names)
                .Select(n => new OwnedName(n.Namespace + "." + n.TypeName, n.ContractFile))
                .ToEquatableArray())
            .WithTrackingName(TrackingNames.OwnedNames);
        var namespaces = parsed
            .Select(static (result, _) => result.Namespace)
            .Collect()
            .Select(static (all, _) => all
                .Where(ns => ns is not null)
                .Select(ns => ns!)
                .Distinct()
                .OrderBy(ns => ns, StringComparer.Ordinal)
                .ToEquatableArray())
            .WithTrackingName(TrackingNames.Namespaces);

        context.RegisterSourceOutput(diagnostics, static (output, found) =>
        {
            foreach (var diagnostic in found)
            {
                output.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        });
        var refitMethods = RefitMethods(context);
        var refitAvailable = context.CompilationProvider
            .Select(static (compilation, _) => compilation.GetTypeByMetadataName("Refit.GetAttribute") is not null)
            .WithTrackingName(TrackingNames.RefitAvailable);
        var refit = refitMethods.Combine(refitAvailable)
            .Select(static (pair, _) => pair.Right ? pair.Left : (EquatableArray<RefitMethodModel>?)null);

        context.RegisterSourceOutput(
            models.Combine(ownedNames).Combine(refit),
            static (output, input) => EmitContract(output, input.Left.Left, input.Left.Right, input.Right));
        context.RegisterSourceOutput(declaredNames, static (output, names) => ReportCollisions(output, names));
        context.RegisterSourceOutput(namespaces, static (output, all) =>
        {
            if (all.Count > 0)
            {
                var file = ContractEmitter.EmitGlobalUsings(all);
                output.AddSource(file.HintName, SourceText.From(file.Text, Encoding.UTF8));
            }
        });
    }

    /// <summary>Every method of an interface carrying a Refit HTTP-method attribute, in a stable order.</summary>
    private static IncrementalValueProvider<EquatableArray<RefitMethodModel>> RefitMethods(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValueProvider<ImmutableArray<RefitMethodModel>>? all = null;
        foreach (var attribute in RefitMethodReader.HttpMethodAttributes)
        {
            string httpMethod = attribute.Value;
            var found = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    attribute.Key,
                    static (node, _) => node is MethodDeclarationSyntax,
                    (syntax, cancellationToken) => RefitMethodReader.Read(syntax, httpMethod, cancellationToken))
                .Where(static method => method is not null)
                .Select(static (method, _) => method!)
                .Collect();
            all = all is null ? found : all.Value.Combine(found).Select(static (pair, _) => pair.Left.AddRange(pair.Right));
        }

        return all!.Value
            .Select(static (methods, _) => methods
                .OrderBy(m => m.Location.FilePath, StringComparer.Ordinal)
                .ThenBy(m => m.Location.Start)
                .ToEquatableArray())
            .WithTrackingName(TrackingNames.RefitMethods);
    }

    private static void EmitContract(SourceProductionContext output, ContractModel? model, EquatableArray<OwnedName> owned, EquatableArray<RefitMethodModel>? refitMethods)
    {
        if (model is null)
        {
            return;
        }

        // A type that a contract earlier in path order already generates is left to that contract
        // (ReportCollisions says so): two files with one hint name would fail the whole generator.
        var takenHintNames = new HashSet<string>(
            owned.Where(name => string.CompareOrdinal(name.ContractFile, model.FilePath) < 0).Select(name => name.FullName + ".g.cs"),
            StringComparer.Ordinal);
        try
        {
            foreach (var file in ContractEmitter.Emit(model).Concat(BindToRefit(output, model, refitMethods)))
            {
                output.CancellationToken.ThrowIfCancellationRequested();
                if (!takenHintNames.Contains(file.HintName))
                {
                    output.AddSource(file.HintName, SourceText.From(file.Text, Encoding.UTF8));
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.GeneratorFailure, Location.None, e.GetType().Name + ": " + e.Message));
        }
    }

    /// <summary>
    /// Checks the hand-declared Refit methods against the contract (only where Refit is referenced)
    /// and yields the polling extensions of the endpoints whose method matches.
    /// </summary>
    private static IEnumerable<GeneratedFile> BindToRefit(SourceProductionContext output, ContractModel model, EquatableArray<RefitMethodModel>? refitMethods)
    {
        if (refitMethods is not { } methods)
        {
            yield break;
        }

        var (bindings, diagnostics) = DriftCheck.Run(model, methods);
        foreach (var diagnostic in diagnostics)
        {
            output.ReportDiagnostic(diagnostic.ToDiagnostic());
        }

        foreach (var binding in bindings.Where(b => b.Endpoint.Polling is not null))
        {
            yield return new GeneratedFile(
                $"{model.Namespace}.{PollingEmitter.ClassName(binding.Endpoint)}.g.cs",
                PollingEmitter.Emit(model, binding));
        }
    }

    private static void ReportCollisions(SourceProductionContext output, EquatableArray<DeclaredName> names)
    {
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
