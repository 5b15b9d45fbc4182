using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Contracts.Generator.Diagnostics;
using Contracts.Generator.Json;
using Contracts.Generator.Model;
using Contracts.Generator.Naming;

namespace Contracts.Generator.Parsing;

/// <summary>
/// Turns the text of one <c>*.contract.json</c> file into a <see cref="ContractModel"/> and the
/// diagnostics for everything wrong in it. Never throws: a contract with errors yields no model.
/// This file reads the root and the type table; each section has its own file
/// (<c>ContractParser.Envelope.cs</c>, <c>.Models.cs</c>, <c>.Enums.cs</c>, <c>.Endpoints.cs</c>,
/// <c>.Polling.cs</c>), and the names they generate are claimed in <see cref="GeneratedNameRegistry"/>.
/// </summary>
internal sealed partial class ContractParser
{
    /// <summary>The only contract format version this generator reads.</summary>
    public const int FormatVersion = 1;

    private static readonly string[] RootKeys = { "$schema", "formatVersion", "name", "namespace", "description", "interface", "envelope", "endpoints", "models", "enums" };

    private readonly string _path;
    private readonly ContractReader _reader;
    private readonly GeneratedNameRegistry _names;
    private readonly CancellationToken _cancellationToken;
    private readonly Dictionary<string, TypeKind> _declaredTypes = new(StringComparer.Ordinal);
    private readonly HashSet<JsonObject> _duplicateDeclarations = new();
    private readonly List<EndpointLocation> _endpointLocations = new();
    private string? _namespace;
    private SourceLocation? _namespaceLocation;

    /// <summary>
    /// How many more name comparisons "did you mean" may spend in this file: each unknown type is
    /// compared with every known one, so a file with thousands of misspelt types would take
    /// quadratic time; past the budget, messages list the built-in types without a guess.
    /// </summary>
    private int _suggestionBudget = 100_000;

    private ContractParser(ContractSource source, CancellationToken cancellationToken)
    {
        _path = source.Path;
        _reader = new ContractReader(new LineIndex(ContractParts.Offsets(source)));
        _names = new GeneratedNameRegistry(_reader);
        _cancellationToken = cancellationToken;
    }

    /// <summary>Parses a contract of one file. Only cancellation escapes; anything else becomes a diagnostic.</summary>
    public static ContractParseResult Parse(string path, string text, CancellationToken cancellationToken) =>
        Parse(new ContractSource(new[] { ContractText.Read(path, text) }.ToEquatableArray()), cancellationToken);

    /// <summary>Parses a contract of one or several files. Only cancellation escapes; anything else becomes a diagnostic.</summary>
    public static ContractParseResult Parse(ContractSource source, CancellationToken cancellationToken)
    {
        var parser = new ContractParser(source, cancellationToken);
        ContractModel? model;
        try
        {
            model = parser.ReadRoot(source) is { } root ? parser.ParseRoot(root) : null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            parser._reader.Report(DiagnosticDescriptors.GeneratorFailure, new TextRange(0, 0), e.GetType().Name + ": " + e.Message);
            model = null;
        }

        return new ContractParseResult(
            parser._namespace,
            model,
            parser._reader.Diagnostics.ToEquatableArray(),
            model is null ? EquatableArray<DeclaredName>.Empty : parser.DeclaredNames(model),
            model is null ? EquatableArray<EndpointLocation>.Empty : parser.EndpointLocations(model))
        {
            NamespaceLocation = parser._namespaceLocation,
        };
    }

    private ContractModel? ParseRoot(JsonObject obj)
    {
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
        DeclareTypes(enumNodes, TypeKind.Enum);
        DeclareTypes(modelNodes, TypeKind.Model);

        _names.Reserve(GeneratedNameRegistry.NamespaceScope, new[] { GeneratedNames.RateBudgets }, "the namespace's generated table of rate budgets");
        var enums = enumNodes.Select(ParseEnum).Where(e => e is not null).Select(e => e!).ToList();
        var models = modelNodes.Select(ParseModel).Where(m => m is not null).Select(m => m!).ToList();
        DropFileModelFields(modelNodes, models);
        var envelopeNode = _reader.Object(obj, "envelope");
        EnvelopeModel? envelope = envelopeNode is null ? null : ParseEnvelope(envelopeNode);
        _envelope = envelope;
        _declaresEnvelope = envelopeNode is not null;
        var endpoints = ParseEndpoints(obj, models, enums);
        MarkForms(models, endpoints);
        var interfaces = ReadInterfaces(obj);

        bool hasContext = false;
        if (name is not null)
        {
            var nameRange = obj.Find("name")!.Value.Range;
            string context = GeneratedNames.JsonContext(name);
            if (_names.Claim(GeneratedNameRegistry.NamespaceScope, context, "Generated type", "the JSON context of contract '" + name + "'", nameRange))
            {
                hasContext = true;
                ClaimJsonContextMembers(context, nameRange, envelope, endpoints, models, enums);
            }
        }

        if (name is null || ns is null)
        {
            return null;
        }

        // An envelope with mistakes would change what every endpoint answers: without it, none is kept.
        if (envelopeNode is not null && envelope is null)
        {
            endpoints.Clear();
        }

        var contract = new ContractModel(
            _path,
            name,
            ns,
            description,
            envelope,
            endpoints.ToEquatableArray(),
            models.ToEquatableArray(),
            enums.ToEquatableArray())
        {
            Interfaces = interfaces,
            HasJsonContext = hasContext,
        };
        return _reader.HasErrors ? ConsistentPart.Of(contract) : contract;
    }

    /// <summary>
    /// The contract's <c>interface</c>: the Refit interface (or interfaces) its endpoints are declared
    /// on, by its name in the contract's namespace or its full name.
    /// </summary>
    private EquatableArray<string> ReadInterfaces(JsonObject obj)
    {
        var value = obj["interface"];
        if (value is null)
        {
            return EquatableArray<string>.Empty;
        }

        var names = new List<string>();
        IReadOnlyList<JsonValue> items = value is JsonArray array ? array.Items : new[] { value };
        foreach (var item in items)
        {
            if (item is not JsonScalar { Kind: JsonKind.String } text)
            {
                _reader.Report(DiagnosticDescriptors.WrongValueKind, item.Range, "interface", "the name of a Refit interface, or an array of names", item.KindDescription);
                continue;
            }

            string? normalized = Identifiers.NormalizeTypeReference(text.Text);
            if (normalized is null)
            {
                _reader.Report(DiagnosticDescriptors.InvalidValue, text.Range, ContractLimits.Shorten(text.Text), "interface", "the C# name of a Refit interface: 'IMediaApi' in the contract's namespace, or a full name such as 'Acme.Media.Client.IMediaApi' ('Outer.IMediaApi' when nested)");
            }
            else if (!names.Contains(normalized))
            {
                names.Add(normalized);
            }
        }

        return names.ToEquatableArray();
    }

    /// <summary>The JSON context has one property per type (and per envelope of each response): none may clash with what it already owns.</summary>
    private void ClaimJsonContextMembers(string context, TextRange contextRange, EnvelopeModel? envelope, List<EndpointModel> endpoints, List<ObjectModel> models, List<EnumModel> enums)
    {
        string scope = "the JSON context '" + context + "'";
        _names.Reserve(scope, GeneratedNames.JsonContextMembers, "a member of JsonSerializerContext");
        _names.Reserve(scope, GeneratedNames.ObjectMembers, "a member of every object");
        // A type whose type info cannot be named (a model called 'Options') is not generated at all.
        // A model with files travels only in multipart requests: it has no JSON metadata.
        models.RemoveAll(model => !model.HasFiles && !_names.Claim(scope, model.Name, "Model", "the type info of model '" + model.Name + "'", TypeNameRange(model.Name) ?? contextRange));
        enums.RemoveAll(@enum => !_names.Claim(scope, @enum.Name, "Enum", "the type info of enum '" + @enum.Name + "'", TypeNameRange(@enum.Name) ?? contextRange));

        if (envelope is not null)
        {
            var unnamed = new HashSet<(string, bool)>();
            foreach (var (response, list) in endpoints.Where(e => e.Answer == AnswerKind.Json).Select(e => (e.ResponseType, e.ResponseIsList)).Distinct())
            {
                string property = GeneratedNames.EnvelopeTypeInfo(envelope.TypeName, response, list);
                if (!_names.Claim(scope, property, "Envelope type info", "the type info of the envelope of '" + response + (list ? "[]" : string.Empty) + "'", TypeNameRange(response) ?? contextRange))
                {
                    unnamed.Add((response, list));
                }
            }

            endpoints.RemoveAll(endpoint => endpoint.Answer == AnswerKind.Json && unnamed.Contains((endpoint.ResponseType, endpoint.ResponseIsList)));
        }

        // A bare JSON array body is sent as an array and a read-only list: Refit asks for the type the method declares.
        var arrays = new HashSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in endpoints.Where(e => e.BodyArray is not null).ToList())
        {
            string element = GeneratedNames.ElementName(endpoint.BodyArray!);
            if (arrays.Add(element)
                && !(_names.Claim(scope, GeneratedNames.ArrayTypeInfo(element), "Array type info", "the type info of the " + element + " array bodies", contextRange)
                    & _names.Claim(scope, GeneratedNames.ListTypeInfo(element), "Array type info", "the type info of the " + element + " list bodies", contextRange)))
            {
                endpoints.Remove(endpoint);
            }
        }

        // Without an envelope, an answer that is a bare array has the list type info of its model.
        if (envelope is null)
        {
            var unnamedLists = new HashSet<string>(StringComparer.Ordinal);
            foreach (string response in endpoints.Where(e => e.Answer == AnswerKind.Json && e.ResponseIsList && !arrays.Contains(e.ResponseType)).Select(e => e.ResponseType).Distinct(StringComparer.Ordinal))
            {
                if (!_names.Claim(scope, GeneratedNames.ListTypeInfo(response), "Array type info", "the type info of the " + response + " list answers", contextRange))
                {
                    unnamedLists.Add(response);
                }
            }

            endpoints.RemoveAll(endpoint => endpoint.Answer == AnswerKind.Json && endpoint.ResponseIsList && unnamedLists.Contains(endpoint.ResponseType));
        }
    }

    /// <summary>Marks the models sent as forms: they get <c>ToFormContent()</c>.</summary>
    private static void MarkForms(List<ObjectModel> models, List<EndpointModel> endpoints)
    {
        var forms = new HashSet<string>(endpoints.Where(e => e.BodyKind == BodyKind.Form).Select(e => e.BodyType!), StringComparer.Ordinal);
        for (int i = 0; i < models.Count; i++)
        {
            if (forms.Contains(models[i].Name))
            {
                models[i] = models[i] with { IsForm = true };
            }
        }
    }

    private TextRange? TypeNameRange(string typeName) => _names.TypeRange(typeName);

    private void ReadFormatVersion(JsonObject obj)
    {
        string version = FormatVersion.ToString(CultureInfo.InvariantCulture);
        var value = obj["formatVersion"];
        if (value is null)
        {
            _reader.Report(DiagnosticDescriptors.MissingKey, ContractReader.OpeningBrace(obj), "formatVersion", "the contract", version);
        }
        else if (value is not JsonScalar { Kind: JsonKind.Number } number || number.Text != version)
        {
            _reader.Report(DiagnosticDescriptors.InvalidValue, value.Range, value is JsonScalar s ? s.Text : value.KindDescription, "formatVersion", version + " (the only version this generator reads)");
        }
    }

    private string? ReadNamespace(JsonObject obj)
    {
        var scalar = _reader.String(obj, "namespace", "the contract", "\"My.Company.Api\"");
        if (scalar is null)
        {
            return null;
        }

        _namespaceLocation = _reader.Locate(scalar.Range);
        if (Identifiers.IsValidNamespace(scalar.Text))
        {
            return scalar.Text;
        }

        if (scalar.Text.Length > ContractLimits.MaxNamespaceLength)
        {
            _reader.Report(DiagnosticDescriptors.InvalidValue, scalar.Range, ContractLimits.Shorten(scalar.Text), "namespace", "a namespace of at most " + ContractLimits.MaxNamespaceLength.ToString(CultureInfo.InvariantCulture) + " characters (the contract format's limit)");
            return null;
        }

        string suggestion = string.Join(".", scalar.Text.Split('.').Select(part => Identifiers.Suggest(part)));
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

    private static IReadOnlyList<JsonValue> ItemsOf(JsonArray? array) =>
        array?.Items ?? (IReadOnlyList<JsonValue>)Array.Empty<JsonValue>();

    private void DeclareTypes(List<JsonObject> nodes, TypeKind kind)
    {
        foreach (var node in nodes)
        {
            if (node["name"] is JsonScalar { Kind: JsonKind.String } name && Identifiers.IsValidIdentifier(name.Text))
            {
                if (_declaredTypes.ContainsKey(name.Text) || PrimitiveTypes.Named(name.Text) is not null)
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

    private TypeRef? ResolveType(JsonScalar typeText, bool allowModels)
    {
        string text = typeText.Text;
        bool isArray = text.EndsWith("[]", StringComparison.Ordinal);
        string element = isArray ? text.Substring(0, text.Length - 2) : text;
        if (PrimitiveTypes.Named(element) is { } primitive)
        {
            return new TypeRef(primitive.Kind, null, isArray, WireEncoding.Number, WireTimeUnit.None);
        }

        if (allowModels && _declaredTypes.TryGetValue(element, out var declared))
        {
            return new TypeRef(declared, element, isArray, WireEncoding.Number, WireTimeUnit.None);
        }

        var known = PrimitiveTypes.All.Select(p => p.Spelling).Concat(allowModels ? _declaredTypes.Keys : Enumerable.Empty<string>()).ToList();
        string? closest = null;
        if (_suggestionBudget >= known.Count)
        {
            _suggestionBudget -= known.Count;
            closest = Identifiers.Closest(element, known);
        }
        string choices = (closest is not null ? "'" + closest + (isArray ? "[]" : string.Empty) + "' or " : string.Empty)
            + string.Join(", ", PrimitiveTypes.All.Select(p => p.Spelling))
            + (allowModels ? ", a model or enum declared in this contract, or any of these followed by []" : string.Empty);
        _reader.Report(DiagnosticDescriptors.UnknownType, typeText.Range, text, choices);
        return null;
    }

    private static string TypeText(TypeRef type)
    {
        string element = type.Name ?? PrimitiveTypes.Of(type).Spelling;
        return type.IsArray ? element + "[]" : element;
    }

    /// <summary>Where each endpoint the model kept is declared.</summary>
    private EquatableArray<EndpointLocation> EndpointLocations(ContractModel model)
    {
        var kept = new HashSet<string>(model.Endpoints.Select(e => e.Name), StringComparer.Ordinal);
        return _endpointLocations.Where(e => kept.Contains(e.EndpointName)).ToEquatableArray();
    }

    /// <summary>The types the model generates, in claim order, with where each was declared.</summary>
    private EquatableArray<DeclaredName> DeclaredNames(ContractModel model)
    {
        var generated = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (typeName, arity) in GeneratedNames.TypesOf(model))
        {
            generated[typeName] = arity;
        }

        return _names.Types
            .Where(n => generated.ContainsKey(n.Name))
            .Select(n => new DeclaredName(model.Namespace, n.Name, _path, _reader.Locate(n.Range), generated[n.Name]))
            .ToEquatableArray();
    }
}
