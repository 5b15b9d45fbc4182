using Contracts.Runtime.Diagnostics;
using Contracts.Runtime.Polling;

namespace Memories.Contracts;

/// <summary>How a typed call sends a one-off request and reads its data, each call in its own span.</summary>
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
        using var call = Start(route);
        try
        {
            var delay = TimeSpan.FromMilliseconds(250);
            for (int attempt = 1; ; attempt++)
            {
                call.Attempt();
                var response = BatchWaiter.RequireAnswer(await send().ConfigureAwait(false), route);
                if (response.IsSuccess || !response.BusinessCode.IsRetryable || attempt > 3)
                {
                    return Ended(call, response);
                }

                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay *= 2;
            }
        }
        catch (Exception error)
        {
            call.Failed(error);
            throw;
        }
    }

    /// <summary>Sends once (a stream, or a request not safe to repeat), in the call's span, and returns the answer as is.</summary>
    public static async Task<MemoriesResponse<T>> SendOnceAsync<T>(Func<Task<MemoriesResponse<T>>> send, string route)
        where T : class
    {
        using var call = Start(route);
        try
        {
            call.Attempt();
            return Ended(call, BatchWaiter.RequireAnswer(await send().ConfigureAwait(false), route));
        }
        catch (Exception error)
        {
            call.Failed(error);
            throw;
        }
    }

    /// <summary>Sends (retrying <c>0429</c>), raises an error code, and returns the data.</summary>
    public static async Task<T?> SendAsync<T>(Func<Task<MemoriesResponse<T>>> send, string route, CancellationToken cancellationToken)
        where T : class =>
        (await RetryRateLimitedAsync(send, route, cancellationToken).ConfigureAwait(false)).EnsureSuccess().Data;

    /// <summary>The call's span, from a route written as <c>METHOD /template</c>.</summary>
    private static ApiCallActivity Start(string route)
    {
        int space = route.IndexOf(' ', StringComparison.Ordinal);
        return ApiCallActivity.Start(route[..space], route[(space + 1)..]);
    }

    private static MemoriesResponse<T> Ended<T>(ApiCallActivity call, MemoriesResponse<T> response)
        where T : class
    {
        if (!response.IsSuccess)
        {
            call.Refused(response.BusinessCode.Code);
        }

        return response;
    }
}
