using Contracts.Runtime.Polling;

namespace Memories.Contracts.DependencyInjection;

/// <summary>
/// Waits on memories.ai batch upload tasks. Inject this rather than <see cref="MemoriesTaskWaiter"/>
/// to fake waits in tests of your own code (a <see cref="WaitResult{TItem}"/> can be built from a
/// <see cref="BatchSnapshot{TItem}"/>).
/// </summary>
public interface IMemoriesTaskWaiter
{
    /// <summary>Waits until every video of the task has finished, the deadline comes, or none appears in time.</summary>
    /// <param name="taskId">The task id.</param>
    /// <param name="uniqueId">The unique_id used at upload.</param>
    /// <param name="options">Polling options; null for the registered settings.</param>
    /// <param name="progress">Receives one snapshot per poll.</param>
    /// <param name="cancellationToken">Stops the wait; never reported as a timeout.</param>
    /// <returns>How the wait ended and where every video stands.</returns>
    Task<WaitResult<TaskVideo>> WaitAsync(string taskId, string uniqueId = "default", PollingOptions? options = null, IProgress<BatchSnapshot<TaskVideo>>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Waits on a task this client created from <paramref name="createdFrom"/>: it knows the
    /// task's <c>unique_id</c> and how many videos to expect (one per post URL), so with callbacks
    /// the wait can end on the videos they name, confirmed through list_videos, without reading
    /// task status. Without callbacks it is the same as <see cref="WaitAsync(string, string, PollingOptions?, IProgress{BatchSnapshot{TaskVideo}}?, CancellationToken)"/>.
    /// </summary>
    /// <param name="taskId">The task id <c>CreateTaskAsync</c> returned.</param>
    /// <param name="createdFrom">The request the task was created from.</param>
    /// <param name="options">Polling options; null for the registered settings.</param>
    /// <param name="progress">Receives one snapshot per poll.</param>
    /// <param name="cancellationToken">Stops the wait; never reported as a timeout.</param>
    /// <returns>How the wait ended and where every video stands.</returns>
    Task<WaitResult<TaskVideo>> WaitForCreatedTaskAsync(string taskId, ScraperUrlRequest createdFrom, PollingOptions? options = null, IProgress<BatchSnapshot<TaskVideo>>? progress = null, CancellationToken cancellationToken = default) =>
        WaitAsync(taskId, MemoriesTasks.UniqueIdOf(createdFrom), options, progress, cancellationToken);

    /// <summary>The same wait as a stream of snapshots, one per poll, ending with the final one.</summary>
    /// <param name="taskId">The task id.</param>
    /// <param name="uniqueId">The unique_id used at upload.</param>
    /// <param name="options">Polling options; null for the registered settings.</param>
    /// <param name="cancellationToken">Stops the wait.</param>
    /// <returns>The snapshots.</returns>
    IAsyncEnumerable<BatchSnapshot<TaskVideo>> WatchAsync(string taskId, string uniqueId = "default", PollingOptions? options = null, CancellationToken cancellationToken = default);
}
