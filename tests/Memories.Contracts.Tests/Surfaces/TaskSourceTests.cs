namespace Memories.Contracts.Tests.Surfaces;

/// <summary>Tasks from a creator and from hashtags, tracked like any other task.</summary>
public sealed class TaskSourceTests : IAsyncLifetime
{
    private SimulatedAccount _account = null!;

    public async Task InitializeAsync() => _account = await SimulatedAccount.StartAsync();

    public async Task DisposeAsync() => await _account.DisposeAsync();

    [Fact]
    public async Task ACreatorTaskListsItsCountOfVideosInItsNamespace()
    {
        string task = await _account.Api.CreateCreatorTaskAsync(new CreatorScrapeRequest { Username = new("https://www.tiktok.com/@chef"), ScraperCnt = 3, UniqueId = "creators" });

        var result = await _account.Api.WaitForTaskAsync(task, "creators");

        Assert.Equal(3, result.Succeeded.Count);
        Assert.Equal("creators", Assert.Single(_account.Simulator.Uploads).UniqueId);
    }

    [Fact]
    public async Task AHashtagTaskTakesTagsWithOrWithoutTheirHash()
    {
        string task = await _account.Api.CreateHashtagTaskAsync(new HashtagScrapeRequest { HashTags = ["#football", "cats"], ScraperCnt = 1 });

        var result = await _account.Api.WaitForTaskAsync(task);

        Assert.Equal(2, result.Succeeded.Count);
        Assert.Equal("default", Assert.Single(_account.Simulator.Uploads).UniqueId);
        Assert.Contains(Assert.Single(_account.Simulator.Uploads).Urls, u => u.Contains("/tag/football/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WhatTheApiWouldRefuseIsRefusedFirst()
    {
        var notAProfile = await Assert.ThrowsAsync<ArgumentException>(() => _account.Api.CreateCreatorTaskAsync(new CreatorScrapeRequest { Username = new("https://example.com/chef") }));
        var noCount = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _account.Api.CreateCreatorTaskAsync(new CreatorScrapeRequest { Username = new("https://www.tiktok.com/@chef"), ScraperCnt = 0 }));
        var noTags = await Assert.ThrowsAsync<ArgumentException>(() => _account.Api.CreateHashtagTaskAsync(new HashtagScrapeRequest()));
        var twoWords = await Assert.ThrowsAsync<ArgumentException>(() => _account.Api.CreateHashtagTaskAsync(new HashtagScrapeRequest { HashTags = ["two words"] }));

        Assert.Equal("request.Username", notAProfile.ParamName);
        Assert.Equal("request.ScraperCnt", noCount.ParamName);
        Assert.Equal(("request.HashTags", "request.HashTags"), (noTags.ParamName, twoWords.ParamName));
        Assert.Empty(_account.Simulator.Requests);
    }
}
