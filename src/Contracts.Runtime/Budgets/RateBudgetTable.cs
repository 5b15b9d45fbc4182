namespace Contracts.Runtime.Budgets;

/// <summary>
/// Which budget family each endpoint of an API belongs to, and each family's limit: the one table
/// the per-account budgets, the HTTP handler that takes their turns and the simulator all read. A
/// contract's generator writes it (<c>RateBudgets.Table</c> in the contract's namespace).
/// </summary>
public sealed class RateBudgetTable
{
    private readonly Dictionary<string, RateBudget> _families;

    /// <summary>Creates the table.</summary>
    /// <param name="families">Every family, once each.</param>
    /// <param name="routes">Every endpoint with its family.</param>
    /// <exception cref="ArgumentException">A family is named twice, or a route names a family the table does not have.</exception>
    public RateBudgetTable(IEnumerable<RateBudget> families, IEnumerable<RateBudgetRoute> routes)
    {
        ArgumentNullException.ThrowIfNull(families);
        ArgumentNullException.ThrowIfNull(routes);
        _families = new Dictionary<string, RateBudget>(StringComparer.Ordinal);
        foreach (var family in families)
        {
            if (!_families.TryAdd(family.Family, family))
            {
                throw new ArgumentException($"The budget family '{family.Family}' is declared twice.", nameof(families));
            }
        }

        Families = [.. _families.Values];
        Routes = [.. routes];
        foreach (var route in Routes)
        {
            if (!_families.ContainsKey(route.Family))
            {
                throw new ArgumentException($"{route.Method} {route.Template} names the budget family '{route.Family}', which the table does not declare.", nameof(routes));
            }
        }
    }

    /// <summary>Every family.</summary>
    public IReadOnlyList<RateBudget> Families { get; }

    /// <summary>Every endpoint with its family.</summary>
    public IReadOnlyList<RateBudgetRoute> Routes { get; }

    /// <summary>A family by name.</summary>
    /// <param name="family">The family's name.</param>
    /// <returns>The family.</returns>
    /// <exception cref="KeyNotFoundException">The table has no such family.</exception>
    public RateBudget this[string family] =>
        _families.TryGetValue(family, out var budget) ? budget : throw new KeyNotFoundException($"The table has no budget family '{family}'; it has {string.Join(", ", _families.Keys)}.");

    /// <summary>
    /// The family of a request, or null for a route no endpoint of the table declares. Where
    /// several routes match (<c>/items/latest</c> and <c>/items/{id}</c>), the one with the fewest
    /// placeholders decides, then the first declared.
    /// </summary>
    /// <param name="method">The request's method.</param>
    /// <param name="path">The request's absolute path, without the query.</param>
    /// <returns>The family, or null.</returns>
    public RateBudget? Find(string method, string path) =>
        FindRoute(method, path) is { } route ? _families[route.Family] : null;

    /// <summary>The endpoint a request is sent to, as <see cref="Find"/> chooses it; null when no endpoint of the table matches.</summary>
    /// <param name="method">The request's method.</param>
    /// <param name="path">The request's absolute path, without the query.</param>
    /// <returns>The route, with its template and family, or null.</returns>
    public RateBudgetRoute? FindRoute(string method, string path)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(path);
        RateBudgetRoute? best = null;
        foreach (var route in Routes)
        {
            if ((best is null || route.Placeholders < best.Placeholders) && route.Matches(method, path))
            {
                best = route;
            }
        }

        return best;
    }

    /// <summary>One table from several (an API's contracts each declare some of its endpoints).</summary>
    /// <param name="tables">The tables.</param>
    /// <returns>Their families and routes together.</returns>
    /// <exception cref="ArgumentException">Two tables declare one family with different limits.</exception>
    public static RateBudgetTable Combine(params RateBudgetTable[] tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var families = new Dictionary<string, RateBudget>(StringComparer.Ordinal);
        foreach (var family in tables.SelectMany(t => t.Families))
        {
            if (families.TryGetValue(family.Family, out var known) && (known.Interval != family.Interval || known.Burst != family.Burst))
            {
                throw new ArgumentException($"The budget family '{family.Family}' is declared as {known} and as {family}.", nameof(tables));
            }

            families[family.Family] = family;
        }

        return new RateBudgetTable(families.Values, tables.SelectMany(t => t.Routes));
    }
}
