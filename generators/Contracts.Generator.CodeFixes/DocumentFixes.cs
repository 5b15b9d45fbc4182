using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Contracts.Generator.CodeFixes;

/// <summary>
/// What every drift fix shares: a fix rewrites the document's syntax root for the diagnostics it
/// is given, one (the light bulb) or all of a document (Fix All, in document, project or
/// solution), under one equivalence key so that Fix All applies them together.
/// </summary>
internal static class DocumentFixes
{
    /// <summary>The Fix All provider of a fix whose rewrite handles any number of a document's diagnostics at once.</summary>
    public static FixAllProvider FixAll(Func<SyntaxNode, ImmutableArray<Diagnostic>, SyntaxNode> rewrite) =>
        FixAllProvider.Create(async (context, document, diagnostics) =>
        {
            var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            return root is null ? document : document.WithSyntaxRoot(rewrite(root, diagnostics));
        });

    /// <summary>Offers the fix for each diagnostic <paramref name="title"/> names one for (null: nothing to offer).</summary>
    public static async Task RegisterAsync(CodeFixContext context, string equivalenceKey, Func<SyntaxNode, Diagnostic, string?> title, Func<SyntaxNode, ImmutableArray<Diagnostic>, SyntaxNode> rewrite)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (title(root, diagnostic) is { } name)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(name, _ => Task.FromResult(context.Document.WithSyntaxRoot(rewrite(root, ImmutableArray.Create(diagnostic)))), equivalenceKey),
                    diagnostic);
            }
        }
    }

    /// <summary>The method whose declaration the diagnostic points into.</summary>
    public static MethodDeclarationSyntax? MethodAt(SyntaxNode root, Diagnostic diagnostic) =>
        root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).AncestorsAndSelf().OfType<MethodDeclarationSyntax>().FirstOrDefault();

    /// <summary>
    /// Replaces, for each diagnostic, the node it points at (<paramref name="find"/>) with its
    /// rewrite; a node found twice is rewritten once, and one that cannot be rewritten stays.
    /// </summary>
    public static SyntaxNode ReplaceEach<TNode>(SyntaxNode root, ImmutableArray<Diagnostic> diagnostics, Func<SyntaxNode, Diagnostic, TNode?> find, Func<TNode, Diagnostic, TNode?> rewrite)
        where TNode : SyntaxNode
    {
        var rewrites = diagnostics
            .Select(d => (Node: find(root, d), Diagnostic: d))
            .Where(r => r.Node is not null)
            .GroupBy(r => r.Node!)
            .ToDictionary(g => g.Key, g => g.First().Diagnostic);
        return root.ReplaceNodes(rewrites.Keys, (original, _) => rewrite(original, rewrites[original]) ?? original);
    }
}
