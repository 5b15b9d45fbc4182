using Acme.Everything;
using Acme.Everything.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Refit;

namespace Contracts.Generated.Tests.Infrastructure;

/// <summary>
/// A real Kestrel server on 127.0.0.1 and a free port, with the routes a test maps, and a client of
/// <see cref="IAcmeApi"/> made as a user makes one: Refit's generated client, JSON through the
/// contract's generated context only.
/// </summary>
internal sealed class AcmeServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _http;

    private AcmeServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
        Api = RestService.ForGenerated<IAcmeApi>(_http, EverythingJsonContext.Default);
    }

    public Uri BaseAddress { get; }

    /// <summary>The client.</summary>
    public IAcmeApi Api { get; }

    /// <summary>Starts the server with the routes <paramref name="map"/> adds.</summary>
    public static async Task<AcmeServer> StartAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = null).UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new AcmeServer(app, new Uri(address));
    }

    /// <summary>The envelope the API answers, with <paramref name="payload"/> as its data.</summary>
    public static string Reply(string payload, string code = "OK", string message = "fine") =>
        $$"""{"status_code":"{{code}}","message":"{{message}}","payload":{{payload}}}""";

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
