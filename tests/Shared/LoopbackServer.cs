using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Contracts.Testing;

/// <summary>One request as the server received it, before the scenario answered it.</summary>
internal sealed record RecordedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Query, string Authorization);

/// <summary>
/// A real Kestrel server on 127.0.0.1 and a free port that records each request and lets the
/// scenario answer it (numbered from 1): the one fake API server the tests of a client start.
/// </summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Starts the server; <paramref name="answer"/> writes each response, whose content type is JSON unless it sets another.</summary>
    public static async Task<LoopbackServer> StartAsync(Func<HttpContext, int, Task> answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        LoopbackServer? server = null;
        int count = 0;
        app.Run(context =>
        {
            var request = context.Request;
            server!.Requests.Enqueue(new RecordedRequest(
                request.Method,
                request.Path + request.QueryString,
                request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()),
                request.Headers.Authorization.ToString()));
            context.Response.ContentType = "application/json";
            return answer(context, Interlocked.Increment(ref count));
        });
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server = new LoopbackServer(app, new Uri(address));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        // A scenario that never answers must not hold the test up: its requests are aborted.
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}
