using System.Text;
using System.Text.Json.Nodes;
using CsCheck;

namespace Contracts.Generator.Tests.Fuzzing;

/// <summary>One change to a contract's text: what kind, where (a fraction of the text or of its nodes), and with what.</summary>
internal sealed record Mutation(MutationKind Kind, double Where, int Pick, int Count)
{
    public override string ToString() => $"{Kind}(where {Where:0.000}, pick {Pick}, count {Count})";
}

internal enum MutationKind
{
    // Byte level.
    Truncate,
    ReplaceCharacter,
    InsertText,
    InvalidUtf8,

    // Structure level.
    DeleteKey,
    DuplicateKey,
    RenameKey,
    SwapValueKind,
    ReplaceString,
    ReplaceNumber,
    RepeatArrayItem,
    DeepNesting,
}

/// <summary>
/// Seeded mutations of the repository's contracts, at the byte level (truncation, flips,
/// insertions, invalid UTF-8) and the structure level (deleted, duplicated and renamed keys,
/// swapped value kinds, strings a contract author never meant, thousands of items, deep nesting).
/// CsCheck draws the mutations, so a failure shrinks to a small one and prints its seed.
/// </summary>
internal static class ContractMutations
{
    /// <summary>Strings from every class of trouble: keywords, names the generated code owns, case and invisible-character twins, line breaks, sizes.</summary>
    private static readonly string[] Strings =
    [
        "", " ", "class", "await", "var", "record", "value__", "item", "token", "api", "progress", "options", "cancellationToken", "ct", "error",
        "reader", "writer", "value", "EqualityContract", "Clone", "ToString", "Equals", "GetType", "Default", "Options", "GetTypeInfo", "Create",
        "All", "Find", "Code", "Data", "Task", "Uri", "String", "Item", "ITEM", "item_", "It\u00ADem", "Ite\u200Bm", "Name", "NAME", "name",
        "a\u2028b", "a\u2029b", "a\u0085b", "a\rb", "a\nb", "line1\r\nline2", "*/ </summary> \"quoted\" <tag>", "\\", "{id}", "/v1/{id}",
        "string[]", "Job[][]", "int", "long", "double", "decimal", "bool", "uri", "duration", "timestamp", "TaskVideo", "VideoStatus",
        "GET", "POST", "get", "number", "string", "seconds", "pending", "success", "failure", "1e309", "NaN", "0000", "\ud83d\ude00",
        new string('x', 5_000), "Memories.Contracts", "Acme.Everything", "global", "System", "_", "__", "a-b", "9lives",
        "file", "file[]", "JobPatch[]", "[DONE]", "done", "payload", "RateBudgets", "Table", "task-status", "Task-Status", "a--b", "writes",
        "ToFormContent", "Kind", "UnknownJson", "Decode", "request", "upload", "Envelope", "Format", "JobNews", "Attachments",
    ];

    private static readonly string[] Keys =
    [
        "name", "wire", "type", "required", "values", "fields", "models", "enums", "endpoints", "envelope", "query", "polling", "default",
        "encoding", "unit", "aliases", "outcome", "unknown", "codes", "code", "message", "data", "successCode", "parameter", "items", "id",
        "status", "emptyIsAmbiguous", "rateLimit", "requests", "perSeconds", "path", "method", "response", "description", "nme", "$schema",
        "body", "form", "multipart", "events", "discriminator", "kinds", "end", "field", "value", "budget", "burst", "pathParameters", "interface",
    ];

    private static readonly string[] Numbers = ["0", "-1", "1", "1.5", "1e309", "-1e309", "2147483648", "9223372036854775808", "1e3", "0.0000001", "20"];

    private static readonly string[] Insertions = ["{", "}", "[", "]", "\"", ",", ":", "\\", "\\u", "\u0001", "null", "//", "/*", "\uFEFF", "\ud800", "\"x\":1,", "\n"];

    public static Gen<Mutation> Mutation { get; } =
        Gen.Select(
            Gen.Int[0, Enum.GetValues<MutationKind>().Length - 1],
            Gen.Int[0, 1000],
            Gen.Int[0, 10_000],
            Gen.Frequency((20, Gen.Int[1, 3]), (2, Gen.Int[4, 50]), (1, Gen.Int[500, 2_000])),
            (kind, where, pick, count) => new Mutation((MutationKind)kind, where / 1000.0, pick, count));

    /// <summary>Applies the mutations in order; a structure-level one on text that is no longer JSON becomes a byte-level insertion.</summary>
    public static string Apply(string text, IEnumerable<Mutation> mutations)
    {
        foreach (var mutation in mutations)
        {
            text = Apply(text, mutation);
        }

        return text;
    }

    private static string Apply(string text, Mutation m)
    {
        int at = (int)(m.Where * text.Length);
        switch (m.Kind)
        {
            case MutationKind.Truncate:
                return text[..at];
            case MutationKind.ReplaceCharacter when text.Length > 0:
                string replacement = Insertions[m.Pick % Insertions.Length];
                return text[..Math.Min(at, text.Length - 1)] + replacement + text[(Math.Min(at, text.Length - 1) + 1)..];
            case MutationKind.InsertText:
            case MutationKind.ReplaceCharacter:
                return text[..at] + Insertions[m.Pick % Insertions.Length] + text[at..];
            case MutationKind.InvalidUtf8:
                // What the compiler hands the generator for a file with bytes that are not UTF-8.
                var bytes = Encoding.UTF8.GetBytes(text).ToList();
                bytes.Insert(Math.Min((int)(m.Where * bytes.Count), bytes.Count), (byte)(m.Pick % 2 == 0 ? 0xFF : 0xC3));
                return Encoding.UTF8.GetString(bytes.ToArray());
        }

        try
        {
            return ApplyToStructure(text, m);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or ArgumentException or InvalidOperationException)
        {
            // Not JSON any more (or JSON that System.Text.Json's tree cannot hold, such as duplicate keys).
            return text[..at] + Insertions[m.Pick % Insertions.Length] + text[at..];
        }
    }

    private static string ApplyToStructure(string text, Mutation m)
    {
        var root = JsonNode.Parse(text);
        if (root is null)
        {
            return text;
        }

        var nodes = Flatten(root).ToList();
        var node = nodes[(int)(m.Where * (nodes.Count - 1))];
        const string duplicateMark = "\u0001duplicate";
        switch (m.Kind)
        {
            case MutationKind.DeleteKey when node.Parent is JsonObject parent:
                parent.Remove(node.GetPropertyName());
                break;
            case MutationKind.DuplicateKey when node.Parent is JsonObject parent:
                parent[node.GetPropertyName() + duplicateMark] = node.DeepClone();
                break;
            case MutationKind.RenameKey when node.Parent is JsonObject parent:
                string key = Keys[m.Pick % Keys.Length];
                string old = node.GetPropertyName();
                parent.Remove(old);
                parent[parent.ContainsKey(key) ? key + duplicateMark : key] = node;
                break;
            case MutationKind.SwapValueKind:
                Replace(node, (m.Pick % 6) switch
                {
                    0 => JsonValue.Create("text"),
                    1 => JsonValue.Create(7),
                    2 => JsonValue.Create(true),
                    3 => null,
                    4 => new JsonArray(),
                    _ => new JsonObject(),
                });
                break;
            case MutationKind.ReplaceString when node is JsonValue value && value.TryGetValue<string>(out var current):
                string chosen = Strings[m.Pick % Strings.Length];
                Replace(node, JsonValue.Create((m.Count % 4) switch
                {
                    0 => chosen,
                    1 => current.ToUpperInvariant(),
                    2 => current + chosen,
                    _ => current.Length > 0 ? current[..1].ToLowerInvariant() + current[1..] : chosen,
                }));
                break;
            case MutationKind.ReplaceNumber:
                Replace(node, JsonNode.Parse(Numbers[m.Pick % Numbers.Length]));
                break;
            case MutationKind.RepeatArrayItem when node.Parent is JsonArray array:
                for (int i = 0; i < m.Count; i++)
                {
                    var copy = node.DeepClone();
                    if (copy is JsonObject item)
                    {
                        Suffix(item, "name", i);
                        Suffix(item, "wire", i);
                    }

                    array.Add(copy);
                }

                break;
            case MutationKind.DeepNesting:
                JsonNode nested = JsonValue.Create(1);
                for (int i = 0; i < 20 + (m.Count % 80); i++)
                {
                    nested = new JsonArray(nested);
                }

                Replace(node, nested);
                break;
        }

        return root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })
            .Replace("\\u0001duplicate", string.Empty, StringComparison.Ordinal);
    }

    private static void Suffix(JsonObject item, string key, int i)
    {
        if (item[key] is JsonValue value && value.TryGetValue<string>(out var text))
        {
            item[key] = text + "_" + i;
        }
    }

    private static void Replace(JsonNode node, JsonNode? replacement)
    {
        switch (node.Parent)
        {
            case JsonObject parent:
                parent[node.GetPropertyName()] = replacement;
                break;
            case JsonArray array:
                array[node.GetElementIndex()] = replacement;
                break;
        }
    }

    private static IEnumerable<JsonNode> Flatten(JsonNode node)
    {
        yield return node;
        var children = node switch
        {
            JsonObject obj => obj.Select(p => p.Value),
            JsonArray array => array,
            _ => [],
        };
        foreach (var child in children.ToList())
        {
            if (child is not null)
            {
                foreach (var descendant in Flatten(child))
                {
                    yield return descendant;
                }
            }
        }
    }
}
