using Contracts.Runtime.Http;

namespace Memories.Contracts.Tests.Surfaces;

/// <summary>Chat in one call against the simulator: the whole answer, and the stream of its events.</summary>
public sealed class ChatTests : IAsyncLifetime
{
    private SimulatedAccount _account = null!;
    private IReadOnlyList<string> _videos = [];

    public async Task InitializeAsync()
    {
        _account = await SimulatedAccount.StartAsync();
        _videos = await _account.ParsedVideosAsync("chat", "https://www.youtube.com/watch?v=penalty-shootout");
    }

    public async Task DisposeAsync() => await _account.DisposeAsync();

    [Fact]
    public async Task TheStreamGivesThinkingThenReferencesThenTheContentPieceByPiece()
    {
        var events = new List<ChatEvent>();
        await foreach (var e in _account.Api.ChatStreamAsync("What happens?", _videos, uniqueId: "chat"))
        {
            events.Add(e);
        }

        Assert.Equal("thinking", events[0].Kind);
        Assert.Equal("ref", events[1].Kind);
        Assert.Equal(_videos[0], Assert.Single(events[1].Ref!.References).Video!.VideoNo);
        var pieces = events.Skip(2).ToList();
        Assert.True(pieces.Count > 5, $"{pieces.Count} pieces of content");
        Assert.All(pieces, p => Assert.Equal("content", p.Kind));
        var whole = await _account.Api.ChatAsync("What happens?", _videos, uniqueId: "chat");
        Assert.Equal(whole.Content, string.Concat(pieces.Select(p => p.Content!.Content)));
        Assert.Contains("penalty-shootout", whole.Content, StringComparison.Ordinal);
        Assert.NotNull(events[0].Thinking!.SessionId);
    }

    [Fact]
    public async Task AStreamCutBeforeItsEndMarkerEndsWithTheEventsItGave()
    {
        await using var account = await SimulatedAccount.StartAsync();
        var videos = await account.ParsedVideosAsync("chat", "https://www.youtube.com/watch?v=cut");
        account.Simulator.Faults.CutChatAfter = 3;

        var events = new List<ChatEvent>();
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await foreach (var e in account.Api.ChatStreamAsync("What happens?", videos, uniqueId: "chat"))
            {
                events.Add(e);
            }
        });

        Assert.True(error is EventStreamEndedException or HttpRequestException or IOException, error.ToString());
        Assert.Equal(3, events.Count(e => e.Kind == "content"));
    }

    [Fact]
    public async Task UnknownVideosAreTheApisErrorText()
    {
        var error = await Assert.ThrowsAsync<EventStreamFailedException>(async () =>
        {
            await foreach (var _ in _account.Api.ChatStreamAsync("Anyone?", ["VI000000000000000404"], uniqueId: "chat"))
            {
            }
        });

        Assert.Contains("No videos found", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "prompt")]
    [InlineData("ok", "videoNos")]
    public async Task AQuestionTheApiWouldRefuseIsRefusedBeforeAnyRequest(string prompt, string argument)
    {
        int before = _account.Simulator.Requests.Count;
        IReadOnlyList<string> videos = argument == "videoNos" ? [] : _videos;

        var whole = await Assert.ThrowsAnyAsync<ArgumentException>(() => _account.Api.ChatAsync(prompt, videos));
        var streamed = Assert.ThrowsAny<ArgumentException>(() => _account.Api.ChatStreamAsync(prompt, videos));

        Assert.Equal((argument, argument), (whole.ParamName, streamed.ParamName));
        Assert.Equal(before, _account.Simulator.Requests.Count);
    }

    [Fact]
    public async Task CancellingTheStreamStopsItAtOnce()
    {
        await using var account = await SimulatedAccount.StartAsync(o => o.ChatWordDelay = TimeSpan.FromSeconds(30));
        var videos = await account.ParsedVideosAsync("chat", "https://www.youtube.com/watch?v=slow");
        using var cancel = new CancellationTokenSource();
        var kinds = new List<string>();

        var stopped = System.Diagnostics.Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var e in account.Api.ChatStreamAsync("Slowly?", videos, uniqueId: "chat", cancellationToken: cancel.Token))
            {
                kinds.Add(e.Kind);
                if (e.Kind == "ref")
                {
                    stopped.Restart();
                    cancel.Cancel();
                }
            }
        });

        // The next word was 30 s away: ending well before it means the wait was not sat out.
        Assert.Equal(["thinking", "ref"], kinds);
        Assert.True(stopped.Elapsed < TimeSpan.FromSeconds(20), $"took {stopped.Elapsed}");
    }
}
