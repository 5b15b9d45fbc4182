using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace Contracts.Generator.CodeFixes;

/// <summary>
/// CTR014 (a contract endpoint with no Refit method): declares the method the diagnostic
/// describes on the interface it is reported on, after the interface's other members, with the
/// endpoint's description from the contract as its summary. Fix All adds every missing method of
/// a document at once, in the contract's order; one fix at a time appends in the order applied.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddRefitMethodCodeFix))]
[Shared]
public sealed class AddRefitMethodCodeFix : CodeFixProvider
{
    /// <summary>What the fix fixes.</summary>
    public const string DiagnosticId = "CTR014";

    /// <summary>One key for every CTR014 fix, so that Fix All applies them together.</summary>
    private const string EquivalenceKey = "Contracts.AddRefitMethod";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticId);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => DocumentFixes.FixAll(AddMethods);

    /// <inheritdoc/>
    public override Task RegisterCodeFixesAsync(CodeFixContext context) => DocumentFixes.RegisterAsync(
        context,
        EquivalenceKey,
        static (root, diagnostic) => Method(diagnostic) is { } method && InterfaceAt(root, diagnostic) is not null ? $"Declare {method.Identifier.ValueText} from the contract" : null,
        AddMethods);

    /// <summary>Adds the method of each diagnostic to the interface it is reported on; a diagnostic without a usable declaration is left alone.</summary>
    private static SyntaxNode AddMethods(SyntaxNode root, ImmutableArray<Diagnostic> diagnostics)
    {
        var added = new Dictionary<InterfaceDeclarationSyntax, List<MethodDeclarationSyntax>>();
        foreach (var diagnostic in diagnostics.OrderBy(d => d.AdditionalLocations.FirstOrDefault()?.SourceSpan.Start ?? 0))
        {
            if (Method(diagnostic) is { } method && InterfaceAt(root, diagnostic) is { } owner)
            {
                if (!added.TryGetValue(owner, out var methods))
                {
                    added[owner] = methods = new List<MethodDeclarationSyntax>();
                }

                methods.Add(method);
            }
        }

        string newLine = root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)).ToString() is { Length: > 0 } found ? found : "\n";
        return root.ReplaceNodes(added.Keys, (original, _) => original.AddMembers(
            added[original].Select((m, i) => Laid(m, newLine, blankLineBefore: i > 0 || original.Members.Count > 0)).ToArray<MemberDeclarationSyntax>()));
    }

    /// <summary>
    /// The method as the user would have written it: a blank line after the member before it, its summary, each
    /// attribute list on a line of its own (the diagnostic shows them on one); indentation is the formatter's.
    /// </summary>
    private static MethodDeclarationSyntax Laid(MethodDeclarationSyntax method, string newLine, bool blankLineBefore)
    {
        var lists = method.AttributeLists.Select(list => list.WithoutTrivia().WithTrailingTrivia(SyntaxFactory.EndOfLine(newLine)));
        var laid = method.WithAttributeLists(SyntaxFactory.List(lists)).WithReturnType(method.ReturnType.WithoutLeadingTrivia());
        string summary = method.GetLeadingTrivia().ToFullString().Replace("\n", newLine);
        return laid
            .WithLeadingTrivia(SyntaxFactory.ParseLeadingTrivia((blankLineBefore ? newLine : string.Empty) + summary))
            .WithTrailingTrivia(SyntaxFactory.EndOfLine(newLine))
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    private static InterfaceDeclarationSyntax? InterfaceAt(SyntaxNode root, Diagnostic diagnostic) =>
        root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.AncestorsAndSelf().OfType<InterfaceDeclarationSyntax>().FirstOrDefault();

    /// <summary>The method the diagnostic describes, documented from the contract; null when its declaration does not parse as one.</summary>
    private static MethodDeclarationSyntax? Method(Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(RefitDriftAnalyzer.DeclarationProperty, out string? declaration)
            || declaration is null
            || SyntaxFactory.ParseMemberDeclaration(declaration) is not MethodDeclarationSyntax method
            || method.ContainsDiagnostics)
        {
            return null;
        }

        diagnostic.Properties.TryGetValue(RefitDriftAnalyzer.SummaryProperty, out string? summary);
        var documentation = SyntaxFactory.ParseLeadingTrivia(
            "/// <summary>" + XmlText(summary ?? "The contract's endpoint " + method.Identifier.ValueText + ".") + "</summary>\n");
        return method.WithLeadingTrivia(documentation);
    }

    /// <summary>Text as XML doc content: only what XML requires escaped, so an apostrophe stays one.</summary>
    private static string XmlText(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\r", " ").Replace("\n", " ");
}
