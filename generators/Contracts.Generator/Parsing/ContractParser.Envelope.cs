using System.Collections.Generic;
using Contracts.Generator.Diagnostics;
using Contracts.Generator.Json;
using Contracts.Generator.Model;
using Contracts.Generator.Naming;

namespace Contracts.Generator.Parsing;

/// <summary>The <c>envelope</c> section: which wire fields carry code, message and data, and the business codes.</summary>
internal sealed partial class ContractParser
{
    private static readonly string[] EnvelopeKeys = { "name", "description", "fields", "successCode", "codes" };
    private static readonly string[] EnvelopeFieldKeys = { "code", "message", "data", "success", "failed" };
    private static readonly string[] CodeKeys = { "code", "name", "meaning", "retryable", "category" };
    private static readonly string[] Categories =
    {
        "success", "invalidRequest", "unauthorized", "insufficientBalance", "forbidden",
        "notFound", "conflict", "rateLimited", "serverError", "other",
    };

    private EnvelopeModel? ParseEnvelope(JsonObject node)
    {
        const string where = "the envelope";
        _reader.CheckKeys(node, where, EnvelopeKeys);
        string? name = _reader.Identifier(node, "name", "the envelope type", derivedFrom: null, typeName: true);
        string? description = _reader.String(node, "description", where)?.Text;
        var successCode = _reader.String(node, "successCode", where, "\"0000\"");

        string? codeWire = null, messageWire = null, dataWire = null, successWire = null, failedWire = null;
        if (_reader.Object(node, "fields") is { } fields)
        {
            const string fieldsWhere = "the envelope's fields";
            _reader.CheckKeys(fields, fieldsWhere, EnvelopeFieldKeys);
            codeWire = _reader.String(fields, "code", fieldsWhere, "\"code\"")?.Text;
            messageWire = _reader.String(fields, "message", fieldsWhere, "\"msg\"")?.Text;
            dataWire = _reader.String(fields, "data", fieldsWhere, "\"data\"")?.Text;
            successWire = _reader.String(fields, "success", fieldsWhere)?.Text;
            failedWire = _reader.String(fields, "failed", fieldsWhere)?.Text;
            ReportSharedWireNames(fields);
        }
        else if (node["fields"] is null)
        {
            _reader.Report(DiagnosticDescriptors.MissingKey, ContractReader.OpeningBrace(node), "fields", where, "{ \"code\": \"code\", \"message\": \"msg\", \"data\": \"data\" }");
        }

        var codes = ParseBusinessCodes(node, name);
        if (name is null || successCode is null || codeWire is null || messageWire is null || dataWire is null)
        {
            return null;
        }

        var nameRange = node.Find("name")!.Value.Range;
        string envelopeScope = "the envelope '" + name + "'";
        _names.Reserve(envelopeScope, GeneratedNames.EnvelopeMembers, "a member of the generated envelope");
        bool named = _names.Claim(envelopeScope, name, "Envelope", "the envelope's own name", nameRange);
        named &= _names.Claim(GeneratedNameRegistry.NamespaceScope, name, "Generated type", "the envelope '" + name + "'", nameRange);
        named &= _names.Claim(GeneratedNameRegistry.NamespaceScope, GeneratedNames.Converter(name), "Generated type", "the JSON converter of the envelope", nameRange);
        named &= _names.Claim(GeneratedNameRegistry.NamespaceScope, GeneratedNames.BusinessCodes(name), "Generated type", "the business codes of the envelope", nameRange);
        if (!named)
        {
            return null;
        }

        return new EnvelopeModel(name, description, codeWire, messageWire, dataWire, successWire, failedWire, successCode.Text, codes.ToEquatableArray());
    }

    /// <summary>Two envelope fields on one wire name would leave one of them never read.</summary>
    private void ReportSharedWireNames(JsonObject fields)
    {
        var seen = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var property in fields.Properties)
        {
            if (property.Value is JsonScalar { Kind: JsonKind.String } wire && !seen.Add(wire.Text))
            {
                _reader.Report(DiagnosticDescriptors.DuplicateName, wire.Range, "envelope wire field", wire.Text, "within the envelope's fields");
            }
        }
    }

    private List<BusinessCodeModel> ParseBusinessCodes(JsonObject node, string? envelopeName)
    {
        // Each code becomes a constant of the codes class, beside what that class already holds.
        string codesClass = GeneratedNames.BusinessCodes(envelopeName ?? "Envelope");
        string scope = "the business codes class '" + codesClass + "'";
        _names.Reserve(scope, GeneratedNames.BusinessCodesMembers, "a member of the generated codes class");
        _names.Reserve(scope, GeneratedNames.ObjectMembers, "a member of every object");
        _names.Reserve(scope, new[] { codesClass }, "the class's own name (C# members cannot share their type's name)");

        var codes = new List<BusinessCodeModel>();
        var seenCodes = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var codeNode in Items(node, "codes", "a business code"))
        {
            var code = _reader.String(codeNode, "code", "a business code of the envelope", "\"0001\"");
            string codeWhere = "business code '" + (code?.Text ?? "?") + "'";
            _reader.CheckKeys(codeNode, codeWhere, CodeKeys);
            string? codeName = _reader.Identifier(codeNode, "name", codeWhere, derivedFrom: null);
            string? meaning = _reader.String(codeNode, "meaning", codeWhere, "\"what the code means\"")?.Text;
            bool retryable = _reader.Boolean(codeNode, "retryable") ?? false;
            string? category = _reader.OneOf(codeNode, "category", Categories, "other");
            if (code is not null && !seenCodes.Add(code.Text))
            {
                _reader.Report(DiagnosticDescriptors.DuplicateName, code.Range, "business code", code.Text, "within the envelope");
                continue;
            }

            bool named = codeName is not null
                && _names.Claim(scope, codeName, "Business code name", "the constant of " + codeWhere, codeNode.Find("name")!.Value.Range);
            if (code is not null && codeName is not null && named && meaning is not null && category is not null)
            {
                codes.Add(new BusinessCodeModel(code.Text, codeName, meaning, retryable, category));
            }
        }

        return codes;
    }
}
