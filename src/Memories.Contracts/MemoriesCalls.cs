using Contracts.Runtime.Polling;

namespace Memories.Contracts;

/// <summary>How a typed call sends a one-off request and reads its data.</summary>
internal static class MemoriesCalls
{
    /// <summary>
    /// Sends the request, again while the API answers <c>0429</c> ("back off and retry"), up to
    /// three times, 250 ms, 500 ms and 1 s apart: another process of the account may hold the
    /// family's budget for a moment. Any other answer, and the fourth <c>0429</c>, is returned as is.
    /// </summary>
    public static async Task<MemoriesResponse<T>> RetryRateLimitedAsync<T>(Func<Task<MemoriesResponse<T>>> send, string route, CancellationToken cancellationToken)
        where T : class
    {
        var delay = TimeSpan.FromMilliseconds(250);
        for (int attempt = 1; ; attempt++)
        {
            var response = BatchWaiter.RequireAnswer(await send().ConfigureAwait(false), route);
            if (response.IsSuccess || !response.BusinessCode.IsRetryable || attempt > 3)
            {
                return response;
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay *= 2;
        }
    }

    /// <summary>Sends (retrying <c>0429</c>), raises an error code, and returns the data.</summary>
    public static async Task<T?> SendAsync<T>(Func<Task<MemoriesResponse<T>>> send, string route, CancellationToken cancellationToken)
        where T : class =>
        (await RetryRateLimitedAsync(send, route, cancellationToken).ConfigureAwait(false)).EnsureSuccess().Data;
}
