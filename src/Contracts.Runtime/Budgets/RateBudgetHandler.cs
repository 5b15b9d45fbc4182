using System.Diagnostics;
using System.Net.Http.Metrics;
using System.Threading.RateLimiting;
using Contracts.Runtime.Diagnostics;

namespace Contracts.Runtime.Budgets;

/// <summary>
/// Takes a turn of the request's budget family (method and route to family, from a
/// <see cref="RateBudgetTable"/>) before each request, so that every caller in the process shares
/// the account's budgets, direct calls included. A request whose caller already holds the family's
/// lease (a wait that took its turn, <see cref="RateBudgetScope"/>) passes through.
/// </summary>
/// <remarks>
/// A request that has to wait gets a <see cref="RuntimeDiagnostics.BudgetWaitActivity"/> span, and
/// every wait is measured in <see cref="RuntimeDiagnostics.BudgetTimeInQueueInstrument"/>. The
/// HttpClient's own request metrics get the route's <c>url.template</c>. (Its spans cannot be
/// enriched from a handler: the HttpClient starts them after every handler has run.)
/// </remarks>
public sealed class RateBudgetHandler : DelegatingHandler
{
    private static readonly HttpRequestOptionsKey<string> TemplateKey = new("Contracts.Runtime.UrlTemplate");

    private readonly RateBudgetTable _table;
    private readonly Func<RateBudget, RateLimiter?> _budgetOf;

    /// <summary>Creates the handler.</summary>
    /// <param name="table">Which family each endpoint belongs to.</param>
    /// <param name="budgetOf">The account's limiter of a family; null sends the family's requests without one.</param>
    public RateBudgetHandler(RateBudgetTable table, Func<RateBudget, RateLimiter?> budgetOf)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(budgetOf);
        _table = table;
        _budgetOf = budgetOf;
    }

    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var route = request.RequestUri is { IsAbsoluteUri: true } uri ? _table.FindRoute(request.Method.Method, uri.AbsolutePath) : null;
        if (route is null)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        request.Options.Set(TemplateKey, route.Template);
        HttpMetricsEnrichmentContext.AddCallback(request, static context =>
        {
            if (context.Request.Options.TryGetValue(TemplateKey, out var template))
            {
                context.AddCustomTag("url.template", template);
            }
        });

        var budget = _budgetOf(_table[route.Family]);
        if (budget is null || RateBudgetScope.IsHeld(budget))
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        using var lease = await TakeTurnAsync(budget, route, cancellationToken).ConfigureAwait(false);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The family's turn; a request that has to wait for it is traced and measured.</summary>
    private static async Task<RateLimitLease> TakeTurnAsync(RateLimiter budget, RateBudgetRoute route, CancellationToken cancellationToken)
    {
        long askedAt = Stopwatch.GetTimestamp();
        var acquiring = budget.AcquireAsync(1, cancellationToken);
        if (acquiring.IsCompletedSuccessfully)
        {
            BudgetTelemetry.Waited(route.Family, TimeSpan.Zero);
            return acquiring.Result;
        }

        var waiting = BudgetTelemetry.StartWait(route.Family, route.Method, route.Template);
        try
        {
            var lease = await acquiring.ConfigureAwait(false);
            BudgetTelemetry.Waited(route.Family, Stopwatch.GetElapsedTime(askedAt));
            BudgetTelemetry.EndWait(waiting, error: null);
            return lease;
        }
        catch (Exception error)
        {
            BudgetTelemetry.EndWait(waiting, error);
            throw;
        }
    }
}
