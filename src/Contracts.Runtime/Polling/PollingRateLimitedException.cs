namespace Contracts.Runtime.Polling;

/// <summary>
/// The server asked for a pause (<c>Retry-After</c>, a rate-limit code) that reaches past the
/// wait's deadline: the wait ends at once rather than overrun its deadline or ignore the server.
/// Nothing is claimed about the items.
/// </summary>
public sealed class PollingRateLimitedException : WaitException
{
    internal PollingRateLimitedException(TimeSpan retryAfter, TimeSpan remaining, Exception lastFault)
        : base(null, $"The server asked to wait {Describe(retryAfter)} before the next request, beyond the {Describe(remaining)} left before the deadline; the last answer was: {lastFault.Message}", lastFault)
    {
        RetryAfter = retryAfter;
    }

    /// <summary>The pause the server asked for.</summary>
    public TimeSpan RetryAfter { get; }

    private static string Describe(TimeSpan span) =>
        span.TotalHours >= 1 ? $"{span.TotalHours:0.#} h" : span.TotalMinutes >= 1 ? $"{span.TotalMinutes:0.#} min" : $"{Math.Max(0, span.TotalSeconds):0.#} s";
}
