using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Contracts.Generator.Model;
using Microsoft.CodeAnalysis;

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
        if (context.SemanticModel.GetDeclaredSymbol(context.Node, cancellationToken) is not IMethodSymbol { ContainingType: { TypeKind: Microsoft.CodeAnalysis.TypeKind.Interface } } method)
        {
            return EquatableArray<RefitMethodSite>.Empty;
        }

        List<RefitMethodSite>? sites = null;
        foreach (var attribute in method.GetAttributes())
        {
            if (attribute.AttributeClass is { } type
                && IsRefit(type)
                && HttpMethodAttributes.TryGetValue("Refit." + type.MetadataName, out string? httpMethod)
                && Read(method, attribute, context.Node, httpMethod, cancellationToken) is { } site)
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
        var parameters = method.Parameters
            .Select(parameter => new RefitParameterModel(
                parameter.Name,
                QueryKey(parameter, route),
                IsCancellationToken(parameter.Type),
                parameter.Type.ToDisplayString(TypeFormat),
                DefaultValue(parameter))
            {
                IsBody = parameter.GetAttributes().Any(a => a.AttributeClass is { MetadataName: "BodyAttribute" } type && IsRefit(type)),
                UnqualifiedType = parameter.Type.ToDisplayString(UnqualifiedFormat),
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
            owner.Name,
            owner.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            IsPublic(owner),
            method.Name,
            httpMethod,
            route,
            parameters,
            method.ReturnType.ToDisplayString(UnqualifiedFormat));
        return new RefitMethodSite(model, location);
    }

    /// <summary>True when the interface is visible outside its assembly: generated extensions follow its accessibility.</summary>
    private static bool IsPublic(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            if (current.DeclaredAccessibility != Accessibility.Public)
            {
                return false;
            }
        }

        return true;
    }

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

    private static string? QueryKey(IParameterSymbol parameter, string route)
    {
        if (IsCancellationToken(parameter.Type))
        {
            return null;
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
                return null;
            }

            if (type.MetadataName == "AliasAsAttribute" && attribute.ConstructorArguments.FirstOrDefault().Value is string alias)
            {
                key = alias;
            }
        }

        // A parameter named in the route template fills the path, not the query.
        return route.Contains("{" + key + "}") || route.Contains("{" + parameter.Name + "}") ? null : key;
    }

    // Compared by name, parts first: spelling whole symbols out was a sizeable share of a cold run.
    private static bool IsCancellationToken(ITypeSymbol type) =>
        type is INamedTypeSymbol { MetadataName: "CancellationToken", ContainingType: null, ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };

    /// <summary>A type declared in the namespace <c>Refit</c> itself (not nested in another type).</summary>
    private static bool IsRefit(INamedTypeSymbol type) =>
        type is { ContainingType: null, ContainingNamespace: { Name: "Refit", ContainingNamespace.IsGlobalNamespace: true } };
}
