using System.Threading.RateLimiting;

namespace Memories.Contracts.DependencyInjection;

/// <summary>
/// Takes a lease from the account's budget of the endpoint family before each upload and list
/// request, so that every caller in the process shares them. Task-status requests are spaced by
/// the waiter itself (it knows its deadline), so they pass through.
/// </summary>
internal sealed class RateBudgetHandler(MemoriesAccountRateLimiter budgets) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var budget = Budget(request.RequestUri?.AbsolutePath);
        if (budget is null)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        using var lease = await budget.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private RateLimiter? Budget(string? path) => path switch
    {
        "/serve/api/v1/scraper_url" or "/serve/api/v1/scraper_url_public" or "/serve/api/v1/upload" or "/serve/api/v1/upload_url" => budgets.Upload,
        "/serve/api/v1/list_videos" or "/serve/api/v1/get_metadata" => budgets.List,
        _ => null,
    };
}
