namespace Contracts.Runtime.Polling;

/// <summary>
/// The delay before each poll: Smithy's waiter formula (exponential growth from
/// <see cref="MinDelay"/> to <see cref="MaxDelay"/>, full jitter, and one last try at the
/// moment that fits), with a floor for the API's rate limit and <c>Retry-After</c>, never a
/// poll sooner than the minimum, and never one scheduled too late to be answered.
/// </summary>
internal sealed class PollDelay
{
    private readonly double _attemptCeiling;

    /// <summary>Creates the schedule.</summary>
    /// <param name="minDelay">The shortest delay; greater than zero.</param>
    /// <param name="maxDelay">The longest delay; at least <paramref name="minDelay"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">The bounds are out of order or not positive.</exception>
    public PollDelay(TimeSpan minDelay, TimeSpan maxDelay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(minDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDelay, minDelay);
        MinDelay = minDelay;
        MaxDelay = maxDelay;
        _attemptCeiling = (Math.Log(maxDelay / minDelay) / Math.Log(2)) + 1;
    }

    /// <summary>The shortest delay between two polls.</summary>
    public TimeSpan MinDelay { get; }

    /// <summary>The longest delay between two polls.</summary>
    public TimeSpan MaxDelay { get; }

    /// <summary>The highest delay attempt <paramref name="attempt"/> can draw, before jitter.</summary>
    /// <param name="attempt">The attempt that just finished, from 1.</param>
    /// <returns><c>MinDelay × 2^(attempt−1)</c>, capped at <see cref="MaxDelay"/>.</returns>
    public TimeSpan Ceiling(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        if (attempt > _attemptCeiling)
        {
            return MaxDelay;
        }

        var grown = MinDelay * Math.Pow(2, attempt - 1);
        return grown > MaxDelay ? MaxDelay : grown;
    }

    /// <summary>
    /// The delay after attempt <paramref name="attempt"/>, or null when no further poll fits.
    /// </summary>
    /// <param name="attempt">The attempt that just finished, from 1.</param>
    /// <param name="remaining">
    /// Time left until the last moment a request may still be sent: the wait's deadline less the
    /// time a request needs to be answered, so the last try is one somebody waits for.
    /// </param>
    /// <param name="random">A number in [0, 1) that places the delay between the minimum and the ceiling (full jitter).</param>
    /// <param name="floor">
    /// A delay the server asked for (<c>Retry-After</c>, a rate-limit code); the delay is never shorter.
    /// When the floor reaches past <paramref name="remaining"/> there is no further poll: waiting it
    /// out would overrun, and polling earlier would ignore the server.
    /// </param>
    /// <returns>
    /// The delay, between <see cref="MinDelay"/> (or <paramref name="floor"/>) and
    /// <paramref name="remaining"/>; null to stop polling, when less than that is left.
    /// </returns>
    public TimeSpan? Next(int attempt, TimeSpan remaining, double random, TimeSpan floor = default)
    {
        if (random is < 0 or >= 1 || double.IsNaN(random))
        {
            throw new ArgumentOutOfRangeException(nameof(random), random, "The random number must be in [0, 1).");
        }

        var shortest = floor > MinDelay ? floor : MinDelay;
        if (remaining < shortest)
        {
            // A poll sooner than the minimum would break the endpoint's rate limit.
            return null;
        }

        var ceiling = Ceiling(attempt);
        var delay = MinDelay + ((ceiling - MinDelay) * random);
        if (delay < floor)
        {
            delay = floor;
        }

        // Smithy's last-try clamp: rather than stop short, poll once at the last moment that still fits.
        if (remaining - delay <= MinDelay)
        {
            delay = remaining;
        }

        return delay;
    }
}
