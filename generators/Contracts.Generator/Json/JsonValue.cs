namespace Contracts.Generator.Json;

/// <summary>The kinds of value a contract file can hold.</summary>
internal enum JsonKind
{
    Object,
    Array,
    String,
    Number,
    True,
    False,
    Null,
}

/// <summary>
/// A JSON value with the span of text it came from, so that every diagnostic can point into the
/// contract file. This tree lives only inside the parser; the pipeline's models never hold it.
/// </summary>
internal abstract class JsonValue
{
    protected JsonValue(JsonKind kind, TextRange range)
    {
        Kind = kind;
        Range = range;
    }

    public JsonKind Kind { get; }

    public TextRange Range { get; }

    /// <summary>How the kind is named in messages ("a string", "an object", ...).</summary>
    public string KindDescription => Describe(Kind);

    public static string Describe(JsonKind kind) => kind switch
    {
        JsonKind.Object => "an object",
        JsonKind.Array => "an array",
        JsonKind.String => "a string",
        JsonKind.Number => "a number",
        JsonKind.True or JsonKind.False => "a boolean",
        _ => "null",
    };
}

/// <summary>Start offset and length of a token or value in the contract text.</summary>
internal readonly record struct TextRange(int Start, int Length)
{
    public int End => Start + Length;
}

internal sealed class JsonObject : JsonValue
{
    public JsonObject(TextRange range, JsonProperty[] properties)
        : base(JsonKind.Object, range)
    {
        Properties = properties;
    }

    /// <summary>Properties in file order; duplicates are kept so the parser can report them.</summary>
    /// <remarks>An array, not an interface: the parser looks keys up thousands of times per contract.</remarks>
    public JsonProperty[] Properties { get; }

    public JsonValue? this[string name] => Find(name)?.Value;

    public JsonProperty? Find(string name)
    {
        foreach (var property in Properties)
        {
            if (property.Name == name)
            {
                return property;
            }
        }

        return null;
    }
}

internal sealed class JsonProperty
{
    public JsonProperty(string name, TextRange nameRange, JsonValue value)
    {
        Name = name;
        NameRange = nameRange;
        Value = value;
    }

    public string Name { get; }

    public TextRange NameRange { get; }

    public JsonValue Value { get; }
}

internal sealed class JsonArray : JsonValue
{
    public JsonArray(TextRange range, JsonValue[] items)
        : base(JsonKind.Array, range)
    {
        Items = items;
    }

    public JsonValue[] Items { get; }
}

/// <summary>A string, number, boolean or null; <see cref="Text"/> is the decoded string or the number's literal text.</summary>
internal sealed class JsonScalar : JsonValue
{
    public JsonScalar(JsonKind kind, TextRange range, string text)
        : base(kind, range)
    {
        Text = text;
    }

    public string Text { get; }
}
