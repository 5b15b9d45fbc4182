using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Contracts.Generator.Diagnostics;
using Contracts.Generator.Json;
using Contracts.Generator.Model;
using Contracts.Generator.Naming;

namespace Contracts.Generator.Parsing;

/// <summary>
/// Typed access to the JSON tree of one contract: every read checks the value's kind and
/// reports a located diagnostic instead of failing, so one pass finds every mistake in a file.
/// </summary>
internal sealed class ContractReader
{
    private readonly LineIndex _lines;
    private readonly List<DiagnosticInfo> _diagnostics = new();

    // Reused by every CheckKeys call, which never nests.
    private readonly HashSet<string> _seenKeys = new(System.StringComparer.Ordinal);

    public ContractReader(LineIndex lines)
    {
        _lines = lines;
    }

    public IReadOnlyList<DiagnosticInfo> Diagnostics => _diagnostics;

    public bool HasErrors => _diagnostics.Count > 0;

    public SourceLocation Locate(TextRange range) => _lines.Locate(range);

    public void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, TextRange range, params string[] arguments) =>
        _diagnostics.Add(new DiagnosticInfo(descriptor.Id, Locate(range), arguments.ToEquatableArray()));

    /// <summary>Reports keys that are not in <paramref name="allowed"/> (with the likeliest intended key) and keys written twice.</summary>
    public void CheckKeys(JsonObject obj, string where, IReadOnlyList<string> allowed)
    {
        var seen = _seenKeys;
        seen.Clear();
        foreach (var property in obj.Properties)
        {
            if (!seen.Add(property.Name))
            {
                Report(DiagnosticDescriptors.DuplicateName, property.NameRange, "key", property.Name, "within one object");
            }

            if (!allowed.Contains(property.Name))
            {
                string? closest = Identifiers.Closest(property.Name, allowed);
                string hint = closest is not null
                    ? $"did you mean '{closest}'?"
                    : "allowed keys are " + string.Join(", ", allowed.Select(k => "'" + k + "'"));
                Report(DiagnosticDescriptors.UnknownKey, property.NameRange, property.Name, where, hint);
            }
        }
    }

    public JsonObject? AsObject(JsonValue value, string what)
    {
        if (value is JsonObject obj)
        {
            return obj;
        }

        Report(DiagnosticDescriptors.WrongValueKind, value.Range, what, "an object", value.KindDescription);
        return null;
    }

    /// <summary>Reads an optional or required string; <paramref name="example"/> shows what to add when it is missing.</summary>
    public JsonScalar? String(JsonObject obj, string key, string where, string? example = null)
    {
        var value = obj[key];
        if (value is null)
        {
            if (example is not null)
            {
                Report(DiagnosticDescriptors.MissingKey, OpeningBrace(obj), key, where, example);
            }

            return null;
        }

        if (value is JsonScalar { Kind: JsonKind.String } scalar)
        {
            return scalar;
        }

        Report(DiagnosticDescriptors.WrongValueKind, value.Range, key, "a string", value.KindDescription);
        return null;
    }

    public bool? Boolean(JsonObject obj, string key)
    {
        var value = obj[key];
        switch (value)
        {
            case null:
                return null;
            case { Kind: JsonKind.True }:
                return true;
            case { Kind: JsonKind.False }:
                return false;
            default:
                Report(DiagnosticDescriptors.WrongValueKind, value.Range, key, "true or false", value.KindDescription);
                return null;
        }
    }

    /// <summary>Reads a positive whole number; <paramref name="example"/> is shown when it is missing.</summary>
    public int? PositiveInteger(JsonObject obj, string key, string where, string? example)
    {
        var value = obj[key];
        if (value is null)
        {
            if (example is not null)
            {
                Report(DiagnosticDescriptors.MissingKey, OpeningBrace(obj), key, where, example);
            }

            return null;
        }

        if (value is JsonScalar { Kind: JsonKind.Number } number
            && int.TryParse(number.Text, NumberStyles.None, CultureInfo.InvariantCulture, out int result)
            && result > 0)
        {
            return result;
        }

        if (value.Kind == JsonKind.Number)
        {
            Report(DiagnosticDescriptors.InvalidValue, value.Range, ((JsonScalar)value).Text, key, "a whole number greater than 0");
        }
        else
        {
            Report(DiagnosticDescriptors.WrongValueKind, value.Range, key, "a whole number greater than 0", value.KindDescription);
        }

        return null;
    }

    public JsonArray? Array(JsonObject obj, string key)
    {
        var value = obj[key];
        if (value is null or JsonArray)
        {
            return (JsonArray?)value;
        }

        Report(DiagnosticDescriptors.WrongValueKind, value.Range, key, "an array", value.KindDescription);
        return null;
    }

    public JsonObject? Object(JsonObject obj, string key)
    {
        var value = obj[key];
        return value is null ? null : AsObject(value, key);
    }

    /// <summary>Reads a string that must be one of <paramref name="allowed"/>, or <paramref name="fallback"/> when absent.</summary>
    public string? OneOf(JsonObject obj, string key, IReadOnlyList<string> allowed, string? fallback)
    {
        var scalar = String(obj, key, string.Empty);
        if (scalar is null)
        {
            return obj[key] is null ? fallback : null;
        }

        if (allowed.Contains(scalar.Text))
        {
            return scalar.Text;
        }

        Report(DiagnosticDescriptors.InvalidValue, scalar.Range, scalar.Text, key, OneOfText(allowed));
        return null;
    }

    /// <summary>Reads an optional C# identifier, or derives one; reports a name that is not valid C#.</summary>
    /// <param name="obj">The object holding the name.</param>
    /// <param name="key">The key of the name.</param>
    /// <param name="what">What the name is for, in messages.</param>
    /// <param name="derivedFrom">What to derive the name from when the key is absent; null when the key is required.</param>
    /// <param name="camelCase">True for parameter names.</param>
    /// <param name="typeName">True for the name of a generated type, which may not be lowercase ASCII only (CS8981).</param>
    public string? Identifier(JsonObject obj, string key, string what, string? derivedFrom, bool camelCase = false, bool typeName = false)
    {
        var scalar = String(obj, key, what, derivedFrom is null ? "\"" + (camelCase ? "name" : "Name") + "\"" : null);
        if (scalar is not null)
        {
            if (scalar.Text.Length > ContractLimits.MaxNameLength)
            {
                Report(DiagnosticDescriptors.InvalidValue, scalar.Range, ContractLimits.Shorten(scalar.Text), key, TooLong(what));
                return null;
            }

            if (typeName ? Identifiers.IsValidTypeName(scalar.Text) : Identifiers.IsValidIdentifier(scalar.Text))
            {
                return scalar.Text;
            }

            Report(DiagnosticDescriptors.InvalidIdentifier, scalar.Range, scalar.Text, what, Identifiers.Suggest(scalar.Text, camelCase));
            return null;
        }

        if (obj[key] is not null || derivedFrom is null)
        {
            return null;
        }

        string derived = camelCase ? Identifiers.ToCamelCase(derivedFrom) : Identifiers.ToPascalCase(derivedFrom);
        if (Identifiers.IsValidIdentifier(derived))
        {
            return derived;
        }

        if (derived.Length > ContractLimits.MaxNameLength)
        {
            Report(DiagnosticDescriptors.InvalidValue, OpeningBrace(obj), ContractLimits.Shorten(derived), key, TooLong(what) + " (this one is derived from a longer text; set \"" + key + "\")");
            return null;
        }

        Report(
            DiagnosticDescriptors.InvalidIdentifier,
            OpeningBrace(obj),
            derived,
            what + " (derived from '" + derivedFrom + "'; set \"" + key + "\" to choose it)",
            Identifiers.Suggest(derivedFrom, camelCase));
        return null;
    }

    private static string TooLong(string what) =>
        "a name of at most " + ContractLimits.MaxNameLength.ToString(CultureInfo.InvariantCulture) + " characters for " + what + " (the contract format's limit)";

    /// <summary>
    /// Reports a wire text (a JSON name, an enum value) longer than the format allows; true when it fits.
    /// </summary>
    public bool FitsWireLimit(JsonScalar text, string key)
    {
        if (text.Text.Length <= ContractLimits.MaxWireLength)
        {
            return true;
        }

        Report(DiagnosticDescriptors.InvalidValue, text.Range, ContractLimits.Shorten(text.Text), key, "a text of at most " + ContractLimits.MaxWireLength.ToString(CultureInfo.InvariantCulture) + " characters (the contract format's limit for wire names and values)");
        return false;
    }

    public static string OneOfText(IReadOnlyList<string> allowed) =>
        allowed.Count == 1 ? "\"" + allowed[0] + "\"" : "one of " + string.Join(", ", allowed.Select(a => "\"" + a + "\""));

    /// <summary>The first character of an object: where "missing key" diagnostics point.</summary>
    public static TextRange OpeningBrace(JsonObject obj) => new(obj.Range.Start, 1);
}
