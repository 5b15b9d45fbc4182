using Contracts.Runtime.Polling;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Memories.Contracts.DependencyInjection;

/// <summary>
/// Waits on batch upload tasks with the settings, clock, logger and the account's budgets from
/// dependency injection, so that every wait in the process shares the API's 1 request/s budget.
/// </summary>
public sealed class MemoriesTaskWaiter : IMemoriesTaskWaiter
{
    private readonly IMemoriesApi _api;
    private readonly IOptionsMonitor<MemoriesClientOptions> _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly MemoriesAccountBudgets _budgets;
    private readonly WaitWakeups? _wakeups;

    /// <summary>Created by dependency injection.</summary>
    /// <param name="api">The Refit client.</param>
    /// <param name="options">The client settings.</param>
    /// <param name="clock">The clock.</param>
    /// <param name="logger">Receives one entry per poll.</param>
    /// <param name="budgets">The account's budgets, with its scheduler and video checks.</param>
    /// <param name="wakeups">The hints callbacks give (<c>AddMemoriesCallbacks</c>); null polls on schedule only.</param>
    public MemoriesTaskWaiter(IMemoriesApi api, IOptionsMonitor<MemoriesClientOptions> options, TimeProvider clock, ILogger<MemoriesTaskWaiter> logger, MemoriesAccountBudgets budgets, WaitWakeups? wakeups = null)
    {
        _api = api;
        _options = options;
        _clock = clock;
        _logger = logger;
        _budgets = budgets;
        _wakeups = wakeups;
    }

    /// <summary>Polling options from the client settings, with the shared clock, logger, the account's scheduler (which spends the task-status budget), its video checks, and the callbacks' wake-ups when they are registered.</summary>
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
            Scheduler = _budgets.Scheduler,
            ItemBatcher = _budgets.VideoChecks,
            Wakeups = _wakeups,
        };
    }

    /// <inheritdoc/>
    /// <remarks>Null <paramref name="options"/> means <see cref="CreatePollingOptions"/>.</remarks>
    public Task<WaitResult<TaskVideo>> WaitAsync(string taskId, string uniqueId = "default", PollingOptions? options = null, IProgress<BatchSnapshot<TaskVideo>>? progress = null, CancellationToken cancellationToken = default) =>
        BatchWaiter.WaitAsync(_api.TaskPollWithVideoChecks(taskId, uniqueId), options ?? CreatePollingOptions(), progress, cancellationToken);

    /// <inheritdoc/>
    /// <remarks>Null <paramref name="options"/> means <see cref="CreatePollingOptions"/>.</remarks>
    public Task<WaitResult<TaskVideo>> WaitForCreatedTaskAsync(string taskId, ScraperUrlRequest createdFrom, PollingOptions? options = null, IProgress<BatchSnapshot<TaskVideo>>? progress = null, CancellationToken cancellationToken = default) =>
        BatchWaiter.WaitAsync(_api.CreatedTaskPoll(taskId, createdFrom), options ?? CreatePollingOptions(), progress, cancellationToken);

    /// <inheritdoc/>
    /// <remarks>Null <paramref name="options"/> means <see cref="CreatePollingOptions"/>.</remarks>
    public IAsyncEnumerable<BatchSnapshot<TaskVideo>> WatchAsync(string taskId, string uniqueId = "default", PollingOptions? options = null, CancellationToken cancellationToken = default) =>
        BatchWaiter.WatchAsync(_api.TaskPollWithVideoChecks(taskId, uniqueId), options ?? CreatePollingOptions(), cancellationToken);
}
