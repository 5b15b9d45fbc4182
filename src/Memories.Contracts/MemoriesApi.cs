using Refit;

namespace Memories.Contracts;

/// <summary>Creates <see cref="IMemoriesApi"/> clients outside dependency injection.</summary>
public static class MemoriesApi
{
    /// <summary>The production base address of the memories.ai API.</summary>
    public static readonly Uri DefaultBaseAddress = new("https://api.memories.ai");

    /// <summary>
    /// The name of the <see cref="HttpClient"/> that <c>AddMemoriesClient</c> registers: its logs come
    /// under <c>System.Net.Http.HttpClient.Memories</c>, and <c>AddHttpClient(MemoriesApi.HttpClientName)</c>
    /// configures it further.
    /// </summary>
    public const string HttpClientName = "Memories";

    /// <summary>
    /// Creates a client on <paramref name="httpClient"/> whose JSON goes through the generated
    /// converters only: no reflection-based serialization, safe for trimming and Native AOT.
    /// </summary>
    /// <param name="httpClient">A client with its <see cref="HttpClient.BaseAddress"/> set and the key added (see <see cref="RawAuthorizationHandler"/>).</param>
    /// <returns>The client.</returns>
    public static IMemoriesApi Create(HttpClient httpClient) =>
        RestService.ForGenerated<IMemoriesApi>(httpClient, MemoriesJsonContext.Default);
}
