using Memories.Contracts;
using Memories.Contracts.DependencyInjection;
using Memories.Simulator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Memories.Cli;

/// <summary>
/// The API a command talks to: the one named by <c>--base-url</c>/<c>--api-key</c> (or
/// <c>MEMORIES_BASE_URL</c>/<c>MEMORIES_API_KEY</c>), or, with neither, a simulator started on loopback.
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
    public static async Task<Connection> OpenAsync(string? baseUrl, string? apiKey, CliConsole console, CancellationToken cancellationToken)
    {
        baseUrl = Blank(baseUrl) ?? Blank(console.Environment("MEMORIES_BASE_URL"));
        apiKey = Blank(apiKey) ?? Blank(console.Environment("MEMORIES_API_KEY"));
        MemoriesSimulator? simulator = null;
        if (baseUrl is null && apiKey is null)
        {
            simulator = await MemoriesSimulator.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            baseUrl = simulator.BaseAddress.ToString();
            apiKey = simulator.ApiKey;
            await console.Error.WriteLineAsync($"mavi: no --base-url or --api-key given; using the built-in simulator at {simulator.BaseAddress} (offline, simulated data). Set MEMORIES_API_KEY to use the real API.").ConfigureAwait(false);
        }

        var services = new ServiceCollection();
        services.AddMemoriesClient(options =>
        {
            options.ApiKey = apiKey;
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
