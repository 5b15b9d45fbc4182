using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Contracts.Runtime.Budgets;
using Contracts.Runtime.Polling;
using Microsoft.Extensions.Logging;

namespace Memories.Contracts.DependencyInjection;

/// <summary>
/// The budgets of one memories.ai account, one per budget family of the contract
/// (<see cref="RateBudgets.Table"/>: task status 1 request/s, upload 1/min, list 5/s). Requests are
/// spaced by the family's interval plus a small margin for network jitter, within this process, or
/// across every process sharing a Redis budget (<see cref="MemoriesRateBudgetOptions.Redis"/>, with
/// the Contracts.RateLimiting.Redis package's <c>services.AddRedisRateBudgets()</c>).
/// </summary>
public sealed class MemoriesAccountBudgets : IDisposable
{
    /// <summary>What is added to the API's interval, so that arrival times at the server stay apart too.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(50);

    /// <summary>Creates the limiter on the given clock.</summary>
    /// <param name="clock">The clock, from dependency injection.</param>
    public MemoriesAccountBudgets(TimeProvider clock)
        : this(clock, null)
    {
    }

    /// <summary>Creates the budgets on the given clock, with a logger for the task-status scheduler's warnings.</summary>
    /// <param name="clock">The clock, from dependency injection.</param>
    /// <param name="logger">Receives a warning when the registered waits cannot all be polled before their deadlines.</param>
    public MemoriesAccountBudgets(TimeProvider clock, ILogger<AccountPollScheduler>? logger)
        : this(clock, logger, sharedBudget: null, account: null)
    {
    }

    /// <summary>
    /// Creates the budgets as <paramref name="options"/> say: shared through <paramref name="store"/>
    /// when <see cref="MemoriesClientOptions.RateBudget"/> names a server, else within this process.
    /// </summary>
    /// <param name="clock">The clock, from dependency injection.</param>
    /// <param name="loggerFactory">Where the scheduler's warnings go; none when null.</param>
    /// <param name="options">The client's settings: the rate budget and the key (or account) that names it.</param>
    /// <param name="store">Where shared budgets are kept (<c>services.AddRedisRateBudgets()</c>); null when none is registered.</param>
    /// <exception cref="InvalidOperationException">The settings name a Redis server but no store is registered, or the store finds the connection unusable.</exception>
    public MemoriesAccountBudgets(TimeProvider clock, ILoggerFactory? loggerFactory, MemoriesClientOptions options, ISharedRateBudgetStore? store = null)
        : this(
            clock,
            loggerFactory?.CreateLogger<AccountPollScheduler>(),
            SharedBudgetFor(options, store),
            Blank(options?.RateBudget.Account) ?? options?.ApiKey)
    {
    }

    private MemoriesAccountBudgets(TimeProvider clock, ILogger<AccountPollScheduler>? logger, ISharedRateBudgets? sharedBudget, string? account)
    {
        SharedBudget = sharedBudget;
        _families = RateBudgets.Table.Families.ToDictionary(
            family => family.Family,
            family => Budget(sharedBudget, account, family, clock),
            StringComparer.Ordinal);
        TaskStatus = _families[RateBudgets.TaskStatusFamily];
        Scheduler = new AccountPollScheduler(TaskStatus, RateBudgets.Table[RateBudgets.TaskStatusFamily].Interval + Margin, clock, logger, RateBudgets.TaskStatusFamily);
        Upload = _families[RateBudgets.UploadFamily];
        List = _families[RateBudgets.ListFamily];

        // No budget of its own: its list_videos requests take the List permit in the HTTP pipeline.
        VideoChecks = new ItemStatusBatcher(MaxVideosPerCheck, VideoCheckWindow, budget: null, clock, RateBudgets.ListFamily);
    }

    private readonly Dictionary<string, RateLimiter> _families;

    /// <summary>The task-status budget (1 request/s), which <see cref="Scheduler"/> spends on the waits.</summary>
    public RateLimiter TaskStatus { get; }

    /// <summary>The budget of one family of <see cref="RateBudgets.Table"/>, such as <see cref="RateBudgets.UploadFamily"/>.</summary>
    /// <param name="family">The family's name.</param>
    /// <returns>Its budget for this account.</returns>
    /// <exception cref="KeyNotFoundException">The contract declares no such family.</exception>
    public RateLimiter this[string family] =>
        _families.TryGetValue(family, out var budget) ? budget : throw new KeyNotFoundException($"The contract declares no budget family '{family}'; it declares {string.Join(", ", _families.Keys)}.");

    /// <summary>The budget a request spends, by its method and route; null for a route no contract endpoint declares.</summary>
    /// <param name="method">The request's method.</param>
    /// <param name="path">The request's absolute path, without the query.</param>
    /// <returns>The budget, or null.</returns>
    public RateLimiter? ForRequest(HttpMethod method, string path)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(path);
        return RateBudgets.Table.Find(method.Method, path) is { } family ? _families[family.Family] : null;
    }

    /// <summary>
    /// Spends the task-status budget on the waits that need a poll most; waits on the same task
    /// share their polls. <see cref="MemoriesTaskWaiter"/> gives it to every wait.
    /// </summary>
    public AccountPollScheduler Scheduler { get; }

    /// <summary>Where the budgets are shared with other processes (a Redis connection); null when each process keeps its own.</summary>
    public ISharedRateBudgets? SharedBudget { get; }

    /// <summary>
    /// The Redis key of one endpoint family's budget: <c>memories:rate-budget:{hash}:{family}</c>,
    /// where the hash is the first 128 bits of SHA-256 of the account name (the API key by
    /// default), so that the key itself never reaches Redis.
    /// </summary>
    /// <param name="account">The account name or API key.</param>
    /// <param name="family">The budget family, such as <see cref="RateBudgets.TaskStatusFamily"/>.</param>
    /// <returns>The key.</returns>
    public static string SharedBudgetKey(string account, string family)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentException.ThrowIfNullOrWhiteSpace(family);
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(account));
        return $"memories:rate-budget:{Convert.ToHexStringLower(hash, 0, 16)}:{family}";
    }

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
        foreach (var budget in _families.Values)
        {
            budget.Dispose();
        }

        SharedBudget?.Dispose();
    }

    /// <summary>
    /// A family's budget: spaced by its interval plus the margin, with its burst in this process;
    /// shared through Redis, one request at a time (a burst is not lent across processes, so the
    /// account never goes above the API's limit).
    /// </summary>
    private static RateLimiter Budget(ISharedRateBudgets? shared, string? account, RateBudget family, TimeProvider clock) =>
        shared is null
            ? new SpacedRateLimiter(family.Interval + Margin, clock, family.Family, family.Burst)
            : shared.CreateLimiter(SharedBudgetKey(account ?? string.Empty, family.Family), family.Interval + Margin, family.Family);

    private static ISharedRateBudgets? SharedBudgetFor(MemoriesClientOptions? options, ISharedRateBudgetStore? store)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (Blank(options.RateBudget.Redis) is not { } redis)
        {
            return null;
        }

        if (SharedBudgetProblems(redis, store) is [var problem, ..])
        {
            throw new InvalidOperationException(problem);
        }

        return store!.Open(redis);
    }

    /// <summary>What stops the budgets from being shared through <paramref name="connection"/>: no store registered, or a connection the store cannot use.</summary>
    internal static IReadOnlyList<string> SharedBudgetProblems(string connection, ISharedRateBudgetStore? store) =>
        store is null
            ? [$"{RedisSetting} names a Redis server, but nothing keeps shared budgets: add the Contracts.RateLimiting.Redis package and call services.AddRedisRateBudgets() (or remove the setting to space requests within this process)."]
            : store.Problems(connection, RedisSetting);

    private const string RedisSetting = "Memories:RateBudget:Redis";

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
