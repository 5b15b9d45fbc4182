using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Contracts.Generator.Model;
using Microsoft.CodeAnalysis;
using Contracts.Generator.Naming;

namespace Contracts.Generator.Drift;

/// <summary>Reads the Refit methods declared in source into equatable models.</summary>
internal static class RefitMethodReader
{
    /// <summary>The Refit attributes that declare an HTTP method and a route, by metadata name.</summary>
    public static readonly IReadOnlyDictionary<string, string> HttpMethodAttributes = new Dictionary<string, string>
    {
        ["Refit.GetAttribute"] = "GET",
        ["Refit.PostAttribute"] = "POST",
        ["Refit.PutAttribute"] = "PUT",
        ["Refit.PatchAttribute"] = "PATCH",
        ["Refit.DeleteAttribute"] = "DELETE",
    };

    /// <summary>Parameters carrying these attributes of Refit's do not travel in the query string.</summary>
    private static readonly HashSet<string> NonQueryAttributes = new()
    {
        "BodyAttribute",
        "HeaderAttribute",
        "HeaderCollectionAttribute",
        "AuthorizeAttribute",
        "PropertyAttribute",
    };

    /// <summary>Every Refit HTTP-method attribute of an interface method, one site each (Refit refuses more than one, the drift check reports it).</summary>
    public static EquatableArray<RefitMethodSite> Read(GeneratorSyntaxContext context, CancellationToken cancellationToken)
    {
        return context.SemanticModel.GetDeclaredSymbol(context.Node, cancellationToken) is IMethodSymbol { ContainingType: { TypeKind: Microsoft.CodeAnalysis.TypeKind.Interface } } method
            ? Read(method, context.Node, cancellationToken)
            : EquatableArray<RefitMethodSite>.Empty;
    }

    /// <summary>The sites of one interface method declared at <paramref name="node"/>: what the drift analyzer reads from the interface's symbol.</summary>
    public static EquatableArray<RefitMethodSite> Read(IMethodSymbol method, SyntaxNode node, CancellationToken cancellationToken)
    {
        List<RefitMethodSite>? sites = null;
        foreach (var attribute in method.GetAttributes())
        {
            if (attribute.AttributeClass is { } type
                && IsRefit(type)
                && HttpMethodAttributes.TryGetValue("Refit." + type.MetadataName, out string? httpMethod)
                && Read(method, attribute, node, httpMethod, cancellationToken) is { } site)
            {
                (sites ??= new List<RefitMethodSite>()).Add(site);
            }
        }

        return sites is null ? EquatableArray<RefitMethodSite>.Empty : sites.ToEquatableArray();
    }

    private static RefitMethodSite? Read(IMethodSymbol method, AttributeData attribute, SyntaxNode node, string httpMethod, CancellationToken cancellationToken)
    {
        var owner = method.ContainingType;
        if (attribute.ConstructorArguments.Length == 0 || attribute.ConstructorArguments[0].Value is not string route)
        {
            return null;
        }

        cancellationToken.ThrowIfCancellationRequested();
        bool multipart = method.GetAttributes().Any(a => a.AttributeClass is { MetadataName: "MultipartAttribute" } type && IsRefit(type));
        var parameters = method.Parameters
            .Select(parameter =>
            {
                var (queryKey, pathKey) = Keys(parameter, route);
                bool explicitQuery = parameter.GetAttributes().Any(a => a.AttributeClass is { MetadataName: "QueryAttribute" } type && IsRefit(type));

                // In a multipart method every parameter that is no query, path, body, header or token is a part.
                string? part = multipart && queryKey is not null && !explicitQuery ? queryKey : null;
                return new RefitParameterModel(
                    parameter.Name,
                    part is null ? queryKey : null,
                    IsCancellationToken(parameter.Type),
                    parameter.Type.ToDisplayString(TypeFormat),
                    DefaultValue(parameter))
                {
                    IsBody = parameter.GetAttributes().Any(a => a.AttributeClass is { MetadataName: "BodyAttribute" } type && IsRefit(type)),
                    PathKey = pathKey,
                    PartName = part,
                    UnqualifiedType = parameter.Type.ToDisplayString(UnqualifiedFormat),
                    RefusesNull = parameter.Type.IsReferenceType && parameter.NullableAnnotation == NullableAnnotation.NotAnnotated,
                };
            })
            .ToEquatableArray();
        var syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) ?? node;
        var span = syntax.GetLocation().GetLineSpan();
        var location = new SourceLocation(
            syntax.SyntaxTree.FilePath,
            syntax.Span.Start,
            syntax.Span.Length,
            span.StartLinePosition.Line,
            span.StartLinePosition.Character,
            span.EndLinePosition.Line,
            span.EndLinePosition.Character);
        var model = new RefitMethodModel(
            owner.ToDisplayString(InterfaceNameFormat),
            owner.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            Access(owner),
            method.Name,
            httpMethod,
            route,
            parameters,
            method.ReturnType.ToDisplayString(UnqualifiedFormat))
        {
            InterfaceIsGeneric = IsGeneric(owner),
            MethodIsGeneric = method.IsGenericMethod,
            IsMultipart = multipart,
            Headers = Headers(method),
            ResolvedNames = ResolvedNames(method),
            VisibleNamespaces = VisibleNamespaces(node),
        };
        return new RefitMethodSite(model, location) { UnqualifiedNames = UnqualifiedNames(node) };
    }

    /// <summary>
    /// The types the signature already resolves to, by namespace and name (<c>System.Threading.CancellationToken</c>),
    /// read from the bound symbols. The generator never sees a contract's own types here (they do not
    /// exist yet); the drift analyzer does (it sees the generated code), and tells them by their namespace.
    /// </summary>
    private static EquatableArray<string> ResolvedNames(IMethodSymbol method)
    {
        var names = new List<string>();
        void Collect(ITypeSymbol type)
        {
            switch (type)
            {
                case IArrayTypeSymbol array:
                    Collect(array.ElementType);
                    break;
                case INamedTypeSymbol { TypeKind: not Microsoft.CodeAnalysis.TypeKind.Error } named:
                    string full = named.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + named.Name : named.Name;
                    if (!names.Contains(full))
                    {
                        names.Add(full);
                    }

                    foreach (var argument in named.TypeArguments)
                    {
                        Collect(argument);
                    }

                    break;
                case INamedTypeSymbol errorType:
                    foreach (var argument in errorType.TypeArguments)
                    {
                        Collect(argument);
                    }

                    break;
            }
        }

        Collect(method.ReturnType);
        foreach (var parameter in method.Parameters)
        {
            Collect(parameter.Type);
        }

        return names.ToEquatableArray();
    }

    /// <summary>The interface's namespace and those it is nested in, and the namespaces its file imports.</summary>
    /// <remarks>Read from the syntax, which a method's file already holds: it runs for every Refit method on every edit.</remarks>
    internal static EquatableArray<string> VisibleNamespaces(SyntaxNode node)
    {
        var namespaces = new List<string>();
        string? enclosing = null;
        foreach (var ancestor in node.Ancestors())
        {
            if (ancestor is Microsoft.CodeAnalysis.CSharp.Syntax.BaseNamespaceDeclarationSyntax declaration)
            {
                // Outer declarations come later: 'namespace A { namespace B.C' makes A.B.C, A.B, A.
                string name = declaration.Name.ToString().Replace(" ", string.Empty);
                enclosing = enclosing is null ? name : name + "." + enclosing;
            }
        }

        for (string? ns = enclosing; ns is not null; ns = ns.LastIndexOf('.') is var dot and > 0 ? ns.Substring(0, dot) : null)
        {
            namespaces.Add(ns);
        }

        foreach (var ancestor in node.Ancestors())
        {
            var usings = ancestor switch
            {
                Microsoft.CodeAnalysis.CSharp.Syntax.BaseNamespaceDeclarationSyntax block => block.Usings,
                Microsoft.CodeAnalysis.CSharp.Syntax.CompilationUnitSyntax unit => unit.Usings,
                _ => default(SyntaxList<Microsoft.CodeAnalysis.CSharp.Syntax.UsingDirectiveSyntax>),
            };
            foreach (var directive in usings)
            {
                if (Identifiers.ImportedNamespace(directive) is { } imported && !namespaces.Contains(imported))
                {
                    namespaces.Add(imported);
                }
            }
        }

        return namespaces.ToEquatableArray();
    }

    /// <summary>The simple names written without a qualifier in the method's return and parameter types.</summary>
    private static EquatableArray<string> UnqualifiedNames(SyntaxNode node)
    {
        if (node is not Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax declaration)
        {
            return EquatableArray<string>.Empty;
        }

        var names = new List<string>();
        void Collect(SyntaxNode? type)
        {
            if (type is null)
            {
                return;
            }

            foreach (var name in type.DescendantNodesAndSelf().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.SimpleNameSyntax>())
            {
                bool qualified = name.Parent is Microsoft.CodeAnalysis.CSharp.Syntax.QualifiedNameSyntax q && q.Right == name
                    || name.Parent is Microsoft.CodeAnalysis.CSharp.Syntax.AliasQualifiedNameSyntax a && a.Name == name;
                if (!qualified && !names.Contains(name.Identifier.ValueText))
                {
                    names.Add(name.Identifier.ValueText);
                }
            }
        }

        Collect(declaration.ReturnType);
        foreach (var parameter in declaration.ParameterList.Parameters)
        {
            Collect(parameter.Type);
        }

        return names.ToEquatableArray();
    }

    /// <summary>The headers Refit's <c>[Headers]</c> sets, on the interface and on the method.</summary>
    private static EquatableArray<string> Headers(IMethodSymbol method)
    {
        List<string>? headers = null;
        foreach (var attribute in method.ContainingType.GetAttributes().Concat(method.GetAttributes()))
        {
            if (attribute.AttributeClass is { MetadataName: "HeadersAttribute" } type && IsRefit(type) && attribute.ConstructorArguments.Length == 1)
            {
                foreach (var value in attribute.ConstructorArguments[0].Values)
                {
                    if (value.Value is string header)
                    {
                        (headers ??= new List<string>()).Add(header);
                    }
                }
            }
        }

        return headers is null ? EquatableArray<string>.Empty : headers.ToEquatableArray();
    }

    /// <summary>Who can see the interface: the narrowest accessibility on the way out to its namespace.</summary>
    private static InterfaceAccess Access(INamedTypeSymbol type)
    {
        var access = InterfaceAccess.Public;
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            switch (current.DeclaredAccessibility)
            {
                case Accessibility.Public:
                    break;
                case Accessibility.Internal:
                case Accessibility.ProtectedOrInternal:
                    access = InterfaceAccess.Internal;
                    break;
                default:
                    return InterfaceAccess.Nested;
            }
        }

        return access;
    }

    private static bool IsGeneric(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            if (current.TypeParameters.Length > 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Outer types and the interface, without the namespace: <c>Outer.IApi</c>.</summary>
    private static readonly SymbolDisplayFormat InterfaceNameFormat = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypes,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters);

    private static readonly SymbolDisplayFormat UnqualifiedFormat = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameOnly,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

    private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>The parameter's default as a C# expression that means the same anywhere, or null when it has none.</summary>
    private static string? DefaultValue(IParameterSymbol parameter)
    {
        if (!parameter.HasExplicitDefaultValue)
        {
            return null;
        }

        object? value = parameter.ExplicitDefaultValue;
        string type = parameter.Type.ToDisplayString(TypeFormat);
        return value switch
        {
            null => "default",
            string text => Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(text, quote: true),
            char c => Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(c, quote: true),
            bool b => b ? "true" : "false",
            double d when double.IsNaN(d) || double.IsInfinity(d) => "double." + (double.IsNaN(d) ? "NaN" : d > 0 ? "PositiveInfinity" : "NegativeInfinity"),
            float f when float.IsNaN(f) || float.IsInfinity(f) => "float." + (float.IsNaN(f) ? "NaN" : f > 0 ? "PositiveInfinity" : "NegativeInfinity"),
            double d => "(" + type + ")" + d.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "d",
            float f => "(" + type + ")" + f.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "f",
            decimal m => "(" + type + ")" + m.ToString(System.Globalization.CultureInfo.InvariantCulture) + "m",
            System.IFormattable number => "(" + type + ")(" + number.ToString(null, System.Globalization.CultureInfo.InvariantCulture) + ")",
            _ => "default",
        };
    }

    /// <summary>Where a parameter travels: the query key it is sent under, or the route placeholder it fills (neither for a body, header, property or token).</summary>
    private static (string? QueryKey, string? PathKey) Keys(IParameterSymbol parameter, string route)
    {
        if (IsCancellationToken(parameter.Type))
        {
            return (null, null);
        }

        string key = parameter.Name;
        foreach (var attribute in parameter.GetAttributes())
        {
            if (attribute.AttributeClass is not { } type || !IsRefit(type))
            {
                continue;
            }

            if (NonQueryAttributes.Contains(type.MetadataName))
            {
                return (null, null);
            }

            if (type.MetadataName == "AliasAsAttribute" && attribute.ConstructorArguments.FirstOrDefault().Value is string alias)
            {
                key = alias;
            }
        }

        // A parameter named in the route template fills the path, not the query.
        if (route.Contains("{" + key + "}"))
        {
            return (null, key);
        }

        return route.Contains("{" + parameter.Name + "}") ? (null, parameter.Name) : (key, null);
    }

    // Compared by name, parts first: spelling whole symbols out was a sizeable share of a cold run.
    private static bool IsCancellationToken(ITypeSymbol type) =>
        type is INamedTypeSymbol { MetadataName: "CancellationToken", ContainingType: null, ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };

    /// <summary>A type declared in the namespace <c>Refit</c> itself (not nested in another type).</summary>
    private static bool IsRefit(INamedTypeSymbol type) =>
        type is { ContainingType: null, ContainingNamespace: { Name: "Refit", ContainingNamespace.IsGlobalNamespace: true } };
}
