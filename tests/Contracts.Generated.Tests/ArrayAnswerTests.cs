using Acme.Everything;
using Contracts.Generated.Tests.Infrastructure;
using Contracts.Runtime.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Contracts.Generated.Tests;

/// <summary>A <c>"response": "Model[]"</c> endpoint: the envelope's data is a bare JSON array, read as a list with the model's lenient rules.</summary>
public sealed class ArrayAnswerTests
{
    [Fact]
    public async Task TheDataArrayIsReadAsAList_EachItemLeniently()
    {
        string? limit = null;
        await using var server = await AcmeServer.StartAsync(app => app.MapGet("/v2/jobs/recent", (HttpRequest request) =>
        {
            limit = request.Query["limit"];
            return Results.Text(AcmeServer.Reply("""[{"jobId":"j-1","state":"done","price":"1.5","attempts":"3"},{"jobId":"j-2","state":"a-state-added-later","price":2,"extra":{"x":[1]}}]"""), "application/json");
        }));

        var reply = await server.Api.RecentJobsAsync(limit: 2);

        Assert.Equal("2", limit);
        var jobs = reply.EnsureSuccess().Data!;
        Assert.Equal(["j-1", "j-2"], jobs.Select(job => job.JobId));
        Assert.Equal(JobState.Completed, jobs[0].State);
        Assert.Equal(3, jobs[0].Attempts);
        Assert.Equal(1.5m, jobs[0].Price);
        Assert.Equal(JobState.Unrecognized, jobs[1].State);
    }

    [Theory]
    [InlineData("[]", 0)]
    [InlineData("null", -1)]
    public async Task AnEmptyArrayIsAnEmptyList_AndNullIsNull(string data, int expected)
    {
        await using var server = await AcmeServer.StartAsync(app => app.MapGet("/v2/jobs/recent", () => Results.Text(AcmeServer.Reply(data), "application/json")));

        var reply = await server.Api.RecentJobsAsync();

        Assert.Equal(expected, reply.Data is null ? -1 : reply.Data.Count);
    }

    [Fact]
    public void AnItemThatCannotBeReadIsNamedByItsIndex()
    {
        string body = AcmeServer.Reply("""[{"jobId":"j-1","state":"done","price":1},{"jobId":"j-2","state":"done","price":"not a number"}]""");

        var error = Assert.Throws<WireDecodeException>(() => System.Text.Json.JsonSerializer.Deserialize(body, EverythingJsonContext.Default.AcmeReplyJobList));

        Assert.Equal(("$.payload[1].price", "Job", "price"), (error.Path, error.TypeName, error.FieldName));
    }

    [Fact]
    public void AListIsWrittenBackAsTheSameArray()
    {
        var reply = System.Text.Json.JsonSerializer.Deserialize(AcmeServer.Reply("""[{"jobId":"j-1","state":"done","price":1}]"""), EverythingJsonContext.Default.AcmeReplyJobList)!;

        string written = System.Text.Json.JsonSerializer.Serialize(reply, EverythingJsonContext.Default.AcmeReplyJobList);
        var again = System.Text.Json.JsonSerializer.Deserialize(written, EverythingJsonContext.Default.AcmeReplyJobList)!;

        var job = Assert.Single(again.Data!);
        Assert.Equal(("j-1", JobState.Completed, 1m), (job.JobId, job.State, job.Price));
        Assert.Equal(written, System.Text.Json.JsonSerializer.Serialize(again, EverythingJsonContext.Default.AcmeReplyJobList));
    }
}
