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
        services.AddMemoriesWakeups();
        services.TryAddSingleton<MemoriesCallbacks>();
        services.TryAddSingleton<Memories.Contracts.DependencyInjection.IMemoriesCallbackTarget>(static provider => provider.GetRequiredService<MemoriesCallbacks>());
        services.AddRouting();
        return services;
    }

    /// <summary>
    /// Registers only the account's <see cref="WaitWakeups"/>, for a process that waits on tasks but
    /// does not receive their callbacks (a worker behind the load balancer): with the account's rate
    /// budget in Redis (<c>Memories:RateBudget:Redis</c> and <c>AddRedisRateBudgets()</c>), a callback
    /// that reaches any instance of the account wakes its waits too. Without Redis it does nothing
    /// useful: no callback reaches this process. <see cref="AddMemoriesCallbacks"/> includes it.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddMemoriesWakeups(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<MemoriesCallbackOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(static provider => new WaitWakeups(
            provider.GetRequiredService<IOptions<MemoriesCallbackOptions>>().Value.WakeWindow,
            provider.GetRequiredService<TimeProvider>(),
            Relay(provider)));
        return services;
    }

    /// <summary>
    /// Wake-ups shared by every process of the account through the Redis that holds its rate budget
    /// (<c>Memories:RateBudget:Redis</c> with <c>AddRedisRateBudgets()</c>), so a callback that reaches
    /// one instance wakes the waits on all; without it, the receiving process's waits only.
    /// </summary>
    private static IWakeupRelay? Relay(IServiceProvider provider)
    {
        var client = provider.GetService<IOptionsMonitor<Memories.Contracts.DependencyInjection.MemoriesClientOptions>>()?.CurrentValue;
        if (client?.RateBudget.Redis is not { Length: > 0 } redis || provider.GetService<Contracts.Runtime.Budgets.ISharedRateBudgetStore>() is not { } store)
        {
            return null;
        }

        string account = string.IsNullOrWhiteSpace(client.RateBudget.Account) ? client.ApiKey ?? string.Empty : client.RateBudget.Account;
        return store.OpenWakeupRelay(redis, Memories.Contracts.DependencyInjection.MemoriesAccountBudgets.SharedBudgetKey(account, "wakeups"));
    }

    private sealed class CallbackOptionsValidator : IValidateOptions<MemoriesCallbackOptions>
    {
        public ValidateOptionsResult Validate(string? name, MemoriesCallbackOptions options) =>
            options.Problems() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
