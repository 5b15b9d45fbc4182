using System.Text.Json;
using Acme.Everything;
using Contracts.Generated.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Contracts.Generated.Tests;

/// <summary>A <c>body</c> that is an array: a bare JSON array, its items written by the contract's converters.</summary>
public sealed class ArrayBodyTests
{
    private const string Page = """{"jobs":[],"total":0}""";

    [Fact]
    public async Task AnArrayOfStringsIsSentAsABareJsonArray()
    {
        var seen = new TaskCompletionSource<(string? ContentType, string Body)>();
        await using var server = await AcmeServer.StartAsync(app => app.MapPost("/v2/jobs/delete", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            seen.SetResult((request.ContentType, await reader.ReadToEndAsync()));
            return Results.Text(AcmeServer.Reply(Page), "application/json");
        }));

        await server.Api.DeleteJobsAsync(["VI-1", "VI-\"2\"", "é"]);

        var (contentType, body) = await seen.Task;
        Assert.StartsWith("application/json", contentType);
        Assert.Equal(["VI-1", "VI-\"2\"", "é"], JsonSerializer.Deserialize<string[]>(body)!);
        Assert.StartsWith("[", body.TrimStart());
    }

    [Fact]
    public async Task AnArrayOfModelsIsSentWithTheirWireNamesAndEncodings()
    {
        var seen = new TaskCompletionSource<string>();
        await using var server = await AcmeServer.StartAsync(app => app.MapPut("/v2/jobs", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            seen.SetResult(await reader.ReadToEndAsync());
            return Results.Text(AcmeServer.Reply(Page), "application/json");
        }));

        await server.Api.ReplaceJobsAsync(
        [
            new JobPatch { Title = "first", State = JobState.Completed, Deadline = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000) },
            new JobPatch { Title = "second", Labels = ["a"] },
        ]);

        using var sent = JsonDocument.Parse(await seen.Task);
        var items = sent.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        Assert.Equal("first", items[0].GetProperty("title").GetString());
        Assert.Equal("done", items[0].GetProperty("state").GetString());
        Assert.Equal(1_700_000_000, items[0].GetProperty("deadline").GetInt64());
        Assert.Equal("a", items[1].GetProperty("labels")[0].GetString());
    }

    [Fact]
    public void AnArrayAnswerIsReadByTheSameConverters_WithThePathOfABadItem()
    {
        var patches = JsonSerializer.Deserialize("""[{"title":"a"},{"title":"b","deadline":"1700000000"}]""", EverythingJsonContext.Default.JobPatchList)!;
        Assert.Equal(["a", "b"], patches.Select(p => p.Title));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), patches[1].Deadline);

        var error = Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize("""[{"title":"a"},{"deadline":1}]""", EverythingJsonContext.Default.JobPatchArray));
        Assert.Contains("[1]", error.Message + error.Path);
    }
}
