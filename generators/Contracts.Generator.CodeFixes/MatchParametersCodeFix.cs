using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Contracts.Generator.CodeFixes;

/// <summary>
/// CTR016 (query or path keys), CTR017 (a parameter the generated methods cannot pass on), CTR021
/// (the body) and CTR029 (an event stream's header): declares the parameters and attributes the
/// contract asks for. What the analyzer decided (its <c>Signature</c> property) is applied to the
/// user's syntax: kept parameters stay in their order with their names, attributes and comments; a
/// parameter changes only where the contract refuses it; one the contract no longer sends goes.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MatchParametersCodeFix))]
[Shared]
public sealed class MatchParametersCodeFix : CodeFixProvider
{
    private const string EquivalenceKey = "Contracts.MatchParameters";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("CTR016", "CTR017", "CTR021", "CTR029");

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => DocumentFixes.FixAll(Rewrite);

    /// <inheritdoc/>
    public override Task RegisterCodeFixesAsync(CodeFixContext context) => DocumentFixes.RegisterAsync(
        context,
        EquivalenceKey,
        static (root, diagnostic) => DocumentFixes.MethodAt(root, diagnostic) is { } method && Rewritten(method, diagnostic) is not null
            ? $"Declare the parameters of endpoint '{diagnostic.Properties[RefitDriftAnalyzer.EndpointProperty]}' as the contract does"
            : null,
        Rewrite);

    private static SyntaxNode Rewrite(SyntaxNode root, ImmutableArray<Diagnostic> diagnostics) =>
        DocumentFixes.ReplaceEach(root, diagnostics, DocumentFixes.MethodAt, Rewritten);

    /// <summary>The method as the plan says; null when the plan is absent or was made for another declaration.</summary>
    private static MethodDeclarationSyntax? Rewritten(MethodDeclarationSyntax method, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(RefitDriftAnalyzer.SignatureProperty, out string? plan) || plan is null)
        {
            return null;
        }

        var lines = plan.Split('\n').Select(line => line.Split('\t')).ToList();
        var old = method.ParameterList.Parameters;
        if (lines[0].Length != 2 || lines[0][0] != "parameters" || lines[0][1] != old.Count.ToString(CultureInfo.InvariantCulture))
        {
            return null;
        }

        var parameters = new List<(ParameterSyntax Node, int? From)>();
        var attributes = new List<AttributeListSyntax>();
        var dropped = new List<string>();
        (string Attribute, string Value)? header = null;
        foreach (var line in lines.Skip(1))
        {
            string kind = line[0];
            string first = line.Length > 1 ? line[1] : string.Empty;
            string second = line.Length > 2 ? line[2] : string.Empty;
            switch (kind)
            {
                case "keep" when line.Length == 2 && Index(first, old.Count) is int i:
                    parameters.Add((old[i], i));
                    break;
                case "change" when Index(first, old.Count) is int i && Changed(old[i], line.Skip(2).ToArray()) is { } changed:
                    parameters.Add((changed, i));
                    break;
                case "replace" when line.Length == 3 && Index(first, old.Count) is int i && Parameter(second) is { } replacement:
                    parameters.Add((replacement.WithTriviaFrom(old[i]), i));
                    break;
                case "add" when line.Length == 2 && Parameter(first) is { } added:
                    parameters.Add((added, null));
                    break;
                case "attribute" when line.Length == 2 && AttributeList(first) is { } list:
                    attributes.Add(list);
                    break;
                case "unattribute" when line.Length == 2:
                    dropped.Add(first);
                    break;
                case "header" when line.Length == 3:
                    header = (first, second);
                    break;
                default:
                    // A line this fix does not understand: change nothing rather than guess.
                    return null;
            }
        }

        var rewritten = method.WithParameterList(method.ParameterList.WithParameters(Laid(old, parameters)));
        foreach (string name in dropped)
        {
            rewritten = WithoutAttribute(rewritten, name);
        }

        if (header is { } wanted)
        {
            rewritten = WithHeader(rewritten, wanted.Attribute, wanted.Value);
        }

        return attributes.Aggregate(rewritten, Appended);
    }

    private static int? Index(string text, int count) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int index) && index < count ? index : null;

    /// <summary>One declaration parsed as a parameter; null when it is not exactly one.</summary>
    private static ParameterSyntax? Parameter(string declaration) =>
        SyntaxFactory.ParseParameterList("(" + declaration + ")") is { ContainsDiagnostics: false, Parameters.Count: 1 } list ? list.Parameters[0] : null;

    private static AttributeListSyntax? AttributeList(string text) =>
        SyntaxFactory.ParseMemberDeclaration(text + " void M();") is MethodDeclarationSyntax { ContainsDiagnostics: false, AttributeLists.Count: 1 } method ? method.AttributeLists[0].WithoutTrivia() : null;

    /// <summary>The user's parameter with the type, default, key or name the plan gives it; everything else stays.</summary>
    private static ParameterSyntax? Changed(ParameterSyntax parameter, string[] fields)
    {
        for (int f = 0; f < fields.Length; f++)
        {
            switch (fields[f])
            {
                case "type" when f + 1 < fields.Length && parameter.Type is { } type && SyntaxFactory.ParseTypeName(fields[f + 1]) is { ContainsDiagnostics: false } parsed:
                    parameter = parameter.WithType(parsed.WithTriviaFrom(type));
                    f++;
                    break;
                case "default" when f + 1 < fields.Length:
                    parameter = WithDefault(parameter, fields[++f]);
                    break;
                case "alias" when f + 2 < fields.Length:
                    parameter = WithKey(parameter, fields[f + 1], fields[f + 2]);
                    f += 2;
                    break;
                case "name" when f + 1 < fields.Length:
                    string name = fields[++f];
                    var identifier = SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None
                        ? SyntaxFactory.Identifier(name)
                        : SyntaxFactory.VerbatimIdentifier(default, "@" + name, name, default);
                    parameter = parameter.WithIdentifier(identifier.WithTriviaFrom(parameter.Identifier));
                    break;
                default:
                    return null;
            }
        }

        return parameter;
    }

    /// <summary>The parameter with <paramref name="value"/> as its default, or none when it is empty.</summary>
    private static ParameterSyntax WithDefault(ParameterSyntax parameter, string value)
    {
        if (value.Length == 0)
        {
            return parameter.Default is null
                ? parameter
                : parameter.WithDefault(null).WithIdentifier(parameter.Identifier.WithTrailingTrivia()).WithTrailingTrivia(parameter.Default.GetTrailingTrivia());
        }

        var expression = SyntaxFactory.ParseExpression(value);
        return parameter.Default is { } existing
            ? parameter.WithDefault(existing.WithValue(expression.WithTriviaFrom(existing.Value)))
            : parameter
                .WithIdentifier(parameter.Identifier.WithTrailingTrivia(SyntaxFactory.Space))
                .WithDefault(SyntaxFactory.EqualsValueClause(SyntaxFactory.Token(SyntaxKind.EqualsToken).WithTrailingTrivia(SyntaxFactory.Space), expression))
                .WithTrailingTrivia(parameter.GetTrailingTrivia());
    }

    /// <summary>The parameter sent under <paramref name="key"/>: its <c>[AliasAs]</c> changed, or one added before its other attributes.</summary>
    private static ParameterSyntax WithKey(ParameterSyntax parameter, string attribute, string key)
    {
        var literal = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(key));
        var alias = parameter.AttributeLists.SelectMany(list => list.Attributes).FirstOrDefault(a => Is(a, "AliasAs") && a.ArgumentList is { Arguments.Count: > 0 });
        if (alias is not null)
        {
            var first = alias.ArgumentList!.Arguments[0];
            return parameter.ReplaceNode(first, first.WithExpression(literal.WithTriviaFrom(first.Expression)));
        }

        var list = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(
                SyntaxFactory.Attribute(SyntaxFactory.ParseName(attribute), SyntaxFactory.AttributeArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.AttributeArgument(literal))))))
            .WithLeadingTrivia(parameter.GetLeadingTrivia())
            .WithTrailingTrivia(SyntaxFactory.Space);
        return parameter.WithoutLeadingTrivia().WithAttributeLists(parameter.WithoutLeadingTrivia().AttributeLists.Insert(0, list));
    }

    /// <summary>
    /// The new parameter list: each kept parameter with the comma (and comment) that followed it,
    /// new ones laid out as the others are, one per line when the user wrote them so.
    /// </summary>
    private static SeparatedSyntaxList<ParameterSyntax> Laid(SeparatedSyntaxList<ParameterSyntax> old, List<(ParameterSyntax Node, int? From)> parameters)
    {
        var separators = old.GetSeparators().ToList();
        bool onePerLine = separators.Any(s => s.TrailingTrivia.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia)));
        var lineBreak = separators.SelectMany(s => s.TrailingTrivia).FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        var comma = SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(onePerLine ? lineBreak : SyntaxFactory.Space);
        var indentation = onePerLine ? old.Skip(1).Select(p => p.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia))).FirstOrDefault() ?? Enumerable.Empty<SyntaxTrivia>() : Enumerable.Empty<SyntaxTrivia>();
        var nodes = new List<SyntaxNodeOrToken>();
        for (int k = 0; k < parameters.Count; k++)
        {
            var (node, from) = parameters[k];
            if (from is null)
            {
                // The first parameter keeps the place the user's first had: after "(" on its line, or on the next.
                node = node.WithLeadingTrivia(k == 0 && old.Count > 0 ? old[0].GetLeadingTrivia() : SyntaxFactory.TriviaList(indentation));
            }
            else if (k == 0 && from != 0 && old.Count > 0)
            {
                node = node.WithLeadingTrivia(old[0].GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia) || t.IsKind(SyntaxKind.EndOfLineTrivia)).Concat(node.GetLeadingTrivia().Where(t => !t.IsKind(SyntaxKind.WhitespaceTrivia) && !t.IsKind(SyntaxKind.EndOfLineTrivia))));
            }
            else if (k > 0 && from == 0 && onePerLine)
            {
                node = node.WithLeadingTrivia(indentation.Concat(node.GetLeadingTrivia().Where(t => !t.IsKind(SyntaxKind.WhitespaceTrivia) && !t.IsKind(SyntaxKind.EndOfLineTrivia))));
            }

            bool hasOwnComma = from is int i && i < separators.Count;
            if (k == parameters.Count - 1)
            {
                // A comment after its comma stays with the parameter (and the line break after it, which the comment needs).
                if (hasOwnComma && separators[from!.Value].TrailingTrivia.Any(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineCommentTrivia)))
                {
                    node = node.WithTrailingTrivia(node.GetTrailingTrivia().Concat(separators[from.Value].TrailingTrivia));
                }

                nodes.Add(node);
            }
            else
            {
                nodes.Add(node);
                nodes.Add(hasOwnComma ? separators[from!.Value] : comma);
            }
        }

        return SyntaxFactory.SeparatedList<ParameterSyntax>(nodes);
    }

    /// <summary>The method without the attribute of that name; its list goes when it held nothing else, and the method's comments stay.</summary>
    private static MethodDeclarationSyntax WithoutAttribute(MethodDeclarationSyntax method, string name)
    {
        var lists = method.AttributeLists;
        for (int k = 0; k < lists.Count; k++)
        {
            var attribute = lists[k].Attributes.FirstOrDefault(a => Is(a, name));
            if (attribute is null)
            {
                continue;
            }

            if (lists[k].Attributes.Count > 1)
            {
                return method.WithAttributeLists(lists.Replace(lists[k], lists[k].WithAttributes(lists[k].Attributes.Remove(attribute))));
            }

            var leading = lists[k].GetLeadingTrivia();
            var rest = lists.RemoveAt(k);
            if (k > 0)
            {
                return method.WithAttributeLists(rest);
            }

            // The first list carried the method's documentation: what comes next now does.
            return rest.Count > 0
                ? method.WithAttributeLists(rest.Replace(rest[0], rest[0].WithLeadingTrivia(leading)))
                : method.WithAttributeLists(rest).WithLeadingTrivia(leading);
        }

        return method;
    }

    /// <summary>The method sending one more header: added to its <c>[Headers]</c>, or in a new one.</summary>
    private static MethodDeclarationSyntax WithHeader(MethodDeclarationSyntax method, string attribute, string value)
    {
        var literal = SyntaxFactory.AttributeArgument(SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(value)));
        var headers = method.AttributeLists.SelectMany(list => list.Attributes).FirstOrDefault(a => Is(a, "Headers"));
        if (headers is null)
        {
            return AttributeList($"[{attribute}({literal})]") is { } list ? Appended(method, list) : method;
        }

        var arguments = headers.ArgumentList ?? SyntaxFactory.AttributeArgumentList();
        return method.ReplaceNode(headers, headers.WithArgumentList(arguments.AddArguments(literal)));
    }

    /// <summary>The method with one more attribute list after its others, on its own line when they are on theirs.</summary>
    private static MethodDeclarationSyntax Appended(MethodDeclarationSyntax method, AttributeListSyntax list)
    {
        var last = method.AttributeLists.LastOrDefault();
        var lineBreak = last?.GetTrailingTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) ?? default;
        if (last is null || lineBreak.IsKind(SyntaxKind.None))
        {
            return method.WithAttributeLists(method.AttributeLists.Add(list.WithTrailingTrivia(SyntaxFactory.Space)));
        }

        var indentation = method.GetLeadingTrivia().Reverse().TakeWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).Reverse();
        return method.WithAttributeLists(method.AttributeLists.Add(list.WithLeadingTrivia(indentation).WithTrailingTrivia(lineBreak)));
    }

    /// <summary>True when the attribute is Refit's of that name, however the user spells it (<c>AliasAs</c>, <c>Refit.AliasAsAttribute</c>).</summary>
    private static bool Is(AttributeSyntax attribute, string name)
    {
        string written = attribute.Name switch
        {
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => string.Empty,
        };
        return written == name || written == name + "Attribute";
    }
}
