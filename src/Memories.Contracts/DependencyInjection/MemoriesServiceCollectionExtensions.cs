using Contracts.Runtime.Budgets;
using Contracts.Runtime.Polling;
using Memories.Contracts;
using Memories.Contracts.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Refit;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the memories.ai client.</summary>
public static class MemoriesServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IMemoriesApi"/> (Refit, generated JSON only, through <c>IHttpClientFactory</c>),
    /// <see cref="IMemoriesTaskWaiter"/> (<see cref="MemoriesTaskWaiter"/>) and the account's shared rate limiter, configured in code.
    /// The settings are validated when the host starts; a missing key fails there, not at the first request.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the key and, optionally, the base address.</param>
    /// <returns>The HTTP client builder, to add handlers (resilience, logging) to.</returns>
    public static IHttpClientBuilder AddMemoriesClient(this IServiceCollection services, Action<MemoriesClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<MemoriesClientOptions>().Configure(configure);
        return AddCore(services);
    }

    /// <summary>As <see cref="AddMemoriesClient(IServiceCollection, Action{MemoriesClientOptions})"/>, bound from a configuration section.</summary>
    /// <param name="services">The services.</param>
    /// <param name="section">The section, e.g. <c>configuration.GetSection("Memories")</c>, with <c>ApiKey</c>, <c>BaseAddress</c>, <c>WaitTimeout</c>, <c>EmptyGracePeriod</c> and <c>RateBudget:Redis</c>.</param>
    /// <returns>The HTTP client builder.</returns>
    public static IHttpClientBuilder AddMemoriesClient(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<MemoriesClientOptions>().Configure(options => Bind(section, options));
        return AddCore(services);
    }

    private static IHttpClientBuilder AddCore(IServiceCollection services)
    {
        services.AddOptions<MemoriesClientOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MemoriesClientOptions>, MemoriesClientOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();
        services.TryAddSingleton(static provider => new MemoriesAccountBudgets(
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<Microsoft.Extensions.Logging.ILoggerFactory>(),
            provider.GetRequiredService<IOptionsMonitor<MemoriesClientOptions>>().CurrentValue,
            provider.GetService<ISharedRateBudgetStore>()));
        services.TryAddTransient<MemoriesTaskWaiter>();
        services.TryAddTransient<IMemoriesTaskWaiter>(static provider => provider.GetRequiredService<MemoriesTaskWaiter>());
        return services
            // Named, so its logs come under System.Net.Http.HttpClient.Memories rather than Refit's generated class name.
            .AddRefitGeneratedClient<IMemoriesApi>(MemoriesJsonContext.Default, static _ => RefitSettings.ForJsonContext(MemoriesJsonContext.Default), MemoriesApi.HttpClientName)
            .ConfigureHttpClient(static (provider, client) =>
                client.BaseAddress = provider.GetRequiredService<IOptionsMonitor<MemoriesClientOptions>>().CurrentValue.BaseAddress)
            // Redirects are not followed: .NET drops Authorization on them, and the answer at the new
            // address would read as a wrong key. The waiter reports the redirect and where it pointed.
            .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler { AllowAutoRedirect = false })
            .AddHttpMessageHandler(static provider =>
            {
                var options = provider.GetRequiredService<IOptionsMonitor<MemoriesClientOptions>>();
                return new RawAuthorizationHandler(() => options.CurrentValue.ApiKey ?? string.Empty);
            })
            .AddHttpMessageHandler(static provider => new CallbackUrlHandler(() => provider.GetService<IMemoriesCallbackTarget>()))
            .AddHttpMessageHandler(static provider =>
            {
                var budgets = provider.GetRequiredService<MemoriesAccountBudgets>();
                return new RateBudgetHandler(RateBudgets.Table, family => budgets[family.Family]);
            });
    }

    /// <summary>Binds by hand: the configuration binder's reflection is not trim-safe, and there are few keys.</summary>
    private static void Bind(IConfiguration section, MemoriesClientOptions options)
    {
        if (section[nameof(MemoriesClientOptions.ApiKey)] is { Length: > 0 } key)
        {
            options.ApiKey = key;
        }

        if (section[nameof(MemoriesClientOptions.BaseAddress)] is { Length: > 0 } address)
        {
            options.BaseAddress = Uri.TryCreate(address, UriKind.Absolute, out var uri) ? uri : new Uri(address, UriKind.Relative);
        }

        var budget = section.GetSection(nameof(MemoriesClientOptions.RateBudget));
        options.RateBudget.Redis = budget[nameof(MemoriesRateBudgetOptions.Redis)] is { Length: > 0 } redis ? redis : options.RateBudget.Redis;
        options.RateBudget.Account = budget[nameof(MemoriesRateBudgetOptions.Account)] is { Length: > 0 } account ? account : options.RateBudget.Account;

        options.WaitTimeout = ReadDuration(section, nameof(MemoriesClientOptions.WaitTimeout), options) ?? options.WaitTimeout;
        options.EmptyGracePeriod = ReadDuration(section, nameof(MemoriesClientOptions.EmptyGracePeriod), options) ?? options.EmptyGracePeriod;
    }

    private static TimeSpan? ReadDuration(IConfiguration section, string key, MemoriesClientOptions options)
    {
        if (section[key] is not { Length: > 0 } text)
        {
            return null;
        }

        if (TimeSpan.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        options.BindingProblems.Add($"Memories:{key} '{text}' is not a duration; write it as hh:mm:ss, e.g. 00:10:00.");
        return null;
    }

    /// <summary>The settings' own problems, and a shared budget nothing can keep (checked at start, not at the first request).</summary>
    private sealed class MemoriesClientOptionsValidator(IServiceProvider services) : IValidateOptions<MemoriesClientOptions>
    {
        public ValidateOptionsResult Validate(string? name, MemoriesClientOptions options)
        {
            var problems = options.Problems().ToList();
            if (!string.IsNullOrWhiteSpace(options.RateBudget.Redis))
            {
                problems.AddRange(MemoriesAccountBudgets.SharedBudgetProblems(options.RateBudget.Redis, services.GetService<ISharedRateBudgetStore>()));
            }

            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
