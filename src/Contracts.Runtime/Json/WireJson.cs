using System.Buffers;
using System.Buffers.Text;
using System.ComponentModel;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Contracts.Runtime.Json;

/// <summary>
/// Lenient reading and exact writing of the wire forms real APIs use: numbers and timestamps as
/// JSON strings or numbers, durations in seconds, arrays that may be null. Generated converters
/// call these so that the decoding rules live, and are tested, in one place.
/// </summary>
/// <remarks>
/// Every <c>Read*</c> method expects the reader on the value's first token and leaves it on the
/// value's last token, as <see cref="System.Text.Json.Serialization.JsonConverter{T}.Read"/> does.
/// A JSON null, and an empty string where a number is expected, read as null. Generated code is
/// its only intended caller, so it is hidden from IntelliSense.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class WireJson
{
    /// <summary>Checks that the reader is on the start of an object.</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="typeName">The type being read, for the error message.</param>
    /// <exception cref="JsonException">The value is not an object.</exception>
    public static void ExpectStartObject(ref Utf8JsonReader reader, string typeName)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Expected a JSON object for {typeName}, found {Describe(reader.TokenType)}.");
        }
    }

    /// <summary>
    /// Moves to the next property name of the current object. Returns false at the end of the object.
    /// </summary>
    /// <param name="reader">The reader, on the object's start or on the last token of the previous value.</param>
    /// <returns>True when the reader is on a property name.</returns>
    public static bool NextProperty(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new JsonException("The JSON ended inside an object.");
        }

        return reader.TokenType == JsonTokenType.PropertyName;
    }

    /// <summary>Moves from a property name to its value.</summary>
    /// <param name="reader">The reader, on a property name.</param>
    public static void MoveToValue(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new JsonException("The JSON ended after a property name.");
        }
    }

    /// <summary>Skips the value of a property this contract does not declare (new fields must not break old clients).</summary>
    /// <param name="reader">The reader, on a property name.</param>
    public static void SkipValue(ref Utf8JsonReader reader)
    {
        MoveToValue(ref reader);
        reader.Skip();
    }

    /// <summary>The error for a required property that is missing or null.</summary>
    /// <param name="typeName">The type being read.</param>
    /// <param name="wireName">The property's name on the wire.</param>
    /// <returns>The exception to throw.</returns>
    public static JsonException MissingProperty(string typeName, string wireName) =>
        new WireDecodeException($"the required property '{wireName}' is missing.", typeName, wireName, "$");

    /// <summary>Reads a string; numbers and booleans are taken as their text, so a code sent as <c>0</c> is not lost.</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>The text, or null for a JSON null.</returns>
    public static string? ReadString(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => Text(ref reader),
        JsonTokenType.Null => null,
        JsonTokenType.Number => Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan),
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        _ => throw Unexpected(ref reader, "a string"),
    };

    /// <summary>Reads <c>true</c>/<c>false</c>, also when sent as <c>"true"</c>, <c>"false"</c>, <c>1</c>, <c>0</c>, <c>"1"</c> or <c>"0"</c>.</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>The value, or null for a JSON null or an empty string.</returns>
    public static bool? ReadBoolean(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.True:
                return true;
            case JsonTokenType.False:
                return false;
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number when reader.TryGetInt32(out int number) && number is 0 or 1:
                return number == 1;
            case JsonTokenType.String:
                string text = Text(ref reader).Trim();
                if (text.Length == 0)
                {
                    return null;
                }

                if (bool.TryParse(text, out bool parsed))
                {
                    return parsed;
                }

                if (text is "0" or "1")
                {
                    return text == "1";
                }

                throw Unparsable(text, "a boolean");
            default:
                throw Unexpected(ref reader, "a boolean");
        }
    }

    /// <summary>Reads a 32-bit integer sent as a JSON number or a numeric string.</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>The value, or null for a JSON null or an empty string.</returns>
    public static int? ReadInt32(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int value))
        {
            return value;
        }

        if (TryParseUnescapedString(ref reader, out int parsed))
        {
            return parsed;
        }

        return ReadIntegral(ref reader, int.MinValue, int.MaxValue, "a 32-bit integer") is { } integral ? (int)integral : null;
    }

    /// <summary>Reads a 64-bit integer sent as a JSON number or a numeric string.</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>The value, or null for a JSON null or an empty string.</returns>
    public static long? ReadInt64(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long value))
        {
            return value;
        }

        if (TryParseUnescapedString(ref reader, out long parsed))
        {
            return parsed;
        }

        return ReadIntegral(ref reader, long.MinValue, long.MaxValue, "a 64-bit integer") is { } integral ? (long)integral : null;
    }

    /// <summary>
    /// A whole number in any JSON form: <c>17</c>, <c>17.0</c>, <c>1.7e1</c> or any of those as a
    /// string. A fraction or a value outside [<paramref name="min"/>, <paramref name="max"/>] is
    /// refused with a message that says which.
    /// </summary>
    private static decimal? ReadIntegral(ref Utf8JsonReader reader, decimal min, decimal max, string expected)
    {
        string text;
        if (reader.TokenType == JsonTokenType.Number)
        {
            text = NumberText(ref reader);
        }
        else if (ReadNumericString(ref reader, expected) is { } numeric)
        {
            text = numeric;
        }
        else
        {
            return null;
        }

        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal number))
        {
            bool tooLarge = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double approximate) && !double.IsNaN(approximate);
            throw new JsonException(tooLarge
                ? $"The number {Truncate(text)} does not fit {expected}."
                : $"Expected {expected}, found the string \"{Truncate(text)}\".");
        }

        if (number != decimal.Truncate(number))
        {
            throw new JsonException($"Expected {expected}, found the fraction {Truncate(text)}.");
        }

        return number < min || number > max
            ? throw new JsonException($"The number {Truncate(text)} does not fit {expected}.")
            : number;
    }

    /// <summary>Reads a double sent as a JSON number or a numeric string.</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>The value, or null for a JSON null or an empty string.</returns>
    public static double? ReadDouble(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            // 1e400 is valid JSON but rounds to infinity, which has no JSON form to write back.
            return reader.TryGetDouble(out double value) && double.IsFinite(value) ? value : throw OutOfRange(ref reader, "a finite double");
        }

        if (TryParseUnescapedString(ref reader, out double fast) && double.IsFinite(fast))
        {
            return fast;
        }

        if (ReadNumericString(ref reader, "a number") is not { } text)
        {
            return null;
        }

        // NaN and Infinity parse as doubles but are no JSON numbers: writing them back would fail.
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed)
            ? double.IsFinite(parsed) ? parsed : throw new JsonException($"Expected a finite number, found the string \"{Truncate(text)}\".")
            : throw Unparsable(text, "a number");
    }

    /// <summary>Reads a decimal sent as a JSON number or a numeric string, without going through double.</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>The value, or null for a JSON null or an empty string.</returns>
    public static decimal? ReadDecimal(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.TryGetDecimal(out decimal value) ? value : throw OutOfRange(ref reader, "a decimal");
        }

        if (TryParseUnescapedString(ref reader, out decimal fast))
        {
            return fast;
        }

        return ReadNumericString(ref reader, "a decimal") is { } text
            ? decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal parsed) ? parsed : throw Unparsable(text, "a decimal")
            : null;
    }

    /// <summary>Reads an absolute or relative URI from a string.</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>The URI, or null for a JSON null or an empty string.</returns>
    public static Uri? ReadUri(ref Utf8JsonReader reader)
    {
        string? text = reader.TokenType == JsonTokenType.String ? Text(ref reader) : reader.TokenType == JsonTokenType.Null ? null : throw Unexpected(ref reader, "a URI string");

        // Blank means absent; a URI that starts with a letter, as they do, is not scanned for it.
        if (text is null || text.Length == 0 || (char.IsWhiteSpace(text[0]) && string.IsNullOrWhiteSpace(text)))
        {
            return null;
        }

        return Uri.TryCreate(text, UriKind.RelativeOrAbsolute, out var uri) ? uri : throw Unparsable(text, "a URI");
    }

    /// <summary>Reads a duration sent as a number of seconds or milliseconds, in number or string form, fractions allowed.</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="unit">The unit on the wire.</param>
    /// <returns>The duration, or null for a JSON null or an empty string.</returns>
    public static TimeSpan? ReadDuration(ref Utf8JsonReader reader, WireTimeUnit unit)
    {
        long ticksPerUnit = unit == WireTimeUnit.Seconds ? TimeSpan.TicksPerSecond : TimeSpan.TicksPerMillisecond;

        // Whole amounts, the common case, without going through decimal.
        if (((reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long whole)) || TryParseUnescapedString(ref reader, out whole))
            && whole <= long.MaxValue / ticksPerUnit && whole >= long.MinValue / ticksPerUnit)
        {
            return TimeSpan.FromTicks(whole * ticksPerUnit);
        }

        if (ReadDecimal(ref reader) is not { } amount)
        {
            return null;
        }

        try
        {
            return TimeSpan.FromTicks((long)(amount * ticksPerUnit));
        }
        catch (OverflowException)
        {
            throw new JsonException($"The duration {amount} {unit.ToString().ToLowerInvariant()} is outside the range of TimeSpan.");
        }
    }

    /// <summary>Reads a point in time sent as seconds or milliseconds since the Unix epoch, in number or string form.</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="unit">The unit on the wire.</param>
    /// <returns>The time in UTC, or null for a JSON null or an empty string.</returns>
    public static DateTimeOffset? ReadTimestamp(ref Utf8JsonReader reader, WireTimeUnit unit)
    {
        if (ReadInt64(ref reader) is not { } count)
        {
            return null;
        }

        try
        {
            return unit == WireTimeUnit.Seconds ? DateTimeOffset.FromUnixTimeSeconds(count) : DateTimeOffset.FromUnixTimeMilliseconds(count);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new JsonException($"The timestamp {count} is outside the range of DateTimeOffset.");
        }
    }

    /// <summary>Reads an array of reference-typed items; a null or missing array reads as empty and null items are skipped.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="reader">The reader.</param>
    /// <param name="readItem">Reads one item.</param>
    /// <returns>The items.</returns>
    public static IReadOnlyList<T> ReadArray<T>(ref Utf8JsonReader reader, WireValueReader<T?> readItem)
        where T : class
    {
        if (!StartArray(ref reader))
        {
            return [];
        }

        var items = new List<T>();
        int index = 0;
        while (NextItem(ref reader))
        {
            try
            {
                if (readItem(ref reader) is { } item)
                {
                    items.Add(item);
                }
            }
            catch (JsonException error)
            {
                throw AtIndex(error, index);
            }

            index++;
        }

        return items;
    }

    // ReadArray's twin: C# cannot express "T? is Nullable<T> or a nullable reference" with one
    // constraint. One loop over a struct strategy (static abstract TryGet) was measured on
    // 2026-12-07: the paired decode ratio through the context went from 1.04 to 1.05-1.16 on 1,000
    // videos, since a loop over reference types is shared code and looks the strategy up per item.
    // The decoders' hot path is worth the 20 repeated lines.

    /// <summary>Reads an array of value-typed items; a null or missing array reads as empty and null items are skipped.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="reader">The reader.</param>
    /// <param name="readItem">Reads one item.</param>
    /// <returns>The items.</returns>
    public static IReadOnlyList<T> ReadValueArray<T>(ref Utf8JsonReader reader, WireValueReader<T?> readItem)
        where T : struct
    {
        if (!StartArray(ref reader))
        {
            return [];
        }

        var items = new List<T>();
        int index = 0;
        while (NextItem(ref reader))
        {
            try
            {
                if (readItem(ref reader) is { } item)
                {
                    items.Add(item);
                }
            }
            catch (JsonException error)
            {
                throw AtIndex(error, index);
            }

            index++;
        }

        return items;
    }

    /// <summary>
    /// Places a decoding error in the field being read: the first time, it names the model and the
    /// field; each enclosing level then prefixes its part of the JSON path.
    /// </summary>
    /// <param name="error">The error raised while reading the field's value.</param>
    /// <param name="typeName">The model being read.</param>
    /// <param name="wireName">The wire name of the field.</param>
    /// <returns>The exception to throw, with the path from this object down.</returns>
    public static WireDecodeException AtProperty(JsonException error, string typeName, string wireName)
    {
        string segment = IsPlainName(wireName) ? "." + wireName : "['" + wireName.Replace("'", "\\'", StringComparison.Ordinal) + "']";
        return error is WireDecodeException placed
            ? new WireDecodeException(placed.Reason, placed.TypeName ?? typeName, placed.FieldName ?? wireName, "$" + segment + placed.Path![1..], placed.InnerException)
            : new WireDecodeException(error.Message, typeName, wireName, "$" + segment, error);
    }

    /// <summary>Places a decoding error in the array item it came from.</summary>
    /// <param name="error">The error raised while reading the item.</param>
    /// <param name="index">The item's index.</param>
    /// <returns>The exception to throw.</returns>
    public static WireDecodeException AtIndex(JsonException error, int index)
    {
        string segment = "[" + index.ToString(CultureInfo.InvariantCulture) + "]";
        return error is WireDecodeException placed
            ? new WireDecodeException(placed.Reason, placed.TypeName, placed.FieldName, "$" + segment + placed.Path![1..], placed.InnerException)
            : new WireDecodeException(error.Message, null, null, "$" + segment, error);
    }

    /// <summary>Checks a required member before it is written, so that a request missing it is never sent.</summary>
    /// <param name="value">The member's value.</param>
    /// <param name="typeName">The model.</param>
    /// <param name="wireName">The member's wire name.</param>
    /// <exception cref="ArgumentException">The member is null.</exception>
    public static void RequireField(object? value, string typeName, string wireName)
    {
        if (value is null)
        {
            throw new ArgumentException($"{typeName}.{wireName} is required; set it before sending.", wireName);
        }
    }

    /// <summary>NaN and infinities have no JSON form: a JSON error, never the writer's ArgumentException.</summary>
    private static void RequireFinite(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new JsonException($"{value.ToString(CultureInfo.InvariantCulture)} has no JSON form; a number written to the wire must be finite.");
        }
    }

    /// <summary>The members that raw wire values designate, in order.</summary>
    /// <typeparam name="T">The enum.</typeparam>
    /// <param name="wireValues">The raw values.</param>
    /// <param name="fromWireValue">The enum's lenient parser.</param>
    /// <returns>The members; unknown values are the enum's unknown member.</returns>
    public static IReadOnlyList<T> Members<T>(IReadOnlyList<string>? wireValues, Func<string?, T> fromWireValue)
    {
        if (wireValues is null || wireValues.Count == 0)
        {
            return [];
        }

        var members = new T[wireValues.Count];
        for (int i = 0; i < members.Length; i++)
        {
            members[i] = fromWireValue(wireValues[i]);
        }

        return members;
    }

    /// <summary>
    /// Writes an array of enum values: each member's value as received when it still designates that
    /// member (unknown values included), else its canonical value.
    /// </summary>
    /// <typeparam name="T">The enum.</typeparam>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The property's wire name.</param>
    /// <param name="members">The members.</param>
    /// <param name="received">The raw values as received, if the array was read from the wire.</param>
    /// <param name="toWireValue">The enum's writer: member and received value to the value to write.</param>
    /// <exception cref="JsonException">A member has no wire value (an unknown member built in code).</exception>
    public static void WriteEnumArray<T>(Utf8JsonWriter writer, ReadOnlySpan<byte> name, IReadOnlyList<T>? members, IReadOnlyList<string>? received, Func<T, string?, string?> toWireValue)
    {
        if (members is null)
        {
            return;
        }

        bool aligned = received is not null && received.Count == members.Count;
        writer.WritePropertyName(name);
        writer.WriteStartArray();
        for (int i = 0; i < members.Count; i++)
        {
            writer.WriteStringValue(toWireValue(members[i], aligned ? received![i] : null)
                ?? throw new JsonException($"{members[i]} has no wire value and none was received; it cannot be written."));
        }

        writer.WriteEndArray();
    }

    private static bool IsPlainName(string name)
    {
        foreach (char c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return name.Length > 0;
    }

    /// <summary>Reads the envelope's code: a string, or a number's text (<c>0</c>, <c>401</c>); anything else cannot be a code.</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>The code, or null for a JSON null.</returns>
    public static string? ReadCode(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => Text(ref reader),
        JsonTokenType.Number => NumberText(ref reader),
        JsonTokenType.Null => null,
        _ => throw Unexpected(ref reader, "a code (a string or a number)"),
    };

    /// <summary>
    /// Reads the envelope's code as <see cref="ReadCode(ref Utf8JsonReader)"/> does, returning
    /// <paramref name="expected"/> itself when the code is that text, so that the usual answer
    /// (the success code) makes no new string.
    /// </summary>
    /// <param name="reader">The reader.</param>
    /// <param name="expectedUtf8">The code most answers carry (the contract's success code) in UTF-8, compared without transcoding.</param>
    /// <param name="expected">The same code as a string, returned when it matches.</param>
    /// <returns>The code, or null for a JSON null.</returns>
    public static string? ReadCode(ref Utf8JsonReader reader, ReadOnlySpan<byte> expectedUtf8, string expected) =>
        reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(expectedUtf8) ? expected : ReadCode(ref reader);

    /// <summary>
    /// Reads a text that may come in any JSON kind (an envelope's message): a string as is, any
    /// other value as its JSON text, so an odd message never hides the business code beside it.
    /// </summary>
    /// <param name="reader">The reader.</param>
    /// <returns>The text, or null for a JSON null.</returns>
    public static string? ReadAnyAsText(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => Text(ref reader),
        JsonTokenType.Null => null,
        _ => JsonElement.ParseValue(ref reader).GetRawText(),
    };

    /// <summary>Reads an informative flag leniently: a boolean, <c>"true"</c>/<c>"false"</c>, <c>1</c>/<c>0</c>; anything else reads as null, never an error.</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>The flag, or null.</returns>
    public static bool? ReadFlag(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.True:
                return true;
            case JsonTokenType.False:
                return false;
            case JsonTokenType.String:
                return TryText(ref reader, out string? flagText) && bool.TryParse(flagText, out bool flag) ? flag : null;
            case JsonTokenType.Number:
                return reader.TryGetInt32(out int number) && number is 0 or 1 ? number == 1 : null;
            default:
                reader.Skip();
                return null;
        }
    }

    /// <summary>Writes a string property; nothing when the value is null.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The property's wire name.</param>
    /// <param name="value">The value.</param>
    public static void WriteString(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    /// <summary>Writes a boolean property; nothing when the value is null.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The property's wire name.</param>
    /// <param name="value">The value.</param>
    public static void WriteBoolean(Utf8JsonWriter writer, ReadOnlySpan<byte> name, bool? value)
    {
        if (value is { } flag)
        {
            writer.WriteBoolean(name, flag);
        }
    }

    /// <summary>Writes a URI property in its original form; nothing when the value is null.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The property's wire name.</param>
    /// <param name="value">The value.</param>
    public static void WriteUri(Utf8JsonWriter writer, ReadOnlySpan<byte> name, Uri? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value.OriginalString);
        }
    }

    /// <summary>Writes an integer property in its wire form; nothing when the value is null.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The property's wire name.</param>
    /// <param name="value">The value.</param>
    /// <param name="encoding">JSON number or JSON string.</param>
    public static void WriteNumber(Utf8JsonWriter writer, ReadOnlySpan<byte> name, long? value, WireEncoding encoding)
    {
        if (value is { } number)
        {
            writer.WritePropertyName(name);
            WriteNumberValue(writer, number, encoding);
        }
    }

    /// <summary>Writes a double property in its wire form; nothing when the value is null.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The property's wire name.</param>
    /// <param name="value">The value.</param>
    /// <param name="encoding">JSON number or JSON string.</param>
    public static void WriteNumber(Utf8JsonWriter writer, ReadOnlySpan<byte> name, double? value, WireEncoding encoding)
    {
        if (value is { } number)
        {
            RequireFinite(number);
            writer.WritePropertyName(name);
            WriteNumberValue(writer, number, encoding);
        }
    }

    /// <summary>Writes a decimal property in its wire form; nothing when the value is null.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The property's wire name.</param>
    /// <param name="value">The value.</param>
    /// <param name="encoding">JSON number or JSON string.</param>
    public static void WriteNumber(Utf8JsonWriter writer, ReadOnlySpan<byte> name, decimal? value, WireEncoding encoding)
    {
        if (value is { } number)
        {
            writer.WritePropertyName(name);
            WriteNumberValue(writer, number, encoding);
        }
    }

    /// <summary>Writes an integer value in its wire form.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The value.</param>
    /// <param name="encoding">JSON number or JSON string.</param>
    public static void WriteNumberValue(Utf8JsonWriter writer, long value, WireEncoding encoding)
    {
        if (encoding == WireEncoding.String)
        {
            WriteNumberString(writer, value, null);
        }
        else
        {
            writer.WriteNumberValue(value);
        }
    }

    /// <summary>Writes a double value in its wire form (shortest round-trippable text).</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The value.</param>
    /// <param name="encoding">JSON number or JSON string.</param>
    public static void WriteNumberValue(Utf8JsonWriter writer, double value, WireEncoding encoding)
    {
        RequireFinite(value);
        if (encoding == WireEncoding.String)
        {
            WriteNumberString(writer, value, "R");
        }
        else
        {
            writer.WriteNumberValue(value);
        }
    }

    /// <summary>Writes a decimal value in its wire form.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The value.</param>
    /// <param name="encoding">JSON number or JSON string.</param>
    public static void WriteNumberValue(Utf8JsonWriter writer, decimal value, WireEncoding encoding)
    {
        if (encoding == WireEncoding.String)
        {
            WriteNumberString(writer, value, null);
        }
        else
        {
            writer.WriteNumberValue(value);
        }
    }

    /// <summary>Writes a duration property as seconds or milliseconds; whole amounts without a fraction.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The property's wire name.</param>
    /// <param name="value">The value; nothing is written when null.</param>
    /// <param name="unit">The unit on the wire.</param>
    /// <param name="encoding">JSON number or JSON string.</param>
    public static void WriteDuration(Utf8JsonWriter writer, ReadOnlySpan<byte> name, TimeSpan? value, WireTimeUnit unit, WireEncoding encoding)
    {
        if (value is { } duration)
        {
            writer.WritePropertyName(name);
            WriteDurationValue(writer, duration, unit, encoding);
        }
    }

    /// <summary>Writes a duration value as seconds or milliseconds.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The value.</param>
    /// <param name="unit">The unit on the wire.</param>
    /// <param name="encoding">JSON number or JSON string.</param>
    public static void WriteDurationValue(Utf8JsonWriter writer, TimeSpan value, WireTimeUnit unit, WireEncoding encoding)
    {
        long ticksPerUnit = unit == WireTimeUnit.Seconds ? TimeSpan.TicksPerSecond : TimeSpan.TicksPerMillisecond;
        if (value.Ticks % ticksPerUnit == 0)
        {
            // Whole units, the usual case: the same text without decimal arithmetic.
            WriteNumberValue(writer, value.Ticks / ticksPerUnit, encoding);
        }
        else
        {
            WriteNumberValue(writer, value.Ticks / (decimal)ticksPerUnit, encoding);
        }
    }

    /// <summary>Writes a timestamp property as seconds or milliseconds since the Unix epoch.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The property's wire name.</param>
    /// <param name="value">The value; nothing is written when null.</param>
    /// <param name="unit">The unit on the wire.</param>
    /// <param name="encoding">JSON number or JSON string.</param>
    public static void WriteTimestamp(Utf8JsonWriter writer, ReadOnlySpan<byte> name, DateTimeOffset? value, WireTimeUnit unit, WireEncoding encoding)
    {
        if (value is { } timestamp)
        {
            writer.WritePropertyName(name);
            WriteTimestampValue(writer, timestamp, unit, encoding);
        }
    }

    /// <summary>Writes a timestamp value as seconds or milliseconds since the Unix epoch.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The value.</param>
    /// <param name="unit">The unit on the wire.</param>
    /// <param name="encoding">JSON number or JSON string.</param>
    public static void WriteTimestampValue(Utf8JsonWriter writer, DateTimeOffset value, WireTimeUnit unit, WireEncoding encoding) =>
        WriteNumberValue(writer, unit == WireTimeUnit.Seconds ? value.ToUnixTimeSeconds() : value.ToUnixTimeMilliseconds(), encoding);

    /// <summary>Writes an object property through its writer; nothing when the value is null.</summary>
    /// <typeparam name="T">The object's type.</typeparam>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The property's wire name.</param>
    /// <param name="value">The value.</param>
    /// <param name="writeValue">Writes the object.</param>
    public static void WriteObject<T>(Utf8JsonWriter writer, ReadOnlySpan<byte> name, T? value, WireValueWriter<T> writeValue)
        where T : class
    {
        if (value is not null)
        {
            writer.WritePropertyName(name);
            writeValue(writer, value);
        }
    }

    /// <summary>Writes an array property; an empty list is written as <c>[]</c>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The property's wire name.</param>
    /// <param name="items">The items.</param>
    /// <param name="writeItem">Writes one item.</param>
    public static void WriteArray<T>(Utf8JsonWriter writer, ReadOnlySpan<byte> name, IReadOnlyList<T>? items, WireValueWriter<T> writeItem)
    {
        if (items is null)
        {
            return;
        }

        writer.WriteStartArray(name);

        // By index: a foreach over the interface would box the list's enumerator on every call.
        for (int i = 0; i < items.Count; i++)
        {
            writeItem(writer, items[i]);
        }

        writer.WriteEndArray();
    }

    private static bool StartArray(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.StartArray => true,
        JsonTokenType.Null => false,
        _ => throw Unexpected(ref reader, "an array"),
    };

    private static bool NextItem(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new JsonException("The JSON ended inside an array.");
        }

        return reader.TokenType != JsonTokenType.EndArray;
    }

    /// <summary>
    /// Parses a numeric string straight from the reader's bytes, the same way the text would parse,
    /// without making a string. False (nothing decided) for anything else: escaped or split strings,
    /// other tokens, text that does not parse; the text path then reads it and words any error.
    /// </summary>
    private static bool TryParseUnescapedString<T>(ref Utf8JsonReader reader, out T value)
        where T : INumberBase<T>
    {
        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            var utf8 = reader.ValueSpan;

            // Plain digits, what numeric strings almost always are: the integer parser, several times
            // faster than the general one, and equal to it on every text it takes whole.
            if (typeof(T) == typeof(long) && Utf8Parser.TryParse(utf8, out long whole, out int consumed) && consumed == utf8.Length)
            {
                value = Unsafe.As<long, T>(ref whole);
                return true;
            }

            if (typeof(T) == typeof(int) && Utf8Parser.TryParse(utf8, out int small, out consumed) && consumed == utf8.Length)
            {
                value = Unsafe.As<int, T>(ref small);
                return true;
            }

            return T.TryParse(utf8, NumberStyles.Float, CultureInfo.InvariantCulture, out value!);
        }

        value = default!;
        return false;
    }

    /// <summary>Writes a number as a JSON string, formatted into a stack buffer rather than a new string.</summary>
    private static void WriteNumberString<T>(Utf8JsonWriter writer, T value, string? format)
        where T : IUtf8SpanFormattable, IFormattable
    {
        Span<byte> utf8 = stackalloc byte[64];
        if (value.TryFormat(utf8, out int written, format, CultureInfo.InvariantCulture))
        {
            writer.WriteStringValue(utf8[..written]);
        }
        else
        {
            writer.WriteStringValue(value.ToString(format, CultureInfo.InvariantCulture));
        }
    }

    /// <summary>The text of a numeric string (trimmed), null for JSON null or an empty string.</summary>
    private static string? ReadNumericString(ref Utf8JsonReader reader, string expected)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            throw Unexpected(ref reader, expected);
        }

        string text = Text(ref reader).Trim();
        return text.Length == 0 ? null : text;
    }

    /// <summary>
    /// The text of the string token at the reader. A string that is not valid UTF-16 once unescaped
    /// (a lone surrogate such as <c>"\ud800"</c>) or not valid UTF-8 is a <see cref="JsonException"/>,
    /// so that the field it was read for is named like any other bad value: System.Text.Json
    /// reports it as an <see cref="InvalidOperationException"/>, which would lose its place.
    /// </summary>
    /// <param name="reader">The reader, on a string token.</param>
    /// <returns>The text.</returns>
    /// <exception cref="JsonException">The string is not valid text.</exception>
    internal static string Text(ref Utf8JsonReader reader) =>
        TryText(ref reader, out string? text) ? text! : throw new JsonException(InvalidTextMessage);

    /// <summary>The message for a string that holds no valid text.</summary>
    internal const string InvalidTextMessage = "Expected a string of valid text, found one with a lone UTF-16 surrogate escape (such as \ud800) or invalid UTF-8.";

    private static bool TryText(ref Utf8JsonReader reader, out string? text)
    {
        try
        {
            text = reader.GetString();
            return true;
        }
        catch (InvalidOperationException) when (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
        {
            text = null;
            return false;
        }
    }

    private static JsonException Unexpected(ref Utf8JsonReader reader, string expected) =>
        new($"Expected {expected}, found {Describe(reader.TokenType)}.");

    private static JsonException Unparsable(string text, string expected) =>
        new($"Expected {expected}, found the string \"{Truncate(text)}\".");

    private static JsonException OutOfRange(ref Utf8JsonReader reader, string expected) =>
        new($"The number {Truncate(NumberText(ref reader))} does not fit {expected}.");

    private static string NumberText(ref Utf8JsonReader reader) =>
        Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };
}
