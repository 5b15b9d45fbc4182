using Contracts.Runtime;
using Contracts.Testing;
using CsCheck;

namespace Memories.Contracts.Tests.Surfaces;

/// <summary>Search in one call, against the simulator: each type's answer shape, and the checks made before a request.</summary>
public sealed class SearchTests : IAsyncLifetime
{
    private SimulatedAccount _account = null!;
    private IReadOnlyList<string> _videos = [];

    public async Task InitializeAsync()
    {
        _account = await SimulatedAccount.StartAsync();
        _videos = await _account.ParsedVideosAsync("search", "https://www.tiktok.com/@a/video/football-goals", "https://www.tiktok.com/@a/video/cooking-pasta", "https://www.tiktok.com/@a/video/football-training");
    }

    public async Task DisposeAsync() => await _account.DisposeAsync();

    [Fact]
    public async Task ClipSearchFindsTheVideosWhoseCaptionHasTheWordsBestFirst()
    {
        var matches = await _account.Api.SearchAsync("football goals", new SearchOptions { UniqueId = "search" });

        Assert.Equal(2, matches.Count);
        Assert.Equal("football-goals", matches[0].Name);
        Assert.True(matches[0].Score > matches[1].Score);
        Assert.All(matches, m => Assert.True(m.Start < m.End, $"{m.Start}..{m.End}"));
        Assert.All(matches, m => Assert.Contains(m.Id, _videos));
    }

    [Fact]
    public async Task TheSameQueryAnswersTheSameAndNothingMatchedIsAnEmptyList()
    {
        var first = await _account.Api.SearchAsync("football", new SearchOptions { UniqueId = "search", Type = SearchType.Audio });
        var again = await _account.Api.SearchAsync("football", new SearchOptions { UniqueId = "search", Type = SearchType.Audio });

        Assert.Equal(first, again);
        Assert.Empty(await _account.Api.SearchAsync("submarine", new SearchOptions { UniqueId = "search" }));
    }

    [Fact]
    public async Task CaptionAndImageSearchReadTheirOwnShapes()
    {
        var captions = await _account.Api.SearchAsync("pasta", new SearchOptions { UniqueId = "search", Type = SearchType.Caption, TopK = 200 });
        var images = await _account.Api.SearchAsync("pasta", new SearchOptions { UniqueId = "search", Type = SearchType.Image });

        var caption = Assert.Single(captions);
        Assert.Equal(("cooking-pasta", TimeSpan.Zero), (caption.Text, caption.Start!.Value));
        Assert.Empty(images);
    }

    [Fact]
    public async Task FilteringLevelAndVideoNumbersNarrowTheMatches()
    {
        var only = await _account.Api.SearchAsync("football", new SearchOptions { UniqueId = "search", VideoNos = [_videos[2]] });
        var high = await _account.Api.SearchAsync("football goals", new SearchOptions { UniqueId = "search", Level = FilteringLevel.High });

        Assert.Equal(_videos[2], Assert.Single(only).Id);
        Assert.All(high, m => Assert.True(m.Score >= 0.4));
    }

    [Fact]
    public async Task PublicSearchAnswersPublicNumbers()
    {
        var matches = await _account.Api.SearchPublicAsync("cats", PublicPlatform.YouTube);

        Assert.StartsWith("PI-", Assert.Single(matches).Id, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", null, null, null, null, "query")]
    [InlineData("   ", null, null, null, null, "query")]
    [InlineData("x", 0, null, null, null, "options.TopK")]
    [InlineData("x", 1001, null, null, null, "options.TopK")]
    [InlineData("x", 201, SearchType.Caption, null, null, "options.TopK")]
    [InlineData("x", null, null, 101, null, "options.VideoNos")]
    [InlineData("x", null, null, null, 45.0, "options.Longitude")]
    [InlineData("x", null, SearchType.Unknown, null, null, "options.Type")]
    public async Task WhatTheApiWouldRefuseIsRefusedBeforeAnyRequestByArgumentName(string query, int? topK, SearchType? type, int? videoCount, double? latitude, string argument)
    {
        int before = _account.Simulator.Requests.Count;
        var options = new SearchOptions
        {
            TopK = topK,
            Type = type ?? SearchType.Clip,
            VideoNos = videoCount is { } n ? Enumerable.Range(0, n).Select(i => "VI" + i).ToList() : null,
            Latitude = latitude,
        };

        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => _account.Api.SearchAsync(query, options));

        Assert.Equal(argument, error.ParamName);
        Assert.Equal(before, _account.Simulator.Requests.Count);
    }

    /// <summary>
    /// For options drawn at random, the client and the simulator (which answers as the API
    /// documents) agree: what the client lets through is answered with success, and what it refuses
    /// never reaches the server.
    /// </summary>
    [Fact]
    public void TheClientsChecksAndTheServersAgreeOnOptionsNobodyWrote()
    {
        var gen = Gen.Select(
            Gen.OneOf(Gen.Const(""), Gen.Const(" "), Gen.String[Gen.Char.AlphaNumeric, 1, 12]),
            Gen.Int[-2, 1003].Nullable(),
            Gen.Enum<SearchType>(),
            Gen.Int[0, 102].Nullable(),
            Gen.Select(Gen.Double[-90, 90].Nullable(), Gen.Double[-180, 180].Nullable()),
            (query, topK, type, videos, place) => (Query: query, Options: new SearchOptions
            {
                UniqueId = "search",
                TopK = topK,
                Type = type,
                VideoNos = videos is { } n ? Enumerable.Range(0, n).Select(i => "VI" + i).ToList() : null,
                Latitude = place.Item1,
                Longitude = place.Item2,
            }));

        var stages = Sampling.Check(
            gen,
            input =>
            {
                int before = _account.Simulator.Requests.Count;
                try
                {
                    _account.Api.SearchAsync(input.Query, input.Options).GetAwaiter().GetResult();
                    return "answered";
                }
                catch (ArgumentException)
                {
                    Assert.Equal(before, _account.Simulator.Requests.Count);
                    return "refused first";
                }
            },
            200,
            input => $"query '{input.Query}', {input.Options}");

        stages.AssertReached("answered", "refused first");
    }

    [Fact]
    public async Task AnUnknownSearchTypeTheServerRefusesIsItsCode()
    {
        var answer = await _account.Api.SearchClipsAsync(new SearchRequest { SearchParam = "x", SearchTypeWireValue = "BY_SMELL", SearchType = SearchType.Unknown });

        var error = Assert.Throws<ApiResponseException>(() => answer.EnsureSuccess());

        Assert.Equal("0003", error.Code);
    }
}
