using System.Threading.RateLimiting;

namespace Contracts.Runtime.Budgets;

/// <summary>
/// Rate budgets kept outside this process (in Redis, for example), so that every process of one
/// account spaces its requests together. A client library asks for one limiter per budget family.
/// </summary>
public interface ISharedRateBudgets : IDisposable
{
    /// <summary>A limiter whose permits are at least <paramref name="interval"/> apart across every process that asks for <paramref name="key"/>.</summary>
    /// <param name="key">Names the budget where it is kept; derive it from something that names the account without revealing a secret.</param>
    /// <param name="interval">The least time between two permits.</param>
    /// <param name="family">The budget family, as the limiter's metrics name it; never a secret.</param>
    /// <returns>The limiter; dispose it before these budgets.</returns>
    RateLimiter CreateLimiter(string key, TimeSpan interval, string? family = null);
}

/// <summary>
/// Opens <see cref="ISharedRateBudgets"/> from the connection a user configured. The package that
/// keeps shared budgets registers one (<c>services.AddRedisRateBudgets()</c>), so a client library
/// takes no dependency on the store, and a team that runs one process never pulls it in.
/// </summary>
public interface ISharedRateBudgetStore
{
    /// <summary>What keeps the budgets, for messages: <c>Redis</c>.</summary>
    string Name { get; }

    /// <summary>What is wrong with a connection, each problem one sentence that never repeats it (it may hold a password); empty when usable.</summary>
    /// <param name="connection">The connection as configured.</param>
    /// <param name="setting">Where the user wrote it, such as <c>Memories:RateBudget:Redis</c>.</param>
    /// <returns>The problems.</returns>
    IReadOnlyList<string> Problems(string connection, string setting);

    /// <summary>Opens the budgets kept at <paramref name="connection"/>; connecting may wait for the first permit.</summary>
    /// <param name="connection">A connection <see cref="Problems"/> found nothing wrong with.</param>
    /// <returns>The budgets; the caller disposes them.</returns>
    ISharedRateBudgets Open(string connection);

    /// <summary>A relay of wake-ups on <paramref name="channel"/> among every process connected to the same store.</summary>
    /// <param name="connection">A connection <see cref="Problems"/> found nothing wrong with.</param>
    /// <param name="channel">Names the account's wake-ups without revealing a secret.</param>
    /// <returns>The relay; the caller disposes it.</returns>
    Polling.IWakeupRelay OpenWakeupRelay(string connection, string channel);
}
