using System;
using System.Collections.Generic;
using System.Linq;
using Contracts.Generator.Model;
using Contracts.Generator.Naming;

namespace Contracts.Generator.Emitting;

/// <summary>What one generated file holds.</summary>
internal enum EmitKind
{
    Model,
    ModelConverter,
    Enum,
    EnumConverter,
    Envelope,
    EnvelopeConverter,
    BusinessCodes,
    JsonContext,
    PollingExtensions,
    EventType,
    CallExtensions,
}

/// <summary>
/// One generated file with exactly the part of the contract it is made from. Each unit is an item
/// of its own in the pipeline, compared by value, so that a contract edit re-emits only the files
/// whose part changed. The JSON context lists every type of its contract and changes with any of them.
/// </summary>
internal sealed record EmitUnit(
    string HintName,
    string ContractFile,
    string Namespace,
    EmitKind Kind,
    ObjectModel? Object = null,
    EnumModel? Enum = null,
    EnvelopeModel? Envelope = null,
    ContractModel? Contract = null,
    EndpointBinding? Binding = null,
    bool HasEnvelope = false,
    EndpointModel? Endpoint = null)
{
    /// <summary>The file's text.</summary>
    public string Emit() => Kind switch
    {
        EmitKind.Model => ModelEmitter.EmitModel(Object!, Namespace),
        EmitKind.ModelConverter => ModelEmitter.EmitConverter(Object!, Namespace),
        EmitKind.Enum => EnumEmitter.EmitEnum(Enum!, Namespace),
        EmitKind.EnumConverter => EnumEmitter.EmitConverter(Enum!, Namespace),
        EmitKind.Envelope => EnvelopeEmitter.EmitEnvelope(Envelope!, Namespace),
        EmitKind.EnvelopeConverter => EnvelopeEmitter.EmitConverter(Envelope!, Namespace),
        EmitKind.BusinessCodes => EnvelopeEmitter.EmitCodes(Envelope!, Namespace),
        EmitKind.JsonContext => JsonContextEmitter.Emit(Contract!),
        EmitKind.PollingExtensions => PollingEmitter.Emit(Namespace, HasEnvelope, Binding!),
        EmitKind.EventType => EventTypeEmitter.Emit(Endpoint!.Events!, Endpoint.Method + " " + Endpoint.Path, Namespace),
        EmitKind.CallExtensions => CallEmitter.Emit(Namespace, Envelope, Object, Binding!),
        _ => throw new InvalidOperationException("Unknown emit kind " + Kind),
    };
}

/// <summary>Which files a contract produces, in a fixed order, each as an <see cref="EmitUnit"/>.</summary>
internal static class EmitPlan
{
    /// <param name="contract">The contract.</param>
    /// <param name="owned">Every type name every contract generates, to leave a type to the contract earlier in path order and to give hint names their case.</param>
    /// <param name="bindings">The endpoints bound to their hand-declared Refit methods by the drift check, or null where Refit is not referenced.</param>
    public static List<EmitUnit> For(ContractModel contract, EquatableArray<OwnedName> owned, IReadOnlyList<EndpointBinding>? bindings)
    {
        string ns = contract.Namespace;
        var units = new List<(string TypeName, EmitUnit Unit)>();
        void Add(string typeName, EmitKind kind, ObjectModel? model = null, EnumModel? @enum = null, EnvelopeModel? envelope = null, ContractModel? whole = null, EndpointBinding? binding = null, EndpointModel? endpoint = null) =>
            units.Add((typeName, new EmitUnit(string.Empty, contract.FilePath, ns, kind, model, @enum, envelope, whole, binding, contract.Envelope is not null, endpoint)));

        foreach (var model in contract.Models)
        {
            Add(model.Name, EmitKind.Model, model: model);
            if (!model.HasFiles)
            {
                Add(GeneratedNames.Converter(model.Name), EmitKind.ModelConverter, model: model);
            }
        }

        foreach (var @enum in contract.Enums)
        {
            Add(@enum.Name, EmitKind.Enum, @enum: @enum);
            Add(GeneratedNames.Converter(@enum.Name), EmitKind.EnumConverter, @enum: @enum);
        }

        if (contract.Envelope is { } envelope)
        {
            Add(envelope.TypeName, EmitKind.Envelope, envelope: envelope);
            Add(GeneratedNames.Converter(envelope.TypeName), EmitKind.EnvelopeConverter, envelope: envelope);
            Add(GeneratedNames.BusinessCodes(envelope.TypeName), EmitKind.BusinessCodes, envelope: envelope);
        }

        if (contract.HasJsonContext)
        {
            Add(GeneratedNames.JsonContext(contract.Name), EmitKind.JsonContext, whole: contract);
        }

        foreach (var endpoint in contract.Endpoints)
        {
            if (endpoint.Events is { } events)
            {
                Add(events.TypeName, EmitKind.EventType, endpoint: endpoint);
            }
        }

        if (bindings is not null)
        {
            foreach (var binding in bindings)
            {
                if (binding.Endpoint.Polling is not null)
                {
                    Add(GeneratedNames.PollingExtensions(binding.Endpoint.Name), EmitKind.PollingExtensions, binding: binding);
                }

                if (binding.Endpoint.HasGeneratedCall)
                {
                    var body = binding.Endpoint.BodyType is { } bodyType ? contract.Models.First(m => m.Name == bodyType) : null;
                    Add(GeneratedNames.CallExtensions(binding.Endpoint.Name), EmitKind.CallExtensions, model: body, envelope: contract.Envelope, binding: binding);
                }
            }
        }

        // A type that a contract earlier in path order already generates is left to that contract
        // (the collision is reported): two files with one hint name would fail the whole generator.
        var takenByOthers = new HashSet<string>(
            owned.Where(name => string.CompareOrdinal(name.ContractFile, contract.FilePath) < 0).Select(name => name.FullName),
            StringComparer.Ordinal);

        // Hint names are compared ignoring case; types whose names differ only by case carry their case.
        var caseSensitive = new HashSet<string>(
            owned.GroupBy(name => name.FullName, StringComparer.OrdinalIgnoreCase)
                .Where(group => group.Select(name => name.FullName).Distinct(StringComparer.Ordinal).Count() > 1)
                .SelectMany(group => group.Select(name => name.FullName)),
            StringComparer.Ordinal);
        return units
            .Where(u => !takenByOthers.Contains(ns + "." + u.TypeName))
            .Select(u => u.Unit with { HintName = GeneratedNames.HintName(ns, u.TypeName, caseSensitive.Contains(ns + "." + u.TypeName)) })
            .ToList();
    }
}
