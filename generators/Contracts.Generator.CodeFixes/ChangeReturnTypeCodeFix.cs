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
/// CTR019 (the Refit method's return type does not fit the generated methods): declares the
/// return type the generated methods read the answer as; the name, the parameters and the
/// attributes stay as the user wrote them.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ChangeReturnTypeCodeFix))]
[Shared]
public sealed class ChangeReturnTypeCodeFix : CodeFixProvider
{
    /// <summary>What the fix fixes.</summary>
    public const string DiagnosticId = "CTR019";

    private const string EquivalenceKey = "Contracts.ChangeReturnType";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticId);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => DocumentFixes.FixAll(Rewrite);

    /// <inheritdoc/>
    public override Task RegisterCodeFixesAsync(CodeFixContext context) => DocumentFixes.RegisterAsync(
        context,
        EquivalenceKey,
        static (root, diagnostic) => DocumentFixes.MethodAt(root, diagnostic) is not null && ReturnType(diagnostic) is { } type ? $"Return {type} as the contract's endpoint needs" : null,
        Rewrite);

    private static SyntaxNode Rewrite(SyntaxNode root, ImmutableArray<Diagnostic> diagnostics) =>
        DocumentFixes.ReplaceEach(root, diagnostics, DocumentFixes.MethodAt, static (method, diagnostic) =>
            ReturnType(diagnostic) is { } type ? method.WithReturnType(type.WithTriviaFrom(method.ReturnType)) : null);

    /// <summary>The return type to declare, as the diagnostic spells it; null when it does not parse as a type.</summary>
    private static TypeSyntax? ReturnType(Diagnostic diagnostic) =>
        diagnostic.Properties.TryGetValue(RefitDriftAnalyzer.ReturnTypeProperty, out string? text) && text is { Length: > 0 }
            && SyntaxFactory.ParseTypeName(text) is { ContainsDiagnostics: false } type
            && type.FullSpan.Length == text.Length
            ? type
            : null;
}
