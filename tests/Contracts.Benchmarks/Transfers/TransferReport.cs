using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Acme.Everything;
using Acme.Everything.Client;
using Contracts.Runtime.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Refit;

namespace Contracts.Benchmarks.Transfers;

/// <summary>
/// What a large transfer costs through the generated calls, against what a team writes by hand with
/// <see cref="HttpClient"/>, on a real Kestrel server on loopback: a multipart upload of a file, a
/// file answer, and how soon each event of a stream is handed over after the server sent it.
/// </summary>
/// <remarks>
/// These are whole-process measurements, not BenchmarkDotNet's: a gigabyte is moved a few times in
/// turn by each contestant, and the report gives the median throughput and the highest working set
/// seen above the idle one (client and server together, sampled every 2 ms), so the memory figure is
/// an upper bound on the client's.
/// </remarks>
internal static class TransferReport
{
    private const int Chunk = 1 << 20;
    private const string Job = """{"status_code":"OK","message":"fine","payload":{"jobId":"j-1","state":"queued","price":1}}""";

    /// <summary>Runs every measurement with <paramref name="megabytes"/> per transfer and <paramref name="rounds"/> rounds each.</summary>
    public static async Task<string> RunAsync(int megabytes, int rounds)
    {
        long bytes = (long)megabytes * Chunk;
        string file = Path.Combine(Path.GetTempPath(), $"transfer-{Environment.ProcessId}.bin");
        await WriteFileAsync(file, bytes);
        try
        {
            await using var server = await Server.StartAsync(bytes);
            var report = new StringBuilder();
            report.AppendLine(CultureInfo.InvariantCulture, $"Transfers of {megabytes} MB on loopback, {rounds} rounds each, in turn ({DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} cores, .NET {Environment.Version})");
            report.AppendLine("| Transfer | Contestant | Median MB/s | Ratio | Peak working set above idle |");
            report.AppendLine("|---|---|---:|---:|---:|");

            var upload = await CompareAsync(
                rounds,
                bytes,
                ("hand-built MultipartFormDataContent + StreamContent", () => UploadByHandAsync(server, file)),
                ("generated AttachFilesAsync (FilePart)", () => UploadGeneratedAsync(server, file)));
            Append(report, "multipart upload", upload);

            var download = await CompareAsync(
                rounds,
                bytes,
                ("raw HttpClient CopyToAsync", () => DownloadByHandAsync(server)),
                ("generated DownloadLogFileAsync (FileAnswer)", () => DownloadGeneratedAsync(server)));
            Append(report, "file answer", download);

            // A first stream warms the path up (JIT, the connection); the second is the one measured.
            await EventLatencyAsync(server, events: 50);
            var latency = await EventLatencyAsync(server, events: 1000);
            report.AppendLine();
            report.AppendLine(CultureInfo.InvariantCulture, $"Events: {latency.Count} events 2 ms apart; from the server starting to write an event to the generated call yielding it: median {Percentile(latency, 0.5):F3} ms, p99 {Percentile(latency, 0.99):F3} ms, max {latency.Max():F3} ms");
            return report.ToString();
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static void Append(StringBuilder report, string transfer, IReadOnlyList<(string Name, double MegabytesPerSecond, long PeakAboveIdle)> results)
    {
        double baseline = results[0].MegabytesPerSecond;
        foreach (var (name, speed, peak) in results)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"| {transfer} | {name} | {speed:F0} | {speed / baseline:F2} | {peak / (1024.0 * 1024):F1} MB |");
        }
    }

    /// <summary>Runs the contestants in turn, <paramref name="rounds"/> times, each round in a new order of the same two.</summary>
    private static async Task<List<(string, double, long)>> CompareAsync(int rounds, long bytes, params (string Name, Func<Task<long>> Run)[] contestants)
    {
        var speeds = contestants.Select(_ => new List<double>()).ToArray();
        var peaks = new long[contestants.Length];
        for (int round = 0; round < rounds; round++)
        {
            for (int turn = 0; turn < contestants.Length; turn++)
            {
                int i = (turn + round) % contestants.Length;
                var (seconds, peak, moved) = await MeasureAsync(contestants[i].Run);
                if (moved != bytes)
                {
                    throw new InvalidOperationException($"{contestants[i].Name} moved {moved} bytes, not {bytes}.");
                }

                speeds[i].Add(bytes / (1024.0 * 1024) / seconds);
                peaks[i] = Math.Max(peaks[i], peak);
            }
        }

        return contestants.Select((c, i) => (c.Name, Percentile(speeds[i], 0.5), peaks[i])).ToList();
    }

    /// <summary>Times one transfer and samples the working set while it runs.</summary>
    private static async Task<(double Seconds, long PeakAboveIdle, long Moved)> MeasureAsync(Func<Task<long>> run)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        long idle = Environment.WorkingSet, peak = idle;
        using var stop = new CancellationTokenSource();
        var sampler = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, Environment.WorkingSet);
                Thread.Sleep(2);
            }
        }) { IsBackground = true };
        sampler.Start();
        var clock = Stopwatch.StartNew();
        long moved = await run();
        double seconds = clock.Elapsed.TotalSeconds;
        stop.Cancel();
        sampler.Join();
        return (seconds, Math.Max(0, peak - idle), moved);
    }

    private static async Task<long> UploadByHandAsync(Server server, string file)
    {
        await using var stream = OpenForUpload(file);
        using var form = new MultipartFormDataContent();
        var part = new StreamContent(stream);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(part, "file", "big.bin");
        form.Add(new StringContent("done"), "kind");
        using var response = await server.Http.PostAsync("/v2/jobs/1/attachments", form);
        response.EnsureSuccessStatusCode();
        return server.LastUploaded;
    }

    private static async Task<long> UploadGeneratedAsync(Server server, string file)
    {
        await using var stream = OpenForUpload(file);
        var reply = await server.Api.AttachFilesAsync(1, new Attachments { Main = new FilePart(stream, "big.bin", "application/octet-stream"), Kind = JobState.Completed });
        return reply.Data is null ? -1 : server.LastUploaded;
    }

    private static async Task<long> DownloadByHandAsync(Server server)
    {
        using var response = await server.Http.GetAsync("/v2/jobs/1/log", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        var counter = new CountingStream();
        await body.CopyToAsync(counter);
        return counter.Count;
    }

    private static async Task<long> DownloadGeneratedAsync(Server server)
    {
        await using var file = await server.Api.DownloadLogFileAsync(1);
        var counter = new CountingStream();
        await file.Content.CopyToAsync(counter);
        return counter.Count;
    }

    /// <summary>Milliseconds from the server starting to write each event to the generated call yielding it.</summary>
    private static async Task<List<double>> EventLatencyAsync(Server server, int events)
    {
        server.EventCount = events;
        var latencies = new List<double>(events);
        await foreach (var news in server.Api.FollowJobEventsAsync(1))
        {
            long yielded = Stopwatch.GetTimestamp();
            int index = (int)news.Progress!.At!.Value.ToUnixTimeMilliseconds();
            latencies.Add(Stopwatch.GetElapsedTime(server.EventWritten[index], yielded).TotalMilliseconds);
        }

        return latencies;
    }

    private static double Percentile(List<double> values, double fraction)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(fraction * sorted.Count))];
    }

    private static FileStream OpenForUpload(string file) =>
        new(file, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);

    private static async Task WriteFileAsync(string file, long bytes)
    {
        byte[] block = new byte[Chunk];
        new Random(20_261_202).NextBytes(block);
        await using var stream = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        for (long written = 0; written < bytes; written += Chunk)
        {
            await stream.WriteAsync(block.AsMemory(0, (int)Math.Min(Chunk, bytes - written)));
        }
    }

    /// <summary>A sink that counts what is written to it, as a download's destination.</summary>
    private sealed class CountingStream : Stream
    {
        public long Count { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Count;

        public override long Position { get => Count; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Count += count;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Count += buffer.Length;
            return ValueTask.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }

    /// <summary>Kestrel on 127.0.0.1: it drains uploads, sends the file from memory, and streams timed events.</summary>
    private sealed class Server : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private Server(WebApplication app, Uri address)
        {
            _app = app;
            Http = new HttpClient { BaseAddress = address, Timeout = Timeout.InfiniteTimeSpan };
            Api = RestService.ForGenerated<IAcmeApi>(Http, EverythingJsonContext.Default);
        }

        public HttpClient Http { get; }

        public IAcmeApi Api { get; }

        /// <summary>The bytes of the file part of the last upload.</summary>
        public long LastUploaded { get; private set; }

        public int EventCount { get; set; }

        /// <summary>When the server began writing each event (<see cref="Stopwatch"/> ticks).</summary>
        public long[] EventWritten { get; private set; } = [];

        public static async Task<Server> StartAsync(long fileBytes)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = null).UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            Server? server = null;
            byte[] block = new byte[Chunk];
            new Random(7).NextBytes(block);

            app.MapPost("/v2/jobs/{id}/attachments", async (HttpRequest request) =>
            {
                var reader = new Microsoft.AspNetCore.WebUtilities.MultipartReader(
                    Microsoft.Net.Http.Headers.HeaderUtilities.RemoveQuotes(Microsoft.Net.Http.Headers.MediaTypeHeaderValue.Parse(request.ContentType).Boundary).Value!,
                    request.Body);
                long fileBytes = 0;
                byte[] sink = new byte[64 * 1024];
                while (await reader.ReadNextSectionAsync() is { } section)
                {
                    long length = 0;
                    int read;
                    while ((read = await section.Body.ReadAsync(sink)) > 0)
                    {
                        length += read;
                    }

                    if (section.ContentDisposition?.Contains("name=file", StringComparison.Ordinal) == true || section.ContentDisposition?.Contains("name=\"file\"", StringComparison.Ordinal) == true)
                    {
                        fileBytes = length;
                    }
                }

                server!.LastUploaded = fileBytes;
                return Results.Text(Job, "application/json");
            });

            app.MapGet("/v2/jobs/{id}/log", async (HttpContext context) =>
            {
                context.Response.ContentType = "application/octet-stream";
                context.Response.ContentLength = fileBytes;
                context.Response.Headers.ContentDisposition = "attachment; filename=\"big.bin\"";
                for (long sent = 0; sent < fileBytes; sent += Chunk)
                {
                    await context.Response.Body.WriteAsync(block.AsMemory(0, (int)Math.Min(Chunk, fileBytes - sent)));
                }
            });

            app.MapGet("/v2/jobs/{id}/events", async (HttpContext context) =>
            {
                context.Response.ContentType = "text/event-stream";
                var written = server!.EventWritten = new long[server.EventCount];
                for (int i = 0; i < written.Length; i++)
                {
                    // The event's index travels as its timestamp, so the client finds when it was written.
                    byte[] line = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"data: {{\"type\":\"progress\",\"percent\":1,\"at\":{i}}}\n\n"));
                    written[i] = Stopwatch.GetTimestamp();
                    await context.Response.Body.WriteAsync(line);
                    await context.Response.Body.FlushAsync();
                    await Task.Delay(2);
                }

                await context.Response.WriteAsync("data: [DONE]\n\n");
            });

            await app.StartAsync();
            string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            server = new Server(app, new Uri(address));
            return server;
        }

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
