using System.Text;
using System.Text.Json;

namespace Memories.Contracts.DependencyInjection;

/// <summary>
/// Puts the application's callback URL (<see cref="IMemoriesCallbackTarget"/>) on the tasks and
/// uploads this client creates, so their waits end on the API's callbacks: a creating request that
/// names no callback of its own gets it, in the field and the encoding its endpoint takes (a JSON
/// body, a form, a multipart upload, whose file stays streamed). A callback the caller set is kept.
/// </summary>
internal sealed class CallbackUrlHandler(Func<IMemoriesCallbackTarget?> target) : DelegatingHandler
{
    /// <summary>The endpoints that create a task or a video, and the field each takes the URL in (the task endpoints accept either spelling, and are checked for both).</summary>
    private static readonly Dictionary<string, string> Creating = new(StringComparer.Ordinal)
    {
        ["/serve/api/v1/scraper_url"] = "callback_url",
        ["/serve/api/v1/scraper"] = "callback_url",
        ["/serve/api/v1/scraper_tag"] = "callback",
        ["/serve/api/v1/upload"] = "callback",
        ["/serve/api/v1/upload_url"] = "callback",
    };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method == HttpMethod.Post
            && request.RequestUri is { IsAbsoluteUri: true } uri
            && Creating.TryGetValue(uri.AbsolutePath, out var field)
            && request.Content is { } content
            && target() is { } callbacks)
        {
            switch (content)
            {
                case MultipartFormDataContent multipart:
                    AddCallbackPart(multipart, field, callbacks.Url);
                    break;
                case { Headers.ContentType.MediaType: "application/json" }:
                    Replace(request, content, WithCallback(await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false), field, callbacks.Url));
                    break;
                case { Headers.ContentType.MediaType: "application/x-www-form-urlencoded" }:
                    Replace(request, content, WithFormCallback(await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false), field, callbacks.Url));
                    break;
            }
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private static void Replace(HttpRequestMessage request, HttpContent content, byte[]? rewritten)
    {
        if (rewritten is null)
        {
            return;
        }

        var replacement = new ByteArrayContent(rewritten);
        foreach (var header in content.Headers.Where(h => h.Key != "Content-Length"))
        {
            replacement.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        request.Content = replacement;
        content.Dispose();
    }

    /// <summary>The body with the callback added; null when it already names one, or is not a JSON object (sent as it is).</summary>
    internal static byte[]? WithCallback(byte[] body, string field, Uri url)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || (root.TryGetProperty("callback_url", out var given) && given.ValueKind != JsonValueKind.Null)
                || (root.TryGetProperty("callback", out var alias) && alias.ValueKind != JsonValueKind.Null))
            {
                return null;
            }

            using var buffer = new MemoryStream(body.Length + 128);
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                foreach (var property in root.EnumerateObject().Where(p => p.Name is not ("callback_url" or "callback")))
                {
                    property.WriteTo(writer);
                }

                writer.WriteString(field, url.AbsoluteUri);
                writer.WriteEndObject();
            }

            return buffer.ToArray();
        }
    }

    /// <summary>
    /// A form (<c>a=1&amp;b=2</c>) with <c>field=url</c> appended, and any empty <paramref name="field"/>
    /// dropped (the API reads the first); null when it already has a non-empty one.
    /// </summary>
    internal static byte[]? WithFormCallback(byte[] body, string field, Uri url)
    {
        var kept = new List<string>();
        foreach (var pair in Encoding.ASCII.GetString(body).Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            bool named = Unescape(equals < 0 ? pair : pair[..equals]) == field;
            if (named && equals >= 0 && Unescape(pair[(equals + 1)..]).Length > 0)
            {
                return null;
            }

            if (!named)
            {
                kept.Add(pair);
            }
        }

        kept.Add(Uri.EscapeDataString(field) + "=" + Uri.EscapeDataString(url.AbsoluteUri));
        return Encoding.ASCII.GetBytes(string.Join('&', kept));
    }

    /// <summary>Adds the callback as one more part, unless a part already carries it; the file part is not read.</summary>
    private static void AddCallbackPart(MultipartFormDataContent multipart, string field, Uri url)
    {
        if (multipart.Any(part => part.Headers.ContentDisposition?.Name?.Trim('"') == field))
        {
            return;
        }

        multipart.Add(new StringContent(url.AbsoluteUri), field);
    }

    private static string Unescape(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
