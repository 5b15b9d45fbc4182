using System;
using System.Collections.Generic;
using System.Linq;
using Contracts.Generator.Model;

namespace Contracts.Generator.Parsing;

/// <summary>
/// The part of a contract with mistakes that can still be generated: every element the parser
/// kept, less whatever refers to one it dropped (a field of a model that did not parse, an endpoint
/// answering it, a polling annotation reading it). What remains compiles on its own, so one typo
/// in a contract is one CTR error, not the errors of every type a project uses from it.
/// </summary>
internal static class ConsistentPart
{
    public static ContractModel Of(ContractModel contract)
    {
        var types = new HashSet<string>(StringComparer.Ordinal);
        foreach (var model in contract.Models)
        {
            types.Add(model.Name);
        }

        foreach (var @enum in contract.Enums)
        {
            types.Add(@enum.Name);
        }

        // Dropping a field never drops a model, so one pass over the fields is enough.
        var models = contract.Models
            .Select(model => model.Fields.All(field => Resolves(field.Type, types))
                ? model
                : model with { Fields = model.Fields.Where(field => Resolves(field.Type, types)).ToEquatableArray() })
            .ToList();
        var byName = models.ToDictionary(m => m.Name, StringComparer.Ordinal);

        var endpoints = contract.Endpoints
            .Where(endpoint => (endpoint.Answer != AnswerKind.Json || byName.ContainsKey(endpoint.ResponseType))
                && (endpoint.BodyType is null || byName.ContainsKey(endpoint.BodyType))
                && (endpoint.BodyArray is null || Resolves(endpoint.BodyArray, types))
                && (endpoint.Events is null || endpoint.Events.Kinds.All(kind => byName.ContainsKey(kind.Model))))
            .Select(endpoint => endpoint.Polling is { } polling && !Holds(polling, byName[endpoint.ResponseType], byName, types)
                ? endpoint with { Polling = null }
                : endpoint)
            .ToEquatableArray();

        return contract with { Models = models.ToEquatableArray(), Endpoints = endpoints };
    }

    private static bool Resolves(TypeRef type, HashSet<string> types) =>
        type.Kind is not (TypeKind.Model or TypeKind.Enum) || types.Contains(type.Name!);

    /// <summary>True when every property the polling annotation reads is still there.</summary>
    private static bool Holds(PollingModel polling, ObjectModel response, Dictionary<string, ObjectModel> models, HashSet<string> types) =>
        response.Fields.Any(f => f.PropertyName == polling.ItemsProperty)
        && models.TryGetValue(polling.ItemType, out var item)
        && item.Fields.Any(f => f.PropertyName == polling.IdProperty)
        && item.Fields.Any(f => f.PropertyName == polling.StatusProperty)
        && types.Contains(polling.StatusEnum);
}
