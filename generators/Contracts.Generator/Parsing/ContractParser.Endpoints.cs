using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Contracts.Generator.Diagnostics;
using Contracts.Generator.Json;
using Contracts.Generator.Model;
using Contracts.Generator.Naming;

namespace Contracts.Generator.Parsing;

/// <summary>The <c>endpoints</c> section: method, path, query parameters, response and rate limit.</summary>
internal sealed partial class ContractParser
{
    private static readonly string[] EndpointKeys = { "name", "method", "path", "pathParameters", "description", "query", "body", "form", "multipart", "response", "events", "rateLimit", "polling" };
    private static readonly string[] PathParameterKeys = { "name", "parameter", "type", "description" };
    private static readonly string[] BodyMethods = { "POST", "PUT", "PATCH" };
    private static readonly string[] QueryKeys = { "name", "parameter", "type", "required", "default", "description" };
    private static readonly string[] Methods = { "GET", "POST", "PUT", "PATCH", "DELETE" };

    private List<EndpointModel> ParseEndpoints(JsonObject root, List<ObjectModel> models, List<EnumModel> enums)
    {
        var endpoints = new List<EndpointModel>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var modelsByName = new Dictionary<string, ObjectModel>(StringComparer.Ordinal);
        foreach (var model in models)
        {
            modelsByName[model.Name] = model;
        }

        var enumNames = new HashSet<string>(enums.Select(e => e.Name), StringComparer.Ordinal);
        foreach (var node in Items(root, "endpoints", "an endpoint"))
        {
            _cancellationToken.ThrowIfCancellationRequested();
            string? name = _reader.Identifier(node, "name", "an endpoint", derivedFrom: null);
            string where = "endpoint '" + (name ?? "?") + "'";
            _reader.CheckKeys(node, where, EndpointKeys);
            bool distinct = true;
            if (name is not null && !names.Add(name))
            {
                _reader.Report(DiagnosticDescriptors.DuplicateName, node.Find("name")!.Value.Range, "endpoint", name, "within a contract");
                distinct = false;
            }

            string? method = _reader.OneOf(node, "method", Methods, fallback: null);
            if (node["method"] is null)
            {
                _reader.Report(DiagnosticDescriptors.MissingKey, ContractReader.OpeningBrace(node), "method", where, "\"GET\"");
            }

            string? path = ReadPath(node, where);
            string? description = _reader.String(node, "description", where)?.Text;
            var query = ParseQuery(node, where);
            var pathParameters = ParsePathParameters(node, where, path);
            var body = ReadRequestBody(node, where, method, modelsByName);
            var answer = ReadAnswer(node, where, name, modelsByName);
            var rateLimit = ReadRateLimit(node, where, name);

            PollingModel? polling = null;
            if (node.Find("polling") is { } listPolled && answer.Ok && answer.List)
            {
                _reader.Report(DiagnosticDescriptors.InvalidValue, listPolled.NameRange, "polling", where, "no \"polling\" on an endpoint that answers an array (polling reads the items of one response model)");
                answer = answer with { Ok = false };
            }
            else if (_reader.Object(node, "polling") is { } pollingNode && answer.Response is not null && name is not null)
            {
                polling = ParsePolling(pollingNode, where, name, node.Find("name")!.Value.Range, answer.Response, pathParameters is null || query is null ? null : pathParameters.Concat(query).ToList(), modelsByName, enumNames);
            }
            else if (node.Find("polling") is { } misplaced && answer.Ok && answer.Kind != AnswerKind.Json)
            {
                _reader.Report(DiagnosticDescriptors.InvalidValue, misplaced.NameRange, "polling", where, "no \"polling\" on an endpoint that answers a file or events (only an answer in JSON lists items to poll)");
                answer = answer with { Ok = false };
            }

            bool callNamed = name is null || !(body.Kind is BodyKind.Form or BodyKind.Multipart || answer.Kind != AnswerKind.Json)
                || _names.Claim(GeneratedNameRegistry.NamespaceScope, GeneratedNames.CallExtensions(name), "Generated type", "the generated calls of " + where, node.Find("name")!.Value.Range);
            if (name is not null && distinct && callNamed && method is not null && path is not null && answer.Ok && query is not null && pathParameters is not null && body.Ok)
            {
                endpoints.Add(new EndpointModel(name, method, path, description, query.ToEquatableArray(), answer.Response?.Name ?? string.Empty, rateLimit, polling)
                {
                    PathParameters = pathParameters.ToEquatableArray(),
                    BodyType = body.Model?.Name,
                    BodyKind = body.Kind,
                    BodyArray = body.Array,
                    Answer = answer.Kind,
                    ResponseIsList = answer.List,
                    Events = answer.Events,
                });
                _endpointLocations.Add(new EndpointLocation(name, _reader.Locate(node.Find("path")!.Value.Range)));
            }
        }

        return endpoints;
    }

    /// <summary>
    /// The <c>{name}</c> placeholders of the path, each declared under <c>pathParameters</c> like a
    /// query parameter. A placeholder without a declaration, or a declaration without a placeholder,
    /// is a located error.
    /// </summary>
    private List<ParameterModel>? ParsePathParameters(JsonObject node, string where, string? path)
    {
        var placeholders = path is null ? new List<string>() : Placeholders(path);
        var result = new List<ParameterModel>();
        var declared = new HashSet<string>(StringComparer.Ordinal);
        string scope = "the parameters of " + where;
        bool ok = true;
        foreach (var parameterNode in Items(node, "pathParameters", "a path parameter"))
        {
            var read = ReadScalarParameter(parameterNode, "path parameter", where, "\"id\"", PathParameterKeys);
            bool unique = read.Wire is null || Unique(read, declared, where);
            if (unique && read.Wire is not null && path is not null && !placeholders.Contains(read.Wire.Text))
            {
                _reader.Report(DiagnosticDescriptors.PathParameterMismatch, read.Wire.Range, "Path parameter '" + read.Wire.Text + "' has no placeholder in path '" + path + "'", "add {" + read.Wire.Text + "} to the path, or remove the declaration");
                ok = false;
            }

            bool claimed = Claim(read, parameterNode, scope, "the parameter of path placeholder '");
            ok &= unique && claimed;
            if (!read.IsComplete)
            {
                ok = false;
                continue;
            }

            result.Add(new ParameterModel(read.Wire!.Text, read.Parameter!, read.Type!, true, null, read.Description));
        }

        foreach (var placeholder in placeholders.Where(p => !declared.Contains(p)))
        {
            _reader.Report(DiagnosticDescriptors.PathParameterMismatch, node.Find("path")!.Value.Range, "Placeholder '{" + placeholder + "}' in path '" + path + "' is not declared", "declare it under \"pathParameters\": [{ \"name\": \"" + placeholder + "\", \"type\": \"string\" }]");
            ok = false;
        }

        return ok ? result : null;
    }

    private static List<string> Placeholders(string path)
    {
        var names = new List<string>();
        int index = 0;
        while ((index = path.IndexOf('{', index)) >= 0)
        {
            int end = path.IndexOf('}', index);
            if (end < 0)
            {
                break;
            }

            names.Add(path.Substring(index + 1, end - index - 1));
            index = end + 1;
        }

        return names;
    }

    private string? ReadPath(JsonObject node, string where)
    {
        var path = _reader.String(node, "path", where, "\"/api/v1/resource\"");
        if (path is null)
        {
            return null;
        }

        if (!path.Text.StartsWith("/", StringComparison.Ordinal))
        {
            _reader.Report(DiagnosticDescriptors.PathWithoutLeadingSlash, path.Range, path.Text);
            return null;
        }

        if (path.Text.IndexOfAny(new[] { '?', '#', ' ' }) >= 0)
        {
            _reader.Report(DiagnosticDescriptors.InvalidValue, path.Range, path.Text, "path", "a path without spaces, '?' or '#' (declare query keys under \"query\")");
            return null;
        }

        if (!PlaceholdersAreWellFormed(path.Text))
        {
            _reader.Report(DiagnosticDescriptors.InvalidValue, path.Range, path.Text, "path", "a path whose placeholders are written {name}, with a C# identifier-like name and no nesting");
            return null;
        }

        return path.Text;
    }

    private static bool PlaceholdersAreWellFormed(string path)
    {
        bool inside = false;
        int start = 0;
        for (int i = 0; i < path.Length; i++)
        {
            char c = path[i];
            if (c == '{')
            {
                if (inside)
                {
                    return false;
                }

                inside = true;
                start = i + 1;
            }
            else if (c == '}')
            {
                if (!inside || i == start)
                {
                    return false;
                }

                inside = false;
            }
            else if (inside && !(char.IsLetterOrDigit(c) || c == '_' || c == '-'))
            {
                return false;
            }
        }

        return !inside;
    }

    private List<ParameterModel>? ParseQuery(JsonObject node, string endpointWhere)
    {
        var result = new List<ParameterModel>();
        var wireNames = new HashSet<string>(StringComparer.Ordinal);

        // Query parameters become parameters of the generated polling methods, beside their own.
        string scope = "the parameters of " + endpointWhere;
        _names.Reserve(scope, GeneratedNames.PollingParameterNames, "a parameter or lambda of the generated methods");
        bool ok = true;
        foreach (var queryNode in Items(node, "query", "a query parameter"))
        {
            var wireName = queryNode.Find("name")?.Value as JsonScalar;
            if (wireName is { Kind: JsonKind.String } && !_reader.FitsWireLimit(wireName, "name"))
            {
                ok = false;
                continue;
            }

            var read = ReadScalarParameter(queryNode, "query parameter", endpointWhere, "\"page_size\"", QueryKeys);
            bool required = _reader.Boolean(queryNode, "required") ?? false;
            DefaultValue? defaultValue = null;
            if (queryNode.Find("default") is { } defaultProperty)
            {
                if (required)
                {
                    _reader.Report(DiagnosticDescriptors.InvalidValue, defaultProperty.NameRange, "default", read.Where, "either \"required\": true or a \"default\", not both");
                    ok = false;
                }
                else if (read.Type is not null)
                {
                    defaultValue = ReadDefault(defaultProperty.Value, read.Type, read.Wire?.Text ?? "?");
                    ok &= defaultValue is not null;
                }
            }

            bool unique = read.Wire is null || Unique(read, wireNames, endpointWhere);
            bool claimed = Claim(read, queryNode, scope, "the parameter of query key '");
            ok &= unique && claimed;
            if (!read.IsComplete)
            {
                ok = false;
                continue;
            }

            result.Add(new ParameterModel(read.Wire!.Text, read.Parameter!, read.Type!, required, defaultValue, read.Description));
        }

        return ok ? result : null;
    }

    /// <summary>
    /// What a path and a query parameter share: the wire name, the C# parameter (camelCase from
    /// the name unless given), a single scalar type and a description, each problem located.
    /// </summary>
    private ScalarParameter ReadScalarParameter(JsonObject node, string kind, string ownerWhere, string example, string[] keys)
    {
        var wire = _reader.String(node, "name", "a " + kind + " of " + ownerWhere, example);
        string where = kind + " '" + (wire?.Text ?? "?") + "' of " + ownerWhere;
        _reader.CheckKeys(node, where, keys);
        string? parameter = _reader.Identifier(node, "parameter", where, wire?.Text, camelCase: true);
        var typeText = _reader.String(node, "type", where, "\"string\"");
        string? description = _reader.String(node, "description", where)?.Text;
        TypeRef? type = null;
        if (typeText is not null && ResolveType(typeText, allowModels: false) is { } resolved)
        {
            if (resolved.IsArray || PrimitiveTypes.Of(resolved.Kind) is not { IsSingleScalar: true })
            {
                _reader.Report(DiagnosticDescriptors.InvalidValue, typeText.Range, typeText.Text, "type", "one of " + string.Join(", ", PrimitiveTypes.All.Where(p => p.IsSingleScalar).Select(p => "\"" + p.Spelling + "\"")) + " (" + kind + "s are single scalars)");
            }
            else
            {
                type = resolved;
            }
        }

        return new ScalarParameter(kind, where, wire, parameter, type, description);
    }

    /// <summary>False, with a located error, when the endpoint already declares a parameter of this kind with the same wire name.</summary>
    private bool Unique(ScalarParameter read, HashSet<string> declared, string ownerWhere)
    {
        if (declared.Add(read.Wire!.Text))
        {
            return true;
        }

        _reader.Report(DiagnosticDescriptors.DuplicateName, read.Wire.Range, read.Kind, read.Wire.Text, "within " + ownerWhere);
        return false;
    }

    /// <summary>Claims the C# parameter name among the endpoint's generated parameters; true when nothing else holds it.</summary>
    private bool Claim(ScalarParameter read, JsonObject node, string scope, string what)
    {
        if (read.Parameter is null)
        {
            return true;
        }

        var range = node.Find("parameter")?.Value.Range ?? read.Wire!.Range;
        return _names.Claim(scope, read.Parameter, "Parameter", what + read.Wire?.Text + "'", range);
    }

    /// <summary>A path or query parameter as read; a null part was reported.</summary>
    private sealed record ScalarParameter(string Kind, string Where, JsonScalar? Wire, string? Parameter, TypeRef? Type, string? Description)
    {
        public bool IsComplete => Wire is not null && Parameter is not null && Type is not null;
    }

    /// <summary>A query default checked against its type, or a diagnostic saying what would fit.</summary>
    private DefaultValue? ReadDefault(JsonValue value, TypeRef type, string parameter)
    {
        bool fits = (type.Kind, value) switch
        {
            (TypeKind.String, JsonScalar { Kind: JsonKind.String }) => true,
            (TypeKind.Boolean, { Kind: JsonKind.True or JsonKind.False }) => true,
            (TypeKind.Int32, JsonScalar { Kind: JsonKind.Number } n) => int.TryParse(n.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
            (TypeKind.Int64, JsonScalar { Kind: JsonKind.Number } n) => long.TryParse(n.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
            (TypeKind.Double, JsonScalar { Kind: JsonKind.Number } n) => double.TryParse(n.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && !double.IsInfinity(d),
            (TypeKind.Decimal, JsonScalar { Kind: JsonKind.Number } n) => decimal.TryParse(n.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
            _ => false,
        };

        if (fits)
        {
            return new DefaultValue(type.Kind, value switch
            {
                JsonScalar scalar => scalar.Text,
                { Kind: JsonKind.True } => "true",
                _ => "false",
            });
        }

        string shown = value is JsonScalar { Kind: JsonKind.String } str ? "\"" + str.Text + "\"" : value is JsonScalar other ? other.Text : value.KindDescription;
        string expected = type.Kind switch
        {
            TypeKind.String => "a JSON string such as \"default\"",
            TypeKind.Boolean => "true or false",
            TypeKind.Int32 => "a whole JSON number within the range of int, without quotes",
            TypeKind.Int64 => "a whole JSON number within the range of long, without quotes",
            TypeKind.Double => "a JSON number within the range of double, without quotes",
            _ => "a JSON number within the range of decimal, without quotes",
        };
        _reader.Report(DiagnosticDescriptors.DefaultOfWrongType, value.Range, shown, parameter, TypeText(type), expected);
        return null;
    }
}
