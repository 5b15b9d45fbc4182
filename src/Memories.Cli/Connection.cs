using Memories.Contracts;
using Memories.Contracts.DependencyInjection;
using Memories.Simulator;
using Contracts.RateLimiting.Redis;
using Memories.Cli.Commands;
using Memories.Cli.Output;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Memories.Cli;

/// <summary>
/// The API a command talks to: the one named by <c>--base-url</c>/<c>--api-key</c> (or
/// <c>MEMORIES_BASE_URL</c>/<c>MEMORIES_API_KEY</c>), or, with neither, a simulator started on loopback;
/// its rate budget shared through Redis with <c>--rate-budget</c> (or <c>MEMORIES_RATE_BUDGET</c>).
/// Warnings from the client (a lost Redis budget, an overloaded scheduler) go to stderr.
/// </summary>
internal sealed class Connection : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly MemoriesSimulator? _simulator;

    private Connection(ServiceProvider services, MemoriesSimulator? simulator, string apiKey)
    {
        _services = services;
        _simulator = simulator;
        ApiKey = apiKey;
    }

    /// <summary>The key in use, so that error output can be scrubbed of it.</summary>
    public string ApiKey { get; }

    public IMemoriesApi Api => _services.GetRequiredService<IMemoriesApi>();

    public MemoriesTaskWaiter Waiter => _services.GetRequiredService<MemoriesTaskWaiter>();

    /// <summary>Connects; settings problems throw <see cref="OptionsValidationException"/>, which is a usage error.</summary>
    public static async Task<Connection> OpenAsync(ConnectionSettings settings, CliConsole console, CancellationToken cancellationToken)
    {
        string? baseUrl = Blank(settings.BaseUrl) ?? Blank(console.Environment("MEMORIES_BASE_URL"));
        string? apiKey = Blank(settings.ApiKey) ?? Blank(console.Environment("MEMORIES_API_KEY"));
        string? rateBudget = Blank(settings.RateBudget) ?? Blank(console.Environment("MEMORIES_RATE_BUDGET"));
        if (rateBudget is not null && new RedisRateBudgetOptions { Connection = rateBudget }.Problems(settings.RateBudget is null ? "MEMORIES_RATE_BUDGET" : "--rate-budget") is [var problem, ..])
        {
            throw new ArgumentException(problem);
        }

        MemoriesSimulator? simulator = null;
        if (baseUrl is null && apiKey is null)
        {
            simulator = await MemoriesSimulator.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            baseUrl = simulator.BaseAddress.ToString();
            apiKey = simulator.ApiKey;
            await console.Error.WriteLineAsync($"mavi: no --base-url or --api-key given; using the built-in simulator at {simulator.BaseAddress} (offline, simulated data). Set MEMORIES_API_KEY to use the real API.").ConfigureAwait(false);
        }

        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            logging.AddProvider(new StderrLoggerProvider(console.Error, apiKey ?? string.Empty));
            var minimum = settings.Verbose ? LogLevel.Information : LogLevel.Warning;

            // Of the HTTP client's lines per request, the logical handler's say what was sent and what came back.
            logging.AddFilter((_, category, level) => level >= minimum && (
                level >= LogLevel.Warning
                || category is null
                || !category.StartsWith("System.Net.Http.HttpClient", StringComparison.Ordinal)
                || category.EndsWith(".LogicalHandler", StringComparison.Ordinal)));
        });
        services.AddRedisRateBudgets();
        services.AddMemoriesClient(options =>
        {
            options.ApiKey = apiKey;
            options.RateBudget.Redis = rateBudget;
            if (baseUrl is not null)
            {
                options.BaseAddress = Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) ? uri : new Uri(baseUrl, UriKind.Relative);
            }
        });
        var provider = services.BuildServiceProvider();
        var connection = new Connection(provider, simulator, apiKey ?? string.Empty);
        try
        {
            _ = provider.GetRequiredService<IOptions<MemoriesClientOptions>>().Value;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync().ConfigureAwait(false);
        if (_simulator is not null)
        {
            await _simulator.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
