using System.Text.Json;

namespace Memories.Contracts.DependencyInjection;

/// <summary>
/// Puts the application's callback URL (<see cref="IMemoriesCallbackTarget"/>) on the tasks this
/// client creates, so their waits end on the API's callbacks: a task-creating request whose JSON
/// body names no callback of its own gets it. A callback the caller set is kept.
/// </summary>
internal sealed class CallbackUrlHandler(Func<IMemoriesCallbackTarget?> target) : DelegatingHandler
{
    /// <summary>The endpoints that create a task, and the field each takes the URL in (the API accepts either spelling, and checks both).</summary>
    private static readonly Dictionary<string, string> Creating = new(StringComparer.Ordinal)
    {
        ["/serve/api/v1/scraper_url"] = "callback_url",
        ["/serve/api/v1/scraper"] = "callback_url",
        ["/serve/api/v1/scraper_tag"] = "callback",
    };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method == HttpMethod.Post
            && request.RequestUri is { IsAbsoluteUri: true } uri
            && Creating.TryGetValue(uri.AbsolutePath, out var field)
            && request.Content is { Headers.ContentType.MediaType: "application/json" } content
            && target() is { } callbacks)
        {
            byte[] body = await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (WithCallback(body, field, callbacks.Url) is { } rewritten)
            {
                var replacement = new ByteArrayContent(rewritten);
                foreach (var header in content.Headers.Where(h => h.Key != "Content-Length"))
                {
                    replacement.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }

                request.Content = replacement;
                content.Dispose();
            }
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
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
}
