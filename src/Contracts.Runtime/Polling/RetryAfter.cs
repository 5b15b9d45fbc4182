using System.Net.Http.Headers;

namespace Contracts.Runtime.Polling;

/// <summary>Reads how long a server asked us to wait, from <c>Retry-After</c> as seconds or as a date.</summary>
internal static class RetryAfter
{
    /// <summary>The wait the header asks for, measured from <paramref name="now"/>; null when there is none.</summary>
    /// <param name="header">The response's <c>Retry-After</c> header, if any.</param>
    /// <param name="now">The current time, from the waiter's time provider.</param>
    /// <returns>A non-negative wait, or null.</returns>
    public static TimeSpan? From(RetryConditionHeaderValue? header, DateTimeOffset now)
    {
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }
}
