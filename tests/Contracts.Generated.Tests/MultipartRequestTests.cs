using System.Security.Cryptography;
using Acme.Everything;
using Contracts.Generated.Tests.Infrastructure;
using Contracts.Runtime.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Contracts.Generated.Tests;

/// <summary>A <c>multipart</c> endpoint: files as file parts read from the caller's streams, the other fields as text parts.</summary>
public sealed class MultipartRequestTests
{
    private const string Job = """{"jobId":"j-1","state":"queued","price":1}""";

    [Fact]
    public async Task EveryPartTravelsWithItsName_FilesWithTheirNamesTypesAndBytes()
    {
        var seen = new TaskCompletionSource<(IFormCollection Form, Dictionary<IFormFile, byte[]> Files)>();
        string? path = null, notify = null;
        await using var server = await AcmeServer.StartAsync(app => app.MapPost("/v2/jobs/{id}/attachments", async (HttpRequest request) =>
        {
            path = request.Path;
            notify = request.Query["notify"];
            var form = await request.ReadFormAsync();
            var files = new Dictionary<IFormFile, byte[]>();
            foreach (var file in form.Files)
            {
                files[file] = await Bytes(file);
            }

            seen.SetResult((form, files));
            return Results.Text(AcmeServer.Reply(Job), "application/json");
        }));
        byte[] main = RandomNumberGenerator.GetBytes(300_000), first = RandomNumberGenerator.GetBytes(10), second = [];
        var reports = new List<long>();

        var reply = await server.Api.AttachFilesAsync(
            42,
            new Attachments
            {
                Main = new FilePart(new MemoryStream(main), "clip ü.mp4", "video/mp4"),
                Extras = [new FilePart(new MemoryStream(first), "a.txt", "text/plain"), new FilePart(new MemoryStream(second), "empty.bin")],
                Caption = "a caption, with \"quotes\"",
                Tags = ["x", "y z"],
                SizeHint = 300_000,
                Kind = JobState.Completed,
            },
            notify: true,
            progress: new SynchronousProgress(reports.Add));

        var (form, bytes) = await seen.Task;
        Assert.Equal("/v2/jobs/42/attachments", path);
        Assert.True(bool.Parse(notify!));   // Refit writes a bool query value as "True": see contracts/README.md
        var file = Assert.Single(form.Files.GetFiles("file"));
        Assert.Equal("clip ü.mp4", file.FileName);
        Assert.Equal("video/mp4", file.ContentType);
        Assert.Equal(main, bytes[file]);
        var extras = form.Files.GetFiles("extra");
        Assert.Equal(["a.txt", "empty.bin"], extras.Select(f => f.FileName));
        Assert.Equal(first, bytes[extras[0]]);
        Assert.Empty(bytes[extras[1]]);
        Assert.Equal("a caption, with \"quotes\"", form["caption"]);
        Assert.Equal(new[] { "x", "y z" }, form["tag"].Select(t => t!));
        Assert.Equal("300000", form["size_hint"]);
        Assert.Equal("done", form["kind"]);
        Assert.Equal("j-1", reply.Data!.JobId);

        // One figure for all the files, growing to their total.
        Assert.Equal(main.Length + first.Length, reports[^1]);
        Assert.Equal(reports.Order(), reports);
    }

    [Fact]
    public async Task OptionalPartsThatAreNullOrEmptyAreLeftOut_AndTheCallersStreamsStayOpen()
    {
        var seen = new TaskCompletionSource<string[]>();
        await using var server = await AcmeServer.StartAsync(app => app.MapPost("/v2/jobs/{id}/attachments", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            seen.SetResult([.. form.Keys.Concat(form.Files.Select(f => f.Name)).Order(StringComparer.Ordinal)]);
            return Results.Text(AcmeServer.Reply(Job), "application/json");
        }));
        var stream = new MemoryStream([1, 2, 3]);

        await server.Api.AttachFilesAsync(7, new Attachments { Main = new FilePart(stream, "a.bin"), Kind = JobState.Queued });

        Assert.Equal(["file", "kind"], await seen.Task);
        Assert.True(stream.CanRead, "the request closed the caller's stream");
    }

    [Fact]
    public async Task TheFileIsSentAsItIsRead_NotBufferedFirst()
    {
        // The file's stream gives its first chunk, then waits until the server has received it:
        // a client that read the whole file before sending would wait forever.
        var firstChunkArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var received = new TaskCompletionSource<long>();
        await using var server = await AcmeServer.StartAsync(app => app.MapPost("/v2/jobs/{id}/attachments", async (HttpRequest request) =>
        {
            var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(request.ContentType).Boundary).Value!;
            var reader = new MultipartReader(boundary, request.Body);
            long total = 0;
            while (await reader.ReadNextSectionAsync() is { } section)
            {
                if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) && disposition.Name.Value == "file")
                {
                    var buffer = new byte[8192];
                    int read;
                    while ((read = await section.Body.ReadAsync(buffer)) > 0)
                    {
                        total += read;
                        if (total >= GatedStream.ChunkSize)
                        {
                            firstChunkArrived.TrySetResult();
                        }
                    }
                }
            }

            received.SetResult(total);
            return Results.Text(AcmeServer.Reply(Job), "application/json");
        }));

        var call = server.Api.AttachFilesAsync(1, new Attachments { Main = new FilePart(new GatedStream(firstChunkArrived.Task), "big.bin"), Kind = JobState.Queued });

        await firstChunkArrived.Task.WaitAsync(TimeSpan.FromMinutes(1));
        await call.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(2 * GatedStream.ChunkSize, await received.Task);
    }

    [Fact]
    public async Task ARequiredFileThatIsMissingFailsBeforeAnythingIsSent()
    {
        int requests = 0;
        await using var server = await AcmeServer.StartAsync(app => app.MapPost("/v2/jobs/{id}/attachments", () =>
        {
            Interlocked.Increment(ref requests);
            return Results.Text(AcmeServer.Reply(Job), "application/json");
        }));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => server.Api.AttachFilesAsync(1, new Attachments { Main = null!, Kind = JobState.Queued }));

        Assert.Contains("Attachments.file is required", error.Message);
        Assert.Equal(0, requests);
    }

    private static async Task<byte[]> Bytes(IFormFile file)
    {
        using var copy = new MemoryStream();
        await file.CopyToAsync(copy);
        return copy.ToArray();
    }

    /// <summary>Reports on the calling thread, so that the reports are all in when the call returns.</summary>
    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }

    /// <summary>A file of two chunks, not seekable, whose second chunk waits for a signal.</summary>
    private sealed class GatedStream(Task gate) : Stream
    {
        public const int ChunkSize = 256 * 1024;

        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position == ChunkSize)
            {
                await gate.WaitAsync(cancellationToken);
            }

            long chunkEnd = _position < ChunkSize ? ChunkSize : 2 * ChunkSize;
            int count = (int)Math.Min(buffer.Length, chunkEnd - _position);
            buffer.Span[..count].Fill(0x5A);
            _position += count;
            return count;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
