using Memories.Contracts.Callbacks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the memories.ai callback endpoint.</summary>
public static class MemoriesCallbackEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>POST {Path}/{secret}</c> (<see cref="MemoriesCallbackOptions.Path"/>): 202 for a
    /// callback with a valid secret, 404 and nothing else without one. Add authorization or rate
    /// limiting through the returned builder, as for any endpoint.
    /// </summary>
    /// <param name="endpoints">The application.</param>
    /// <returns>The endpoint's builder.</returns>
    public static IEndpointConventionBuilder MapMemoriesCallbacks(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<MemoriesCallbackOptions>>().Value;
        string pattern = options.Path.TrimEnd('/') + "/{secret}";

        // A RequestDelegate, not a lambda with parameters: no request-delegate generation, so it stays trim- and AOT-safe.
        return endpoints.MapPost(pattern, static context => context.RequestServices.GetRequiredService<MemoriesCallbacks>().HandleAsync(context))
            .WithDisplayName("memories.ai callbacks");
    }
}
