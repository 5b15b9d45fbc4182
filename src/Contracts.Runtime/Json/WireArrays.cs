using System.ComponentModel;
using System.Text.Json;

namespace Contracts.Runtime.Json;

/// <summary>
/// A JSON array read and written with the item reader and writer the contract's types already
/// have: an answer whose data is an array (<c>"response": "Model[]"</c>), and bare array bodies.
/// For the generated code; not meant to be called directly.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class WireArrays
{
    /// <summary>A reader of an array of items, as a read-only list; null for a JSON null.</summary>
    /// <typeparam name="TItem">The item type.</typeparam>
    /// <param name="item">Reads one item; a null item is left out.</param>
    /// <returns>The reader.</returns>
    public static WireValueReader<IReadOnlyList<TItem>?> Reader<TItem>(WireValueReader<TItem?> item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return (ref Utf8JsonReader reader) => Read(ref reader, item);
    }

    /// <summary>A writer of a list of items as a JSON array.</summary>
    /// <typeparam name="TItem">The item type.</typeparam>
    /// <param name="item">Writes one item.</param>
    /// <returns>The writer.</returns>
    public static WireValueWriter<IReadOnlyList<TItem>> Writer<TItem>(WireValueWriter<TItem> item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return (writer, items) => Write(writer, items, item);
    }

    /// <summary>Reads an array; a failing item's error carries its index in the JSON path.</summary>
    internal static List<TItem>? Read<TItem>(ref Utf8JsonReader reader, WireValueReader<TItem?> item)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("Expected a JSON array.");
        }

        var items = new List<TItem>();
        int index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            try
            {
                if (item(ref reader) is { } value)
                {
                    items.Add(value);
                }
            }
            catch (JsonException error)
            {
                throw WireJson.AtIndex(error, index);
            }

            index++;
        }

        return items;
    }

    internal static void Write<TItem>(Utf8JsonWriter writer, IEnumerable<TItem> items, WireValueWriter<TItem> item)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(items);
        writer.WriteStartArray();
        foreach (var value in items)
        {
            item(writer, value);
        }

        writer.WriteEndArray();
    }
}
