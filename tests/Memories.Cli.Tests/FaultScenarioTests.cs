using System.Text.Json;
using Contracts.Testing;
using Microsoft.AspNetCore.Http;

namespace Memories.Cli.Tests;

/// <summary>
/// <c>mavi tasks wait</c> against a real Kestrel server on 127.0.0.1 that misbehaves on purpose.
/// Each scenario asserts the exit code, that every video is accounted for, and that the key is in
/// no output. A fault, a refusal or a missing turn never ends as "not found or not started".
/// </summary>
public sealed class FaultScenarioTests
{
    private const string Key = "sk-mavi-fault-scenario-91c2";

    private static string Answer(string videos, string code = "0000", string msg = "success") =>
        $$"""{"code":"{{code}}","msg":{{JsonSerializer.Serialize(msg)}},"data":{"videos":[{{videos}}]},"success":true,"failed":false}""";

    private static string Video(string id, string status) => $$"""{"video_no":"{{id}}","status":"{{status}}","duration":"3","create_time":"1758262500019"}""";

    [Fact]
    public async Task AServerThatNeverAnswers_TimesOut_Exit4_NotNotFound()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => Task.Delay(Timeout.Infinite, context.RequestAborted));

        var run = await Wait(server, "--timeout", "2s");

        Assert.Equal(ExitCodes.TimedOut, run.ExitCode);
        Assert.Single(server.Requests);
        Assert.DoesNotContain(Key, run.All);
    }

    /// <summary>
    /// Regression (issue 26: six runs against this server gave exit 5 five times and exit 4 once, and
    /// the last request went out at the deadline to be cut "within 0 s"): the deadline comes inside
    /// the grace period, and every run ends the same, after its last request was answered.
    /// </summary>
    [Fact]
    public async Task AServerThatAnswersEmptyListsOnly_EndsNothingAppeared_Exit5_EveryRun()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => context.Response.WriteAsync(Answer(string.Empty)));

        for (int run = 1; run <= 3; run++)
        {
            int before = server.Requests.Count;
            var result = await Wait(server, "--timeout", "3s");

            Assert.True(ExitCodes.NothingAppeared == result.ExitCode, $"run {run}: exit {result.ExitCode}\n{result.Error}");
            Assert.DoesNotContain("did not answer within", result.All, StringComparison.Ordinal);
            Assert.InRange(server.Requests.Count - before, 2, 3);   // one a second, none in the last half second
        }
    }

    [Fact]
    public async Task ASlowBody_TimesOut_Exit4()
    {
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"code":"0000","data":{"vid""");
            await context.Response.Body.FlushAsync();
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });

        var run = await Wait(server, "--timeout", "2s");

        Assert.Equal(ExitCodes.TimedOut, run.ExitCode);
    }

    [Theory]
    [InlineData("reset")]
    [InlineData("garbage")]
    [InlineData("empty")]
    [InlineData("0429")]
    public async Task RepeatedFaults_GiveUp_Exit1_WithTheLastFault_NeverNotFound(string fault)
    {
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            switch (fault)
            {
                case "reset":
                    context.Abort();
                    return;
                case "garbage":
                    await context.Response.WriteAsync("<html>502 Bad Gateway</html>");
                    return;
                case "empty":
                    context.Response.StatusCode = 200;
                    return;
                default:
                    await context.Response.WriteAsync("""{"code":"0429","msg":"Request has exceeded the limit.","data":null}""");
                    return;
            }
        });

        var run = await Wait(server, "--empty-grace", "1s");

        Assert.Equal(ExitCodes.Failed, run.ExitCode);
        Assert.StartsWith("mavi: error: Gave up after 5 transient faults in a row", run.Error.Split('\n').Last(l => l.Length > 0), StringComparison.Ordinal);
        Assert.Equal(5, server.Requests.Count);
        Assert.DoesNotContain("Object reference", run.All, StringComparison.Ordinal);
        if (fault == "empty")
        {
            Assert.Contains("answered with an empty body", run.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AHugeRetryAfter_EndsAtOnceAsRateLimited_NotNotFound()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) =>
        {
            context.Response.StatusCode = 429;
            context.Response.Headers.RetryAfter = "999999";
            return Task.CompletedTask;
        });

        var run = await Wait(server);

        Assert.Equal(ExitCodes.Failed, run.ExitCode);
        Assert.Contains("The server asked to wait 277.8 h before the next request", run.Error, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task ARedirect_IsNotFollowed_Exit2_NamingTheBaseAddress()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) =>
        {
            context.Response.StatusCode = 307;
            context.Response.Headers.Location = "https://api.example.net/serve/api/v1/get_video_ids_by_task_id?task_id=t";
            return Task.CompletedTask;
        });

        var run = await Wait(server);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal("mavi: error: The API redirected the request (HTTP 307) to https://api.example.net/serve/api/v1/get_video_ids_by_task_id. Redirects are not followed because the API key is not sent across them; set the base address to https://api.example.net/.", run.Error.Trim().Split('\n').Last());
        Assert.Single(server.Requests);
    }

    [Theory]
    [InlineData("PARSE", "UNPARSE")]
    [InlineData("UNPARSE", "PARSE")]
    public async Task AVideoListedTwiceWithTwoStatuses_IsDecidedTheSameInEitherOrder(string first, string second)
    {
        await using var server = await LoopbackServer.StartAsync((context, n) => context.Response.WriteAsync(n == 1
            ? Answer(Video("VI1", first) + "," + Video("VI1", second) + "," + Video("VI2", "PARSE"))
            : Answer(Video("VI1", "PARSE") + "," + Video("VI2", "PARSE"))));

        var run = await Wait(server, "--json");

        Assert.Equal(ExitCodes.Succeeded, run.ExitCode);
        Assert.Equal(2, server.Requests.Count);
        using var json = JsonDocument.Parse(run.Out);
        Assert.Equal(["VI1", "VI2"], json.RootElement.GetProperty("videos").EnumerateArray().Select(v => v.GetProperty("video_no").GetString()));
    }

    [Fact]
    public async Task AFlappingStatus_EndsOnlyWhenEveryVideoHasFinished()
    {
        string[] script = ["UNPARSE,PARSE", "PARSE,UNPARSE", "UNPARSE,UNPARSE", "PARSE,FAIL"];
        await using var server = await LoopbackServer.StartAsync((context, n) =>
        {
            var statuses = script[Math.Min(n, script.Length) - 1].Split(',');
            return context.Response.WriteAsync(Answer(Video("VI1", statuses[0]) + "," + Video("VI2", statuses[1])));
        });

        var run = await Wait(server, "--json");

        Assert.Equal(ExitCodes.CompletedWithFailures, run.ExitCode);
        Assert.Equal(4, server.Requests.Count);
        using var json = JsonDocument.Parse(run.Out);
        Assert.Equal(["PARSE", "FAIL"], json.RootElement.GetProperty("videos").EnumerateArray().Select(v => v.GetProperty("status").GetString()));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AKeyEchoedByTheServer_IsInNoProgressLineOrError(bool verbose)
    {
        await using var server = await LoopbackServer.StartAsync((context, n) => context.Response.WriteAsync(n switch
        {
            1 => Answer(Video("VI1", "UNPARSE"), code: "0429", msg: $"Key {Key} has exceeded the limit."),
            2 => Answer(Video("VI1", "UNPARSE"), msg: $"hello {Key}"),
            _ => Answer(string.Empty, code: "0401", msg: $"Invalid authorization {Key}"),
        }));

        var run = verbose ? await Wait(server, "--verbose") : await Wait(server);

        Assert.Equal(ExitCodes.Refused, run.ExitCode);
        Assert.Equal(3, server.Requests.Count);
        Assert.Equal(verbose, run.Error.Contains("mavi: info: Poll 2 of", StringComparison.Ordinal));
        Assert.All(server.Requests, r => Assert.Equal(Key, r.Authorization));
        Assert.Contains("Invalid authorization ***", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, run.All, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sk-mavi-abc\r\nX-Injected: yes")]
    [InlineData("sk-mavi-abc\nsk-mavi-abc")]
    [InlineData("sk-mavi-ключ")]
    [InlineData("sk-mavi-tab\tkey")]
    public async Task AKeyWithControlOrNonAsciiCharacters_IsAUsageError_BeforeAnyRequest(string key)
    {
        // Whitespace around the key (a trailing newline from a file) is trimmed; inside it, it is refused.
        await AssertRefusedBeforeAnyRequest(key);
    }

    [Fact]
    public async Task AKeyWithATrailingNewline_IsTrimmedAndWorks()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => context.Response.WriteAsync(Answer(Video("VI1", "PARSE"))));

        var run = await CliRun.RunAsync(["--base-url", server.BaseAddress.ToString(), "--api-key", Key + "\n", "tasks", "wait", "task-1"]);

        Assert.Equal(ExitCodes.Succeeded, run.ExitCode);
        Assert.Equal(Key, Assert.Single(server.Requests).Authorization);
    }

    private static async Task AssertRefusedBeforeAnyRequest(string key)
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => context.Response.WriteAsync(Answer(Video("VI1", "PARSE"))));

        var run = await CliRun.RunAsync(["--base-url", server.BaseAddress.ToString(), "--api-key", key, "tasks", "wait", "task-1"]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("has a control or non-ASCII character", run.Error, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
        Assert.DoesNotContain("sk-mavi-abc", run.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AKeyPastedWhereATaskIdGoes_IsRefusedBeforeAnyRequest()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => context.Response.WriteAsync(Answer(Video("VI1", "PARSE"))));

        foreach (string[] command in new[] { new[] { "tasks", "wait", "task-1", "sk-mavi-pasted-by-mistake-5521" }, ["tasks", "status", "sk-mavi-pasted-by-mistake-5521"] })
        {
            var run = await CliRun.RunAsync(["--base-url", server.BaseAddress.ToString(), "--api-key", Key, .. command]);

            Assert.Equal(ExitCodes.Usage, run.ExitCode);
            Assert.Contains("looks like an API key", run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("pasted-by-mistake", run.All, StringComparison.Ordinal);
        }

        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task AKeyPastedAsAStrayArgument_IsMaskedInTheUsageError()
    {
        var run = await CliRun.RunAsync(["tasks", "wait", "task-1", "sk-mavi-pasted-by-mistake-5521"]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.DoesNotContain("pasted-by-mistake", run.All, StringComparison.Ordinal);
        Assert.Contains("sk-***", run.Error, StringComparison.Ordinal);
    }

    private static Task<CliRun> Wait(LoopbackServer server, params string[] extra) =>
        CliRun.RunAsync(["--base-url", server.BaseAddress.ToString(), "--api-key", Key, "tasks", "wait", "task-1", "--min-delay", "1s", "--max-delay", "1s", .. extra]);
}
