using Refit;

namespace Memories.Contracts;

/// <summary>
/// The memories.ai Visual Search API, declared by hand for Refit (whose generator cannot see
/// interfaces that another generator writes); the types it returns come from the contracts in
/// <c>contracts/memories</c>. Requests need the raw API key in <c>Authorization</c>, without
/// <c>Bearer</c>: register the client with <c>AddMemoriesClient</c>, or add the header yourself.
/// </summary>
public interface IMemoriesApi
{
    /// <summary>
    /// Upload from post URLs: creates a batch task for the videos of 1 to 50 TikTok, Instagram or
    /// YouTube posts (one platform per task). Limited to about one request per minute per account:
    /// <see cref="MemoriesTasks.CreateTaskAsync"/> checks the request first, so a refusal costs no request.
    /// </summary>
    /// <param name="body">The URLs and options.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The envelope; its data carries the task id.</returns>
    [Post("/serve/api/v1/scraper_url")]
    Task<MemoriesResponse<ScraperUrlResult>> ScraperUrlAsync([Body(buffered: true)] ScraperUrlRequest body, CancellationToken cancellationToken = default);

    /// <summary>One video's metadata; <c>Data</c> is null (with code <c>0000</c>) for an unknown video.</summary>
    /// <param name="videoNo">The video's number.</param>
    /// <param name="uniqueId">The <c>unique_id</c> it was uploaded under.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The envelope.</returns>
    [Get("/serve/api/v1/get_metadata")]
    Task<MemoriesResponse<VideoMetadata>> GetMetadataAsync([AliasAs("video_no")] string videoNo, [AliasAs("unique_id")] string uniqueId = "default", CancellationToken cancellationToken = default);

    /// <summary>One page of videos; <see cref="MemoriesTasks.ListAllVideosAsync"/> walks every page.</summary>
    /// <param name="body">The page and filters.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The envelope.</returns>
    [Post("/serve/api/v1/list_videos")]
    Task<MemoriesResponse<VideoPage>> ListVideosAsync([Body(buffered: true)] ListVideosRequest body, CancellationToken cancellationToken = default);

    /// <summary>
    /// Gets the per-video status of a batch upload task. An empty <c>videos</c> list with code
    /// <c>0000</c> is ambiguous: still downloading, or an unknown task id.
    /// </summary>
    /// <param name="taskId">The <c>taskId</c> returned by Upload from Social Media, verbatim.</param>
    /// <param name="uniqueId">The <c>unique_id</c> used at upload time.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The envelope; check <c>IsSuccess</c> or call <c>EnsureSuccess()</c>.</returns>
    [Get("/serve/api/v1/get_video_ids_by_task_id")]
    Task<MemoriesResponse<TaskVideos>> GetVideoIdsByTaskIdAsync(
        [AliasAs("task_id")] string taskId,
        [AliasAs("unique_id")] string uniqueId = "default",
        CancellationToken cancellationToken = default);
}
