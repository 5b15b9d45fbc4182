using System.Collections.Immutable;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Contracts.Generator.CodeFixes;

/// <summary>
/// A drift fix that rewrites the one node each diagnostic points at (an attribute, a method): the
/// fix says how to find it, what to offer and what to write; offering, Fix All and the equivalence
/// key that makes Fix All apply them together are the same for every such fix.
/// </summary>
/// <typeparam name="TNode">The kind of node the fix rewrites.</typeparam>
public abstract class NodeRewriteCodeFix<TNode> : CodeFixProvider
    where TNode : SyntaxNode
{
    private readonly string _equivalenceKey;

    /// <summary>Only this assembly's fixes derive from it.</summary>
    private protected NodeRewriteCodeFix(string equivalenceKey, params string[] diagnosticIds)
    {
        _equivalenceKey = equivalenceKey;
        FixableDiagnosticIds = ImmutableArray.Create(diagnosticIds);
    }

    /// <inheritdoc/>
    public sealed override ImmutableArray<string> FixableDiagnosticIds { get; }

    /// <inheritdoc/>
    public sealed override FixAllProvider GetFixAllProvider() => DocumentFixes.FixAll(Rewrite);

    /// <inheritdoc/>
    public sealed override Task RegisterCodeFixesAsync(CodeFixContext context) => DocumentFixes.RegisterAsync(
        context,
        _equivalenceKey,
        (root, diagnostic) => Find(root, diagnostic) is { } node && Rewritten(node, diagnostic) is not null ? Title(diagnostic) : null,
        Rewrite);

    /// <summary>The node the diagnostic points at; null when there is none.</summary>
    private protected abstract TNode? Find(SyntaxNode root, Diagnostic diagnostic);

    /// <summary>The node as the fix writes it; null when the diagnostic does not say enough to write it (nothing is offered).</summary>
    private protected abstract TNode? Rewritten(TNode node, Diagnostic diagnostic);

    /// <summary>What the light bulb offers.</summary>
    private protected abstract string Title(Diagnostic diagnostic);

    private SyntaxNode Rewrite(SyntaxNode root, ImmutableArray<Diagnostic> diagnostics) =>
        DocumentFixes.ReplaceEach(root, diagnostics, Find, Rewritten);
}
