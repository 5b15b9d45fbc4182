using Acme.Everything;
using Contracts.Generated.Tests.Infrastructure;
using Contracts.Testing;
using CsCheck;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Contracts.Generated.Tests;

/// <summary>A field with <c>aliases</c> is read under any of its names and written under its wire name.</summary>
public sealed class FieldAliasTests
{
    [Theory]
    [InlineData("jobId")]
    [InlineData("job_id")]
    [InlineData("id")]
    public async Task AFieldIsReadUnderItsWireNameOrAnyAlias(string name)
    {
        await using var server = await AcmeServer.StartAsync(app => app.MapGet("/v2/jobs/recent", () =>
            Results.Text(AcmeServer.Reply($$"""[{"state":"done","price":1,"{{name}}":"j-7"}]"""), "application/json")));

        var reply = await server.Api.RecentJobsAsync();

        Assert.Equal("j-7", Assert.Single(reply.EnsureSuccess().Data!).JobId);
    }

    [Fact]
    public void AFieldIsWrittenUnderItsWireNameOnly()
    {
        string json = System.Text.Json.JsonSerializer.Serialize(new Job { JobId = "j-1", State = JobState.Completed, Price = 1m }, EverythingJsonContext.Default.Job);

        Assert.Contains("\"jobId\":\"j-1\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("job_id", json, StringComparison.Ordinal);
    }

    /// <summary>In any order of properties, the last of the field's names present wins, as a repeated name does.</summary>
    [Fact]
    public void WhicheverNamesAnAnswerUsesInWhateverOrderTheLastOneIsRead()
    {
        var names = new[] { "jobId", "job_id", "id" };
        var gen = Gen.Int[0, 2].Array[1, 4].Select(Gen.Bool.Array[4], (picks, stateFirst) => (Picks: picks, StateFirst: stateFirst[0]));
        Sampling.Check(
            gen,
            input =>
            {
                var properties = input.Picks.Select((pick, i) => $"\"{names[pick]}\":\"v{i}\"").ToList();
                properties.Insert(input.StateFirst ? 0 : properties.Count, "\"state\":\"queued\",\"price\":2");
                var job = System.Text.Json.JsonSerializer.Deserialize("{" + string.Join(",", properties) + "}", EverythingJsonContext.Default.Job)!;
                Assert.Equal("v" + (input.Picks.Length - 1), job.JobId);
                return "read";
            },
            300,
            input => string.Join(",", input.Picks.Select(p => names[p])));
    }
}
