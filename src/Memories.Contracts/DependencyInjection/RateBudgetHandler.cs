using Contracts.Runtime.Budgets;

namespace Memories.Contracts.DependencyInjection;

/// <summary>
/// Takes a lease from the account's budget of the request's family (<see cref="RateBudgets.Table"/>:
/// method and route to family) before each request, so that every caller in the process shares
/// them, direct calls included. A request whose caller already holds the family's lease (a wait
/// polls task status after taking its turn, <see cref="RateBudgetScope"/>) passes through.
/// </summary>
internal sealed class RateBudgetHandler(MemoriesAccountBudgets budgets) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var budget = request.RequestUri is { } uri ? budgets.ForRequest(request.Method, uri.AbsolutePath) : null;
        if (budget is null || RateBudgetScope.IsHeld(budget))
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        using var lease = await budget.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
