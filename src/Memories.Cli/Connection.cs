using Memories.Contracts;
using Memories.Contracts.DependencyInjection;
using Memories.Simulator;
using Contracts.RateLimiting.Redis;
using Memories.Cli.Commands;
using Memories.Cli.Output;
using Contracts.Runtime.Polling;
using Memories.Contracts.Callbacks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
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
    private readonly IServiceProvider _services;
    private readonly IAsyncDisposable _owner;
    private readonly MemoriesSimulator? _simulator;

    private Connection(IServiceProvider services, IAsyncDisposable owner, MemoriesSimulator? simulator, string apiKey)
    {
        _services = services;
        _owner = owner;
        _simulator = simulator;
        ApiKey = apiKey;
    }

    /// <summary>The key in use, so that error output can be scrubbed of it.</summary>
    public string ApiKey { get; }

    public IMemoriesApi Api => _services.GetRequiredService<IMemoriesApi>();

    public MemoriesTaskWaiter Waiter => _services.GetRequiredService<MemoriesTaskWaiter>();

    /// <summary>The receiver, when callbacks are received here (<c>--callback-listen</c>).</summary>
    public MemoriesCallbacks? Callbacks => _services.GetService<MemoriesCallbacks>();

    /// <summary>What wakes the waits here: callbacks received here, or, with the budget in Redis, by any instance of the account.</summary>
    public WaitWakeups? Wakeups => _services.GetService<WaitWakeups>();

    /// <summary>
    /// Connects; settings problems throw <see cref="OptionsValidationException"/>, which is a usage
    /// error. With <paramref name="listen"/>, callbacks are received on Kestrel while the command runs,
    /// and the tasks it creates name that receiver as their callback.
    /// </summary>
    public static async Task<Connection> OpenAsync(ConnectionSettings settings, CliConsole console, CancellationToken cancellationToken, CallbackListen? listen = null)
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

        void Register(IServiceCollection services)
        {
            services.AddLogging(logging => Logging(logging, console, apiKey ?? string.Empty, settings.Verbose));
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

            // The account's other instances may receive the callbacks of the tasks waited on here.
            if (rateBudget is not null)
            {
                services.AddMemoriesWakeups();
            }
        }

        Connection connection;
        if (listen is null)
        {
            var services = new ServiceCollection();
            Register(services);
            var provider = services.BuildServiceProvider();
            connection = new Connection(provider, provider, simulator, apiKey ?? string.Empty);
        }
        else
        {
            var app = Receiver(listen, Register);
            connection = new Connection(app.Services, app, simulator, apiKey ?? string.Empty);
        }

        try
        {
            _ = connection._services.GetRequiredService<IOptions<MemoriesClientOptions>>().Value;
            if (connection._owner is WebApplication app)
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
                await console.Error.WriteLineAsync($"mavi: receiving callbacks on {listen!.ListeningAddress}; the API is told {listen.PublicBaseUrl} (with a secret path made for this run).").ConfigureAwait(false);
            }
        }
        catch (IOException error) when (listen is not null)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new ArgumentException($"--callback-listen {listen.ListeningAddress}: cannot listen there ({error.Message}).", error);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return connection;
    }

    /// <summary>
    /// A slim web application that holds the client and receives its callbacks: the endpoint at
    /// a secret made for this run, given to the API on every task this command creates.
    /// </summary>
    private static WebApplication Receiver(CallbackListen listen, Action<IServiceCollection> register)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(listen.Endpoint));
        register(builder.Services);
        builder.Services.AddMemoriesCallbacks(options =>
        {
            options.PublicBaseUrl = listen.PublicBaseUrl;
            options.Secrets.Add(MemoriesCallbacks.NewSecret());
        });
        var app = builder.Build();
        app.MapMemoriesCallbacks();
        return app;
    }

    /// <summary>
    /// Warnings on stderr, and with <c>--verbose</c> what the client sent and got back. Never
    /// ASP.NET Core's request lines: the callback URL's path holds the secret.
    /// </summary>
    private static void Logging(ILoggingBuilder logging, CliConsole console, string apiKey, bool verbose)
    {
        logging.AddProvider(new StderrLoggerProvider(console.Error, apiKey));
        var minimum = verbose ? LogLevel.Information : LogLevel.Warning;

        logging.AddFilter((_, category, level) => level >= minimum && (level >= LogLevel.Warning || category is null || Informative(category)));
    }

    /// <summary>
    /// Whose information lines <c>--verbose</c> shows: of the HTTP client's lines per request, the
    /// logical handler's (what was sent and what came back); none of the web host's.
    /// </summary>
    private static bool Informative(string category) =>
        category.StartsWith("System.Net.Http.HttpClient", StringComparison.Ordinal)
            ? category.EndsWith(".LogicalHandler", StringComparison.Ordinal)
            : !category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) && !category.StartsWith("Microsoft.Hosting", StringComparison.Ordinal);

    public async ValueTask DisposeAsync()
    {
        await _owner.DisposeAsync().ConfigureAwait(false);
        if (_simulator is not null)
        {
            await _simulator.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
