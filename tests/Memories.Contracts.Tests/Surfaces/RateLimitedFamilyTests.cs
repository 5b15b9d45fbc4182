using Contracts.Runtime;

namespace Memories.Contracts.Tests.Surfaces;

/// <summary>Every budget family the simulator enforces answers 0429 to a second request too soon, and the typed call raises it as retryable.</summary>
public sealed class RateLimitedFamilyTests
{
    public static TheoryData<string> Families => [RateBudgets.SearchFamily, RateBudgets.ChatFamily, RateBudgets.DownloadFamily, RateBudgets.ListFamily, RateBudgets.UploadFamily];

    [Theory]
    [MemberData(nameof(Families))]
    public async Task ASecondRequestWithinTheFamilysIntervalIsRefusedWith0429(string family)
    {
        await using var account = await SimulatedAccount.StartAsync(o => o.Intervals[family] = TimeSpan.FromMinutes(5));
        var videos = await account.ParsedVideosAsync("busy", "https://www.tiktok.com/@a/video/busy-day");
        Func<Task> call = family switch
        {
            RateBudgets.SearchFamily => () => account.Api.SearchClipsAsync(new SearchRequest { SearchParam = "busy", UniqueId = "busy" }).ContinueWith(t => t.Result.EnsureSuccess(), TaskScheduler.Default),
            RateBudgets.ChatFamily => () => account.Api.ChatAsync(new ChatRequest { Prompt = "?", VideoNos = videos, UniqueId = "busy" }).ContinueWith(t => t.Result.EnsureSuccess(), TaskScheduler.Default),
            RateBudgets.DownloadFamily => () => account.Api.DownloadAsync(videos[0], Stream.Null, "busy", null, CancellationToken.None),
            RateBudgets.ListFamily => () => account.Api.DeleteVideosAsync(["VI0"], "busy").ContinueWith(t => t.Result.EnsureSuccess(), TaskScheduler.Default),
            _ => () => account.Api.UploadUrlAsync(new Uri("https://cdn.example.com/busy.mp4")),
        };

        await call();
        var error = await Assert.ThrowsAsync<ApiResponseException>(call);

        Assert.Equal("0429", error.Code);
        Assert.True(error.IsRetryable);
    }
}
