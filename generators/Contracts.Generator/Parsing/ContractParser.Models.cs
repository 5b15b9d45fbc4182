using System.Linq;
using System.Collections.Generic;
using Contracts.Generator.Diagnostics;
using Contracts.Generator.Json;
using Contracts.Generator.Model;
using Contracts.Generator.Naming;

namespace Contracts.Generator.Parsing;

/// <summary>The <c>models</c> section: records with wire names, types, encodings and units.</summary>
internal sealed partial class ContractParser
{
    private static readonly string[] ModelKeys = { "name", "description", "fields" };
    private static readonly string[] FieldKeys = { "wire", "aliases", "name", "type", "required", "encoding", "unit", "description" };
    private static readonly string[] Encodings = { "number", "string" };
    private static readonly string[] Units = { "seconds", "milliseconds" };

    private ObjectModel? ParseModel(JsonObject node)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        string? name = _reader.Identifier(node, "name", "a model", derivedFrom: null, typeName: true);
        string where = "model '" + (name ?? "?") + "'";
        _reader.CheckKeys(node, where, ModelKeys);
        string? description = _reader.String(node, "description", where)?.Text;
        if (node["fields"] is null)
        {
            _reader.Report(DiagnosticDescriptors.MissingKey, ContractReader.OpeningBrace(node), "fields", where, "[{ \"wire\": \"id\", \"type\": \"string\" }]");
        }

        // Properties live in the record's scope, beside what every record already has.
        string scope = where;
        _names.Reserve(scope, GeneratedNames.RecordMembers, "a member the compiler gives every record");
        _names.Reserve(scope, GeneratedNames.ObjectMembers, "a member of every object");
        _names.Reserve(scope, GeneratedNames.FormMembers, "a member a model sent as a form gets");
        if (name is not null)
        {
            _names.Reserve(scope, new[] { name }, "the model's own name (C# members cannot share their type's name)");
        }

        var fields = new List<FieldModel>();
        var wireNames = new HashSet<string>(System.StringComparer.Ordinal);
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
                _reader.Report(DiagnosticDescriptors.DuplicateName, wireRange, "wire field", field.WireName, "within " + where + " (wire names and aliases together)");
                continue;
            }

            // An alias another field already reads would make one name fill two properties: it is dropped, reported.
            var aliases = new List<string>();
            foreach (var alias in AliasesOf(fieldNode))
            {
                if (wireNames.Add(alias.Text))
                {
                    aliases.Add(alias.Text);
                }
                else
                {
                    _reader.Report(DiagnosticDescriptors.DuplicateName, alias.Range, "wire field", alias.Text, "within " + where + " (wire names and aliases together)");
                }
            }

            field = field with { Aliases = aliases.ToEquatableArray() };

            var nameRange = fieldNode.Find("name")?.Value.Range ?? wireRange;
            bool named = true;
            foreach (var property in PropertiesOf(field))
            {
                named &= _names.Claim(scope, property, "Property", "the property of wire field '" + field.WireName + "'", nameRange);
            }

            if (named)
            {
                fields.Add(field);
            }
        }

        if (name is null || _duplicateDeclarations.Contains(node))
        {
            return null;
        }

        var typeRange = node.Find("name")!.Value.Range;
        bool claimed = _names.Claim(GeneratedNameRegistry.NamespaceScope, name, "Generated type", "model '" + name + "'", typeRange, declared: true);
        claimed &= _names.Claim(GeneratedNameRegistry.NamespaceScope, GeneratedNames.Converter(name), "Generated type", "the JSON converter of model '" + name + "'", typeRange);
        return claimed ? new ObjectModel(name, description, fields.ToEquatableArray()) : null;
    }

    /// <summary>
    /// A field whose type is a model with files: files travel only in a multipart request's own
    /// fields, never inside another model, so the field is reported and left out.
    /// </summary>
    private void DropFileModelFields(List<JsonObject> modelNodes, List<ObjectModel> models)
    {
        var withFiles = new HashSet<string>(models.Where(m => m.HasFiles).Select(m => m.Name), System.StringComparer.Ordinal);
        if (withFiles.Count == 0)
        {
            return;
        }

        foreach (var node in modelNodes)
        {
            foreach (var fieldNode in Items(node, "fields", "a field"))
            {
                if (fieldNode["type"] is JsonScalar { Kind: JsonKind.String } type && withFiles.Contains(type.Text.TrimEnd('[', ']')))
                {
                    _reader.Report(DiagnosticDescriptors.InvalidValue, type.Range, type.Text, "type", "a model without file fields (files travel only as fields of a \"multipart\" request's own model)");
                }
            }
        }

        for (int i = 0; i < models.Count; i++)
        {
            var model = models[i];
            if (model.Fields.Any(f => f.Type.Kind == TypeKind.Model && withFiles.Contains(f.Type.Name!)))
            {
                models[i] = model with { Fields = model.Fields.Where(f => !(f.Type.Kind == TypeKind.Model && withFiles.Contains(f.Type.Name!))).ToEquatableArray() };
            }
        }
    }

    /// <summary>The field's <c>aliases</c>: strings within the wire-name limit; anything else is reported and left out.</summary>
    private List<JsonScalar> AliasesOf(JsonObject fieldNode)
    {
        var result = new List<JsonScalar>();
        foreach (var item in ItemsOf(_reader.Array(fieldNode, "aliases")))
        {
            if (item is not JsonScalar { Kind: JsonKind.String } alias || alias.Text.Length == 0)
            {
                _reader.Report(DiagnosticDescriptors.WrongValueKind, item.Range, "an alias", "a non-empty string: another name of the field on the wire", item.KindDescription);
            }
            else if (_reader.FitsWireLimit(alias, "aliases"))
            {
                result.Add(alias);
            }
        }

        return result;
    }

    /// <summary>The C# properties a field becomes: enums also keep the raw wire value beside them.</summary>
    private static IEnumerable<string> PropertiesOf(FieldModel field)
    {
        yield return field.PropertyName;
        if (field.Type.Kind == TypeKind.Enum)
        {
            yield return field.Type.IsArray ? GeneratedNames.WireValues(field.PropertyName) : GeneratedNames.WireValue(field.PropertyName);
        }
    }

    private FieldModel? ParseField(JsonObject node, string modelWhere)
    {
        var wire = _reader.String(node, "wire", "a field of " + modelWhere, "\"field_name\"");
        if (wire is not null && !_reader.FitsWireLimit(wire, "wire"))
        {
            return null;
        }

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
            Unit = !timed ? WireTimeUnit.None : unit == "seconds" ? WireTimeUnit.Seconds : WireTimeUnit.Milliseconds,
        };
    }
}
