using System.Text.Json.Nodes;
using CsCheck;

namespace Contracts.Generator.Tests.Fuzzing;

/// <summary>What a vendor does to a contract between two releases: each change keeps it a contract, and moves it away from the interface declared for it.</summary>
internal enum EvolutionKind
{
    AddQueryKey,
    RenameQueryKey,
    RemoveQueryKey,
    RetypeQueryKey,
    AddPathParameter,
    MoveRoute,
    ChangeHttpMethod,
    AddEndpoint,
    ChangeResponse,
    SwapBodyKind,
    AnswerEvents,
}

/// <summary>One change: its kind, the endpoint it touches (by index, wrapped), and the name and type it picks.</summary>
internal sealed record Evolution(EvolutionKind Kind, int Endpoint, int Pick)
{
    public override string ToString() => $"{Kind}(endpoint {Endpoint}, pick {Pick})";
}

/// <summary>
/// Seeded changes to a valid contract of the kinds a vendor's release brings: keys added,
/// renamed, removed or retyped, routes and HTTP methods moved, endpoints added, answers and
/// bodies changed. Unlike <see cref="ContractMutations"/>, which look for contracts that break the
/// generator, these look for drift: the contract stays valid, its interface no longer matches.
/// </summary>
internal static class ContractEvolutions
{
    private static readonly string[] Keys = ["page_no", "sort_by", "lang", "cursor", "include_all", "class", "options", "progress", "after_ts"];

    private static readonly string[] Types = ["string", "int", "long", "bool", "double", "timestamp"];

    public static Gen<Evolution> Evolution { get; } = Gen.Select(
        Gen.Int[0, Enum.GetValues<EvolutionKind>().Length - 1],
        Gen.Int[0, 100],
        Gen.Int[0, 1000],
        (kind, endpoint, pick) => new Evolution((EvolutionKind)kind, endpoint, pick));

    public static Gen<Evolution[]> Release { get; } = Evolution.Array[1, 4];

    /// <summary>The contract after the changes; a change that does not apply to its endpoint (no query key to rename) changes nothing.</summary>
    public static string Apply(string contract, IEnumerable<Evolution> changes)
    {
        var root = JsonNode.Parse(contract)!.AsObject();
        foreach (var change in changes)
        {
            var endpoints = root["endpoints"]!.AsArray();
            var endpoint = endpoints[change.Endpoint % endpoints.Count]!.AsObject();
            Apply(root, endpoint, change);
        }

        return root.ToJsonString();
    }

    private static void Apply(JsonObject root, JsonObject endpoint, Evolution change)
    {
        string key = Keys[change.Pick % Keys.Length];
        string type = Types[change.Pick / Keys.Length % Types.Length];
        var query = endpoint["query"] as JsonArray;
        bool hasBody = endpoint.ContainsKey("body") || endpoint.ContainsKey("form") || endpoint.ContainsKey("multipart");
        switch (change.Kind)
        {
            case EvolutionKind.AddQueryKey when query is null || !query.Any(q => (string?)q!["name"] == key):
                query ??= [];
                endpoint["query"] = query;
                var parameter = new JsonObject { ["name"] = key, ["type"] = type };
                if (change.Pick % 3 == 0)
                {
                    parameter["required"] = true;
                }

                query.Add(parameter);
                break;
            case EvolutionKind.RenameQueryKey when query is { Count: > 0 } && !query.Any(q => (string?)q!["name"] == key):
                query[change.Pick % query.Count]!["name"] = key;
                break;
            case EvolutionKind.RemoveQueryKey when query is { Count: > 0 } && !IsPollingParameter(endpoint, query[change.Pick % query.Count]!):
                query.RemoveAt(change.Pick % query.Count);
                break;
            case EvolutionKind.RetypeQueryKey when query is { Count: > 0 }:
                var retyped = query[change.Pick % query.Count]!.AsObject();
                retyped["type"] = type;
                retyped.Remove("default");
                break;
            case EvolutionKind.AddPathParameter when !((string)endpoint["path"]!).Contains("{scope_id}", StringComparison.Ordinal):
                endpoint["path"] = "/v2/{scope_id}" + (string)endpoint["path"]!;
                var path = endpoint["pathParameters"] as JsonArray ?? [];
                endpoint["pathParameters"] = path;
                path.Insert(0, new JsonObject { ["name"] = "scope_id", ["type"] = "string" });
                break;
            case EvolutionKind.MoveRoute:
                endpoint["path"] = (string)endpoint["path"]! + "/" + key.Replace('_', '-');
                break;
            case EvolutionKind.ChangeHttpMethod when !hasBody:
                endpoint["method"] = (string?)endpoint["method"] == "GET" ? "POST" : "GET";
                break;
            case EvolutionKind.AddEndpoint:
                var copy = endpoint.DeepClone().AsObject();
                copy["name"] = (string)endpoint["name"]! + "Next";
                copy["path"] = (string)endpoint["path"]! + "/next";
                if (copy["polling"] is not null)
                {
                    copy.Remove("polling");
                }

                root["endpoints"]!.AsArray().Add(copy);
                break;
            case EvolutionKind.ChangeResponse when endpoint["polling"] is null && endpoint["events"] is null:
                var models = root["models"]!.AsArray();
                endpoint["response"] = change.Pick % 4 == 0 ? "file" : (string)models[change.Pick % models.Count]!["name"]! + (change.Pick % 3 == 0 ? "[]" : string.Empty);
                break;
            case EvolutionKind.SwapBodyKind when hasBody:
                // A JSON body becomes a form, a form or multipart body becomes JSON (when its model can travel so; else the contract says why, which is fine too).
                string from = endpoint.ContainsKey("body") ? "body" : endpoint.ContainsKey("form") ? "form" : "multipart";
                string to = from == "body" ? (change.Pick % 2 == 0 ? "form" : "multipart") : "body";
                var model = endpoint[from]!.DeepClone();
                endpoint.Remove(from);
                endpoint[to] = model;
                break;
            case EvolutionKind.AnswerEvents when endpoint["polling"] is null && !hasBody && (string?)endpoint["method"] == "GET" && root["models"]!.AsArray().Count > 0:
                endpoint.Remove("response");
                var first = (string)root["models"]!.AsArray()[0]!["name"]!;
                endpoint["events"] = new JsonObject { ["discriminator"] = "type", ["kinds"] = new JsonObject { ["line"] = first }, ["end"] = new JsonObject { ["data"] = new JsonArray("[DONE]") } };
                break;
        }
    }

    /// <summary>True when the polling annotation names the key (removing it would make the contract refuse itself).</summary>
    private static bool IsPollingParameter(JsonObject endpoint, JsonNode parameter) =>
        endpoint["polling"] is JsonObject polling && polling.ToJsonString().Contains("\"" + (string?)parameter["name"] + "\"", StringComparison.Ordinal);
}
