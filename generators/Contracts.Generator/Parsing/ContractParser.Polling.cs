using System;
using System.Collections.Generic;
using System.Linq;
using Contracts.Generator.Diagnostics;
using Contracts.Generator.Json;
using Contracts.Generator.Model;
using Contracts.Generator.Naming;

namespace Contracts.Generator.Parsing;

/// <summary>The <c>polling</c> annotation of an endpoint, checked against its response model.</summary>
internal sealed partial class ContractParser
{
    private static readonly string[] PollingKeys = { "name", "items", "id", "status", "emptyIsAmbiguous", "batchId", "description" };

    /// <summary>Every polling method is an extension method of the one Refit interface: their names share a scope.</summary>
    private const string PollingMethodsScope = "the polling methods of the contract";

    // parameters: the endpoint's path and query parameters (null when they have mistakes); batchId names one of them.
    private PollingModel? ParsePolling(JsonObject node, string endpointWhere, string endpointName, TextRange endpointNameRange, ObjectModel response, IReadOnlyList<ParameterModel>? parameters, Dictionary<string, ObjectModel> models, HashSet<string> enumNames)
    {
        string where = "the polling annotation of " + endpointWhere;
        _reader.CheckKeys(node, where, PollingKeys);
        string? pollingName = _reader.Identifier(node, "name", where, derivedFrom: Identifiers.PollingNameFrom(endpointName));
        var items = _reader.String(node, "items", where, "\"items\"");
        var id = _reader.String(node, "id", where, "\"id\"");
        var status = _reader.String(node, "status", where, "\"status\"");
        bool emptyIsAmbiguous = _reader.Boolean(node, "emptyIsAmbiguous") ?? false;
        var batchId = _reader.String(node, "batchId", where);
        _reader.String(node, "description", where);
        if (items is null || id is null || status is null || pollingName is null)
        {
            return null;
        }

        ParameterModel? batchIdParameter = null;
        if (batchId is not null && parameters is not null)
        {
            static bool Fits(ParameterModel p) => p.Type is { Kind: TypeKind.String or TypeKind.Int32 or TypeKind.Int64, IsArray: false };
            batchIdParameter = parameters.FirstOrDefault(q => q.WireName == batchId.Text);
            if (batchIdParameter is null || !Fits(batchIdParameter))
            {
                string found = batchIdParameter is null ? "the endpoint has no path or query parameter '" + batchId.Text + "'" : "parameter '" + batchId.Text + "' must be a string, int or long";
                var candidates = parameters.Where(Fits).Select(q => "'" + q.WireName + "'").ToList();
                _reader.Report(DiagnosticDescriptors.InvalidPolling, batchId.Range, "batchId", found + "; name the path or query parameter that identifies the batch in traces (" + (candidates.Count == 0 ? "it has none that fits" : "candidates: " + string.Join(", ", candidates)) + ")");
                return null;
            }
        }

        var itemsField = response.Fields.FirstOrDefault(f => f.WireName == items.Text);
        if (itemsField is not { Type: { Kind: TypeKind.Model, IsArray: true } })
        {
            string found = itemsField is null ? "the response model '" + response.Name + "' has no field '" + items.Text + "'" : "field '" + items.Text + "' is not an array of a model";
            _reader.Report(DiagnosticDescriptors.InvalidPolling, items.Range, "items", found + "; name the array field of '" + response.Name + "' that holds the items (" + FieldList(response, f => f.Type is { Kind: TypeKind.Model, IsArray: true }) + ")");
            return null;
        }

        if (!models.TryGetValue(itemsField.Type.Name!, out var itemModel))
        {
            // The item model has errors of its own, already reported.
            return null;
        }

        var idField = itemModel.Fields.FirstOrDefault(f => f.WireName == id.Text);
        if (idField is not { Type: { Kind: TypeKind.String or TypeKind.Int32 or TypeKind.Int64, IsArray: false }, Required: true })
        {
            string found = idField is null ? "model '" + itemModel.Name + "' has no field '" + id.Text + "'" : "field '" + id.Text + "' must be a required string, int or long";
            _reader.Report(DiagnosticDescriptors.InvalidPolling, id.Range, "id", found + "; name the item's identifying field (" + FieldList(itemModel, f => f.Type.Kind is TypeKind.String or TypeKind.Int32 or TypeKind.Int64) + ")");
            return null;
        }

        var statusField = itemModel.Fields.FirstOrDefault(f => f.WireName == status.Text);
        if (statusField is not { Type: { Kind: TypeKind.Enum, IsArray: false } } || !enumNames.Contains(statusField.Type.Name!))
        {
            string found = statusField is null ? "model '" + itemModel.Name + "' has no field '" + status.Text + "'" : "field '" + status.Text + "' is not of an enum type";
            _reader.Report(DiagnosticDescriptors.InvalidPolling, status.Range, "status", found + "; name a field whose type is an enum with outcomes (" + FieldList(itemModel, f => f.Type.Kind == TypeKind.Enum) + ")");
            return null;
        }

        var nameRange = node.Find("name")?.Value.Range ?? endpointNameRange;
        _names.Reserve(PollingMethodsScope, GeneratedNames.PollingExtensionsMembers, "a member of every polling extensions class");
        bool named = _names.Claim(GeneratedNameRegistry.NamespaceScope, GeneratedNames.PollingExtensions(endpointName), "Generated type", "the polling extensions of " + endpointWhere, endpointNameRange);
        foreach (var method in new[] { GeneratedNames.Poll(pollingName), GeneratedNames.WaitFor(pollingName), GeneratedNames.Watch(pollingName), GeneratedNames.Snapshot(pollingName) })
        {
            // One clash is enough to report: the other methods of the name clash alike.
            named = named && _names.Claim(PollingMethodsScope, method, "Polling method", "the polling methods of " + endpointWhere, nameRange);
        }

        if (!named)
        {
            return null;
        }

        return new PollingModel
        {
            Name = pollingName,
            EmptyIsAmbiguous = emptyIsAmbiguous,
            BatchIdParameter = batchIdParameter?.ParameterName,
            BatchIdIsString = batchIdParameter?.Type.Kind == TypeKind.String,
            ItemsProperty = itemsField.PropertyName,
            ItemType = itemModel.Name,
            IdProperty = idField.PropertyName,
            IdType = idField.Type,
            StatusProperty = statusField.PropertyName,
            StatusRequired = statusField.Required,
            StatusEnum = statusField.Type.Name!,
        };
    }

    private static string FieldList(ObjectModel model, Func<FieldModel, bool> fits)
    {
        var names = model.Fields.Where(fits).Select(f => "'" + f.WireName + "'").ToList();
        return names.Count == 0 ? "it has none that fits" : "candidates: " + string.Join(", ", names);
    }
}
