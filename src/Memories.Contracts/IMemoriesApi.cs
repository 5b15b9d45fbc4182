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

    /// <summary>
    /// Upload from a creator: a batch task for the latest videos of one profile.
    /// <see cref="MemoriesTasks.CreateCreatorTaskAsync"/> checks the request first.
    /// </summary>
    /// <param name="body">The profile and options.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The envelope; its data carries the task id.</returns>
    [Post("/serve/api/v1/scraper")]
    Task<MemoriesResponse<ScraperUrlResult>> ScraperAsync([Body(buffered: true)] CreatorScrapeRequest body, CancellationToken cancellationToken = default);

    /// <summary>
    /// Upload from hashtags: a batch task for videos under the hashtags.
    /// <see cref="MemoriesTasks.CreateHashtagTaskAsync"/> checks the request first.
    /// </summary>
    /// <param name="body">The hashtags and options.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The envelope; its data carries the task id.</returns>
    [Post("/serve/api/v1/scraper_tag")]
    Task<MemoriesResponse<ScraperUrlResult>> ScraperTagAsync([Body(buffered: true)] HashtagScrapeRequest body, CancellationToken cancellationToken = default);

    /// <summary>Deletes up to 100 videos; <see cref="MemoriesVideos.DeleteAsync"/> checks the numbers first.</summary>
    /// <param name="body">The video numbers.</param>
    /// <param name="uniqueId">The <c>unique_id</c> they were uploaded under.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The envelope; its code is the outcome (unknown numbers still answer <c>0000</c>).</returns>
    [Post("/serve/api/v1/delete_videos")]
    Task<MemoriesResponse<DeletedVideos>> DeleteVideosAsync([Body(buffered: true)] string[] body, [Query, AliasAs("unique_id")] string uniqueId = "default", CancellationToken cancellationToken = default);

    /// <summary>A video's file, or the envelope when it failed; <see cref="MemoriesVideos.DownloadAsync(IMemoriesApi, string, string, bool, string, IProgress{long}?, CancellationToken)"/> reads it.</summary>
    /// <param name="body">The video.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The raw answer, unread.</returns>
    [Post("/serve/api/v1/download")]
    Task<HttpResponseMessage> DownloadAsync([Body(buffered: true)] DownloadRequest body, CancellationToken cancellationToken = default);

    /// <summary>Any file by bucket and blob, or the envelope when it failed.</summary>
    /// <param name="bucket">The storage bucket.</param>
    /// <param name="blob">The storage object path.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The raw answer, unread.</returns>
    [Get("/serve/api/v1/download")]
    Task<HttpResponseMessage> DownloadBlobAsync([AliasAs("bucket")] string bucket, [AliasAs("blob")] string blob, CancellationToken cancellationToken = default);

    /// <summary>Search by clip or audio; <see cref="MemoriesSearch.SearchAsync"/> checks the query and picks the endpoint by type.</summary>
    /// <param name="body">The query.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The envelope; its data is the matching moments.</returns>
    [Post("/serve/api/v1/search")]
    Task<MemoriesResponse<IReadOnlyList<ClipMatch>>> SearchClipsAsync([Body(buffered: true)] SearchRequest body, CancellationToken cancellationToken = default);

    /// <summary>Search the image library (<c>BY_IMAGE</c>).</summary>
    /// <param name="body">The query.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The envelope; its data is a page of images.</returns>
    [Post("/serve/api/v1/search")]
    Task<MemoriesResponse<ImagePage>> SearchImagesAsync([Body(buffered: true)] SearchRequest body, CancellationToken cancellationToken = default);

    /// <summary>Search by caption (<c>BY_CAPTION</c>).</summary>
    /// <param name="body">The query.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The envelope; its data is the matching captions.</returns>
    [Post("/serve/api/v1/search")]
    Task<MemoriesResponse<IReadOnlyList<CaptionMatch>>> SearchCaptionsAsync([Body(buffered: true)] SearchRequest body, CancellationToken cancellationToken = default);

    /// <summary>Search public videos of one platform.</summary>
    /// <param name="body">The query.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The envelope; its data is the matching moments (numbers start with <c>PI-</c>).</returns>
    [Post("/serve/api/v1/search_public")]
    Task<MemoriesResponse<IReadOnlyList<ClipMatch>>> SearchPublicAsync([Body(buffered: true)] PublicSearchRequest body, CancellationToken cancellationToken = default);

    /// <summary>Asks about videos and waits for the whole answer.</summary>
    /// <param name="body">The question.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The envelope.</returns>
    [Post("/serve/api/v1/chat")]
    Task<MemoriesResponse<ChatAnswer>> ChatAsync([Body(buffered: true)] ChatRequest body, CancellationToken cancellationToken = default);

    /// <summary>Asks about videos; the answer comes as server-sent events, read by <c>ChatStreamEventsAsync</c>.</summary>
    /// <param name="body">The question.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The raw answer, unread.</returns>
    [Headers("Accept: text/event-stream")]
    [Post("/serve/api/v1/chat_stream")]
    Task<HttpResponseMessage> ChatStreamAsync([Body(buffered: true)] ChatRequest body, CancellationToken cancellationToken = default);

    /// <summary>Uploads one video file; the generated <c>UploadAsync(UploadForm, …)</c> streams it and reports progress.</summary>
    /// <param name="file">The video.</param>
    /// <param name="uniqueId">The namespace it lands in.</param>
    /// <param name="callback">Where the server POSTs once it is parsed.</param>
    /// <param name="datetimeTaken">When it was taken, <c>yyyy-MM-dd HH:mm:ss</c>.</param>
    /// <param name="cameraModel">The camera.</param>
    /// <param name="latitude">Where it was taken.</param>
    /// <param name="longitude">Where it was taken.</param>
    /// <param name="tags">Tags, at most 20.</param>
    /// <param name="retainOriginalVideo"><c>true</c> or <c>false</c>.</param>
    /// <param name="videoTranscriptionPrompt">A prompt for the transcription.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The envelope; its data is the new video.</returns>
    [Multipart]
    [Post("/serve/api/v1/upload")]
    Task<MemoriesResponse<UploadedVideo>> UploadAsync(
        [AliasAs("file")] StreamPart file,
        [AliasAs("unique_id")] string? uniqueId = null,
        [AliasAs("callback")] string? callback = null,
        [AliasAs("datetime_taken")] string? datetimeTaken = null,
        [AliasAs("camera_model")] string? cameraModel = null,
        [AliasAs("latitude")] string? latitude = null,
        [AliasAs("longitude")] string? longitude = null,
        [AliasAs("tags")] IEnumerable<string>? tags = null,
        [AliasAs("retain_original_video")] string? retainOriginalVideo = null,
        [AliasAs("video_transcription_prompt")] string? videoTranscriptionPrompt = null,
        CancellationToken cancellationToken = default);

    /// <summary>Uploads one video the server fetches from a link; the generated <c>UploadUrlAsync(UploadUrlForm, …)</c> writes the form.</summary>
    /// <param name="form">The form.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The envelope; its data is the new video.</returns>
    [Post("/serve/api/v1/upload_url")]
    Task<MemoriesResponse<UploadedVideo>> UploadUrlAsync([Body] HttpContent form, CancellationToken cancellationToken = default);
}
