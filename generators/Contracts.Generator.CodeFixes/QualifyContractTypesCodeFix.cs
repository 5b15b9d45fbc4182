using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Contracts.Generator.CodeFixes;

/// <summary>
/// CTR025 (a contract type written unqualified where its namespace gets no global using, so that
/// Refit's generated code cannot resolve it): writes each such name of the method's return and
/// parameter types as <c>global::Namespace.Name</c>, which resolves anywhere; nothing else changes.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(QualifyContractTypesCodeFix))]
[Shared]
public sealed class QualifyContractTypesCodeFix : CodeFixProvider
{
    /// <summary>What the fix fixes.</summary>
    public const string DiagnosticId = "CTR025";

    private const string EquivalenceKey = "Contracts.QualifyContractTypes";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticId);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => DocumentFixes.FixAll(Rewrite);

    /// <inheritdoc/>
    public override Task RegisterCodeFixesAsync(CodeFixContext context) => DocumentFixes.RegisterAsync(
        context,
        EquivalenceKey,
        static (root, diagnostic) => DocumentFixes.MethodAt(root, diagnostic) is { } method && Rewritten(method, diagnostic) is not null
            ? $"Write the contract's types as global::{diagnostic.Properties[RefitDriftAnalyzer.NamespaceProperty]}.*"
            : null,
        Rewrite);

    private static SyntaxNode Rewrite(SyntaxNode root, ImmutableArray<Diagnostic> diagnostics) =>
        DocumentFixes.ReplaceEach(root, diagnostics, DocumentFixes.MethodAt, Rewritten);

    /// <summary>The method with the names qualified; null when the diagnostic does not say which, or none is found.</summary>
    private static MethodDeclarationSyntax? Rewritten(MethodDeclarationSyntax method, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(RefitDriftAnalyzer.NamespaceProperty, out string? ns) || ns is not { Length: > 0 }
            || !diagnostic.Properties.TryGetValue(RefitDriftAnalyzer.NamesProperty, out string? list) || list is not { Length: > 0 }
            || SyntaxFactory.ParseName("global::" + ns) is not { ContainsDiagnostics: false } qualifier)
        {
            return null;
        }

        var names = new HashSet<string>(list.Split(','), System.StringComparer.Ordinal);
        var types = new SyntaxNode[] { method.ReturnType }.Concat(method.ParameterList.Parameters.Select(p => p.Type).OfType<TypeSyntax>());
        var unqualified = types
            .SelectMany(type => type.DescendantNodesAndSelf().OfType<SimpleNameSyntax>())
            .Where(name => names.Contains(name.Identifier.ValueText) && !IsQualified(name))
            .ToList();
        // A name inside another (VideoPage in LibraryReply<VideoPage>) is rewritten first: qualify what was rewritten.
        return unqualified.Count == 0
            ? null
            : method.ReplaceNodes(unqualified, (original, rewritten) => SyntaxFactory.QualifiedName(qualifier, rewritten.WithoutTrivia()).WithTriviaFrom(original));
    }

    /// <summary>True when the name is the right of a qualified name (<c>Ns.Name</c>, <c>alias::Name</c>): something already says where it is.</summary>
    private static bool IsQualified(SimpleNameSyntax name) =>
        (name.Parent is QualifiedNameSyntax qualified && qualified.Right == name)
        || (name.Parent is AliasQualifiedNameSyntax alias && alias.Name == name);
}
