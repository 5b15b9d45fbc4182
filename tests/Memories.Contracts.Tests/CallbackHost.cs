using System.Net;
using System.Net.Sockets;
using Contracts.Runtime.Polling;
using Memories.Contracts.Callbacks;
using Memories.Contracts.DependencyInjection;
using Memories.Simulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Memories.Contracts.Tests;

/// <summary>An application instance that uses the simulator and, hosted, receives its callbacks on Kestrel at 127.0.0.1.</summary>
internal static class CallbackHost
{
    /// <summary>
    /// The client and the callbacks, registered as an instance of the service would (with no
    /// receiver, only the wake-ups: a worker); with a Redis URL, its budgets and wake-ups are shared through it.
    /// </summary>
    public static void Configure(IServiceCollection services, MemoriesSimulator simulator, string key, Uri? receiver, string? secret, string? redis = null)
    {
        services.AddLogging();
        if (redis is not null)
        {
            services.AddRedisRateBudgets();
        }

        services.AddMemoriesClient(o =>
        {
            o.BaseAddress = simulator.BaseAddress;
            o.ApiKey = key;
            o.RateBudget.Redis = redis;
        });
        if (receiver is null)
        {
            services.AddMemoriesWakeups();
            return;
        }

        services.AddMemoriesCallbacks(o =>
        {
            o.PublicBaseUrl = receiver;
            o.Secrets.Add(secret!);
        });
    }

    /// <summary>Starts an instance that receives the callbacks at a fresh loopback address.</summary>
    public static async Task<(WebApplication App, Uri Address)> StartAsync(MemoriesSimulator simulator, string key, string secret, string? redis = null)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}/");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls(address.ToString());
        builder.Logging.ClearProviders();
        Configure(builder.Services, simulator, key, address, secret, redis);
        var app = builder.Build();
        app.MapMemoriesCallbacks();
        await app.StartAsync();
        return (app, address);
    }

    /// <summary>
    /// An instance that waits but receives no callbacks (a worker on another machine), sharing the
    /// account's budgets and wake-ups through Redis; its polling options, before any task exists.
    /// </summary>
    public static (ServiceProvider Services, MemoriesTaskWaiter Waiter, PollingOptions Options) Waiting(MemoriesSimulator simulator, string key, string redis)
    {
        var services = new ServiceCollection();
        Configure(services, simulator, key, receiver: null, secret: null, redis);
        var provider = services.BuildServiceProvider();
        var waiter = provider.GetRequiredService<MemoriesTaskWaiter>();
        return (provider, waiter, waiter.CreatePollingOptions());
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
