namespace Contracts.Runtime.Json;

/// <summary>How a number, duration or timestamp is written back. Reading always accepts both forms.</summary>
public enum WireEncoding
{
    /// <summary>As a JSON number: <c>17</c>.</summary>
    Number = 0,

    /// <summary>As a JSON string: <c>"17"</c>.</summary>
    String = 1,
}

/// <summary>The unit of a duration, or of a timestamp counted from the Unix epoch.</summary>
public enum WireTimeUnit
{
    /// <summary>Seconds.</summary>
    Seconds = 0,

    /// <summary>Milliseconds.</summary>
    Milliseconds = 1,
}

/// <summary>Reads one value at the reader's current token.</summary>
/// <typeparam name="T">The decoded type; readers of nullable types answer null for a JSON null.</typeparam>
/// <param name="reader">A reader positioned on the value's first token.</param>
/// <returns>The decoded value.</returns>
public delegate T WireValueReader<T>(ref System.Text.Json.Utf8JsonReader reader);

/// <summary>Writes one non-null value (without a property name).</summary>
/// <typeparam name="T">The value's type.</typeparam>
/// <param name="writer">The writer.</param>
/// <param name="value">The value to write.</param>
public delegate void WireValueWriter<in T>(System.Text.Json.Utf8JsonWriter writer, T value);
