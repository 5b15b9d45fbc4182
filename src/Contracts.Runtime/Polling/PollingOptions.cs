using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Contracts.Runtime.Polling;

/// <summary>How long and how often a waiter polls. Defaults suit an endpoint limited to one request per second.</summary>
public sealed class PollingOptions
{
    /// <summary>
    /// The overall deadline of the wait; greater than zero. Default 10 minutes. The last request goes
    /// out early enough to be answered before it (see <see cref="AnswerWindow"/>).
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The shortest delay between polls; never shorter than the endpoint's rate limit. Default 2 seconds.</summary>
    public TimeSpan MinDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest delay between polls; at least <see cref="MinDelay"/>. Default 30 seconds.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long an empty answer is taken to mean "not started yet" before the wait ends as
    /// "not found or not started". Default 2 minutes.
    /// </summary>
    public TimeSpan EmptyGracePeriod { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The timeout of one request; a request that takes longer counts as a transient fault. Default 30 seconds.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many transient faults in a row end the wait; at least 1. Default 5.</summary>
    public int MaxConsecutiveTransientErrors { get; set; } = 5;

    /// <summary>The clock; a <c>FakeTimeProvider</c> in tests.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>The source of jitter; seed it for reproducible delays.</summary>
    public Random Random { get; set; } = Random.Shared;

    /// <summary>
    /// A limiter shared by every wait on the same account (the API's limits are per account): each
    /// request first takes a lease from it, so concurrent waits never exceed its rate in aggregate.
    /// Not with <see cref="Scheduler"/>, which spends the budget itself.
    /// </summary>
    public RateLimiter? RateLimiter { get; set; }

    /// <summary>
    /// The account's scheduler, which every wait on the account registers its polls with: the
    /// budget goes to the most overdue wait, and waits on one batch share their polls. The scheduler
    /// holds the budget, so <see cref="RateLimiter"/> must then be null (<see cref="Validate"/> says so).
    /// </summary>
    public AccountPollScheduler? Scheduler { get; set; }

    /// <summary>Receives one Information entry per poll, with the counts and the next delay.</summary>
    public ILogger Logger { get; set; } = NullLogger.Instance;

    /// <summary>
    /// Checks the known, unfinished items of many waits many at a time, for polls that have
    /// <see cref="BatchPoll{TItem, TId}.FetchItems"/>; null polls the batch every time. With a
    /// <see cref="Scheduler"/>, it is used only while other waits share the scheduler, so a wait
    /// alone polls exactly as without one.
    /// </summary>
    public ItemStatusBatcher? ItemBatcher { get; set; }

    /// <summary>While items are checked through <see cref="ItemBatcher"/>, how often the batch itself is still polled, to notice new items.</summary>
    public TimeSpan BatchRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Hints that a wait's batch may have changed (callbacks), so it polls now instead of at its
    /// next scheduled time; null polls on schedule only. A hint never ends a wait by itself.
    /// </summary>
    public WaitWakeups? Wakeups { get; set; }

    /// <summary>
    /// How long before the deadline the last request goes out, so that it can still be answered:
    /// the shorter of <see cref="MinDelay"/> and <see cref="AttemptTimeout"/>, and at most half of
    /// <see cref="Timeout"/>. A turn of the shared budget that comes later than half of this before
    /// the deadline is not taken: no request is sent that nobody would wait for.
    /// </summary>
    public TimeSpan AnswerWindow
    {
        get
        {
            var window = MinDelay < AttemptTimeout ? MinDelay : AttemptTimeout;
            var half = Timeout / 2;
            return window < half ? window : half;
        }
    }

    /// <summary>
    /// Checks every option, and that <see cref="MinDelay"/> respects the endpoint's rate limit.
    /// </summary>
    /// <param name="minimumInterval">The shortest interval the endpoint allows between requests (1 s for 1 request/s).</param>
    /// <exception cref="ArgumentException">An option is out of range; the message names it and says what would fit.</exception>
    public void Validate(TimeSpan minimumInterval)
    {
        Require(Timeout > TimeSpan.Zero, nameof(Timeout), $"must be greater than zero, not {Timeout}");
        Require(MinDelay > TimeSpan.Zero, nameof(MinDelay), $"must be greater than zero, not {MinDelay}");
        Require(
            MinDelay >= minimumInterval,
            nameof(MinDelay),
            $"is {MinDelay}, shorter than the endpoint's rate limit allows; use at least {minimumInterval}");
        Require(MaxDelay >= MinDelay, nameof(MaxDelay), $"is {MaxDelay}, shorter than {nameof(MinDelay)} ({MinDelay})");
        Require(EmptyGracePeriod >= TimeSpan.Zero, nameof(EmptyGracePeriod), $"must not be negative, not {EmptyGracePeriod}");
        Require(BatchRefreshInterval > TimeSpan.Zero, nameof(BatchRefreshInterval), $"must be greater than zero, not {BatchRefreshInterval}");
        Require(AttemptTimeout > TimeSpan.Zero, nameof(AttemptTimeout), $"must be greater than zero, not {AttemptTimeout}");
        Require(
            MaxConsecutiveTransientErrors >= 1,
            nameof(MaxConsecutiveTransientErrors),
            $"must be at least 1, not {MaxConsecutiveTransientErrors}");
        Require(
            RateLimiter is null || Scheduler is null,
            nameof(RateLimiter),
            $"and {nameof(Scheduler)} are both set, but only one can spend the account's budget: set {nameof(Scheduler)} (built on the limiter) when many waits share the account, or {nameof(RateLimiter)} alone for waits that each queue at it");
        ArgumentNullException.ThrowIfNull(TimeProvider);
        ArgumentNullException.ThrowIfNull(Random);
        ArgumentNullException.ThrowIfNull(Logger);
    }

    private static void Require(bool condition, string option, string problem)
    {
        if (!condition)
        {
            throw new ArgumentException($"Polling option {option} {problem}.", option);
        }
    }
}
