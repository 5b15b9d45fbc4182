using System;
using System.Collections.Generic;
using System.Linq;
using Contracts.Generator.Diagnostics;
using Contracts.Generator.Json;
using Contracts.Generator.Model;
using Contracts.Generator.Naming;

namespace Contracts.Generator.Parsing;

/// <summary>The <c>enums</c> section: status enums with wire values, aliases and outcomes.</summary>
internal sealed partial class ContractParser
{
    private static readonly string[] EnumKeys = { "name", "description", "values", "unknown" };
    private static readonly string[] EnumValueKeys = { "wire", "name", "aliases", "outcome", "description" };
    private static readonly string[] UnknownKeys = { "name", "outcome", "description" };
    private static readonly string[] Outcomes = { "success", "failure", "pending" };

    private EnumModel? ParseEnum(JsonObject node)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        string? name = _reader.Identifier(node, "name", "an enum", derivedFrom: null, typeName: true);
        string where = "enum '" + (name ?? "?") + "'";
        _reader.CheckKeys(node, where, EnumKeys);
        string? description = _reader.String(node, "description", where)?.Text;

        var valuesArray = _reader.Array(node, "values");
        if (valuesArray is null && node["values"] is null)
        {
            _reader.Report(DiagnosticDescriptors.MissingKey, ContractReader.OpeningBrace(node), "values", where, "[{ \"wire\": \"DONE\", \"outcome\": \"success\" }]");
        }

        string unknownName = "Unknown";
        StatusOutcome unknownOutcome = StatusOutcome.Pending;
        string? unknownDescription = null;
        var unknownRange = node.Range;
        if (_reader.Object(node, "unknown") is { } unknownNode)
        {
            _reader.CheckKeys(unknownNode, "the unknown value of " + where, UnknownKeys);
            unknownName = _reader.Identifier(unknownNode, "name", "the unknown member of " + where, derivedFrom: "Unknown") ?? unknownName;
            unknownOutcome = ParseOutcome(unknownNode) ?? unknownOutcome;
            unknownDescription = _reader.String(unknownNode, "description", "the unknown value of " + where)?.Text;
            unknownRange = unknownNode.Find("name")?.Value.Range ?? unknownNode.Range;
        }

        // Members live in the enum's scope, beside what the compiler gives every enum.
        string scope = where;
        _names.Reserve(scope, GeneratedNames.EnumMembers, "a member the compiler gives every enum");
        bool usable = _names.Claim(scope, unknownName, "Enum member", "the unknown value", unknownRange);

        var members = new List<EnumMemberModel>();
        var wireValues = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in ItemsOf(valuesArray))
        {
            if (_reader.AsObject(item, "an enum value") is not { } valueNode)
            {
                continue;
            }

            var member = ParseEnumMember(valueNode, where, scope, wireValues);
            if (member is not null)
            {
                members.Add(member);
            }
        }

        if (name is null || _duplicateDeclarations.Contains(node))
        {
            return null;
        }

        var nameRange = node.Find("name")!.Value.Range;
        usable &= _names.Claim(GeneratedNameRegistry.NamespaceScope, name, "Generated type", "enum '" + name + "'", nameRange, declared: true);
        usable &= _names.Claim(GeneratedNameRegistry.NamespaceScope, GeneratedNames.EnumExtensions(name), "Generated type", "the extensions of enum '" + name + "'", nameRange);
        usable &= _names.Claim(GeneratedNameRegistry.NamespaceScope, GeneratedNames.Converter(name), "Generated type", "the JSON converter of enum '" + name + "'", nameRange);
        return usable ? new EnumModel(name, description, members.ToEquatableArray(), unknownName, unknownOutcome, unknownDescription) : null;
    }

    private EnumMemberModel? ParseEnumMember(JsonObject valueNode, string enumWhere, string scope, HashSet<string> wireValues)
    {
        var wire = _reader.String(valueNode, "wire", "a value of " + enumWhere, "\"DONE\"");
        if (wire is not null && !_reader.FitsWireLimit(wire, "wire"))
        {
            return null;
        }

        string where = "value '" + (wire?.Text ?? "?") + "' of " + enumWhere;
        _reader.CheckKeys(valueNode, where, EnumValueKeys);
        string? memberName = _reader.Identifier(valueNode, "name", where, wire is null ? null : MemberNameFromWire(wire.Text));
        var aliases = new List<string>();
        foreach (var alias in ItemsOf(_reader.Array(valueNode, "aliases")))
        {
            if (alias is JsonScalar { Kind: JsonKind.String } aliasText)
            {
                if (!_reader.FitsWireLimit(aliasText, "aliases"))
                {
                    continue;
                }

                if (!wireValues.Add(aliasText.Text))
                {
                    _reader.Report(DiagnosticDescriptors.DuplicateName, alias.Range, "wire value", aliasText.Text, "within " + enumWhere + " (values and aliases together)");
                    continue;
                }

                aliases.Add(aliasText.Text);
            }
            else
            {
                _reader.Report(DiagnosticDescriptors.WrongValueKind, alias.Range, "aliases", "an array of strings", "an array holding " + alias.KindDescription);
            }
        }

        var outcome = ParseOutcome(valueNode);
        bool distinct = true;
        if (wire is not null && !wireValues.Add(wire.Text))
        {
            _reader.Report(DiagnosticDescriptors.DuplicateName, wire.Range, "wire value", wire.Text, "within " + enumWhere + " (values and aliases together)");
            distinct = false;
        }

        bool named = false;
        if (memberName is not null)
        {
            var range = valueNode.Find("name")?.Value.Range ?? wire?.Range ?? valueNode.Range;
            named = _names.Claim(scope, memberName, "Enum member", "value '" + wire?.Text + "'", range);
        }

        return wire is not null && distinct && memberName is not null && named && outcome is not null
            ? new EnumMemberModel(wire.Text, memberName, aliases.ToEquatableArray(), outcome.Value, _reader.String(valueNode, "description", where)?.Text)
            : null;
    }

    private StatusOutcome? ParseOutcome(JsonObject node) => _reader.OneOf(node, "outcome", Outcomes, "pending") switch
    {
        "success" => StatusOutcome.Success,
        "failure" => StatusOutcome.Failure,
        "pending" => StatusOutcome.Pending,
        _ => null,
    };

    /// <summary><c>PARSE_ERROR</c> becomes <c>ParseError</c>; <c>inProgress</c> becomes <c>InProgress</c>.</summary>
    private static string MemberNameFromWire(string wire) =>
        Identifiers.ToPascalCase(wire.Any(char.IsLower) ? wire : wire.ToLowerInvariant());
}
