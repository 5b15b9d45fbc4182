using System.Runtime.CompilerServices;
using System.Threading.RateLimiting;
using Contracts.Runtime.Polling;

namespace Memories.Contracts;

/// <summary>
/// The task lifecycle around <see cref="IMemoriesApi"/>: create a task (checked first), read a
/// video, walk every page of videos. With <c>WaitForTaskAsync</c> in between, a team creates,
/// waits and reads with three calls.
/// </summary>
public static class MemoriesTasks
{
    /// <summary>Checks the request (<see cref="UploadRequestCheck"/>), creates the task and returns its id.</summary>
    /// <param name="api">The client.</param>
    /// <param name="request">The post URLs and options.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The task id, for <c>WaitForTaskAsync</c> (with the same <c>unique_id</c>).</returns>
    /// <exception cref="ArgumentException">The request would be refused; nothing was sent.</exception>
    /// <exception cref="global::Contracts.Runtime.ApiResponseException">The API refused it (its code says why).</exception>
    public static async Task<string> CreateTaskAsync(this IMemoriesApi api, ScraperUrlRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        UploadRequestCheck.Validate(request);
        var response = await MemoriesCalls.SendOnceAsync(() => api.ScraperUrlAsync(request, cancellationToken), "POST /serve/api/v1/scraper_url").ConfigureAwait(false);
        return response.EnsureSuccess().Data?.TaskId
            ?? throw new System.Text.Json.JsonException("POST /serve/api/v1/scraper_url answered success without a taskId.");
    }

    /// <summary>Checks the request, creates a task for the latest videos of one creator and returns its id.</summary>
    /// <param name="api">The client.</param>
    /// <param name="request">The creator's profile URL and options; a null <c>UniqueId</c> is sent as <c>"default"</c>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The task id, for <c>WaitForTaskAsync</c> (with the same <c>unique_id</c>).</returns>
    /// <exception cref="ArgumentException">The request would be refused; nothing was sent.</exception>
    /// <exception cref="global::Contracts.Runtime.ApiResponseException">The API refused it (its code says why).</exception>
    public static async Task<string> CreateCreatorTaskAsync(this IMemoriesApi api, CreatorScrapeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(request);
        MemoriesArguments.HttpUrl(request.Username, nameof(request) + "." + nameof(CreatorScrapeRequest.Username));
        if (UploadRequestCheck.PlatformOf(request.Username) is null)
        {
            throw new ArgumentException($"'{request.Username}' is not a TikTok, Instagram or YouTube profile URL.", nameof(request) + "." + nameof(CreatorScrapeRequest.Username));
        }

        CheckCount(request.ScraperCnt, nameof(request) + "." + nameof(CreatorScrapeRequest.ScraperCnt));
        CheckQualityAndCallback(request.Quality, request.QualityWireValue, request.CallbackUrl, nameof(request));
        var sent = request with { UniqueId = request.UniqueId ?? "default" };
        return TaskIdOf(await MemoriesCalls.SendOnceAsync(() => api.ScraperAsync(sent, cancellationToken), "POST /serve/api/v1/scraper").ConfigureAwait(false), "POST /serve/api/v1/scraper");
    }

    /// <summary>Checks the request, creates a task for videos under some hashtags and returns its id.</summary>
    /// <param name="api">The client.</param>
    /// <param name="request">The hashtags (a leading <c>#</c> is taken off) and options; a null <c>UniqueId</c> is sent as <c>"default"</c>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The task id, for <c>WaitForTaskAsync</c> (with the same <c>unique_id</c>).</returns>
    /// <exception cref="ArgumentException">The request would be refused; nothing was sent.</exception>
    /// <exception cref="global::Contracts.Runtime.ApiResponseException">The API refused it (its code says why).</exception>
    public static async Task<string> CreateHashtagTaskAsync(this IMemoriesApi api, HashtagScrapeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(request);
        string name = nameof(request) + "." + nameof(HashtagScrapeRequest.HashTags);
        if (request.HashTags.Count == 0)
        {
            throw new ArgumentException($"{name} is empty; give at least one hashtag.", name);
        }

        var tags = new List<string>(request.HashTags.Count);
        foreach (string tag in request.HashTags)
        {
            string bare = (tag ?? string.Empty).Trim().TrimStart('#');
            if (bare.Length == 0 || bare.Any(char.IsWhiteSpace))
            {
                throw new ArgumentException($"{name} holds '{tag}', which is not a hashtag (one word, with or without '#').", name);
            }

            tags.Add(bare);
        }

        CheckCount(request.ScraperCnt, nameof(request) + "." + nameof(HashtagScrapeRequest.ScraperCnt));
        CheckQualityAndCallback(request.Quality, request.QualityWireValue, request.Callback, nameof(request));
        var sent = request with { HashTags = tags, UniqueId = request.UniqueId ?? "default" };
        return TaskIdOf(await MemoriesCalls.SendOnceAsync(() => api.ScraperTagAsync(sent, cancellationToken), "POST /serve/api/v1/scraper_tag").ConfigureAwait(false), "POST /serve/api/v1/scraper_tag");
    }

    private static void CheckCount(int? count, string name)
    {
        if (count is < 1)
        {
            throw new ArgumentOutOfRangeException(name, count, $"{name} is how many videos to take: at least 1.");
        }
    }

    private static void CheckQualityAndCallback(VideoQuality? quality, string? qualityWireValue, Uri? callback, string name)
    {
        if (quality is VideoQuality.Unknown)
        {
            throw new ArgumentException($"Quality '{qualityWireValue}' is not one of 360, 480, 720, 1080, 1440, 2160.", name);
        }

        if (callback is not null)
        {
            MemoriesArguments.HttpUrl(callback, name + ".Callback");
        }
    }

    private static string TaskIdOf(MemoriesResponse<ScraperUrlResult>? response, string route) =>
        BatchWaiter.RequireAnswer(response, route).EnsureSuccess().Data?.TaskId
            ?? throw new System.Text.Json.JsonException(route + " answered success without a taskId.");

    /// <summary>One video's metadata, or null when the API does not know the video (a distinct answer, not an error).</summary>
    /// <param name="api">The client.</param>
    /// <param name="videoNo">The video's number.</param>
    /// <param name="uniqueId">The <c>unique_id</c> it was uploaded under.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The metadata, or null for an unknown video.</returns>
    public static async Task<VideoMetadata?> GetVideoAsync(this IMemoriesApi api, string videoNo, string uniqueId = "default", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        var response = await MemoriesCalls.RetryRateLimitedAsync(() => api.GetMetadataAsync(videoNo, uniqueId, cancellationToken), "GET /serve/api/v1/get_metadata", cancellationToken).ConfigureAwait(false);
        return response.EnsureSuccess().Data;
    }

    /// <summary>One page of videos, as the filter asks for it.</summary>
    /// <param name="api">The client.</param>
    /// <param name="filter">The page, its size and the filters.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The page's videos, in the API's order; fewer than <c>filter.Size</c> on the last page.</returns>
    /// <exception cref="global::Contracts.Runtime.ApiResponseException">The API refused it (its code says why).</exception>
    public static async Task<IReadOnlyList<VideoMetadata>> ListVideosPageAsync(this IMemoriesApi api, ListVideosRequest filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(filter);
        var response = await MemoriesCalls.RetryRateLimitedAsync(() => api.ListVideosAsync(filter, cancellationToken), "POST /serve/api/v1/list_videos", cancellationToken).ConfigureAwait(false);
        return response.EnsureSuccess().Data?.Videos ?? [];
    }

    /// <summary>
    /// The poll of a task (<see cref="GetVideoIdsByTaskIdPollingExtensions.TaskPoll"/>) that, once
    /// the task has listed its videos, can check them many at a time through list_videos with
    /// <c>video_nos</c>, together with other waits on the same <paramref name="uniqueId"/>, when
    /// the polling options have an <see cref="PollingOptions.ItemBatcher"/>.
    /// </summary>
    /// <param name="api">The client.</param>
    /// <param name="taskId">The task.</param>
    /// <param name="uniqueId">The namespace the task's videos land in.</param>
    /// <returns>The poll.</returns>
    public static BatchPoll<TaskVideo, string> TaskPollWithVideoChecks(this IMemoriesApi api, string taskId, string uniqueId = "default")
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(uniqueId);
        return api.TaskPoll(taskId, uniqueId).WithItemChecks((videos, token) => api.CheckTaskVideosAsync(videos, uniqueId, token), "unique_id=" + uniqueId, "POST /serve/api/v1/list_videos", RateBudgets.ListFamily);
    }

    /// <summary>
    /// The poll of a task this client created, which knows how many videos the task makes (one
    /// per post URL): with callbacks (<see cref="PollingOptions.Wakeups"/>), each video a callback
    /// names is confirmed through list_videos, and the wait ends once that many are confirmed
    /// finished, without reading task status (its 1 request/s budget) for them. A callback is
    /// trusted only for which task a video belongs to; the status is what list_videos answers.
    /// </summary>
    /// <param name="api">The client.</param>
    /// <param name="taskId">The task.</param>
    /// <param name="createdFrom">The request the task was created from.</param>
    /// <returns>The poll.</returns>
    public static BatchPoll<TaskVideo, string> CreatedTaskPoll(this IMemoriesApi api, string taskId, ScraperUrlRequest createdFrom)
    {
        ArgumentNullException.ThrowIfNull(createdFrom);
        int expected = createdFrom.VideoUrls.Count + createdFrom.TiktokPostUrls.Count;
        ArgumentOutOfRangeException.ThrowIfLessThan(expected, 1, nameof(createdFrom));
        return api.TaskPollWithVideoChecks(taskId, UniqueIdOf(createdFrom)).WithExpectedItems(expected, static videoNo => new TaskVideo { VideoNo = videoNo, Status = VideoStatus.Unparsed });
    }

    /// <summary>The <c>unique_id</c> a request's videos land in: the API's <c>"default"</c> when it names none.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The namespace.</returns>
    public static string UniqueIdOf(ScraperUrlRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return string.IsNullOrEmpty(request.UniqueId) ? "default" : request.UniqueId;
    }

    /// <summary>
    /// The current state of some of a task's videos, in one list_videos request filtered by their
    /// numbers: each video the answer lists, as last seen with its status and details brought up
    /// to date. A video the answer leaves out is not in the result (no news, not an error).
    /// </summary>
    /// <param name="api">The client.</param>
    /// <param name="videos">The videos as last seen.</param>
    /// <param name="uniqueId">The namespace they live in.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The videos the answer listed.</returns>
    public static async Task<IReadOnlyList<TaskVideo>> CheckTaskVideosAsync(this IMemoriesApi api, IReadOnlyList<TaskVideo> videos, string uniqueId = "default", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(videos);
        if (videos.Count == 0)
        {
            return [];
        }

        var request = new ListVideosRequest { Page = 1, Size = videos.Count, UniqueId = uniqueId, VideoNos = videos.Select(v => v.VideoNo).ToList() };
        var response = BatchWaiter.RequireAnswer(await api.ListVideosAsync(request, cancellationToken).ConfigureAwait(false), "POST /serve/api/v1/list_videos");
        var listed = new Dictionary<string, VideoMetadata>(StringComparer.Ordinal);
        foreach (var video in response.EnsureSuccess().Data?.Videos ?? [])
        {
            listed.TryAdd(video.VideoNo, video);
        }

        var checkedVideos = new List<TaskVideo>(videos.Count);
        foreach (var video in videos)
        {
            if (listed.TryGetValue(video.VideoNo, out var now))
            {
                checkedVideos.Add(video with
                {
                    Status = now.Status,
                    StatusWireValue = now.StatusWireValue,
                    VideoName = now.VideoName ?? video.VideoName,
                    Duration = now.Duration ?? video.Duration,
                    CreateTime = now.CreateTime ?? video.CreateTime,
                    Bucket = now.Bucket ?? video.Bucket,
                    Blob = now.Blob ?? video.Blob,
                });
            }
        }

        return checkedVideos;
    }

    /// <summary>
    /// Every video the filter matches, page by page from <c>filter.Page</c>, stopping after the first
    /// page shorter than <c>filter.Size</c>; requests are spaced by <paramref name="limiter"/> (the
    /// account's list budget), or by the list family's interval (<see cref="RateBudgets.Table"/>) without one.
    /// </summary>
    /// <param name="api">The client.</param>
    /// <param name="filter">The first page, its size and the filters.</param>
    /// <param name="limiter">
    /// The account's list budget, shared with other callers, such as
    /// <see cref="DependencyInjection.MemoriesAccountBudgets.List"/>: each page's request holds its
    /// lease, and a client made by <c>AddMemoriesClient</c> sees that and takes no second one.
    /// </param>
    /// <param name="cancellationToken">Stops the walk.</param>
    /// <returns>The videos, in the API's order.</returns>
    public static async IAsyncEnumerable<VideoMetadata> ListAllVideosAsync(
        this IMemoriesApi api,
        ListVideosRequest filter,
        RateLimiter? limiter = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(filter.Size, 1, nameof(filter));
        ArgumentOutOfRangeException.ThrowIfLessThan(filter.Page, 1, nameof(filter));
        var listFamily = RateBudgets.Table[RateBudgets.ListFamily];
        using var own = limiter is null ? new global::Contracts.Runtime.Polling.SpacedRateLimiter(listFamily.Interval, TimeProvider.System, listFamily.Family, listFamily.Burst) : null;
        var budget = limiter ?? own!;
        for (int page = filter.Page; ; page++)
        {
            MemoriesResponse<VideoPage> response;
            using (await budget.AcquireAsync(1, cancellationToken).ConfigureAwait(false))
            using (global::Contracts.Runtime.Budgets.RateBudgetScope.Hold(budget))
            {
                var pageFilter = filter with { Page = page };
                response = await MemoriesCalls.RetryRateLimitedAsync(() => api.ListVideosAsync(pageFilter, cancellationToken), "POST /serve/api/v1/list_videos", cancellationToken).ConfigureAwait(false);
            }

            var videos = response.EnsureSuccess().Data?.Videos ?? [];
            foreach (var video in videos)
            {
                yield return video;
            }

            if (videos.Count < filter.Size)
            {
                yield break;
            }
        }
    }
}
