using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;

namespace Contracts.Runtime.Http;

/// <summary>Decodes one event of a kind the contract declares, the reader on the event's opening brace.</summary>
/// <typeparam name="TEvent">The stream's event type.</typeparam>
/// <param name="kind">The discriminator's value as sent (<c>content</c>); empty when the event has none.</param>
/// <param name="reader">A reader on the event object's start.</param>
/// <returns>The event.</returns>
public delegate TEvent EventDecoder<TEvent>(string kind, ref Utf8JsonReader reader);

/// <summary>How a contract's event stream reads: what names an event's kind, how to decode one, and what ends the stream.</summary>
/// <typeparam name="TEvent">The stream's event type.</typeparam>
public sealed class EventStreamFormat<TEvent>
{
    private readonly string _discriminator = string.Empty;
    private byte[] _discriminatorUtf8 = [];
    private byte[] _kindPrefixUtf8 = [];

    /// <summary>The property of each event object whose string value names its kind (<c>type</c>).</summary>
    public required string Discriminator
    {
        get => _discriminator;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            _discriminator = value;
            _discriminatorUtf8 = Encoding.UTF8.GetBytes(value);
            _kindPrefixUtf8 = value.Any(c => c is '"' or '\\' || char.IsControl(c)) ? [] : Encoding.UTF8.GetBytes("{\"" + value + "\":\"");
        }
    }

    /// <summary>The discriminator in UTF-8, as the reader compares it without transcoding each time.</summary>
    internal ReadOnlySpan<byte> DiscriminatorUtf8 => _discriminatorUtf8;

    /// <summary><c>{"type":"</c>: how an event starts when it is written compactly with its kind first, as servers do; empty when the name would need escaping.</summary>
    internal ReadOnlySpan<byte> KindPrefixUtf8 => _kindPrefixUtf8;

    /// <summary>The kinds the contract declares: an event of one of them gets the shared string as its kind, not a new one.</summary>
    public Json.KnownWireValues? Kinds { get; init; }

    /// <summary>Decodes an event of a kind.</summary>
    public required EventDecoder<TEvent> Decode { get; init; }

    /// <summary>The API's envelope, read when it answers an error in place of the stream, or inside it; null for an API without one.</summary>
    public EnvelopeShape? Envelope { get; init; }

    /// <summary>Data that ends the stream, compared ignoring case and surrounding white space, bare or as a JSON string (<c>done</c> ends on <c>done</c>, <c>DONE</c> and <c>"done"</c>).</summary>
    public IReadOnlyList<string> EndData { get; init; } = [];

    /// <summary>
    /// The envelope field of a final object whose value <see cref="EndValue"/> ends the stream
    /// (<c>{"code":"SUCCESS","data":"Done"}</c>: field <c>data</c>); any other value is the API's error text.
    /// </summary>
    public string? EndField { get; init; }

    /// <summary>The value of <see cref="EndField"/> that ends the stream, compared ignoring case.</summary>
    public string? EndValue { get; init; }
}

/// <summary>
/// Reads a server-sent event stream of JSON events as a contract declares it: each event decoded
/// and yielded as soon as its lines have arrived (the framing is <see cref="SseParser"/>'s: CRLF or
/// LF, comment lines, multi-line data, events split across reads), an unknown kind kept rather
/// than thrown, the end marker honoured, and an error the API sends (its envelope in place of the
/// stream, or an error event in it) raised as one. A stream that ends without its end marker raises
/// <see cref="EventStreamEndedException"/> after the events it did get.
/// </summary>
public static class EventStream
{
    private const int MaxEnvelopeBytes = 1 << 20;

    /// <summary>Sends a request and yields the events of its answer, until the end marker: nothing is sent until the enumeration starts.</summary>
    /// <typeparam name="TEvent">The stream's event type.</typeparam>
    /// <param name="send">Sends the request (the Refit method), with the enumeration's cancellation token.</param>
    /// <param name="format">How the stream reads.</param>
    /// <param name="cancellationToken">Stops reading and closes the connection.</param>
    /// <returns>The events.</returns>
    /// <exception cref="ApiResponseException">The API answered, or sent in the stream, its envelope with an error code.</exception>
    /// <exception cref="EventStreamFailedException">The stream ended with the API's error text.</exception>
    /// <exception cref="EventStreamEndedException">The stream ended without its end marker.</exception>
    public static IAsyncEnumerable<TEvent> SendAsync<TEvent>(Func<CancellationToken, Task<HttpResponseMessage>> send, EventStreamFormat<TEvent> format, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(send);
        ArgumentNullException.ThrowIfNull(format);
        return new EventStreamRequest<TEvent>(send, format, cancellationToken);
    }

    /// <summary>The events of an answer, until its end marker.</summary>
    /// <typeparam name="TEvent">The stream's event type.</typeparam>
    /// <param name="response">The answer, read as it arrives; this takes it over, and closes it when the enumeration ends, fails or is cancelled (an enumeration never started leaves it to the caller).</param>
    /// <param name="format">How the stream reads.</param>
    /// <param name="cancellationToken">Stops reading and closes the connection.</param>
    /// <returns>The events.</returns>
    /// <exception cref="ApiResponseException">The API answered, or sent in the stream, its envelope with an error code.</exception>
    /// <exception cref="EventStreamFailedException">The stream ended with the API's error text.</exception>
    /// <exception cref="EventStreamEndedException">The stream ended without its end marker.</exception>
    public static IAsyncEnumerable<TEvent> ReadAsync<TEvent>(HttpResponseMessage response, EventStreamFormat<TEvent> format, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(format);
        return new EventStreamRequest<TEvent>(_ => Task.FromResult(response), format, cancellationToken);
    }

    /// <summary>The answer's stream, once it is known to be one: the envelope in its place, or an HTTP error, is raised.</summary>
    internal static async Task<Stream> OpenAsync<TEvent>(HttpResponseMessage response, EventStreamFormat<TEvent> format, CancellationToken cancellationToken)
    {
        if (FileAnswer.IsJson(response.Content.Headers.ContentType))
        {
            byte[] json = await FileAnswer.ReadBoundedAsync(response.Content, MaxEnvelopeBytes, cancellationToken).ConfigureAwait(false);
            throw EnvelopeShape.Failure(format.Envelope, json, "an event stream");
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new ApiHttpException(response.StatusCode, response.ReasonPhrase);
        }

        return await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What one event's data is: an event, the end, an error, or nothing (an empty keep-alive).</summary>
    internal static Parsed<TEvent> Parse<TEvent>(ReadOnlySpan<byte> data, EventStreamFormat<TEvent> format)
    {
        var trimmed = data.Trim(" \t\r\n"u8);
        if (trimmed.IsEmpty)
        {
            return default;
        }

        if (trimmed[0] != (byte)'{')
        {
            // The end marker as it is, or as a JSON string: sample clients send both done and "done".
            var unquoted = trimmed.Length >= 2 && trimmed[0] == (byte)'"' && trimmed[^1] == (byte)'"' ? trimmed[1..^1].Trim(" \t"u8) : trimmed;
            var ends = format.EndData;
            for (int i = 0; i < ends.Count; i++)
            {
                if (Ascii.EqualsIgnoreCase(trimmed, ends[i]) || Ascii.EqualsIgnoreCase(unquoted, ends[i]))
                {
                    return new Parsed<TEvent>(ParsedKind.End, default, null);
                }
            }

            return new Parsed<TEvent>(ParsedKind.Failure, default, new EventStreamFailedException(Text(trimmed)));
        }

        // One reader: a copy taken on the opening brace decodes the event once its kind is known.
        var reader = new Utf8JsonReader(trimmed);
        reader.Read();
        var atStart = reader;
        string? kind = LeadingKind(trimmed, format) ?? KindOf(ref reader, format);
        if (kind is null && IsEnvelope(trimmed, format, out var ending))
        {
            return ending;
        }

        return new Parsed<TEvent>(ParsedKind.Event, format.Decode(kind ?? string.Empty, ref atStart), null);
    }

    /// <summary>
    /// A declared kind read straight from the bytes when the event starts <c>{"type":"kind"</c>, the
    /// usual layout; null for any other (whitespace, escapes, the kind later or unknown), which
    /// <see cref="KindOf"/> then reads with the JSON reader. Both give the first occurrence's value.
    /// </summary>
    internal static string? LeadingKind<TEvent>(ReadOnlySpan<byte> json, EventStreamFormat<TEvent> format)
    {
        var prefix = format.KindPrefixUtf8;
        if (format.Kinds is not { } kinds || prefix.IsEmpty || !json.StartsWith(prefix))
        {
            return null;
        }

        var rest = json[prefix.Length..];
        int end = rest.IndexOfAny((byte)'"', (byte)'\\');
        return end > 0 && rest[end] == (byte)'"' ? kinds.Find(rest[..end]) : null;
    }

    /// <summary>The discriminator's string value among the object's own properties, or null; the reader is on the opening brace.</summary>
    private static string? KindOf<TEvent>(ref Utf8JsonReader reader, EventStreamFormat<TEvent> format)
    {
        var discriminator = format.DiscriminatorUtf8;
        try
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool found = reader.ValueTextEquals(discriminator);
                reader.Read();
                if (found)
                {
                    return reader.TokenType != JsonTokenType.String ? null
                        : format.Kinds is { } kinds ? kinds.Read(ref reader)
                        : Json.WireJson.ReadString(ref reader);
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Decoding the event will say what is wrong with it, and where.
        }

        return null;
    }

    /// <summary>An object without a kind that carries the envelope's code: the final "Done", or an error.</summary>
    private static bool IsEnvelope<TEvent>(ReadOnlySpan<byte> json, EventStreamFormat<TEvent> format, out Parsed<TEvent> ending)
    {
        if (format.Envelope is not { } envelope)
        {
            ending = default;
            return false;
        }

        var (code, message, data) = envelope.Read(json);
        string? endText = format.EndField == envelope.DataWire ? data : format.EndField == envelope.MessageWire ? message : null;
        if (format.EndField is not null && endText is not null && string.Equals(endText.Trim(), format.EndValue, StringComparison.OrdinalIgnoreCase))
        {
            ending = new Parsed<TEvent>(ParsedKind.End, default, null);
            return true;
        }

        if (code is null)
        {
            ending = default;
            return false;
        }

        Exception error = code != envelope.SuccessCode && !string.Equals(code, "SUCCESS", StringComparison.OrdinalIgnoreCase)
            ? new ApiResponseException(envelope.Find(code), message ?? data)
            : new EventStreamFailedException(data ?? message ?? code);
        ending = new Parsed<TEvent>(ParsedKind.Failure, default, error);
        return true;
    }

    private static string Text(ReadOnlySpan<byte> data)
    {
        string text = Encoding.UTF8.GetString(data);
        return text.Length >= 2 && text[0] == '"' && text[^1] == '"' ? text[1..^1] : text;
    }

    internal enum ParsedKind
    {
        Skip,
        Event,
        End,
        Failure,
    }

    internal readonly record struct Parsed<TEvent>(ParsedKind Kind, TEvent? Event, Exception? Error);
}

/// <summary>The API ended an event stream with an error text instead of its end marker (<c>No videos found for the provided video numbers.</c>).</summary>
public sealed class EventStreamFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="apiText">The API's text.</param>
    public EventStreamFailedException(string apiText)
        : base("The event stream ended with the API's error: " + apiText)
    {
        ApiText = apiText;
    }

    /// <summary>What the API sent.</summary>
    public string ApiText { get; }
}

/// <summary>An event stream ended (the connection closed) before its end marker: the events read so far may be incomplete.</summary>
public sealed class EventStreamEndedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="eventsRead">How many events had been read.</param>
    public EventStreamEndedException(int eventsRead)
        : base($"The event stream ended after {eventsRead} events without its end marker; the answer may be incomplete.")
    {
        EventsRead = eventsRead;
    }

    /// <summary>How many events had been read.</summary>
    public int EventsRead { get; }
}
