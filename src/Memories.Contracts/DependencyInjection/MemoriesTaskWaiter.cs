using System.Threading.RateLimiting;
using Contracts.Runtime.Polling;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Memories.Contracts.DependencyInjection;

/// <summary>
/// Waits on batch upload tasks with the settings, clock, logger and per-account rate limiter from
/// dependency injection, so that every wait in the process shares the API's 1 request/s budget.
/// </summary>
public sealed class MemoriesTaskWaiter
{
    private readonly IMemoriesApi _api;
    private readonly IOptionsMonitor<MemoriesClientOptions> _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly MemoriesAccountRateLimiter _limiter;

    /// <summary>Created by dependency injection.</summary>
    /// <param name="api">The Refit client.</param>
    /// <param name="options">The client settings.</param>
    /// <param name="clock">The clock.</param>
    /// <param name="logger">Receives one entry per poll.</param>
    /// <param name="limiter">The account's shared limiter.</param>
    public MemoriesTaskWaiter(IMemoriesApi api, IOptionsMonitor<MemoriesClientOptions> options, TimeProvider clock, ILogger<MemoriesTaskWaiter> logger, MemoriesAccountRateLimiter limiter)
    {
        _api = api;
        _options = options;
        _clock = clock;
        _logger = logger;
        _limiter = limiter;
    }

    /// <summary>Polling options from the client settings, with the shared clock, logger and limiter.</summary>
    /// <returns>New options; adjust them before use if needed.</returns>
    public PollingOptions CreatePollingOptions()
    {
        var settings = _options.CurrentValue;
        return new PollingOptions
        {
            Timeout = settings.WaitTimeout,
            EmptyGracePeriod = settings.EmptyGracePeriod,
            TimeProvider = _clock,
            Logger = _logger,
            RateLimiter = _limiter.Limiter,
        };
    }

    /// <summary>Waits until every video of the task has finished, the deadline comes, or none appears in time.</summary>
    /// <param name="taskId">The task id.</param>
    /// <param name="uniqueId">The unique_id used at upload.</param>
    /// <param name="options">Polling options; <see cref="CreatePollingOptions"/> when null.</param>
    /// <param name="progress">Receives one snapshot per poll.</param>
    /// <param name="ct">Stops the wait.</param>
    /// <returns>How the wait ended and where every video stands.</returns>
    public Task<WaitResult<TaskVideo>> WaitAsync(string taskId, string uniqueId = "default", PollingOptions? options = null, IProgress<BatchSnapshot<TaskVideo>>? progress = null, CancellationToken ct = default) =>
        _api.WaitForTaskAsync(taskId, uniqueId, options ?? CreatePollingOptions(), progress, ct);

    /// <summary>The same wait as a stream of snapshots.</summary>
    /// <param name="taskId">The task id.</param>
    /// <param name="uniqueId">The unique_id used at upload.</param>
    /// <param name="options">Polling options; <see cref="CreatePollingOptions"/> when null.</param>
    /// <param name="ct">Stops the wait.</param>
    /// <returns>The snapshots, ending with the final one.</returns>
    public IAsyncEnumerable<BatchSnapshot<TaskVideo>> WatchAsync(string taskId, string uniqueId = "default", PollingOptions? options = null, CancellationToken ct = default) =>
        _api.WatchTaskAsync(taskId, uniqueId, options ?? CreatePollingOptions(), ct);
}

/// <summary>
/// The process-wide limiter for one memories.ai account: task status allows 1 request per second,
/// so requests are spaced by that interval plus a small margin for network jitter.
/// </summary>
public sealed class MemoriesAccountRateLimiter : IDisposable
{
    /// <summary>What is added to the API's interval, so that arrival times at the server stay apart too.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(50);

    /// <summary>Creates the limiter on the given clock.</summary>
    /// <param name="clock">The clock, from dependency injection.</param>
    public MemoriesAccountRateLimiter(TimeProvider clock)
    {
        Limiter = new SpacedRateLimiter(GetVideoIdsByTaskIdPollingExtensions.MinimumInterval + Margin, clock);
    }

    /// <summary>The limiter every wait takes a lease from before each request.</summary>
    public RateLimiter Limiter { get; }

    /// <inheritdoc/>
    public void Dispose() => Limiter.Dispose();
}
