// The hand-declared Refit interface of the everything contract: the snapshot tests run the
// generator on it, and Contracts.Generated.Tests compiles it with the generated code and calls
// a real server through it.
using Refit;

namespace Acme.Everything.Client;

public interface IAcmeApi
{
    [Get("/v2/jobs")]
    Task<AcmeReply<JobPage>> ListJobsAsync(
        [AliasAs("owner_id")] string ownerId,
        [AliasAs("page_size")] int pageSize = 20,
        [AliasAs("cursor")] long after = 0,
        [AliasAs("include-archived")] bool includeArchived = false,
        [AliasAs("min_score")] double minScore = 0.5,
        decimal budget = 12.25m,
        string label = "a \"quoted\" label",
        CancellationToken cancellationToken = default);

    [Post("/v2/jobs")]
    Task<AcmeReply<Job>> CreateJob([Body(buffered: true)] JobPatch body, CancellationToken cancellationToken = default);

    [Put("/v2/owners/{owner_id}/jobs/{job-id}")]
    Task<AcmeReply<Job>> UpdateJobAsync([AliasAs("owner_id")] string ownerId, [AliasAs("job-id")] long jobId, [Body(buffered: true)] JobPatch body);

    [Post("/v2/jobs/import")]
    Task<AcmeReply<JobPage>> ImportJobsAsync([Body] HttpContent form, CancellationToken cancellationToken = default);

    [Multipart]
    [Post("/v2/jobs/{job-id}/attachments")]
    Task<AcmeReply<Job>> AttachFilesAsync(
        [AliasAs("job-id")] long jobId,
        [AliasAs("file")] StreamPart main,
        [AliasAs("kind")] string kind,
        [Query, AliasAs("notify")] bool notify = false,
        [AliasAs("extra")] IEnumerable<StreamPart>? extras = null,
        [AliasAs("caption")] string? caption = null,
        [AliasAs("tag")] IEnumerable<string>? tags = null,
        [AliasAs("size_hint")] string? sizeHint = null,
        CancellationToken cancellationToken = default);

    [Get("/v2/jobs/recent")]
    Task<AcmeReply<IReadOnlyList<Job>>> RecentJobsAsync([AliasAs("limit")] int limit = 10, CancellationToken cancellationToken = default);

    [Post("/v2/jobs/delete")]
    Task<AcmeReply<JobPage>> DeleteJobsAsync([Body(buffered: true)] string[] body, CancellationToken cancellationToken = default);

    [Put("/v2/jobs")]
    Task<AcmeReply<JobPage>> ReplaceJobsAsync([Body(buffered: true)] JobPatch[] body, CancellationToken cancellationToken = default);

    [Get("/v2/jobs/{job-id}/log")]
    Task<HttpResponseMessage> DownloadLogAsync([AliasAs("job-id")] long jobId, CancellationToken cancellationToken = default);

    [Headers("Accept: text/event-stream")]
    [Get("/v2/jobs/{job-id}/events")]
    Task<HttpResponseMessage> FollowJobAsync([AliasAs("job-id")] long jobId, [AliasAs("since")] long? since = null, CancellationToken cancellationToken = default);
}
