using System.Threading.RateLimiting;
using Contracts.Runtime.Polling;

namespace Memories.Contracts.DependencyInjection;

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
