namespace Memories.Contracts.DependencyInjection;

/// <summary>
/// Where the account's rate budget is shared with other processes (configuration section
/// <c>Memories:RateBudget</c>). Unset, each process spaces its own requests.
/// </summary>
public sealed class MemoriesRateBudgetOptions
{
    /// <summary>
    /// The Redis server every process on the account shares its budget through:
    /// <c>redis://[user:password@]host[:port][/db]</c>, <c>rediss://…</c> for TLS, or a
    /// StackExchange.Redis configuration string. Its password is never shown.
    /// </summary>
    public string? Redis { get; set; }

    /// <summary>
    /// What names the account in Redis, hashed before use; the API key when unset. Set the same
    /// value wherever different keys of one account are used, since the API counts per account.
    /// </summary>
    public string? Account { get; set; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"Redis={(string.IsNullOrWhiteSpace(Redis) ? "(none)" : "(set)")}, Account={(string.IsNullOrWhiteSpace(Account) ? "(the API key's hash)" : "(set)")}";
}
