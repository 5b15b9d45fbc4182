using System.ComponentModel;
using System.Text.Json;

namespace Contracts.Runtime.Json;

/// <summary>
/// The wire values an enum lists (its values and aliases): a generated reader asks which one the
/// reader is on and gets back the one shared string for it, so decoding a known status allocates
/// nothing; any other value is read as new text. One lookup, however many values the contract lists.
/// </summary>
/// <remarks>For generated code; hidden from IntelliSense.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class KnownWireValues
{
    private readonly WirePropertyNames _utf8;
    private readonly string[] _texts;
    private readonly Dictionary<string, int> _indices;

    /// <summary>Creates the table.</summary>
    /// <param name="values">The wire values; each may appear once.</param>
    /// <exception cref="ArgumentException">A value is null or appears twice.</exception>
    public KnownWireValues(params string[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _utf8 = new WirePropertyNames(values);
        _texts = (string[])values.Clone();
        _indices = new Dictionary<string, int>(values.Length, StringComparer.Ordinal);
        for (int i = 0; i < values.Length; i++)
        {
            _indices.Add(values[i], i);
        }
    }

    /// <summary>The position of a wire value in the table, compared exactly (ordinal); -1 for any other text or null.</summary>
    /// <param name="value">The value as received.</param>
    /// <returns>The index given to the constructor, or -1.</returns>
    public int IndexOf(string? value) => value is not null && _indices.TryGetValue(value, out int index) ? index : -1;

    /// <summary>The shared string of a listed value given as unescaped UTF-8; null for any other.</summary>
    internal string? Find(ReadOnlySpan<byte> unescapedUtf8)
    {
        int index = _utf8.IndexOfName(unescapedUtf8);
        return index >= 0 ? _texts[index] : null;
    }

    /// <summary>Reads the value at the reader as text: a listed value as its shared string, anything else as read.</summary>
    /// <param name="reader">The reader, on the value's token.</param>
    /// <returns>The text, or null for a JSON null.</returns>
    /// <exception cref="JsonException">The value is an object or array, or a string that is no valid text.</exception>
    public string? Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            int next = 0;
            int index = _utf8.IndexOf(ref reader, ref next);
            if (index >= 0)
            {
                return _texts[index];
            }
        }

        return WireJson.ReadString(ref reader);
    }
}
