using System;
using System.Collections.Generic;
using System.Linq;
using Contracts.Generator.Diagnostics;
using Contracts.Generator.Json;
using Contracts.Generator.Model;
using Contracts.Generator.Naming;

namespace Contracts.Generator.Parsing;

/// <summary>What an endpoint answers: a model in the envelope (<c>response</c>), a file (<c>"response": "file"</c>), or server-sent events (<c>events</c>).</summary>
internal sealed partial class ContractParser
{
    private static readonly string[] EventsKeys = { "name", "description", "discriminator", "kinds", "end" };
    private static readonly string[] EventsEndKeys = { "data", "field", "value" };

    /// <summary>The contract's envelope, for the events' end marker; null when it declares none or it is broken.</summary>
    private EnvelopeModel? _envelope;

    /// <summary>Whether the contract declares an envelope, even one that is broken (its own diagnostics say so).</summary>
    private bool _declaresEnvelope;

    private readonly record struct Answer(bool Ok, AnswerKind Kind, ObjectModel? Response, EventsModel? Events, bool List = false);

    private Answer ReadAnswer(JsonObject node, string where, string? endpointName, Dictionary<string, ObjectModel> models)
    {
        var eventsNode = node.Find("events");
        if (eventsNode is { } events)
        {
            if (node.Find("response") is { } both)
            {
                _reader.Report(DiagnosticDescriptors.InvalidValue, both.NameRange, "response", where, "either \"response\" or \"events\": an endpoint that answers events has no response model");
                return default;
            }

            var model = _reader.AsObject(events.Value, "events") is { } eventsObject && endpointName is not null
                ? ParseEvents(eventsObject, where, endpointName, models)
                : null;
            return new Answer(model is not null, AnswerKind.Events, null, model);
        }

        var responseText = _reader.String(node, "response", where, "\"ResponseModel\"");
        if (responseText is null)
        {
            return default;
        }

        if (responseText.Text == "file")
        {
            return new Answer(true, AnswerKind.File, null, null);
        }

        // "Model[]": the envelope's data is a JSON array of the model.
        bool list = responseText.Text.EndsWith("[]", StringComparison.Ordinal);
        string modelName = list ? responseText.Text.Substring(0, responseText.Text.Length - 2) : responseText.Text;
        if (models.TryGetValue(modelName, out var response))
        {
            if (!response.HasFiles)
            {
                return new Answer(true, AnswerKind.Json, response, null, list);
            }

            _reader.Report(DiagnosticDescriptors.InvalidValue, responseText.Range, responseText.Text, "response", "a model without file fields (files travel only in \"multipart\" requests)");
            return default;
        }

        if (ResolveType(responseText, allowModels: true) is not null)
        {
            // The name resolved, but not to a model: an enum, a primitive or an array.
            _reader.Report(DiagnosticDescriptors.InvalidValue, responseText.Range, responseText.Text, "response", "the name of a model declared in this contract, \"Model[]\" for an array of it, or \"file\" for an answer that is a file");
        }

        return default;
    }

    /// <summary>
    /// The <c>events</c> of an endpoint: the discriminator, one model per kind, and the end marker.
    /// The generated event type (<c>{Endpoint}Event</c> unless named) holds one property per kind.
    /// </summary>
    private EventsModel? ParseEvents(JsonObject node, string endpointWhere, string endpointName, Dictionary<string, ObjectModel> models)
    {
        string where = "the events of " + endpointWhere;
        _reader.CheckKeys(node, where, EventsKeys);
        string? typeName = _reader.Identifier(node, "name", where, derivedFrom: endpointName + "Event");
        var discriminator = _reader.String(node, "discriminator", where, "\"type\"");
        bool ok = typeName is not null && discriminator is not null;

        string scope = "the event type '" + (typeName ?? "?") + "'";
        _names.Reserve(scope, GeneratedNames.EventMembers, "a member of the generated event type");
        _names.Reserve(scope, GeneratedNames.RecordMembers, "a member the compiler gives every record");
        _names.Reserve(scope, GeneratedNames.ObjectMembers, "a member of every object");
        if (typeName is not null)
        {
            _names.Reserve(scope, new[] { typeName }, "the type's own name (C# members cannot share their type's name)");
        }

        var kinds = new List<EventKindModel>();
        if (_reader.Object(node, "kinds") is { } kindsNode)
        {
            foreach (var kind in kindsNode.Properties)
            {
                string kindWhere = "event kind '" + kind.Name + "' of " + endpointWhere;
                if (kind.Value is not JsonScalar { Kind: JsonKind.String } modelName)
                {
                    _reader.Report(DiagnosticDescriptors.WrongValueKind, kind.Value.Range, kind.Name, "the name of the model the kind decodes to", kind.Value.KindDescription);
                    ok = false;
                    continue;
                }

                if (!models.TryGetValue(modelName.Text, out var model) || model.HasFiles)
                {
                    if (model is not null || ResolveType(modelName, allowModels: true) is not null)
                    {
                        _reader.Report(DiagnosticDescriptors.InvalidValue, modelName.Range, modelName.Text, kind.Name, "the name of a model without file fields declared in this contract");
                    }

                    ok = false;
                    continue;
                }

                string property = Identifiers.ToPascalCase(kind.Name);
                if (!Identifiers.IsValidIdentifier(property))
                {
                    _reader.Report(DiagnosticDescriptors.InvalidIdentifier, kind.NameRange, property, kindWhere + " (the property of the event type that holds it)", Identifiers.Suggest(kind.Name));
                    ok = false;
                    continue;
                }

                ok &= _names.Claim(scope, property, "Event kind", "the property of " + kindWhere, kind.NameRange);
                kinds.Add(new EventKindModel(kind.Name, model.Name, property));
            }

            if (kindsNode.Properties.Length == 0)
            {
                _reader.Report(DiagnosticDescriptors.InvalidValue, kindsNode.Range, "{}", "kinds", "at least one kind: { \"content\": \"ContentEvent\" }");
                ok = false;
            }
        }
        else if (node["kinds"] is null)
        {
            _reader.Report(DiagnosticDescriptors.MissingKey, ContractReader.OpeningBrace(node), "kinds", where, "{ \"content\": \"ContentEvent\" }");
            ok = false;
        }

        var endData = new List<string>();
        string? endField = null, endValue = null;
        if (_reader.Object(node, "end") is { } end)
        {
            string endWhere = "the end of " + endpointWhere + "'s events";
            _reader.CheckKeys(end, endWhere, EventsEndKeys);
            foreach (var item in ItemsOf(_reader.Array(end, "data")))
            {
                if (item is JsonScalar { Kind: JsonKind.String } marker && marker.Text.Trim().Length > 0)
                {
                    endData.Add(marker.Text.Trim());
                }
                else
                {
                    _reader.Report(DiagnosticDescriptors.WrongValueKind, item.Range, "data", "an array of non-empty strings", "an array holding " + item.KindDescription);
                    ok = false;
                }
            }

            var endFieldText = _reader.String(end, "field", endWhere);
            endField = endFieldText?.Text;
            endValue = _reader.String(end, "value", endWhere)?.Text;
            if (endFieldText is not null && _envelope is not { } envelope)
            {
                if (!_declaresEnvelope)
                {
                    _reader.Report(DiagnosticDescriptors.InvalidValue, endFieldText.Range, endFieldText.Text, "field", "a field of the contract's envelope (a final envelope ends the stream), but the contract declares no envelope; end the stream with \"data\" markers instead");
                }

                ok = false;
            }
            else if (endFieldText is not null && endField != _envelope!.DataWire && endField != _envelope.MessageWire)
            {
                _reader.Report(DiagnosticDescriptors.InvalidValue, endFieldText.Range, endFieldText.Text, "field", "the envelope's data field \"" + _envelope.DataWire + "\" or message field \"" + _envelope.MessageWire + "\", whose value in a final envelope ends the stream");
                ok = false;
            }
            else if ((endField is null) != (endValue is null))
            {
                _reader.Report(DiagnosticDescriptors.InvalidValue, end.Range, "end", endWhere, "both \"field\" and \"value\" (a final envelope whose field has that value ends the stream), or neither");
                ok = false;
            }
            else if (endData.Count == 0 && endField is null)
            {
                _reader.Report(DiagnosticDescriptors.InvalidValue, end.Range, "end", endWhere, "what ends the stream: \"data\": [\"[DONE]\"], or \"field\" and \"value\" of a final envelope");
                ok = false;
            }
        }
        else if (node["end"] is null)
        {
            _reader.Report(DiagnosticDescriptors.MissingKey, ContractReader.OpeningBrace(node), "end", where, "{ \"data\": [\"[DONE]\"] }");
            ok = false;
        }

        if (!ok || typeName is null || discriminator is null)
        {
            return null;
        }

        var nameRange = node.Find("name")?.Value.Range ?? node.Range;
        if (!_names.Claim(GeneratedNameRegistry.NamespaceScope, typeName, "Generated type", "the event type of " + endpointWhere, nameRange))
        {
            return null;
        }

        return new EventsModel(typeName, discriminator.Text, kinds.ToEquatableArray(), endData.ToEquatableArray(), endField, endValue);
    }
}
