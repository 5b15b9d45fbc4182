using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Memories.Contracts.Tests;

/// <summary>A real Kestrel server on 127.0.0.1 and a random port, which records each request and answers a fixed body.</summary>
internal sealed class LoopbackApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackApiServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public static Task<LoopbackApiServer> StartAsync(string responseBody) => StartAsync(new ScriptedResponse(responseBody));

    /// <summary>Answers the script's responses in order, one per request; the last one repeats.</summary>
    public static async Task<LoopbackApiServer> StartAsync(params ScriptedResponse[] script)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        LoopbackApiServer? server = null;
        app.Run(async context =>
        {
            var request = context.Request;
            server!.Requests.Enqueue(new RecordedRequest(
                request.Method,
                request.Path + request.QueryString,
                request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()),
                request.Headers.Authorization.ToString()));
            var response = script[Math.Min(server.Requests.Count - 1, script.Length - 1)];
            context.Response.StatusCode = response.Status;
            if (response.Location is { } location)
            {
                context.Response.Headers.Location = location;
            }

            if (response.RetryAfterSeconds is { } seconds)
            {
                context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(response.Body);
        });
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server = new LoopbackApiServer(app, new Uri(address));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

internal sealed record ScriptedResponse(string Body, int Status = 200, int? RetryAfterSeconds = null, string? Location = null);

internal sealed record RecordedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Query, string Authorization);
