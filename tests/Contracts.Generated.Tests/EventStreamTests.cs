using System.Text;
using Acme.Everything;
using Contracts.Generated.Tests.Infrastructure;
using Contracts.Runtime;
using Contracts.Runtime.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Contracts.Generated.Tests;

/// <summary>An <c>events</c> endpoint on a real server: each event yielded as it arrives, the end honoured, errors raised where they happen.</summary>
public sealed class EventStreamTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task EachEventIsYieldedAsSoonAsItHasArrived()
    {
        var firstSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        string? accept = null;
        await using var server = await AcmeServer.StartAsync(app => app.MapGet("/v2/jobs/{id}/events", async (HttpContext context) =>
        {
            accept = context.Request.Headers.Accept;
            context.Response.ContentType = "text/event-stream";
            await Send(context, "data: {\"type\":\"progress\",\"percent\":10}\n\n");

            // The next event waits for the client to have the first: a client that waited for more
            // bytes (or for the end) before yielding would wait here forever.
            await firstSeen.Task.WaitAsync(Patience);
            await Send(context, "data: {\"type\":\"progress\",\"percent\":100}\n\ndata: [DONE]\n\n");
        }));

        var percents = new List<double>();
        await foreach (var news in server.Api.FollowJobEventsAsync(5))
        {
            percents.Add(news.Progress!.Percent);
            firstSeen.TrySetResult();
        }

        Assert.Equal([10, 100], percents);
        Assert.Equal("text/event-stream", accept);
    }

    [Fact]
    public async Task EveryWayOfFramingAnEventGivesTheSameEvents()
    {
        await using var server = await AcmeServer.StartAsync(app => app.MapGet("/v2/jobs/{id}/events", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/event-stream; charset=utf-8";
            await Send(context, ": a comment, then a keep-alive with no data\r\n\r\ndata:\r\n\r\n");
            await Send(context, "event: news\r\nid: 1\r\ndata: {\"type\":\"log_line\",\r\ndata:  \"text\":\"première ligne\"}\r\n\r\n");
            await Send(context, "retry: 1000\ndata: {\"type\":\"audit\",\"who\":\"me\"}\n\n");
            await Send(context, "data: {\"text\":\"no kind\"}\r\rdata: {\"type\":\"finished\",\"jobId\":\"j-9\",\"state\":\"done\",\"price\":\"2.5\"}\n\n");
            await Send(context, "data: \"done\"\n\n");
            await Send(context, "data: {\"type\":\"progress\",\"percent\":1}\n\n");   // after the end: never read
        }));

        var events = await server.Api.FollowJobEventsAsync(5).ToListAsync();

        Assert.Equal(["log_line", "audit", "", "finished"], events.Select(e => e.Kind));
        Assert.Equal("première ligne", events[0].LogLine!.Text);
        Assert.Equal("""{"type":"audit","who":"me"}""", events[1].UnknownJson);
        Assert.Equal("""{"text":"no kind"}""", events[2].UnknownJson);
        Assert.Equal(("j-9", JobState.Completed, 2.5m), (events[3].Finished!.JobId, events[3].Finished!.State, events[3].Finished!.Price));
    }

    [Theory]
    [InlineData("data: [DONE]")]
    [InlineData("data: [done]")]
    [InlineData("data:DONE")]
    [InlineData("data: \"Done\"")]
    [InlineData("data: {\"status_code\":\"OK\",\"payload\":\"Done\"}")]
    [InlineData("data: {\"status_code\":\"SUCCESS\",\"payload\":\" done \"}")]
    public async Task EachDeclaredEndMarkerEndsTheStream(string end)
    {
        await using var server = await StreamingAsync($"data: {{\"type\":\"progress\",\"percent\":5}}\n\n{end}\n\n");

        var events = await server.Api.FollowJobEventsAsync(5).ToListAsync();

        Assert.Equal(5, Assert.Single(events).Progress!.Percent);
    }

    [Fact]
    public async Task AFinalEnvelopeWithAnotherTextIsTheApisError_AfterTheEventsBeforeIt()
    {
        await using var server = await StreamingAsync("data: {\"type\":\"progress\",\"percent\":5}\n\ndata: {\"status_code\":\"OK\",\"payload\":\"No jobs found for the provided ids.\"}\n\n");
        var events = new List<JobNews>();

        var error = await Assert.ThrowsAsync<EventStreamFailedException>(async () =>
        {
            await foreach (var news in server.Api.FollowJobEventsAsync(5))
            {
                events.Add(news);
            }
        });

        Assert.Single(events);
        Assert.Equal("No jobs found for the provided ids.", error.ApiText);
    }

    [Fact]
    public async Task AnErrorEnvelopeInTheStreamIsTheApisError_AfterTheEventsBeforeIt()
    {
        await using var server = await StreamingAsync("data: {\"type\":\"progress\",\"percent\":5}\n\ndata: {\"status_code\":\"E_BUSY\",\"message\":\"slow down\"}\n\n");
        var events = new List<JobNews>();

        var error = await Assert.ThrowsAsync<ApiResponseException>(async () =>
        {
            await foreach (var news in server.Api.FollowJobEventsAsync(5))
            {
                events.Add(news);
            }
        });

        Assert.Single(events);
        Assert.Equal("E_BUSY", error.Code);
        Assert.True(error.IsRetryable);
        Assert.Equal("slow down", error.ApiMessage);
    }

    [Fact]
    public async Task AStreamThatStopsWithoutItsEndSaysSo_AfterTheEventsItGave()
    {
        await using var server = await StreamingAsync("data: {\"type\":\"progress\",\"percent\":5}\n\ndata: {\"type\":\"progress\",\"percent\":6}\n\n");
        var events = new List<JobNews>();

        var error = await Assert.ThrowsAsync<EventStreamEndedException>(async () =>
        {
            await foreach (var news in server.Api.FollowJobEventsAsync(5))
            {
                events.Add(news);
            }
        });

        Assert.Equal(2, events.Count);
        Assert.Equal(2, error.EventsRead);
    }

    [Fact]
    public async Task TheEnvelopeInPlaceOfTheStreamIsTheApisError()
    {
        await using var server = await AcmeServer.StartAsync(app => app.MapGet("/v2/jobs/{id}/events", () =>
            Results.Text(AcmeServer.Reply("null", code: "E_AUTH", message: "bad key"), "application/json")));

        var error = await Assert.ThrowsAsync<ApiResponseException>(async () => await server.Api.FollowJobEventsAsync(5).ToListAsync());

        Assert.Equal("E_AUTH", error.Code);
    }

    [Fact]
    public async Task AnEventThatCannotBeDecodedSaysWhichAndWhere()
    {
        await using var server = await StreamingAsync("data: {\"type\":\"progress\",\"percent\":{\"a\":1}}\n\ndata: [DONE]\n\n");

        var error = await Assert.ThrowsAnyAsync<System.Text.Json.JsonException>(async () => await server.Api.FollowJobEventsAsync(5).ToListAsync());

        Assert.Contains("JobProgress.percent", error.Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task CancellingOrLeavingTheStreamClosesTheConnection(bool cancel)
    {
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await AcmeServer.StartAsync(app => app.MapGet("/v2/jobs/{id}/events", async (HttpContext context) =>
        {
            context.RequestAborted.Register(() => closed.TrySetResult());
            context.Response.ContentType = "text/event-stream";
            await Send(context, "data: {\"type\":\"progress\",\"percent\":1}\n\n");
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { });
        }));
        using var stop = new CancellationTokenSource();

        int seen = 0;
        var reading = Task.Run(async () =>
        {
            await foreach (var _ in server.Api.FollowJobEventsAsync(5, cancellationToken: stop.Token))
            {
                seen++;
                if (cancel)
                {
                    await stop.CancelAsync();
                }
                else
                {
                    break;
                }
            }
        });

        if (cancel)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading.WaitAsync(Patience));
        }
        else
        {
            await reading.WaitAsync(Patience);
        }

        await closed.Task.WaitAsync(Patience);
        Assert.Equal(1, seen);
    }

    private static Task<AcmeServer> StreamingAsync(string body) =>
        AcmeServer.StartAsync(app => app.MapGet("/v2/jobs/{id}/events", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/event-stream";
            await Send(context, body);
        }));

    private static async Task Send(HttpContext context, string text)
    {
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(text));
        await context.Response.Body.FlushAsync();
    }
}
