using System.Threading.RateLimiting;

namespace Contracts.Runtime.Budgets;

/// <summary>
/// Says, for the requests a piece of code sends, which budgets it already holds a lease of. A
/// pipeline that takes a budget's turn for every request (a <see cref="DelegatingHandler"/> reading
/// a <see cref="RateBudgetTable"/>) skips the budgets held: the polling engine takes its turn
/// before it asks, and a spaced budget asked again by its holder would wait for itself forever.
/// </summary>
/// <remarks>
/// The scope flows with the asynchronous call (an <see cref="AsyncLocal{T}"/>), from where a lease
/// is taken into the request it pays for, and ends when the returned handle is disposed.
/// </remarks>
public static class RateBudgetScope
{
    private static readonly AsyncLocal<Held?> Current = new();

    /// <summary>Marks <paramref name="budget"/> as held by the code that runs until the handle is disposed.</summary>
    /// <param name="budget">The budget whose lease the caller holds; nothing is marked when null.</param>
    /// <returns>Ends the scope; dispose it where the lease is disposed.</returns>
    public static IDisposable Hold(RateLimiter? budget)
    {
        if (budget is null)
        {
            return Scope.Empty;
        }

        var outer = Current.Value;
        Current.Value = new Held(budget, outer);
        return new Scope(outer);
    }

    /// <summary>Whether the calling code holds a lease of <paramref name="budget"/>.</summary>
    /// <param name="budget">The budget.</param>
    /// <returns>True inside a <see cref="Hold"/> of it.</returns>
    public static bool IsHeld(RateLimiter budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        for (var held = Current.Value; held is not null; held = held.Outer)
        {
            if (ReferenceEquals(held.Budget, budget))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>One held budget, and those held around it.</summary>
    private sealed record Held(RateLimiter Budget, Held? Outer);

    private sealed class Scope(Held? outer) : IDisposable
    {
        public static readonly Scope Empty = new(null) { _ended = true };

        private bool _ended;

        public void Dispose()
        {
            if (!_ended)
            {
                _ended = true;
                Current.Value = outer;
            }
        }
    }
}
