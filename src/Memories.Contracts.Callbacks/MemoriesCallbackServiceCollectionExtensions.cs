using Contracts.Runtime.Polling;
using Memories.Contracts.Callbacks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the memories.ai callback receiver.</summary>
public static class MemoriesCallbackServiceCollectionExtensions
{
    /// <summary>
    /// Registers the receiver and the account's <see cref="WaitWakeups"/>: every wait the
    /// <c>IMemoriesTaskWaiter</c> makes then polls a task as soon as a callback names it, and every
    /// task the client creates without a callback of its own gets <see cref="MemoriesCallbacks.Url"/>.
    /// Map the endpoint with <c>app.MapMemoriesCallbacks()</c>. The settings are checked when the host starts.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the public base URL and the secrets.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddMemoriesCallbacks(this IServiceCollection services, Action<MemoriesCallbackOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<MemoriesCallbackOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MemoriesCallbackOptions>, CallbackOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(static provider => new WaitWakeups(
            provider.GetRequiredService<IOptions<MemoriesCallbackOptions>>().Value.WakeWindow,
            provider.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<MemoriesCallbacks>();
        services.TryAddSingleton<Memories.Contracts.DependencyInjection.IMemoriesCallbackTarget>(static provider => provider.GetRequiredService<MemoriesCallbacks>());
        services.AddRouting();
        return services;
    }

    private sealed class CallbackOptionsValidator : IValidateOptions<MemoriesCallbackOptions>
    {
        public ValidateOptionsResult Validate(string? name, MemoriesCallbackOptions options) =>
            options.Problems() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
