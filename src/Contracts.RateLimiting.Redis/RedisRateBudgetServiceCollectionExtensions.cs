using Contracts.RateLimiting.Redis;
using Contracts.Runtime.Budgets;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Redis as where client libraries keep their shared rate budgets.</summary>
public static class RedisRateBudgetServiceCollectionExtensions
{
    /// <summary>
    /// Lets every client library that shares its budgets (such as <c>AddMemoriesClient</c> with
    /// <c>Memories:RateBudget:Redis</c> set) keep them in Redis. Without this call such a setting
    /// fails at start with a message that names this package.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Adjusts each budget's timeouts; the connection comes from the client's own settings.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddRedisRateBudgets(this IServiceCollection services, Action<RedisRateBudgetOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ISharedRateBudgetStore>(provider => new RedisRateBudgetStore(
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<ILoggerFactory>(),
            configure));
        return services;
    }
}
