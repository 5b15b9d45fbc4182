namespace Contracts.Runtime.Budgets;

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
