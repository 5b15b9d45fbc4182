using System.Text.Json;
using System.Text.Json.Nodes;

namespace Contracts.Generator.Tests.Infrastructure;

/// <summary>Joins and splits contract texts, as the generator joins the files of one contract.</summary>
internal static class ContractFiles
{
    private static readonly string[] Arrays = ["endpoints", "models", "enums"];

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>One contract holding every part's endpoints, models and enums, its envelope and the description beside it, and the first interface.</summary>
    public static string Join(IEnumerable<string> parts, IReadOnlyCollection<string>? endpoints = null)
    {
        var roots = parts.Select(text => JsonNode.Parse(text)!.AsObject()).ToList();
        var joined = new JsonObject();
        if (roots.FirstOrDefault(r => r.ContainsKey("envelope") && r.ContainsKey("description")) is { } described)
        {
            joined["description"] = described["description"]!.DeepClone();
        }

        foreach (var root in roots)
        {
            foreach (var (key, value) in root)
            {
                if (Arrays.Contains(key))
                {
                    var array = joined[key] as JsonArray ?? (JsonArray)(joined[key] = new JsonArray());
                    foreach (var item in value!.AsArray())
                    {
                        if (key == "endpoints" && endpoints is not null && !endpoints.Contains((string)item!["name"]!))
                        {
                            continue;
                        }

                        array.Add(item!.DeepClone());
                    }
                }
                else if (!joined.ContainsKey(key))
                {
                    joined[key] = value?.DeepClone();
                }
            }
        }

        return joined.ToJsonString(Indented).Replace("\r\n", "\n", StringComparison.Ordinal);
    }
}
