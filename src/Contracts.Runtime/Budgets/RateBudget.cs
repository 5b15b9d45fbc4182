namespace Contracts.Runtime.Budgets;

/// <summary>
/// One budget family of an API: the endpoints that share one limit per account (the upload
/// endpoints, say), the shortest interval between their requests, and how many may go at once.
/// </summary>
public sealed class RateBudget
{
    /// <summary>Describes the family.</summary>
    /// <param name="family">Its name (<c>task-status</c>): lowercase letters, digits and dashes, as in a Redis key or a metric tag.</param>
    /// <param name="interval">The shortest interval between two requests of the family.</param>
    /// <param name="burst">How many requests may go at once before spacing applies (1: one at a time).</param>
    /// <exception cref="ArgumentException">The name is empty, the interval negative, or the burst below 1.</exception>
    public RateBudget(string family, TimeSpan interval, int burst = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(family);
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        Family = family;
        Interval = interval;
        Burst = burst;
    }

    /// <summary>The family's name.</summary>
    public string Family { get; }

    /// <summary>The shortest interval between two requests of the family.</summary>
    public TimeSpan Interval { get; }

    /// <summary>How many requests may go at once before spacing applies.</summary>
    public int Burst { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Family}: one per {Interval.TotalSeconds:0.###} s" + (Burst == 1 ? string.Empty : $", burst {Burst}");
}

/// <summary>An endpoint of a budget family: its HTTP method and route template (<c>/v1/items/{id}</c>).</summary>
public sealed class RateBudgetRoute
{
    /// <summary>Describes the route.</summary>
    /// <param name="method">GET, POST, PUT, PATCH or DELETE.</param>
    /// <param name="template">The route as the contract writes it; <c>{name}</c> matches one path segment.</param>
    /// <param name="family">The budget family it belongs to.</param>
    public RateBudgetRoute(string method, string template, string family)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        ArgumentException.ThrowIfNullOrWhiteSpace(template);
        ArgumentException.ThrowIfNullOrWhiteSpace(family);
        Method = method.ToUpperInvariant();
        Template = template;
        Family = family;
        Segments = template.Trim('/').Split('/');
        Placeholders = Segments.Count(IsPlaceholder);
    }

    /// <summary>The HTTP method.</summary>
    public string Method { get; }

    /// <summary>The route template.</summary>
    public string Template { get; }

    /// <summary>The budget family.</summary>
    public string Family { get; }

    private string[] Segments { get; }

    /// <summary>How many segments are placeholders: of two routes that match, the one with fewer is the more specific.</summary>
    internal int Placeholders { get; }

    private static bool IsPlaceholder(string segment) => segment.Length > 2 && segment[0] == '{' && segment[^1] == '}';

    /// <summary>True when a request's method and path are this route's.</summary>
    /// <param name="method">The request's method.</param>
    /// <param name="path">The request's absolute path, without the query.</param>
    /// <returns>Whether it matches.</returns>
    public bool Matches(string method, string path)
    {
        if (!string.Equals(method, Method, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var segments = path.AsSpan().Trim('/');
        int index = 0;
        foreach (var range in segments.Split('/'))
        {
            if (index >= Segments.Length)
            {
                return false;
            }

            string expected = Segments[index++];
            if (!IsPlaceholder(expected) && !segments[range].Equals(expected, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return index == Segments.Length;
    }
}

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
    public RateBudget? Find(string method, string path)
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

        return best is null ? null : _families[best.Family];
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
