using System.ComponentModel;
using System.Text;
using System.Text.Json;

namespace Contracts.Runtime.Json;

/// <summary>
/// Reads a text field whose value usually repeats from one answer to the next (an envelope's
/// <c>"success"</c> message), answering with the string it made last time when the bytes are the
/// same, instead of a new string for every answer.
/// </summary>
/// <remarks>
/// Reads what <see cref="WireJson.ReadAnyAsText"/> reads. One instance per field of a converter;
/// it may be shared by any number of threads, since a race only changes which text is remembered.
/// Texts longer than 128 UTF-8 bytes are not remembered.
/// Generated code is its only intended caller, so it is hidden from IntelliSense.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class RepeatedText
{
    private const int MaxRememberedLength = 128;

    private Remembered? _last;

    /// <summary>Reads the text at the reader: a string as is, any other value as its JSON text.</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <returns>The text, or null for a JSON null.</returns>
    public string? Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            return WireJson.ReadAnyAsText(ref reader);
        }

        if (_last is { } last && reader.ValueTextEquals(last.Utf8))
        {
            return last.Text;
        }

        string text = WireJson.Text(ref reader);
        if (text.Length <= MaxRememberedLength)
        {
            byte[] utf8 = Encoding.UTF8.GetBytes(text);
            if (utf8.Length <= MaxRememberedLength)
            {
                _last = new Remembered(utf8, text);
            }
        }

        return text;
    }

    private sealed record Remembered(byte[] Utf8, string Text);
}
