using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Contracts.Generator.Diagnostics;
using Contracts.Generator.Drift;
using Contracts.Generator.Model;
using Contracts.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using TypeKind = Microsoft.CodeAnalysis.TypeKind;

namespace Contracts.Generator;

/// <summary>
/// Reports, on the hand-declared Refit interface, the contract endpoints it has no method for
/// (CTR014) and the methods that differ from the contract: HTTP method or route (CTR015), query or
/// path keys (CTR016), parameters the generated methods cannot pass on (CTR017), answer type
/// (CTR019), body (CTR021), the event stream's header (CTR029); the contract's endpoint is the
/// additional location. Also the contract's type names a method writes unqualified where Refit's
/// generated code cannot resolve them (CTR025). An analyzer rather than the
/// generator: the IDE and <c>dotnet format analyzers</c> offer code fixes only for an analyzer's
/// diagnostics in C# documents, and the fixes (Contracts.Generator.CodeFixes) write what the
/// diagnostic describes, from its properties.
/// </summary>
[DiagnosticAnalyzer(Microsoft.CodeAnalysis.LanguageNames.CSharp)]
public sealed class RefitDriftAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The property holding the method declaration to add, exactly as the message shows it.</summary>
    public const string DeclarationProperty = "Declaration";

    /// <summary>The property holding the endpoint's description from the contract, for the method's XML docs; absent when it has none.</summary>
    public const string SummaryProperty = "Summary";

    /// <summary>CTR015's property: the HTTP method the contract gives the endpoint (<c>GET</c>).</summary>
    public const string HttpMethodProperty = "HttpMethod";

    /// <summary>CTR015's property: the route the contract gives the endpoint.</summary>
    public const string RouteProperty = "Route";

    /// <summary>CTR019's property: the return type the generated methods read the answer as, spelled for the interface's file.</summary>
    public const string ReturnTypeProperty = "ReturnType";

    /// <summary>
    /// CTR016, CTR017, CTR021 and CTR029's property: how the method's parameters and attributes
    /// change to be what the contract asks for, as lines of tab-separated fields (what each says is
    /// documented where the analyzer writes it); absent when the check refuses what no rewrite of
    /// the declaration changes.
    /// </summary>
    public const string SignatureProperty = "Signature";

    /// <summary>CTR025's property: the contract's namespace, which the names are qualified with.</summary>
    public const string NamespaceProperty = "Namespace";

    /// <summary>CTR025's property: every contract type name the method writes unqualified, comma-separated (one fix qualifies them all).</summary>
    public const string NamesProperty = "Names";

    /// <summary>The property holding the endpoint's name in the contract.</summary>
    public const string EndpointProperty = "Endpoint";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = DriftCheck.ReportedByAnalyzer.OrderBy(id => id, StringComparer.Ordinal).Select(DiagnosticDescriptors.Get).ToImmutableArray();

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            if (start.Compilation.GetTypeByMetadataName("Refit.GetAttribute") is null)
            {
                return;
            }

            var contracts = Contracts(start.Options.AdditionalFiles, start.CancellationToken);
            if (contracts.Count == 0)
            {
                return;
            }

            var globalImports = new Lazy<EquatableArray<string>>(() => GlobalImports(start.Compilation, start.CancellationToken), LazyThreadSafetyMode.ExecutionAndPublication);
            start.RegisterSymbolAction(symbol => Analyze(symbol, contracts, globalImports.Value), SymbolKind.NamedType);
            start.RegisterAdditionalFileAction(file => AnalyzeUnbound(file, contracts, globalImports.Value));
        });
    }

    private static void Analyze(SymbolAnalysisContext context, List<ContractParseResult> contracts, EquatableArray<string> globalImports)
    {
        if (context.Symbol is not INamedTypeSymbol { TypeKind: TypeKind.Interface } symbol)
        {
            return;
        }

        var declaration = symbol.DeclaringSyntaxReferences
            .Select(r => r.GetSyntax(context.CancellationToken))
            .OfType<InterfaceDeclarationSyntax>()
            .OrderBy(d => d.SyntaxTree.FilePath, StringComparer.Ordinal)
            .ThenBy(d => d.SpanStart)
            .FirstOrDefault();
        if (declaration is null)
        {
            return;
        }

        string fullName = symbol.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        foreach (var parsed in contracts)
        {
            var contract = parsed.Model!;
            if (!contract.Binds(fullName))
            {
                continue;
            }

            // The check matches endpoints across every interface the contract names; each reports its own part.
            bool receivesMissing = SymbolEqualityComparer.Default.Equals(FirstBoundInterface(contract, context.Compilation), symbol);
            var sites = BoundInterfaces(contract, context.Compilation).SelectMany(i => Sites(i, context.CancellationToken)).ToList();
            foreach (var problem in DriftCheck.ForAnalyzer(contract, sites.Select(s => s.Site), RefitMethodReader.VisibleNamespaces(declaration), globalImports))
            {
                var endpoint = parsed.EndpointLocations.FirstOrDefault(e => e.EndpointName == problem.Endpoint!.Name)?.Location;
                var additional = endpoint is null ? null : new[] { endpoint.ToLocation() };
                if (problem.Method is null)
                {
                    if (receivesMissing)
                    {
                        Report(context, problem, declaration.Identifier.GetLocation(), additional, Properties(DeclarationProperty, problem.Arguments[4]).AddSummary(problem.Endpoint!.Description));
                    }
                }
                else if (problem.Method.InterfaceFullName == fullName && sites.FirstOrDefault(s => s.Site.Method == problem.Method) is { Tree: { } tree } site)
                {
                    var location = Location.Create(tree, new Microsoft.CodeAnalysis.Text.TextSpan(site.Site.Location.Start, site.Site.Location.Length));
                    var properties = problem.Descriptor.Id == DiagnosticDescriptors.RefitReturnTypeDrift.Id ? Properties(ReturnTypeProperty, problem.Arguments[3])
                        : problem.Descriptor.Id == DiagnosticDescriptors.RefitRouteDrift.Id ? Properties(HttpMethodProperty, problem.Endpoint!.Method).Add(RouteProperty, problem.Endpoint.Path)
                        : problem.Signature is { } signature ? Properties(SignatureProperty, signature)
                        : ImmutableDictionary<string, string?>.Empty;
                    properties = properties.Add(EndpointProperty, problem.Endpoint!.Name);
                    Report(context, problem, location, additional, properties);
                }
            }

            foreach (var (site, names) in DriftCheck.UnqualifiedContractNames(contract, sites.Where(s => s.Site.Method.InterfaceFullName == fullName).Select(s => s.Site), globalImports))
            {
                var tree = sites.First(s => s.Site == site).Tree;
                var location = Location.Create(tree, new Microsoft.CodeAnalysis.Text.TextSpan(site.Location.Start, site.Location.Length));
                var properties = Properties(NamespaceProperty, contract.Namespace).Add(NamesProperty, string.Join(",", names));
                foreach (string name in names)
                {
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnqualifiedWithoutGlobalUsing, location, null, properties, DriftCheck.UnqualifiedArguments(contract, site, name).Cast<object>().ToArray()));
                }
            }
        }
    }

    /// <summary>
    /// A contract whose named interface the project does not declare: no C# document to fix, so
    /// each endpoint's CTR014 stays in the contract file, as the generator reported it before.
    /// </summary>
    private static void AnalyzeUnbound(AdditionalFileAnalysisContext context, List<ContractParseResult> contracts, EquatableArray<string> globalImports)
    {
        foreach (var parsed in contracts)
        {
            var contract = parsed.Model!;
            if (FirstBoundInterface(contract, context.Compilation) is not null)
            {
                continue;
            }

            foreach (var problem in DriftCheck.ForAnalyzer(contract, Enumerable.Empty<RefitMethodSite>(), EquatableArray<string>.Empty, globalImports))
            {
                if (parsed.EndpointLocations.FirstOrDefault(e => e.EndpointName == problem.Endpoint!.Name)?.Location is { } endpoint
                    && string.Equals(endpoint.FilePath, context.AdditionalFile.Path, StringComparison.Ordinal))
                {
                    context.ReportDiagnostic(Diagnostic.Create(problem.Descriptor, endpoint.ToLocation(), problem.Arguments.Cast<object>().ToArray()));
                }
            }
        }
    }

    private static ImmutableDictionary<string, string?> Properties(string name, string value) => ImmutableDictionary<string, string?>.Empty.Add(name, value);

    private static void Report(SymbolAnalysisContext context, DriftProblem problem, Location location, Location[]? additional, ImmutableDictionary<string, string?> properties) =>
        context.ReportDiagnostic(Diagnostic.Create(problem.Descriptor, location, additional, properties, problem.Arguments.Cast<object>().ToArray()));

    /// <summary>Where a missing method goes: the first interface the contract names that exists in source.</summary>
    private static INamedTypeSymbol? FirstBoundInterface(ContractModel contract, Compilation compilation) =>
        BoundInterfaces(contract, compilation).FirstOrDefault(i => i.DeclaringSyntaxReferences.Length > 0);

    private static IEnumerable<INamedTypeSymbol> BoundInterfaces(ContractModel contract, Compilation compilation)
    {
        foreach (string name in contract.Interfaces)
        {
            // A contract names its interface short (in its namespace) or in full.
            var found = Resolve(compilation, contract.Namespace + "." + name) ?? Resolve(compilation, name);
            if (found is not null)
            {
                yield return found;
            }
        }
    }

    /// <summary>
    /// The interface a dotted name means, nested in classes or not: <c>A.Outer.IApi</c> may be
    /// <c>IApi</c> in namespace <c>A.Outer</c> or nested in class <c>A.Outer</c> (metadata name <c>A.Outer+IApi</c>).
    /// </summary>
    private static INamedTypeSymbol? Resolve(Compilation compilation, string dotted)
    {
        string[] parts = dotted.Split('.');
        for (int nested = 0; nested < parts.Length; nested++)
        {
            int namespaceParts = parts.Length - nested - 1;
            string metadataName = string.Join(".", parts, 0, namespaceParts) + (namespaceParts > 0 ? "." : string.Empty) + string.Join("+", parts, namespaceParts, nested + 1);
            if (compilation.GetTypeByMetadataName(metadataName) is { TypeKind: TypeKind.Interface } found)
            {
                return found;
            }
        }

        return null;
    }

    private static IEnumerable<(RefitMethodSite Site, SyntaxTree Tree)> Sites(INamedTypeSymbol owner, CancellationToken cancellationToken)
    {
        foreach (var method in owner.GetMembers().OfType<IMethodSymbol>())
        {
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                foreach (var site in RefitMethodReader.Read(method, reference.GetSyntax(cancellationToken), cancellationToken))
                {
                    yield return (site, reference.SyntaxTree);
                }
            }
        }
    }

    /// <summary>Every contract among the additional files that parses to a model naming an interface.</summary>
    private static List<ContractParseResult> Contracts(ImmutableArray<AdditionalText> files, CancellationToken cancellationToken)
    {
        var texts = files
            .Where(f => f.Path.EndsWith(ContractGenerator.ContractExtension, StringComparison.OrdinalIgnoreCase))
            .Select(f => ContractText.Read(f.Path, f.GetText(cancellationToken)?.ToString() ?? string.Empty));
        return ContractSource.Group(texts)
            .Select(source => ContractParser.Parse(source, cancellationToken))
            .Where(parsed => parsed.Model is { Interfaces.Count: > 0 })
            .ToList();
    }

    /// <summary>The namespaces the project's global usings import (the generated ones included: the analyzer sees the generator's output).</summary>
    private static EquatableArray<string> GlobalImports(Compilation compilation, CancellationToken cancellationToken) =>
        compilation.SyntaxTrees
            .SelectMany(tree => ((CompilationUnitSyntax)tree.GetRoot(cancellationToken)).Usings)
            .Where(u => u.GlobalKeyword.RawKind != 0)
            .Select(u => Conflicts.AmbiguityCheck.ImportOf(u)?.Namespace)
            .OfType<string>()
            .Distinct()
            .OrderBy(ns => ns, StringComparer.Ordinal)
            .ToEquatableArray();
}

/// <summary>Adds the endpoint's description to a diagnostic's properties, when the contract gives one.</summary>
internal static class DriftProperties
{
    public static ImmutableDictionary<string, string?> AddSummary(this ImmutableDictionary<string, string?> properties, string? summary) =>
        summary is { Length: > 0 } ? properties.Add(RefitDriftAnalyzer.SummaryProperty, summary) : properties;
}
