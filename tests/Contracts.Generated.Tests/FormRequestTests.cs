using Acme.Everything;
using Contracts.Generated.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Contracts.Generated.Tests;

/// <summary>A <c>form</c> endpoint: the model's fields as <c>application/x-www-form-urlencoded</c>, as the server reads them.</summary>
public sealed class FormRequestTests
{
    private const string Page = """{"jobs":[],"next_cursor":"7","total":0}""";

    [Fact]
    public async Task EveryFieldTravelsUnderItsWireName_ArraysAsRepeatedFields()
    {
        var seen = new TaskCompletionSource<(string? ContentType, Dictionary<string, StringValues> Fields)>();
        await using var server = await AcmeServer.StartAsync(app => app.MapPost("/v2/jobs/import", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            seen.SetResult((request.ContentType, form.ToDictionary(f => f.Key, f => f.Value)));
            return Results.Text(AcmeServer.Reply(Page), "application/json");
        }));

        var reply = await server.Api.ImportJobsAsync(new ImportForm
        {
            Feed = new Uri("https://feeds.example/a?b=1&c=2"),
            Owner = "ø wner & co=1",
            Labels = ["a", "b c", ""],
            Limit = 5,
            Since = DateTimeOffset.FromUnixTimeSeconds(1_758_262_500),
            State = JobState.InProgress,
            DryRun = false,
            States = [JobState.Queued, JobState.Completed],
        });

        var (contentType, fields) = await seen.Task;
        Assert.StartsWith("application/x-www-form-urlencoded", contentType);
        Assert.Equal("https://feeds.example/a?b=1&c=2", fields["feed"]);
        Assert.Equal("ø wner & co=1", fields["owner_id"]);
        Assert.Equal(new[] { "a", "b c", "" }, fields["labels"].Select(v => v!));
        Assert.Equal("5", fields["limit"]);
        Assert.Equal("1758262500", fields["since"]);
        Assert.Equal("IN_PROGRESS", fields["state"]);
        Assert.Equal("false", fields["dry_run"]);
        Assert.Equal(new[] { "queued", "done" }, fields["states"].Select(v => v!));
        Assert.Equal(8, fields.Count);
        Assert.Equal(7, reply.Data!.NextCursor);
    }

    [Fact]
    public async Task OptionalFieldsThatAreNullAreLeftOut()
    {
        var seen = new TaskCompletionSource<string[]>();
        await using var server = await AcmeServer.StartAsync(app => app.MapPost("/v2/jobs/import", async (HttpRequest request) =>
        {
            seen.SetResult([.. (await request.ReadFormAsync()).Keys.Order(StringComparer.Ordinal)]);
            return Results.Text(AcmeServer.Reply(Page), "application/json");
        }));

        await server.Api.ImportJobsAsync(new ImportForm { Feed = new Uri("https://feeds.example/a"), Owner = "me" });

        Assert.Equal(["feed", "owner_id"], await seen.Task);
    }

    [Fact]
    public async Task AStatusTheContractDoesNotKnowGoesBackAsItCame()
    {
        var seen = new TaskCompletionSource<string>();
        await using var server = await AcmeServer.StartAsync(app => app.MapPost("/v2/jobs/import", async (HttpRequest request) =>
        {
            seen.SetResult((await request.ReadFormAsync())["state"].ToString());
            return Results.Text(AcmeServer.Reply(Page), "application/json");
        }));

        await server.Api.ImportJobsAsync(new ImportForm { Feed = new Uri("https://feeds.example/a"), Owner = "me", State = JobState.Unrecognized, StateWireValue = "PAUSED" });

        Assert.Equal("PAUSED", await seen.Task);
    }

    [Fact]
    public async Task AFormThatCannotBeWrittenFailsBeforeAnythingIsSent()
    {
        int requests = 0;
        await using var server = await AcmeServer.StartAsync(app => app.MapPost("/v2/jobs/import", () =>
        {
            Interlocked.Increment(ref requests);
            return Results.Text(AcmeServer.Reply(Page), "application/json");
        }));

        var missing = await Assert.ThrowsAsync<ArgumentException>(() => server.Api.ImportJobsAsync(new ImportForm { Feed = new Uri("https://feeds.example/a"), Owner = null! }));
        var unknown = await Assert.ThrowsAsync<ArgumentException>(() => server.Api.ImportJobsAsync(new ImportForm { Feed = new Uri("https://feeds.example/a"), Owner = "me", State = JobState.Unrecognized }));

        Assert.Contains("ImportForm.owner_id is required", missing.Message);
        Assert.Contains("ImportForm.state has no wire value", unknown.Message);
        Assert.Equal(0, requests);
    }

    [Fact]
    public async Task TheApisErrorCodeComesBackInTheEnvelope()
    {
        await using var server = await AcmeServer.StartAsync(app => app.MapPost("/v2/jobs/import", () =>
            Results.Text(AcmeServer.Reply("null", code: "E_BUSY", message: "later"), "application/json")));

        var reply = await server.Api.ImportJobsAsync(new ImportForm { Feed = new Uri("https://feeds.example/a"), Owner = "me" });

        Assert.Equal("E_BUSY", reply.Code);
        var error = Assert.Throws<global::Contracts.Runtime.ApiResponseException>(() => reply.EnsureSuccess());
        Assert.True(error.IsRetryable);
    }
}
