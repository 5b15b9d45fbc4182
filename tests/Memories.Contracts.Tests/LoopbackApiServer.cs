using Contracts.Testing;
using Microsoft.AspNetCore.Http;

namespace Memories.Contracts.Tests;

/// <summary>A <see cref="LoopbackServer"/> that answers a fixed script of responses, one per request; the last one repeats.</summary>
internal static class LoopbackApiServer
{
    public static Task<LoopbackServer> StartAsync(string responseBody) => StartAsync(new ScriptedResponse(responseBody));

    public static Task<LoopbackServer> StartAsync(params ScriptedResponse[] script) =>
        LoopbackServer.StartAsync(async (context, number) =>
        {
            var response = script[Math.Min(number - 1, script.Length - 1)];
            context.Response.StatusCode = response.Status;
            if (response.Location is { } location)
            {
                context.Response.Headers.Location = location;
            }

            if (response.RetryAfterSeconds is { } seconds)
            {
                context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            await context.Response.WriteAsync(response.Body);
        });
}

internal sealed record ScriptedResponse(string Body, int Status = 200, int? RetryAfterSeconds = null, string? Location = null);
