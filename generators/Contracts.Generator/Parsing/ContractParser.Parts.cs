using System.Collections.Generic;
using System.Linq;
using Contracts.Generator.Diagnostics;
using Contracts.Generator.Json;

namespace Contracts.Generator.Parsing;

/// <summary>
/// Reads the root of a contract: the one file's object, or for a contract split over several files
/// (same <c>name</c> and <c>namespace</c>) one object that holds every part's endpoints, models and
/// enums, its one envelope and all the interfaces the parts name.
/// </summary>
internal sealed partial class ContractParser
{
    /// <summary>The keys whose arrays the parts add up.</summary>
    private static readonly string[] PartArrays = { "endpoints", "models", "enums" };

    private JsonObject? ReadRoot(ContractSource source)
    {
        var roots = new List<JsonObject>();
        var offsets = ContractParts.Offsets(source);
        for (int i = 0; i < source.Parts.Count; i++)
        {
            var part = source.Parts[i];
            int offset = offsets[i].Offset;
            if (part.SyntaxError is { } error)
            {
                _reader.Report(DiagnosticDescriptors.InvalidJson, new TextRange(error.Range.Start + offset, error.Range.Length), error.Message);
            }
            else if (_reader.AsObject(ContractParts.Shift(part.Root!, offset), "the contract") is { } obj)
            {
                roots.Add(obj);
            }
        }

        // A part that cannot be read would turn every type it declares into errors in the others.
        if (roots.Count != source.Parts.Count)
        {
            return null;
        }

        return roots.Count == 1 ? roots[0] : Merge(roots);
    }

    private JsonObject Merge(List<JsonObject> parts)
    {
        var first = parts[0];
        var properties = first.Properties
            .Where(p => p.Name is not ("description" or "envelope" or "interface") && !PartArrays.Contains(p.Name))
            .ToList();

        foreach (var part in parts.Skip(1))
        {
            _reader.CheckKeys(part, "the contract", RootKeys);
            ReadFormatVersion(part);
        }

        // The contract's description is the one beside its envelope: the other parts describe their surface.
        var describer = parts.FirstOrDefault(p => p.Find("envelope") is not null && p.Find("description") is not null)
            ?? parts.FirstOrDefault(p => p.Find("description") is not null);
        if (describer?.Find("description") is { } description)
        {
            properties.Add(description);
        }

        JsonProperty? envelope = null;
        string envelopeFile = string.Empty;
        foreach (var part in parts)
        {
            if (part.Find("envelope") is not { } declared)
            {
                continue;
            }

            if (envelope is null)
            {
                envelope = declared;
                envelopeFile = System.IO.Path.GetFileName(_reader.Locate(declared.NameRange).FilePath);
                properties.Add(declared);
            }
            else
            {
                _reader.Report(DiagnosticDescriptors.SecondEnvelope, declared.NameRange, (first["name"] as JsonScalar)?.Text ?? string.Empty, envelopeFile);
            }
        }

        var interfaces = parts.Select(p => p.Find("interface")).Where(p => p is not null).Select(p => p!).ToList();
        if (interfaces.Count > 0)
        {
            var names = interfaces.SelectMany(p => p.Value is JsonArray array ? array.Items : new[] { p.Value }).ToArray();
            properties.Add(new JsonProperty("interface", interfaces[0].NameRange, new JsonArray(interfaces[0].Value.Range, names)));
        }

        foreach (string key in PartArrays)
        {
            var items = new List<JsonValue>();
            JsonProperty? at = null;
            foreach (var part in parts)
            {
                if (_reader.Array(part, key) is { } array)
                {
                    at ??= part.Find(key);
                    items.AddRange(array.Items);
                }
            }

            if (at is not null)
            {
                properties.Add(new JsonProperty(key, at.NameRange, new JsonArray(at.Value.Range, items.ToArray())));
            }
        }

        return new JsonObject(first.Range, properties.ToArray());
    }
}

/// <summary>How the files of a contract are laid end to end, so that one offset names a file and a place in it.</summary>
internal static class ContractParts
{
    /// <summary>Each part's path, text and where its text starts; one character apart, so no offset is in two files.</summary>
    public static List<(string Path, string Text, int Offset)> Offsets(ContractSource source)
    {
        var result = new List<(string, string, int)>(source.Parts.Count);
        int offset = 0;
        foreach (var part in source.Parts)
        {
            result.Add((part.Path, part.Text, offset));
            offset += part.Text.Length + 1;
        }

        return result;
    }

    /// <summary>The same tree with every range moved by <paramref name="offset"/>; the tree itself when it is 0.</summary>
    public static JsonValue Shift(JsonValue value, int offset)
    {
        if (offset == 0)
        {
            return value;
        }

        var range = new TextRange(value.Range.Start + offset, value.Range.Length);
        return value switch
        {
            JsonObject obj => new JsonObject(range, obj.Properties
                .Select(p => new JsonProperty(p.Name, new TextRange(p.NameRange.Start + offset, p.NameRange.Length), Shift(p.Value, offset)))
                .ToArray()),
            JsonArray array => new JsonArray(range, array.Items.Select(item => Shift(item, offset)).ToArray()),
            JsonScalar scalar => new JsonScalar(scalar.Kind, range, scalar.Text),
            _ => value,
        };
    }
}
