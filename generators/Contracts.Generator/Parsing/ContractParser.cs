using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Contracts.Generator.Diagnostics;
using Contracts.Generator.Json;
using Contracts.Generator.Model;
using Microsoft.CodeAnalysis.CSharp;

namespace Contracts.Generator.Parsing;

/// <summary>
/// Turns the text of one <c>*.contract.json</c> file into a <see cref="ContractModel"/> and the
/// diagnostics for everything wrong in it. Never throws: a contract with errors yields no model.
/// </summary>
internal sealed class ContractParser
{
    public const int FormatVersion = 1;

    private static readonly string[] RootKeys = { "$schema", "formatVersion", "name", "namespace", "description", "envelope", "endpoints", "models", "enums" };
    private static readonly string[] EnvelopeKeys = { "name", "description", "fields", "successCode", "codes" };
    private static readonly string[] EnvelopeFieldKeys = { "code", "message", "data", "success", "failed" };
    private static readonly string[] CodeKeys = { "code", "name", "meaning", "retryable", "category" };
    private static readonly string[] EndpointKeys = { "name", "method", "path", "description", "query", "response", "rateLimit", "polling" };
    private static readonly string[] QueryKeys = { "name", "parameter", "type", "required", "default", "description" };
    private static readonly string[] RateLimitKeys = { "requests", "perSeconds" };
    private static readonly string[] PollingKeys = { "name", "items", "id", "status", "emptyIsAmbiguous", "description" };
    private static readonly string[] ModelKeys = { "name", "description", "fields" };
    private static readonly string[] FieldKeys = { "wire", "name", "type", "required", "encoding", "unit", "description" };
    private static readonly string[] EnumKeys = { "name", "description", "values", "unknown" };
    private static readonly string[] EnumValueKeys = { "wire", "name", "aliases", "outcome", "description" };
    private static readonly string[] UnknownKeys = { "name", "outcome", "description" };

    private static readonly string[] Methods = { "GET", "POST", "PUT", "PATCH", "DELETE" };
    private static readonly string[] Outcomes = { "success", "failure", "pending" };
    private static readonly string[] Encodings = { "number", "string" };
    private static readonly string[] Units = { "seconds", "milliseconds" };
    private static readonly string[] Categories =
    {
        "success", "invalidRequest", "unauthorized", "insufficientBalance", "forbidden",
        "notFound", "conflict", "rateLimited", "serverError", "other",
    };

    private static readonly Dictionary<string, TypeKind> Primitives = new()
    {
        ["string"] = TypeKind.String,
        ["bool"] = TypeKind.Boolean,
        ["int"] = TypeKind.Int32,
        ["long"] = TypeKind.Int64,
        ["double"] = TypeKind.Double,
        ["decimal"] = TypeKind.Decimal,
        ["uri"] = TypeKind.Uri,
        ["duration"] = TypeKind.Duration,
        ["timestamp"] = TypeKind.Timestamp,
    };

    private readonly string _path;
    private readonly ContractReader _reader;
    private readonly CancellationToken _cancellationToken;
    private string? _namespace;
    private readonly Dictionary<string, TypeKind> _declaredTypes = new(StringComparer.Ordinal);
    private readonly HashSet<JsonObject> _duplicateDeclarations = new();
    private readonly List<(string Name, string What, TextRange Range, bool Declared)> _outputNames = new();

    private ContractParser(string path, string text, CancellationToken cancellationToken)
    {
        _path = path;
        _reader = new ContractReader(path, text);
        _cancellationToken = cancellationToken;
    }

    /// <summary>Parses one contract file. Only cancellation escapes; anything else becomes a diagnostic.</summary>
    public static ContractParseResult Parse(string path, string text, CancellationToken cancellationToken)
    {
        var parser = new ContractParser(path, text, cancellationToken);
        ContractModel? model;
        try
        {
            model = parser.ParseRoot(text);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            parser._reader.Report(DiagnosticDescriptors.GeneratorFailure, new TextRange(0, 0), e.GetType().Name + ": " + e.Message);
            model = null;
        }

        bool failed = parser._reader.HasErrors;
        return new ContractParseResult(
            parser._namespace,
            failed ? null : model,
            parser._reader.Diagnostics.ToEquatableArray(),
            failed || model is null ? EquatableArray<DeclaredName>.Empty : parser.DeclaredNames(model));
    }

    private ContractModel? ParseRoot(string text)
    {
        var root = JsonTextParser.Parse(text, out var syntaxError);
        if (syntaxError is { } error)
        {
            _reader.Report(DiagnosticDescriptors.InvalidJson, error.Range, error.Message);
            return null;
        }

        var obj = _reader.AsObject(root!, "the contract");
        if (obj is null)
        {
            return null;
        }

        const string where = "the contract";
        _reader.CheckKeys(obj, where, RootKeys);
        ReadFormatVersion(obj);
        string? name = _reader.Identifier(obj, "name", "the contract name", derivedFrom: null);
        string? ns = ReadNamespace(obj);
        _namespace = ns;
        string? description = _reader.String(obj, "description", where)?.Text;

        // Types first, so that fields, endpoints and polling annotations can refer to any of them.
        var enumNodes = Items(obj, "enums", "enum");
        var modelNodes = Items(obj, "models", "model");
        DeclareTypes(enumNodes, TypeKind.Enum, "enum");
        DeclareTypes(modelNodes, TypeKind.Model, "model");

        var enums = enumNodes.Select(ParseEnum).Where(e => e is not null).Select(e => e!).ToList();
        var models = modelNodes.Select(ParseModel).Where(m => m is not null).Select(m => m!).ToList();
        EnvelopeModel? envelope = _reader.Object(obj, "envelope") is { } envelopeNode ? ParseEnvelope(envelopeNode) : null;
        var endpoints = ParseEndpoints(obj, models, enums);

        if (name is not null)
        {
            _outputNames.Add((name + "JsonContext", "the JSON context of contract '" + name + "'", obj.Find("name")!.Value.Range, false));
        }

        ReportOutputCollisions();

        if (name is null || ns is null)
        {
            return null;
        }

        return new ContractModel(
            _path,
            name,
            ns,
            description,
            envelope,
            endpoints.ToEquatableArray(),
            models.ToEquatableArray(),
            enums.ToEquatableArray());
    }

    private void ReadFormatVersion(JsonObject obj)
    {
        var value = obj["formatVersion"];
        if (value is null)
        {
            _reader.Report(DiagnosticDescriptors.MissingKey, ContractReader.OpeningBrace(obj), "formatVersion", "the contract", FormatVersion.ToString(CultureInfo.InvariantCulture));
        }
        else if (value is not JsonScalar { Kind: JsonKind.Number, Text: "1" })
        {
            _reader.Report(DiagnosticDescriptors.InvalidValue, value.Range, value is JsonScalar s ? s.Text : value.KindDescription, "formatVersion", "1 (the only version this generator reads)");
        }
    }

    private string? ReadNamespace(JsonObject obj)
    {
        var scalar = _reader.String(obj, "namespace", "the contract", "\"My.Company.Api\"");
        if (scalar is null)
        {
            return null;
        }

        if (Naming.IsValidNamespace(scalar.Text))
        {
            return scalar.Text;
        }

        string suggestion = string.Join(".", scalar.Text.Split('.').Select(part => Naming.Suggest(part)));
        _reader.Report(DiagnosticDescriptors.InvalidIdentifier, scalar.Range, scalar.Text, "a namespace", suggestion);
        return null;
    }

    /// <summary>The objects of an optional array-valued key; items that are not objects are reported.</summary>
    private List<JsonObject> Items(JsonObject obj, string key, string what)
    {
        var result = new List<JsonObject>();
        var array = _reader.Array(obj, key);
        if (array is null)
        {
            return result;
        }

        foreach (var item in array.Items)
        {
            if (_reader.AsObject(item, what) is { } itemObject)
            {
                result.Add(itemObject);
            }
        }

        return result;
    }

    private void DeclareTypes(List<JsonObject> nodes, TypeKind kind, string what)
    {
        foreach (var node in nodes)
        {
            if (node["name"] is JsonScalar { Kind: JsonKind.String } name && Naming.IsValidIdentifier(name.Text))
            {
                if (_declaredTypes.ContainsKey(name.Text) || Primitives.ContainsKey(name.Text))
                {
                    _reader.Report(DiagnosticDescriptors.DuplicateName, name.Range, "type", name.Text, "across the models, enums and built-in types of a contract");
                    _duplicateDeclarations.Add(node);
                }
                else
                {
                    _declaredTypes.Add(name.Text, kind);
                }
            }
        }
    }

    private EnumModel? ParseEnum(JsonObject node)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        string? name = _reader.Identifier(node, "name", "an enum", derivedFrom: null);
        string where = "enum '" + (name ?? "?") + "'";
        _reader.CheckKeys(node, where, EnumKeys);
        string? description = _reader.String(node, "description", where)?.Text;

        var members = new List<EnumMemberModel>();
        var memberNames = new Dictionary<string, string>(StringComparer.Ordinal);
        var wireValues = new HashSet<string>(StringComparer.Ordinal);
        var valuesArray = _reader.Array(node, "values");
        if (valuesArray is null && node["values"] is null)
        {
            _reader.Report(DiagnosticDescriptors.MissingKey, ContractReader.OpeningBrace(node), "values", where, "[{ \"wire\": \"DONE\", \"outcome\": \"success\" }]");
        }

        string unknownName = "Unknown";
        Outcome unknownOutcome = Outcome.Pending;
        string? unknownDescription = null;
        if (_reader.Object(node, "unknown") is { } unknownNode)
        {
            _reader.CheckKeys(unknownNode, "the unknown value of " + where, UnknownKeys);
            unknownName = _reader.Identifier(unknownNode, "name", "the unknown member of " + where, derivedFrom: "Unknown") ?? unknownName;
            unknownOutcome = ParseOutcome(unknownNode) ?? unknownOutcome;
            unknownDescription = _reader.String(unknownNode, "description", "the unknown value of " + where)?.Text;
        }

        memberNames[unknownName] = "the unknown value";

        foreach (var item in valuesArray?.Items ?? (IReadOnlyList<JsonValue>)System.Array.Empty<JsonValue>())
        {
            if (_reader.AsObject(item, "an enum value") is not { } valueNode)
            {
                continue;
            }

            var wire = _reader.String(valueNode, "wire", "a value of " + where, "\"DONE\"");
            string valueWhere = "value '" + (wire?.Text ?? "?") + "' of " + where;
            _reader.CheckKeys(valueNode, valueWhere, EnumValueKeys);
            string? memberName = _reader.Identifier(valueNode, "name", valueWhere, wire is null ? null : MemberNameFromWire(wire.Text));
            var aliases = new List<string>();
            foreach (var alias in _reader.Array(valueNode, "aliases")?.Items ?? (IReadOnlyList<JsonValue>)System.Array.Empty<JsonValue>())
            {
                if (alias is JsonScalar { Kind: JsonKind.String } aliasText)
                {
                    if (!wireValues.Add(aliasText.Text))
                    {
                        _reader.Report(DiagnosticDescriptors.DuplicateName, alias.Range, "wire value", aliasText.Text, "within " + where + " (values and aliases together)");
                    }

                    aliases.Add(aliasText.Text);
                }
                else
                {
                    _reader.Report(DiagnosticDescriptors.WrongValueKind, alias.Range, "aliases", "an array of strings", "an array holding " + alias.KindDescription);
                }
            }

            var outcome = ParseOutcome(valueNode);
            if (wire is not null && !wireValues.Add(wire.Text))
            {
                _reader.Report(DiagnosticDescriptors.DuplicateName, wire.Range, "wire value", wire.Text, "within " + where + " (values and aliases together)");
            }

            if (memberName is not null && memberNames.TryGetValue(memberName, out var previous))
            {
                var range = valueNode.Find("name")?.Value.Range ?? wire?.Range ?? valueNode.Range;
                _reader.Report(DiagnosticDescriptors.OutputNameCollision, range, "Enum member", memberName, previous + " of " + where);
            }
            else if (memberName is not null)
            {
                memberNames[memberName] = "value '" + wire?.Text + "'";
            }

            if (wire is not null && memberName is not null && outcome is not null)
            {
                members.Add(new EnumMemberModel(wire.Text, memberName, aliases.ToEquatableArray(), outcome.Value, _reader.String(valueNode, "description", valueWhere)?.Text));
            }
        }

        if (name is null || _duplicateDeclarations.Contains(node))
        {
            return null;
        }

        var nameRange = node.Find("name")!.Value.Range;
        _outputNames.Add((name, "enum '" + name + "'", nameRange, true));
        _outputNames.Add((name + "Extensions", "the extensions of enum '" + name + "'", nameRange, false));
        _outputNames.Add((name + "JsonConverter", "the JSON converter of enum '" + name + "'", nameRange, false));
        return new EnumModel(name, description, members.ToEquatableArray(), unknownName, unknownOutcome, unknownDescription);
    }

    private Outcome? ParseOutcome(JsonObject node) => _reader.OneOf(node, "outcome", Outcomes, "pending") switch
    {
        "success" => Outcome.Success,
        "failure" => Outcome.Failure,
        "pending" => Outcome.Pending,
        _ => null,
    };

    /// <summary><c>PARSE_ERROR</c> becomes <c>ParseError</c>; <c>inProgress</c> becomes <c>InProgress</c>.</summary>
    private static string MemberNameFromWire(string wire) =>
        Naming.ToPascalCase(wire.Any(char.IsLower) ? wire : wire.ToLowerInvariant());

    private ObjectModel? ParseModel(JsonObject node)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        string? name = _reader.Identifier(node, "name", "a model", derivedFrom: null);
        string where = "model '" + (name ?? "?") + "'";
        _reader.CheckKeys(node, where, ModelKeys);
        string? description = _reader.String(node, "description", where)?.Text;
        if (node["fields"] is null)
        {
            _reader.Report(DiagnosticDescriptors.MissingKey, ContractReader.OpeningBrace(node), "fields", where, "[{ \"wire\": \"id\", \"type\": \"string\" }]");
        }

        var fields = new List<FieldModel>();
        var wireNames = new HashSet<string>(StringComparer.Ordinal);
        var propertyNames = new Dictionary<string, string>(StringComparer.Ordinal);
        if (name is not null)
        {
            propertyNames[name] = "the model's own name (C# members cannot share their type's name)";
        }

        foreach (var fieldNode in Items(node, "fields", "a field"))
        {
            var field = ParseField(fieldNode, where);
            if (field is null)
            {
                continue;
            }

            var wireRange = fieldNode.Find("wire")!.Value.Range;
            if (!wireNames.Add(field.WireName))
            {
                _reader.Report(DiagnosticDescriptors.DuplicateName, wireRange, "wire field", field.WireName, "within " + where);
                continue;
            }

            var nameRange = fieldNode.Find("name")?.Value.Range ?? wireRange;
            foreach (var property in PropertiesOf(field))
            {
                if (propertyNames.TryGetValue(property, out var previous))
                {
                    _reader.Report(DiagnosticDescriptors.OutputNameCollision, nameRange, "Property", property, previous + " in " + where);
                }
                else
                {
                    propertyNames[property] = "the property of wire field '" + field.WireName + "'";
                }
            }

            fields.Add(field);
        }

        if (name is null || _duplicateDeclarations.Contains(node))
        {
            return null;
        }

        var typeRange = node.Find("name")!.Value.Range;
        _outputNames.Add((name, "model '" + name + "'", typeRange, true));
        _outputNames.Add((name + "JsonConverter", "the JSON converter of model '" + name + "'", typeRange, false));
        return new ObjectModel(name, description, fields.ToEquatableArray());
    }

    /// <summary>The C# properties a field becomes: enums also keep the raw wire value beside them.</summary>
    private static IEnumerable<string> PropertiesOf(FieldModel field)
    {
        yield return field.PropertyName;
        if (field.Type is { Kind: TypeKind.Enum, IsArray: false })
        {
            yield return field.PropertyName + "WireValue";
        }
    }

    private FieldModel? ParseField(JsonObject node, string modelWhere)
    {
        var wire = _reader.String(node, "wire", "a field of " + modelWhere, "\"field_name\"");
        string where = "field '" + (wire?.Text ?? "?") + "' of " + modelWhere;
        _reader.CheckKeys(node, where, FieldKeys);
        string? propertyName = _reader.Identifier(node, "name", where, wire?.Text);
        var typeText = _reader.String(node, "type", where, "\"string\"");
        bool required = _reader.Boolean(node, "required") ?? false;
        string? description = _reader.String(node, "description", where)?.Text;
        var type = typeText is null ? null : ResolveType(typeText, allowModels: true);
        if (type is not null)
        {
            type = ApplyWireFormat(node, type);
        }

        return wire is null || propertyName is null || type is null
            ? null
            : new FieldModel(wire.Text, propertyName, type, required, description);
    }

    /// <summary>Applies <c>encoding</c> and <c>unit</c>, which only numbers, durations and timestamps take.</summary>
    private TypeRef? ApplyWireFormat(JsonObject node, TypeRef type)
    {
        bool numeric = type.Kind is TypeKind.Int32 or TypeKind.Int64 or TypeKind.Double or TypeKind.Decimal or TypeKind.Duration or TypeKind.Timestamp;
        bool timed = type.Kind is TypeKind.Duration or TypeKind.Timestamp;
        var encodingNode = node.Find("encoding");
        var unitNode = node.Find("unit");
        if (encodingNode is not null && !numeric)
        {
            _reader.Report(DiagnosticDescriptors.InvalidValue, encodingNode.NameRange, "encoding", "a field of type '" + TypeText(type) + "'", "no \"encoding\" (it applies to int, long, double, decimal, duration and timestamp)");
            return null;
        }

        if (unitNode is not null && !timed)
        {
            _reader.Report(DiagnosticDescriptors.InvalidValue, unitNode.NameRange, "unit", "a field of type '" + TypeText(type) + "'", "no \"unit\" (it applies to duration and timestamp)");
            return null;
        }

        var encoding = _reader.OneOf(node, "encoding", Encodings, "number");
        var unit = _reader.OneOf(node, "unit", Units, type.Kind == TypeKind.Duration ? "seconds" : "milliseconds");
        if (encoding is null || unit is null)
        {
            return null;
        }

        return type with
        {
            Encoding = encoding == "string" ? WireEncoding.String : WireEncoding.Number,
            Unit = !timed ? TimeUnit.None : unit == "seconds" ? TimeUnit.Seconds : TimeUnit.Milliseconds,
        };
    }

    private TypeRef? ResolveType(JsonScalar typeText, bool allowModels)
    {
        string text = typeText.Text;
        bool isArray = text.EndsWith("[]", StringComparison.Ordinal);
        string element = isArray ? text.Substring(0, text.Length - 2) : text;
        if (Primitives.TryGetValue(element, out var kind))
        {
            return new TypeRef(kind, null, isArray, WireEncoding.Number, TimeUnit.None);
        }

        if (allowModels && _declaredTypes.TryGetValue(element, out var declared))
        {
            return new TypeRef(declared, element, isArray, WireEncoding.Number, TimeUnit.None);
        }

        var known = Primitives.Keys.Concat(allowModels ? _declaredTypes.Keys : Enumerable.Empty<string>()).ToList();
        string? closest = Naming.Closest(element, known);
        string choices = (closest is not null ? "'" + closest + (isArray ? "[]" : string.Empty) + "' or " : string.Empty)
            + string.Join(", ", Primitives.Keys)
            + (allowModels ? ", a model or enum declared in this contract, or any of these followed by []" : string.Empty);
        _reader.Report(DiagnosticDescriptors.UnknownType, typeText.Range, text, choices);
        return null;
    }

    private EnvelopeModel? ParseEnvelope(JsonObject node)
    {
        const string where = "the envelope";
        _reader.CheckKeys(node, where, EnvelopeKeys);
        string? name = _reader.Identifier(node, "name", "the envelope type", derivedFrom: null);
        string? description = _reader.String(node, "description", where)?.Text;
        var successCode = _reader.String(node, "successCode", where, "\"0000\"");

        string? codeWire = null, messageWire = null, dataWire = null, successWire = null, failedWire = null;
        if (_reader.Object(node, "fields") is { } fields)
        {
            _reader.CheckKeys(fields, "the envelope's fields", EnvelopeFieldKeys);
            codeWire = _reader.String(fields, "code", "the envelope's fields", "\"code\"")?.Text;
            messageWire = _reader.String(fields, "message", "the envelope's fields", "\"msg\"")?.Text;
            dataWire = _reader.String(fields, "data", "the envelope's fields", "\"data\"")?.Text;
            successWire = _reader.String(fields, "success", "the envelope's fields")?.Text;
            failedWire = _reader.String(fields, "failed", "the envelope's fields")?.Text;
        }
        else if (node["fields"] is null)
        {
            _reader.Report(DiagnosticDescriptors.MissingKey, ContractReader.OpeningBrace(node), "fields", where, "{ \"code\": \"code\", \"message\": \"msg\", \"data\": \"data\" }");
        }

        var codes = new List<BusinessCodeModel>();
        var seenCodes = new HashSet<string>(StringComparer.Ordinal);
        var seenNames = new HashSet<string>(StringComparer.Ordinal) { "Find", "IsRetryable" };
        foreach (var codeNode in Items(node, "codes", "a business code"))
        {
            var code = _reader.String(codeNode, "code", "a business code of " + where, "\"0001\"");
            string codeWhere = "business code '" + (code?.Text ?? "?") + "'";
            _reader.CheckKeys(codeNode, codeWhere, CodeKeys);
            string? codeName = _reader.Identifier(codeNode, "name", codeWhere, derivedFrom: null);
            string? meaning = _reader.String(codeNode, "meaning", codeWhere, "\"what the code means\"")?.Text;
            bool retryable = _reader.Boolean(codeNode, "retryable") ?? false;
            string? category = _reader.OneOf(codeNode, "category", Categories, "other");
            if (code is not null && !seenCodes.Add(code.Text))
            {
                _reader.Report(DiagnosticDescriptors.DuplicateName, code.Range, "business code", code.Text, "within the envelope");
            }

            if (codeName is not null && !seenNames.Add(codeName))
            {
                _reader.Report(DiagnosticDescriptors.DuplicateName, codeNode.Find("name")!.Value.Range, "business code name", codeName, "within the envelope (Find and IsRetryable are taken)");
            }

            if (code is not null && codeName is not null && meaning is not null && category is not null)
            {
                codes.Add(new BusinessCodeModel(code.Text, codeName, meaning, retryable, category));
            }
        }

        if (name is null || successCode is null || codeWire is null || messageWire is null || dataWire is null)
        {
            return null;
        }

        var nameRange = node.Find("name")!.Value.Range;
        _outputNames.Add((name, "the envelope '" + name + "'", nameRange, false));
        _outputNames.Add((name + "JsonConverter", "the JSON converter of the envelope", nameRange, false));
        _outputNames.Add((name + "Codes", "the business codes of the envelope", nameRange, false));
        return new EnvelopeModel(name, description, codeWire, messageWire, dataWire, successWire, failedWire, successCode.Text, codes.ToEquatableArray());
    }

    private List<EndpointModel> ParseEndpoints(JsonObject root, List<ObjectModel> models, List<EnumModel> enums)
    {
        var endpoints = new List<EndpointModel>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in Items(root, "endpoints", "an endpoint"))
        {
            _cancellationToken.ThrowIfCancellationRequested();
            string? name = _reader.Identifier(node, "name", "an endpoint", derivedFrom: null);
            string where = "endpoint '" + (name ?? "?") + "'";
            _reader.CheckKeys(node, where, EndpointKeys);
            if (name is not null && !names.Add(name))
            {
                _reader.Report(DiagnosticDescriptors.DuplicateName, node.Find("name")!.Value.Range, "endpoint", name, "within a contract");
            }

            string? method = _reader.OneOf(node, "method", Methods, fallback: null);
            if (node["method"] is null)
            {
                _reader.Report(DiagnosticDescriptors.MissingKey, ContractReader.OpeningBrace(node), "method", where, "\"GET\"");
            }

            string? path = ReadPath(node, where);
            string? description = _reader.String(node, "description", where)?.Text;
            var query = ParseQuery(node, where);
            var responseText = _reader.String(node, "response", where, "\"ResponseModel\"");
            ObjectModel? response = null;
            if (responseText is not null)
            {
                response = models.FirstOrDefault(m => m.Name == responseText.Text);
                if (response is null && ResolveType(responseText, allowModels: true) is not null)
                {
                    // The name resolved, but not to a model: an enum, a primitive or an array.
                    _reader.Report(DiagnosticDescriptors.InvalidValue, responseText.Range, responseText.Text, "response", "the name of a model declared in this contract");
                }
            }

            RateLimitModel? rateLimit = null;
            if (_reader.Object(node, "rateLimit") is { } rateNode)
            {
                _reader.CheckKeys(rateNode, "the rate limit of " + where, RateLimitKeys);
                int? requests = _reader.PositiveInteger(rateNode, "requests", "the rate limit of " + where, "1");
                int? perSeconds = _reader.PositiveInteger(rateNode, "perSeconds", "the rate limit of " + where, "1");
                rateLimit = requests is null || perSeconds is null ? null : new RateLimitModel(requests.Value, perSeconds.Value);
            }

            PollingModel? polling = null;
            if (_reader.Object(node, "polling") is { } pollingNode && response is not null)
            {
                polling = ParsePolling(pollingNode, where, name ?? "Endpoint", response, models, enums);
                if (polling is not null)
                {
                    _outputNames.Add((name + "PollingExtensions", "the polling extensions of " + where, node.Find("name")!.Value.Range, false));
                }
            }

            if (name is not null && method is not null && path is not null && response is not null && query is not null)
            {
                var location = _reader.Locate(node.Find("path")!.Value.Range);
                endpoints.Add(new EndpointModel(name, method, path, description, query.ToEquatableArray(), response.Name, rateLimit, polling, location));
            }
        }

        return endpoints;
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

        return path.Text;
    }

    private List<QueryParameterModel>? ParseQuery(JsonObject node, string endpointWhere)
    {
        var result = new List<QueryParameterModel>();
        var wireNames = new HashSet<string>(StringComparer.Ordinal);
        // Names the generated polling methods use for their own parameters.
        var parameterNames = new HashSet<string>(StringComparer.Ordinal) { "cancellationToken", "api", "options", "progress", "ct" };
        bool ok = true;
        foreach (var queryNode in Items(node, "query", "a query parameter"))
        {
            var wire = _reader.String(queryNode, "name", "a query parameter of " + endpointWhere, "\"page_size\"");
            string where = "query parameter '" + (wire?.Text ?? "?") + "' of " + endpointWhere;
            _reader.CheckKeys(queryNode, where, QueryKeys);
            string? parameter = _reader.Identifier(queryNode, "parameter", where, wire?.Text, camelCase: true);
            var typeText = _reader.String(queryNode, "type", where, "\"string\"");
            bool required = _reader.Boolean(queryNode, "required") ?? false;
            string? description = _reader.String(queryNode, "description", where)?.Text;
            TypeRef? type = null;
            if (typeText is not null && ResolveType(typeText, allowModels: false) is { } resolved)
            {
                if (resolved.IsArray || resolved.Kind is TypeKind.Uri or TypeKind.Duration or TypeKind.Timestamp)
                {
                    _reader.Report(DiagnosticDescriptors.InvalidValue, typeText.Range, typeText.Text, "type", "one of \"string\", \"bool\", \"int\", \"long\", \"double\", \"decimal\" (query parameters are single scalars)");
                }
                else
                {
                    type = resolved;
                }
            }

            string? defaultLiteral = null;
            if (queryNode.Find("default") is { } defaultProperty)
            {
                if (required)
                {
                    _reader.Report(DiagnosticDescriptors.InvalidValue, defaultProperty.NameRange, "default", where, "either \"required\": true or a \"default\", not both");
                    ok = false;
                }
                else if (type is not null)
                {
                    defaultLiteral = DefaultLiteral(defaultProperty.Value, type, wire?.Text ?? "?");
                    ok &= defaultLiteral is not null;
                }
            }

            if (wire is not null && !wireNames.Add(wire.Text))
            {
                _reader.Report(DiagnosticDescriptors.DuplicateName, wire.Range, "query parameter", wire.Text, "within " + endpointWhere);
                ok = false;
            }

            if (parameter is not null && !parameterNames.Add(parameter))
            {
                var range = queryNode.Find("parameter")?.Value.Range ?? wire!.Range;
                _reader.Report(DiagnosticDescriptors.OutputNameCollision, range, "Parameter", parameter, "another parameter of " + endpointWhere + " (api, options, progress, ct and cancellationToken are taken)");
                ok = false;
            }

            if (wire is null || parameter is null || type is null)
            {
                ok = false;
                continue;
            }

            result.Add(new QueryParameterModel(wire.Text, parameter, type, required, defaultLiteral, description));
        }

        return ok ? result : null;
    }

    /// <summary>The C# literal for a query default, or a diagnostic saying what would fit.</summary>
    private string? DefaultLiteral(JsonValue value, TypeRef type, string parameter)
    {
        string? literal = (type.Kind, value) switch
        {
            (TypeKind.String, JsonScalar { Kind: JsonKind.String } s) => SymbolDisplay.FormatLiteral(s.Text, quote: true),
            (TypeKind.Boolean, { Kind: JsonKind.True }) => "true",
            (TypeKind.Boolean, { Kind: JsonKind.False }) => "false",
            (TypeKind.Int32, JsonScalar { Kind: JsonKind.Number } n) when int.TryParse(n.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) => n.Text,
            (TypeKind.Int64, JsonScalar { Kind: JsonKind.Number } n) when long.TryParse(n.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) => n.Text + "L",
            (TypeKind.Double, JsonScalar { Kind: JsonKind.Number } n) when double.TryParse(n.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) => n.Text + "d",
            (TypeKind.Decimal, JsonScalar { Kind: JsonKind.Number } n) when decimal.TryParse(n.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) => n.Text + "m",
            _ => null,
        };

        if (literal is null)
        {
            string shown = value is JsonScalar { Kind: JsonKind.String } str ? "\"" + str.Text + "\"" : value is JsonScalar scalar ? scalar.Text : value.KindDescription;
            string expected = type.Kind switch
            {
                TypeKind.String => "a JSON string such as \"default\"",
                TypeKind.Boolean => "true or false",
                TypeKind.Int32 => "a whole JSON number within the range of int, without quotes",
                TypeKind.Int64 => "a whole JSON number within the range of long, without quotes",
                _ => "a JSON number without quotes",
            };
            _reader.Report(DiagnosticDescriptors.DefaultOfWrongType, value.Range, shown, parameter, TypeText(type), expected);
        }

        return literal;
    }

    private PollingModel? ParsePolling(JsonObject node, string endpointWhere, string endpointName, ObjectModel response, List<ObjectModel> models, List<EnumModel> enums)
    {
        string where = "the polling annotation of " + endpointWhere;
        _reader.CheckKeys(node, where, PollingKeys);
        string? pollingName = _reader.Identifier(node, "name", where, derivedFrom: endpointName);
        var items = _reader.String(node, "items", where, "\"items\"");
        var id = _reader.String(node, "id", where, "\"id\"");
        var status = _reader.String(node, "status", where, "\"status\"");
        bool emptyIsAmbiguous = _reader.Boolean(node, "emptyIsAmbiguous") ?? false;
        _reader.String(node, "description", where);
        if (items is null || id is null || status is null || pollingName is null)
        {
            return null;
        }

        var itemsField = response.Fields.FirstOrDefault(f => f.WireName == items.Text);
        if (itemsField is not { Type: { Kind: TypeKind.Model, IsArray: true } })
        {
            string found = itemsField is null ? "the response model '" + response.Name + "' has no field '" + items.Text + "'" : "field '" + items.Text + "' is not an array of a model";
            _reader.Report(DiagnosticDescriptors.InvalidPolling, items.Range, "items", found + "; name the array field of '" + response.Name + "' that holds the items (" + FieldList(response, f => f.Type is { Kind: TypeKind.Model, IsArray: true }) + ")");
            return null;
        }

        var itemModel = models.First(m => m.Name == itemsField.Type.Name);
        var idField = itemModel.Fields.FirstOrDefault(f => f.WireName == id.Text);
        if (idField is not { Type: { Kind: TypeKind.String or TypeKind.Int32 or TypeKind.Int64, IsArray: false }, Required: true })
        {
            string found = idField is null ? "model '" + itemModel.Name + "' has no field '" + id.Text + "'" : "field '" + id.Text + "' must be a required string, int or long";
            _reader.Report(DiagnosticDescriptors.InvalidPolling, id.Range, "id", found + "; name the item's identifying field (" + FieldList(itemModel, f => f.Type.Kind is TypeKind.String or TypeKind.Int32 or TypeKind.Int64) + ")");
            return null;
        }

        var statusField = itemModel.Fields.FirstOrDefault(f => f.WireName == status.Text);
        if (statusField is not { Type: { Kind: TypeKind.Enum, IsArray: false } } || enums.All(e => e.Name != statusField.Type.Name))
        {
            string found = statusField is null ? "model '" + itemModel.Name + "' has no field '" + status.Text + "'" : "field '" + status.Text + "' is not of an enum type";
            _reader.Report(DiagnosticDescriptors.InvalidPolling, status.Range, "status", found + "; name a field whose type is an enum with outcomes (" + FieldList(itemModel, f => f.Type.Kind == TypeKind.Enum) + ")");
            return null;
        }

        return new PollingModel(pollingName, items.Text, id.Text, status.Text, emptyIsAmbiguous, itemsField.PropertyName, itemModel.Name, idField.PropertyName, statusField.PropertyName, statusField.Type.Name!);
    }

    private static string FieldList(ObjectModel model, Func<FieldModel, bool> fits)
    {
        var names = model.Fields.Where(fits).Select(f => "'" + f.WireName + "'").ToList();
        return names.Count == 0 ? "it has none that fits" : "candidates: " + string.Join(", ", names);
    }

    private static string TypeText(TypeRef type)
    {
        string element = type.Name ?? Primitives.First(p => p.Value == type.Kind).Key;
        return type.IsArray ? element + "[]" : element;
    }

    private void ReportOutputCollisions()
    {
        var seen = new Dictionary<string, (string What, bool Declared)>(StringComparer.Ordinal);
        foreach (var (name, what, range, declared) in _outputNames)
        {
            if (!seen.TryGetValue(name, out var previous))
            {
                seen[name] = (what, declared);
            }
            else if (!(declared && previous.Declared))
            {
                // Two declared types of one name were already reported as duplicates (CTR004).
                _reader.Report(DiagnosticDescriptors.OutputNameCollision, range, "Generated type", name, "the name of " + previous.What);
            }
        }
    }

    private EquatableArray<DeclaredName> DeclaredNames(ContractModel model) =>
        _outputNames
            .Select(n => new DeclaredName(model.Namespace, n.Name, _path, _reader.Locate(n.Range)))
            .ToEquatableArray();
}
