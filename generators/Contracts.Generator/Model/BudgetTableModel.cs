using System.Collections.Generic;
using System.Linq;

namespace Contracts.Generator.Model;

/// <summary>One endpoint's budget, as the namespace's table lists it.</summary>
internal sealed record BudgetRoute(string Method, string Path, string Family, long IntervalTicks, int Burst);

/// <summary>The budget routes of every contract of one namespace.</summary>
internal sealed record BudgetTableModel(string Namespace, string FirstContract, EquatableArray<BudgetRoute> Routes)
{
    /// <summary>The tables of every namespace, from the contracts' models (a family's first declaration wins; CTR028 reports the others).</summary>
    public static EquatableArray<BudgetTableModel> Of(IEnumerable<ContractModel> contracts) =>
        contracts
            .GroupBy(c => c.Namespace, System.StringComparer.Ordinal)
            .OrderBy(g => g.Key, System.StringComparer.Ordinal)
            .Select(g => g.Where(c => c.Endpoints.Any(e => e.RateLimit is not null)).OrderBy(c => c.FilePath, System.StringComparer.Ordinal).ToList())
            .Where(budgeted => budgeted.Count > 0)
            .Select(budgeted => new BudgetTableModel(budgeted[0].Namespace, budgeted[0].FilePath, budgeted
                .SelectMany(c => c.Endpoints)
                .Where(e => e.RateLimit is not null)
                .Select(e => new BudgetRoute(e.Method, e.Path, e.RateLimit!.Budget, e.RateLimit.IntervalTicks, e.RateLimit.Burst))
                .Distinct()   // endpoints that share a route (one per shape of answer) share its row
                .ToEquatableArray()))
            .ToEquatableArray();
}
