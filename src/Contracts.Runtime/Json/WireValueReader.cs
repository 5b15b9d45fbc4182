namespace Contracts.Runtime.Json;

/// <summary>Reads one value at the reader's current token.</summary>
/// <typeparam name="T">The decoded type; readers of nullable types answer null for a JSON null.</typeparam>
/// <param name="reader">A reader positioned on the value's first token.</param>
/// <returns>The decoded value.</returns>
public delegate T WireValueReader<T>(ref System.Text.Json.Utf8JsonReader reader);
