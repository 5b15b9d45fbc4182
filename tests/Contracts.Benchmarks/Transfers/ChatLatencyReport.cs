using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Contracts.Benchmarks.Transfers;

/// <summary>
/// How soon a real <c>mavi chat</c> process prints each piece of an answer after the server sent
/// it. The server (Kestrel on loopback, in this process) notes the moment each content event is
/// flushed; this process reads mavi's stdout as it comes and notes when each piece's last byte
/// arrived. Both moments are read from this process's clock, so no two clocks are compared.
/// </summary>
internal static class ChatLatencyReport
{
    private const string Key = "sk-mavi-latency-bench";

    /// <summary>Runs mavi (<paramref name="mavi"/>: an executable, or a <c>.dll</c> run with dotnet) for one answer of <paramref name="pieces"/> pieces.</summary>
    public static async Task<string> RunAsync(string mavi, int pieces, TimeSpan gap)
    {
        var sent = new long[pieces];
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        app.MapPost("/serve/api/v1/chat_stream", async context =>
        {
            context.Response.ContentType = "text/event-stream";
            await Event(context, """{"type":"thinking","title":"t","content":"c","sessionId":"1"}""");
            await Event(context, """{"type":"ref","sessionId":"1","ref":[]}""");
            for (int i = 0; i < pieces; i++)
            {
                await Task.Delay(gap);
                await Event(context, $$"""{"type":"content","role":"assistant","content":"w{{i}}.","sessionId":"1"}""");
                sent[i] = Stopwatch.GetTimestamp();
            }

            await Event(context, """{"code":"SUCCESS","data":"Done"}""");
        });
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

        bool viaDotnet = mavi.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var start = new ProcessStartInfo(viaDotnet ? "dotnet" : mavi) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in (viaDotnet ? [mavi] : Array.Empty<string>()).Concat(["--base-url", address, "--api-key", Key, "chat", "latency?", "--video", "VI1"]))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        _ = process.StandardError.ReadToEndAsync();
        var printed = new long[pieces];
        var text = new StringBuilder();
        var buffer = new byte[4096];
        int next = 0;
        int read;
        while ((read = await process.StandardOutput.BaseStream.ReadAsync(buffer)) > 0)
        {
            long now = Stopwatch.GetTimestamp();
            text.Append(Encoding.UTF8.GetString(buffer, 0, read));
            string all = text.ToString();
            while (next < pieces && all.Contains($"w{next}.", StringComparison.Ordinal))
            {
                printed[next++] = now;
            }
        }

        await process.WaitForExitAsync();
        if (next < pieces)
        {
            return $"mavi exited {process.ExitCode} after printing {next} of {pieces} pieces:\n{text}";
        }

        var latencies = Enumerable.Range(0, pieces).Select(i => Stopwatch.GetElapsedTime(sent[i], printed[i]).TotalMilliseconds).Order().ToList();
        double At(double q) => latencies[Math.Min(latencies.Count - 1, (int)Math.Round(q * (latencies.Count - 1)))];
        return string.Create(CultureInfo.InvariantCulture, $"""
            | pieces | gap | first piece | median | p95 | max |
            | --- | --- | --- | --- | --- | --- |
            | {pieces} | {gap.TotalMilliseconds:0} ms | {Stopwatch.GetElapsedTime(sent[0], printed[0]).TotalMilliseconds:0.00} ms | {At(0.5):0.00} ms | {At(0.95):0.00} ms | {latencies[^1]:0.00} ms |
            """);
    }

    private static async Task Event(HttpContext context, string json)
    {
        await context.Response.WriteAsync("data: " + json + "\n\n");
        await context.Response.Body.FlushAsync();
    }
}
