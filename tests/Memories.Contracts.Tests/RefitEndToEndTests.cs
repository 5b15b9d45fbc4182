using Memories.Contracts;

namespace Memories.Contracts.Tests;

/// <summary>The hand-declared Refit interface against a real HTTP server on loopback.</summary>
public sealed class RefitEndToEndTests
{
    private const string ApiKey = "sk-mavi-test-0123456789";

    [Fact]
    public async Task GetVideoIdsByTaskId_SendsTheDocumentedRequestAndDecodesTheAnswer()
    {
        await using var server = await LoopbackApiServer.StartAsync(DecodingTests.DocumentationExample);
        using var http = new HttpClient(new RawAuthorizationHandler(() => ApiKey) { InnerHandler = new HttpClientHandler() })
        {
            BaseAddress = server.BaseAddress,
        };
        var api = MemoriesApi.Create(http);

        var response = await api.GetVideoIdsByTaskIdAsync("4b2d85ea-8b61-4689-96c3-75d907140242", "1", CancellationToken.None);

        var request = Assert.Single(server.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/serve/api/v1/get_video_ids_by_task_id?task_id=4b2d85ea-8b61-4689-96c3-75d907140242&unique_id=1", request.PathAndQuery);
        Assert.Equal(ApiKey, request.Authorization);
        Assert.True(response.EnsureSuccess().IsSuccess);
        Assert.Equal(["VI624126275711397888", "VI624126275900141568"], response.Data!.Videos.Select(v => v.VideoNo));
        Assert.Equal([VideoStatus.Parsed, VideoStatus.Unparsed], response.Data.Videos.Select(v => v.Status));
    }

    [Fact]
    public async Task UniqueIdDefaultsToDefault()
    {
        await using var server = await LoopbackApiServer.StartAsync("""{"code":"0000","msg":"success","data":{"videos":[]}}""");
        using var http = new HttpClient(new RawAuthorizationHandler(() => ApiKey) { InnerHandler = new HttpClientHandler() })
        {
            BaseAddress = server.BaseAddress,
        };

        var response = await MemoriesApi.Create(http).GetVideoIdsByTaskIdAsync("t-1", cancellationToken: CancellationToken.None);

        var request = Assert.Single(server.Requests);
        Assert.Equal(new Dictionary<string, string> { ["task_id"] = "t-1", ["unique_id"] = "default" }, request.Query);
        Assert.Empty(response.Data!.Videos);
    }
}
