namespace Memories.Contracts;

/// <summary>
/// Adds the memories.ai API key to each request as the raw <c>Authorization</c> value, without a
/// scheme: <see cref="System.Net.Http.Headers.HttpRequestHeaders.Authorization"/> cannot hold
/// a value without one, so the header is added without validation.
/// </summary>
/// <remarks>The key is read per request and never logged, formatted or kept in an exception.</remarks>
public sealed class RawAuthorizationHandler : DelegatingHandler
{
    private readonly Func<string> _apiKey;

    /// <summary>Creates the handler.</summary>
    /// <param name="apiKey">Supplies the key for each request (so a rotated key is picked up).</param>
    public RawAuthorizationHandler(Func<string> apiKey)
    {
        ArgumentNullException.ThrowIfNull(apiKey);
        _apiKey = apiKey;
    }

    /// <inheritdoc/>
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization", _apiKey());
        return base.SendAsync(request, cancellationToken);
    }
}
