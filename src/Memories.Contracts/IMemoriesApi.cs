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
