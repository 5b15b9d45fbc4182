using Contracts.Testing;
using Contracts.Runtime;
using Contracts.Runtime.Polling;
using Memories.Contracts;

namespace Memories.Contracts.Tests;

/// <summary>The generated wait method on the injected interface, against a real server on loopback, in real time.</summary>
public sealed class WaitEndToEndTests
{
    private const string TaskId = "4b2d85ea-8b61-4689-96c3-75d907140242";

    private static readonly PollingOptions Fast = new()
    {
        MinDelay = TimeSpan.FromSeconds(1),
        MaxDelay = TimeSpan.FromSeconds(1),
        Timeout = TimeSpan.FromSeconds(30),
    };

    private static string Videos(params (string No, string Status)[] videos) =>
        """{"code":"0000","msg":"success","data":{"videos":[""" +
        string.Join(",", videos.Select(v => $$"""{"video_no":"{{v.No}}","status":"{{v.Status}}","duration":"8","create_time":"1758262500026"}""")) +
        """]},"success":true,"failed":false}""";

    [Fact]
    public async Task WaitForTask_FollowsEveryVideoThroughServerFaultsToItsOutcome()
    {
        await using var server = await LoopbackApiServer.StartAsync(
            new ScriptedResponse("""{"code":"0000","msg":"success","data":{"videos":[]}}"""),
            new ScriptedResponse("<html>bad gateway</html>", Status: 502),
            new ScriptedResponse("""{"code":"0429","msg":"Request has exceeded the limit.","data":null}"""),
            new ScriptedResponse(Videos(("V1", "UNPARSE"), ("V2", "UNPARSE"))),
            new ScriptedResponse(Videos(("V1", "PARSE"), ("V2", "FAILED"))));
        using var http = Client(server);
        var reports = new List<BatchSnapshot<TaskVideo>>();

        var result = await MemoriesApi.Create(http).WaitForTaskAsync(TaskId, options: Fast, progress: new Collect(reports), cancellationToken: CancellationToken.None);

        Assert.Equal(WaitOutcome.CompletedWithFailures, result.Outcome);
        Assert.Equal(["V1"], result.Succeeded.Select(v => v.VideoNo));
        Assert.Equal(["V2"], result.Failed.Select(v => v.VideoNo));
        Assert.Equal("FAILED", result.Failed[0].StatusWireValue);
        Assert.Equal(5, result.Attempts);
        Assert.Equal(5, server.Requests.Count);
        Assert.Equal(5, reports.Count);
        Assert.NotNull(reports[1].TransientError);
        Assert.All(server.Requests, r => Assert.Equal("sk-mavi-e2e", r.Authorization));
    }

    [Fact]
    public async Task WaitForTask_StopsAtOnceOnARefusedKey()
    {
        await using var server = await LoopbackApiServer.StartAsync(new ScriptedResponse("""{"code":"0401","msg":"Invalid authorization","data":null,"success":false,"failed":true}"""));
        using var http = Client(server);

        var error = await Assert.ThrowsAsync<ApiResponseException>(() => MemoriesApi.Create(http).WaitForTaskAsync(TaskId, options: Fast, cancellationToken: CancellationToken.None));

        Assert.Equal("0401", error.Code);
        Assert.Single(server.Requests);
        Assert.DoesNotContain("sk-mavi-e2e", error.ToString());
    }

    [Fact]
    public async Task WatchTask_StreamsUntilTheFinalSnapshot()
    {
        await using var server = await LoopbackApiServer.StartAsync(
            new ScriptedResponse(Videos(("V1", "UNPARSE"))),
            new ScriptedResponse(Videos(("V1", "PARSE"))));
        using var http = Client(server);
        var seen = new List<BatchSnapshot<TaskVideo>>();

        await foreach (var snapshot in MemoriesApi.Create(http).WatchTaskAsync(TaskId, options: Fast))
        {
            seen.Add(snapshot);
        }

        Assert.Equal([false, true], seen.Select(s => s.IsFinal));
        Assert.Equal(WaitOutcome.Succeeded, seen[^1].Outcome);
    }

    [Fact]
    public async Task AMinDelayBelowTheEndpointRateLimitIsRefused()
    {
        await using var server = await LoopbackApiServer.StartAsync(new ScriptedResponse(Videos(("V1", "PARSE"))));
        using var http = Client(server);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => MemoriesApi.Create(http).WaitForTaskAsync(TaskId, options: new PollingOptions { MinDelay = TimeSpan.FromMilliseconds(300) }, cancellationToken: CancellationToken.None));

        Assert.Contains("use at least 00:00:01", error.Message);
        Assert.Empty(server.Requests);
    }

    private static HttpClient Client(LoopbackServer server) =>
        new(new RawAuthorizationHandler(() => "sk-mavi-e2e") { InnerHandler = new HttpClientHandler() }) { BaseAddress = server.BaseAddress };

    private sealed class Collect(List<BatchSnapshot<TaskVideo>> into) : IProgress<BatchSnapshot<TaskVideo>>
    {
        public void Report(BatchSnapshot<TaskVideo> value) => into.Add(value);
    }
}
