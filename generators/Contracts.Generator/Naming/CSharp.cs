using System.Globalization;
using System.Linq;
using Contracts.Generator.Model;
using Microsoft.CodeAnalysis.CSharp;

namespace Contracts.Generator.Naming;

/// <summary>How contract types, values and texts are spelled in generated C#.</summary>
internal static class CSharp
{
    public static readonly string GeneratorVersion = typeof(CSharp).Assembly.GetName().Version?.ToString() ?? "0.0.0.0";

    /// <summary>Marks a public type that only generated code uses (a converter the JSON context names), so IntelliSense does not offer it.</summary>
    public static string HiddenFromIntelliSense =>
        $"[{KnownTypes.EditorBrowsable}({KnownTypes.EditorBrowsableState}.Never)]";

    public static string GeneratedCodeAttribute =>
        $"[{KnownTypes.GeneratedCodeAttribute}(\"Contracts.Generator\", \"{GeneratorVersion}\")]";

    /// <summary>A generated type of the contract's namespace, fully qualified.</summary>
    public static string TypeName(string ns, string name) => $"global::{ns}.{name}";

    /// <summary>What an answer in JSON carries: the response model, or a read-only list of it.</summary>
    public static string ResponseData(string ns, EndpointModel endpoint) =>
        endpoint.ResponseIsList ? $"{KnownTypes.ReadOnlyList}<{TypeName(ns, endpoint.ResponseType)}>" : TypeName(ns, endpoint.ResponseType);

    /// <summary>The element type, without array or nullability.</summary>
    public static string ElementType(TypeRef type, string ns) =>
        PrimitiveTypes.Of(type.Kind)?.CSharpType ?? TypeName(ns, type.Name!);

    /// <summary>The property type: arrays are never null, optional values are nullable.</summary>
    public static string PropertyType(FieldModel field, string ns)
    {
        string element = ElementType(field.Type, ns);
        if (field.Type.IsArray)
        {
            return $"{KnownTypes.ReadOnlyList}<{element}>";
        }

        return field.Required ? element : element + "?";
    }

    public static bool IsValueType(TypeRef type) => type.Kind switch
    {
        TypeKind.Model => false,
        TypeKind.Enum => true,
        _ => PrimitiveTypes.Of(type).IsValueType,
    };

    /// <summary>
    /// A name as written in code: a keyword (<c>class</c>, a Refit parameter declared <c>@class</c>)
    /// or contextual keyword (<c>await</c>, <c>var</c>) is escaped with <c>@</c>.
    /// </summary>
    public static string Identifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None && SyntaxFacts.GetContextualKeywordKind(name) == SyntaxKind.None ? name : "@" + name;

    /// <summary>
    /// A string literal. Roslyn's formatter leaves U+0085, U+2028 and U+2029 as they are, but C#
    /// reads them as line breaks, which may not stand in a string literal: they are escaped here.
    /// </summary>
    public static string StringLiteral(string value)
    {
        // Nearly every literal (wire names, type names) is printable ASCII that needs no escape.
        if (IsPlainAscii(value))
        {
            return "\"" + value + "\"";
        }

        return SymbolDisplay.FormatLiteral(value, quote: true)
            .Replace("\u0085", "\\u0085")
            .Replace("\u2028", "\\u2028")
            .Replace("\u2029", "\\u2029");
    }

    /// <summary>True when every character is printable ASCII other than a quote or a backslash: the text is its own literal.</summary>
    private static bool IsPlainAscii(string value)
    {
        foreach (char c in value)
        {
            if (c < ' ' || c > '~' || c == '"' || c == '\\')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A UTF-8 literal for a wire name, as <c>Utf8JsonReader.ValueTextEquals</c> wants.</summary>
    public static string Utf8Literal(string value) => StringLiteral(value) + "u8";

    public static string Bool(bool value) => value ? "true" : "false";

    /// <summary>A checked default value as a C# literal of its type.</summary>
    public static string Literal(DefaultValue value) => value.Kind switch
    {
        TypeKind.String => StringLiteral(value.Text),
        TypeKind.Int64 => value.Text + "L",
        TypeKind.Double => value.Text + "d",
        TypeKind.Decimal => value.Text + "m",
        _ => value.Text,
    };

    public static string Encoding(TypeRef type) =>
        KnownTypes.WireEncoding + "." + (type.Encoding == WireEncoding.String ? "String" : "Number");

    public static string Unit(TypeRef type) =>
        KnownTypes.WireTimeUnit + "." + (type.Unit == WireTimeUnit.Seconds ? "Seconds" : "Milliseconds");

    /// <summary>
    /// A query parameter's C# type and default in a generated method: its declared default; for an
    /// optional one without a default, nullable with <c>null</c> (Refit leaves a null query parameter
    /// out) where the Refit method takes null, else required as the Refit method has it.
    /// </summary>
    public static (string Type, string? Default) QueryParameter(ParameterModel parameter, RefitMethodModel method, string ns)
    {
        string type = ElementType(parameter.Type, ns);
        if (parameter.Default is { } value)
        {
            return (type, Literal(value));
        }

        bool takesNull = !parameter.Required && method.Parameters.Any(p => p.QueryKey == parameter.WireName && p.Type.EndsWith("?", System.StringComparison.Ordinal));
        return takesNull ? (type + "?", "null") : (type, null);
    }

    /// <summary>An interval as a reader would write it: whole seconds, whole milliseconds, else ticks.</summary>
    public static string Interval(long ticks) =>
        ticks % System.TimeSpan.TicksPerSecond == 0 ? KnownTypes.TimeSpan + ".FromSeconds(" + (ticks / System.TimeSpan.TicksPerSecond).ToString(CultureInfo.InvariantCulture) + ")"
        : ticks % System.TimeSpan.TicksPerMillisecond == 0 ? KnownTypes.TimeSpan + ".FromMilliseconds(" + (ticks / System.TimeSpan.TicksPerMillisecond).ToString(CultureInfo.InvariantCulture) + ")"
        : KnownTypes.TimeSpan + ".FromTicks(" + ticks.ToString(CultureInfo.InvariantCulture) + ")";

    public static string Outcome(StatusOutcome outcome) => KnownTypes.StatusOutcome + "." + outcome;

    public static string Category(string category) =>
        KnownTypes.BusinessCodeCategory + "." + char.ToUpperInvariant(category[0]) + category.Substring(1);
}
