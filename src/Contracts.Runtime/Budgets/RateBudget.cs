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
