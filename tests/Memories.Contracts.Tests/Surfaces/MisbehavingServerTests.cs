using Contracts.Runtime;
using Contracts.Runtime.Http;
using Contracts.Testing;
using Microsoft.AspNetCore.Http;

namespace Memories.Contracts.Tests.Surfaces;

/// <summary>
/// The typed calls against a Kestrel server that answers as the real API sometimes does, or worse:
/// numbers and strings swapped, JSON where a file was due, the key echoed back.
/// </summary>
public sealed class MisbehavingServerTests
{
    private const string Key = "sk-mavi-misbehaving-9921";

    [Fact]
    public async Task SearchAnswersWithNumbersAsStringsAndStringsAsNumbersAreRead()
    {
        await using var server = await Server.StartAsync(context => context.Response.WriteAsync("""
            {"code":"0000","msg":"success","success":true,"failed":false,"data":[
              {"videoNo":"VI1","videoName":"a","startTime":"13","endTime":15,"score":"0.8312","video_bucket":"b"},
              {"videoNo":"VI2","startTime":"","endTime":null,"score":0.5}]}
            """));

        var matches = await server.Api.SearchAsync("goal");

        Assert.Equal(new SearchMatch("VI1", "a", TimeSpan.FromSeconds(13), TimeSpan.FromSeconds(15), 0.8312), matches[0]);
        Assert.Equal(new SearchMatch("VI2", null, null, null, 0.5), matches[1]);
    }

    [Fact]
    public async Task AnUploadAnswerInTheOtherCasingIsRead()
    {
        await using var server = await Server.StartAsync(context => context.Response.WriteAsync("""
            {"code":"0000","msg":"success","data":{"video_no":"VI9","video_name":"a.mp4","status":"UNPARSE","upload_time":1758262500019}}
            """));

        var video = await server.Api.UploadUrlAsync(new Uri("https://cdn.example.com/a.mp4"));

        Assert.Equal(("VI9", "a.mp4", VideoStatus.Unparsed), (video.VideoNo, video.VideoName, video.VideoStatus));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1758262500019), video.UploadTime);
    }

    [Fact]
    public async Task ASuccessEnvelopeWhereTheFileWasDueIsNotSavedAsTheFile()
    {
        await using var server = await Server.StartAsync(context => context.Response.WriteAsync("""{"code":"0000","msg":"success","data":null,"success":true,"failed":false}"""));
        string folder = Directory.CreateTempSubdirectory("misbehaving-").FullName;
        try
        {
            var error = await Record.ExceptionAsync(() => server.Api.DownloadAsync("VI1", Path.Combine(folder, "v.mp4")));

            Assert.NotNull(error);
            Assert.Empty(Directory.GetFiles(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task AnErrorEnvelopeWhereTheFileWasDueIsTheBusinessError()
    {
        await using var server = await Server.StartAsync(context => context.Response.WriteAsync("""{"code":"0429","msg":"Request has exceeded the limit.","data":null,"success":false,"failed":true}"""));

        var error = await Assert.ThrowsAsync<ApiResponseException>(() => server.Api.DownloadAsync("VI1", Stream.Null, "default", null, CancellationToken.None));

        Assert.Equal("0429", error.Code);
    }

    [Fact]
    public async Task AKeyTheServerEchoesInAnEventStreamNeverReachesTheEvents()
    {
        await using var server = await Server.StartAsync(async context =>
        {
            context.Response.ContentType = "text/event-stream";
            string key = context.Request.Headers.Authorization.ToString();
            await context.Response.WriteAsync($"data: {{\"type\":\"content\",\"content\":\"your key is {key}\"}}\n\n");
            await context.Response.Body.FlushAsync();

            // Split across writes, so the key arrives in two reads.
            await context.Response.WriteAsync($"data: {{\"type\":\"content\",\"content\":\"again {key[..7]}");
            await context.Response.Body.FlushAsync();
            await Task.Delay(50);
            await context.Response.WriteAsync($"{key[7..]} done\"}}\n\ndata: \"done\"\n\n");
        });

        var pieces = new List<string>();
        await foreach (var e in server.Api.ChatStreamAsync("?", ["VI1"]))
        {
            pieces.Add(e.Content!.Content!);
        }

        Assert.Equal(["your key is ***", "again *** done"], pieces);
    }

    [Fact]
    public async Task AnEventStreamThatIsCutMidEventRaisesAfterTheEventsItGave()
    {
        await using var server = await Server.StartAsync(async context =>
        {
            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync("data: {\"type\":\"content\",\"content\":\"one\"}\n\ndata: {\"type\":\"cont");
            await context.Response.Body.FlushAsync();
            await Task.Delay(100);
            context.Abort();
        });

        var pieces = new List<string>();
        var error = await Record.ExceptionAsync(async () =>
        {
            await foreach (var e in server.Api.ChatStreamAsync("?", ["VI1"]))
            {
                pieces.Add(e.Content!.Content!);
            }
        });

        Assert.Equal(["one"], pieces);
        Assert.True(error is EventStreamEndedException or HttpRequestException or IOException, error?.ToString());
    }

    /// <summary>A <see cref="LoopbackServer"/> of one handler, and a plain client of it with the key.</summary>
    private sealed class Server : IAsyncDisposable
    {
        private readonly LoopbackServer _server;
        private readonly HttpClient _http;

        private Server(LoopbackServer server)
        {
            _server = server;
            _http = new HttpClient(new RawAuthorizationHandler(() => Key) { InnerHandler = new HttpClientHandler() }) { BaseAddress = server.BaseAddress };
            Api = MemoriesApi.Create(_http);
        }

        public IMemoriesApi Api { get; }

        public static async Task<Server> StartAsync(RequestDelegate handler) =>
            new(await LoopbackServer.StartAsync((context, _) => handler(context)));

        public async ValueTask DisposeAsync()
        {
            _http.Dispose();
            await _server.DisposeAsync();
        }
    }
}
