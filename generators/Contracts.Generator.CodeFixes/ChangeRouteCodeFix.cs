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
/// CTR015 (the Refit method's HTTP method or route differs from the contract): rewrites the
/// attribute to the contract's, keeping how the user spells it (<c>Get</c>, <c>Refit.Get</c>,
/// <c>GetAttribute</c>, an alias's qualifier) and everything else about the method.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ChangeRouteCodeFix))]
[Shared]
public sealed class ChangeRouteCodeFix : CodeFixProvider
{
    /// <summary>What the fix fixes.</summary>
    public const string DiagnosticId = "CTR015";

    private const string EquivalenceKey = "Contracts.ChangeRoute";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticId);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => DocumentFixes.FixAll(Rewrite);

    /// <inheritdoc/>
    public override Task RegisterCodeFixesAsync(CodeFixContext context) => DocumentFixes.RegisterAsync(
        context,
        EquivalenceKey,
        static (root, diagnostic) => AttributeAt(root, diagnostic) is { } attribute && Rewritten(attribute, diagnostic) is not null
            ? $"Use {diagnostic.Properties[RefitDriftAnalyzer.HttpMethodProperty]} {diagnostic.Properties[RefitDriftAnalyzer.RouteProperty]} from the contract"
            : null,
        Rewrite);

    private static SyntaxNode Rewrite(SyntaxNode root, ImmutableArray<Diagnostic> diagnostics) =>
        DocumentFixes.ReplaceEach(root, diagnostics, AttributeAt, Rewritten);

    private static AttributeSyntax? AttributeAt(SyntaxNode root, Diagnostic diagnostic) =>
        root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).AncestorsAndSelf().OfType<AttributeSyntax>().FirstOrDefault();

    /// <summary>The attribute with the contract's HTTP method in the user's spelling and the contract's route as its first argument; null when it cannot be read.</summary>
    private static AttributeSyntax? Rewritten(AttributeSyntax attribute, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(RefitDriftAnalyzer.HttpMethodProperty, out string? method) || method is not { Length: > 1 }
            || !diagnostic.Properties.TryGetValue(RefitDriftAnalyzer.RouteProperty, out string? route) || route is null
            || attribute.ArgumentList is not { Arguments.Count: > 0 } arguments)
        {
            return null;
        }

        string verb = method.Substring(0, 1) + method.Substring(1).ToLowerInvariant();
        var name = attribute.Name switch
        {
            QualifiedNameSyntax qualified => qualified.WithRight(Renamed(qualified.Right, verb)),
            AliasQualifiedNameSyntax alias => alias.WithName((IdentifierNameSyntax)Renamed(alias.Name, verb)),
            SimpleNameSyntax simple => Renamed(simple, verb),
            _ => attribute.Name,
        };
        var first = arguments.Arguments[0];
        var literal = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(route)).WithTriviaFrom(first.Expression);
        return attribute
            .WithName(name.WithTriviaFrom(attribute.Name))
            .WithArgumentList(arguments.WithArguments(arguments.Arguments.Replace(first, first.WithExpression(literal))));
    }

    /// <summary><c>Get</c> → <c>Post</c>, <c>GetAttribute</c> → <c>PostAttribute</c>.</summary>
    private static SimpleNameSyntax Renamed(SimpleNameSyntax name, string verb)
    {
        string suffix = name.Identifier.ValueText.EndsWith("Attribute", System.StringComparison.Ordinal) ? "Attribute" : string.Empty;
        return name.WithIdentifier(SyntaxFactory.Identifier(verb + suffix).WithTriviaFrom(name.Identifier));
    }
}
