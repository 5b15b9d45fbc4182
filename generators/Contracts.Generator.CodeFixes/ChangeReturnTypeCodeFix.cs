using System.Composition;
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
public sealed class ChangeReturnTypeCodeFix : NodeRewriteCodeFix<MethodDeclarationSyntax>
{
    /// <summary>What the fix fixes.</summary>
    public const string DiagnosticId = "CTR019";

    /// <summary>Creates the fix.</summary>
    public ChangeReturnTypeCodeFix()
        : base("Contracts.ChangeReturnType", DiagnosticId)
    {
    }

    private protected override string Title(Diagnostic diagnostic) => $"Return {ReturnType(diagnostic)} as the contract's endpoint needs";

    private protected override MethodDeclarationSyntax? Find(SyntaxNode root, Diagnostic diagnostic) => DocumentFixes.MethodAt(root, diagnostic);

    private protected override MethodDeclarationSyntax? Rewritten(MethodDeclarationSyntax method, Diagnostic diagnostic) =>
        ReturnType(diagnostic) is { } type ? method.WithReturnType(type.WithTriviaFrom(method.ReturnType)) : null;

    /// <summary>The return type to declare, as the diagnostic spells it; null when it does not parse as a type.</summary>
    private static TypeSyntax? ReturnType(Diagnostic diagnostic) =>
        diagnostic.Properties.TryGetValue(RefitDriftAnalyzer.ReturnTypeProperty, out string? text) && text is { Length: > 0 }
            && SyntaxFactory.ParseTypeName(text) is { ContainsDiagnostics: false } type
            && type.FullSpan.Length == text.Length
            ? type
            : null;
}
