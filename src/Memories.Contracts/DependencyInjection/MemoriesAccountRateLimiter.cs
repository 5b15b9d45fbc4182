using System.Threading.RateLimiting;
using Contracts.Runtime.Polling;

namespace Memories.Contracts.DependencyInjection;

/// <summary>
/// The process-wide budgets of one memories.ai account, one per endpoint family: task status
/// 1 request/s, upload 1/min, list 5/s. Requests are spaced by the interval plus a small margin
/// for network jitter.
/// </summary>
public sealed class MemoriesAccountRateLimiter : IDisposable
{
    /// <summary>What is added to the API's interval, so that arrival times at the server stay apart too.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(50);

    /// <summary>Creates the limiter on the given clock.</summary>
    /// <param name="clock">The clock, from dependency injection.</param>
    public MemoriesAccountRateLimiter(TimeProvider clock)
        : this(clock, null)
    {
    }

    /// <summary>Creates the budgets on the given clock, with a logger for the task-status scheduler's warnings.</summary>
    /// <param name="clock">The clock, from dependency injection.</param>
    /// <param name="logger">Receives a warning when the registered waits cannot all be polled before their deadlines.</param>
    public MemoriesAccountRateLimiter(TimeProvider clock, Microsoft.Extensions.Logging.ILogger<AccountPollScheduler>? logger)
    {
        Limiter = new SpacedRateLimiter(GetVideoIdsByTaskIdPollingExtensions.MinimumInterval + Margin, clock);
        Scheduler = new AccountPollScheduler(Limiter, GetVideoIdsByTaskIdPollingExtensions.MinimumInterval + Margin, clock, logger);
        Upload = new SpacedRateLimiter(UploadInterval + Margin, clock);
        List = new SpacedRateLimiter(MemoriesTasks.ListInterval + Margin, clock);

        // No budget of its own: its list_videos requests take the List permit in the HTTP pipeline.
        VideoChecks = new ItemStatusBatcher(MaxVideosPerCheck, VideoCheckWindow, budget: null, clock);
    }

    /// <summary>The upload endpoints' shared budget: about one request per minute per account.</summary>
    public static readonly TimeSpan UploadInterval = TimeSpan.FromMinutes(1);

    /// <summary>The task-status budget (1 request/s), which every wait takes a lease from before each request.</summary>
    public RateLimiter Limiter { get; }

    /// <summary>
    /// Spends the task-status budget on the waits that need a poll most; waits on the same task
    /// share their polls. <see cref="MemoriesTaskWaiter"/> gives it to every wait.
    /// </summary>
    public AccountPollScheduler Scheduler { get; }

    /// <summary>The upload budget (1 request/min), taken by every Upload from post URLs request.</summary>
    public RateLimiter Upload { get; }

    /// <summary>The list budget (5 requests/s), taken by every list_videos and get_metadata request.</summary>
    public RateLimiter List { get; }

    /// <summary>The most videos one list_videos check asks for.</summary>
    public const int MaxVideosPerCheck = 100;

    /// <summary>The least time between two list_videos checks of waiting tasks' videos, so that due checks gather into one request.</summary>
    public static readonly TimeSpan VideoCheckWindow = TimeSpan.FromSeconds(2);

    /// <summary>Checks the listed videos of the account's waits many at a time (list_videos with video_nos), while several waits run.</summary>
    public ItemStatusBatcher VideoChecks { get; }

    /// <inheritdoc/>
    public void Dispose()
    {
        VideoChecks.Dispose();
        Scheduler.Dispose();
        Limiter.Dispose();
        Upload.Dispose();
        List.Dispose();
    }
}
