namespace Contracts.Runtime.Json;

/// <summary>Writes one non-null value (without a property name).</summary>
/// <typeparam name="T">The value's type.</typeparam>
/// <param name="writer">The writer.</param>
/// <param name="value">The value to write.</param>
public delegate void WireValueWriter<in T>(System.Text.Json.Utf8JsonWriter writer, T value);
