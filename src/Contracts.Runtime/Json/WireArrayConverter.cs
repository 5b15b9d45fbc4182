using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Contracts.Runtime.Json;

/// <summary>
/// Reads and writes a bare JSON array (a request body such as <c>["VI1","VI2"]</c>) with the item
/// reader and writer the contract's types already have; the JSON context offers it as an array and
/// as a read-only list, whichever the Refit method declares.
/// </summary>
/// <typeparam name="TItem">The item type.</typeparam>
/// <typeparam name="TCollection">The declared collection: <c>TItem[]</c> or <c>IReadOnlyList&lt;TItem&gt;</c>.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class WireArrayConverter<TItem, TCollection> : JsonConverter<TCollection>
    where TCollection : class, IReadOnlyList<TItem>
{
    private readonly WireValueReader<TItem?> _read;
    private readonly WireValueWriter<TItem> _write;
    private readonly Func<List<TItem>, TCollection> _create;

    /// <summary>Creates the converter.</summary>
    /// <param name="read">Reads one item (null for a JSON null, which is skipped).</param>
    /// <param name="write">Writes one item.</param>
    /// <param name="create">Makes the declared collection from the items read.</param>
    public WireArrayConverter(WireValueReader<TItem?> read, WireValueWriter<TItem> write, Func<List<TItem>, TCollection> create)
    {
        _read = read;
        _write = write;
        _create = create;
    }

    /// <inheritdoc/>
    public override TCollection? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        WireArrays.Read(ref reader, _read) is { } items ? _create(items) : null;

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, TCollection value, JsonSerializerOptions options) =>
        WireArrays.Write(writer, value, _write);
}
