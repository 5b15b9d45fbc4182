using System.Net.Http.Headers;
using System.Text;

namespace Memories.Contracts;

/// <summary>
/// Adds the memories.ai API key to each request as the raw <c>Authorization</c> value, without a
/// scheme: <see cref="System.Net.Http.Headers.HttpRequestHeaders.Authorization"/> cannot hold
/// a value without one, so the header is added without validation, which is why this handler
/// checks the key itself. A server that echoes the key back (in a message, a reason phrase) has it
/// replaced with <c>***</c> before anything above this handler can show, log or throw it.
/// </summary>
/// <remarks>The key is read per request and never logged, formatted or kept in an exception.</remarks>
public sealed class RawAuthorizationHandler : DelegatingHandler
{
    private const string Mask = "***";

    private readonly Func<string> _apiKey;

    /// <summary>Creates the handler.</summary>
    /// <param name="apiKey">Supplies the key for each request (so a rotated key is picked up).</param>
    public RawAuthorizationHandler(Func<string> apiKey)
    {
        ArgumentNullException.ThrowIfNull(apiKey);
        _apiKey = apiKey;
    }

    /// <summary>
    /// The index of the first character a key may not hold (a control character, which could
    /// inject a header, or anything outside printable ASCII), or null when the key is usable.
    /// </summary>
    /// <param name="apiKey">The key.</param>
    /// <returns>The index, or null.</returns>
    public static int? FindInvalidCharacter(string apiKey)
    {
        ArgumentNullException.ThrowIfNull(apiKey);
        for (int i = 0; i < apiKey.Length; i++)
        {
            if (apiKey[i] is < (char)0x21 or > (char)0x7E)
            {
                return i;
            }
        }

        return null;
    }

    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        string key = _apiKey();
        if (FindInvalidCharacter(key) is { } position)
        {
            throw new ArgumentException($"The API key has a control or non-ASCII character at position {position + 1}; it was not sent. A key is printable ASCII: check that it was pasted whole.");
        }

        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization", key);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await ScrubAsync(response, key, cancellationToken).ConfigureAwait(false);
        return response;
    }

    /// <summary>Replaces the key wherever the server echoed it: the reason phrase and textual bodies.</summary>
    private static async Task ScrubAsync(HttpResponseMessage response, string key, CancellationToken cancellationToken)
    {
        if (key.Length == 0)
        {
            return;
        }

        if (response.ReasonPhrase?.Contains(key, StringComparison.Ordinal) == true)
        {
            response.ReasonPhrase = response.ReasonPhrase.Replace(key, Mask, StringComparison.Ordinal);
        }

        if (response.Content is not { } content || !IsText(content.Headers.ContentType))
        {
            return;
        }

        // An event stream is read as it arrives: masked on the way through, never buffered.
        if (string.Equals(content.Headers.ContentType?.MediaType, "text/event-stream", StringComparison.OrdinalIgnoreCase))
        {
            var live = new StreamContent(new KeyScrubbingStream(await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(Mask)));
            CopyHeaders(content, live);
            response.Content = live;
            return;
        }

        byte[] body = await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        byte[] needle = Encoding.UTF8.GetBytes(key);
        if (body.AsSpan().IndexOf(needle) < 0)
        {
            return;
        }

        var scrubbed = new ByteArrayContent(Replace(body, needle, Encoding.UTF8.GetBytes(Mask)));
        CopyHeaders(content, scrubbed);
        response.Content = scrubbed;
        content.Dispose();
    }

    /// <summary>The content headers but its length, which masking changes.</summary>
    private static void CopyHeaders(HttpContent from, HttpContent to)
    {
        foreach (var header in from.Headers)
        {
            if (!string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                to.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }
    }

    private static bool IsText(MediaTypeHeaderValue? type) =>
        type?.MediaType is null
        || type.MediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
        || type.MediaType.Contains("json", StringComparison.OrdinalIgnoreCase)
        || type.MediaType.Contains("xml", StringComparison.OrdinalIgnoreCase);

    private static byte[] Replace(byte[] body, byte[] needle, byte[] replacement)
    {
        using var output = new MemoryStream(body.Length);
        var rest = body.AsSpan();
        int index;
        while ((index = rest.IndexOf(needle)) >= 0)
        {
            output.Write(rest[..index]);
            output.Write(replacement);
            rest = rest[(index + needle.Length)..];
        }

        output.Write(rest);
        return output.ToArray();
    }
}
