namespace Contracts.RateLimiting.Redis;

/// <summary>How a <see cref="RedisRateBudget"/> reaches Redis and how long it trusts it.</summary>
public sealed class RedisRateBudgetOptions
{
    /// <summary>
    /// The Redis server: <c>redis://[user:password@]host[:port][/db]</c>, <c>rediss://…</c> for TLS,
    /// or a StackExchange.Redis configuration string. Required; its password is never shown.
    /// </summary>
    public string? Connection { get; set; }

    /// <summary>
    /// How long connecting, or one Redis call, may take before this process spaces its requests on
    /// its own; 2 seconds by default.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The longest a turn is held for other processes: if its process dies before giving it back,
    /// the others go on this long after it was taken (plus the interval); 30 seconds by default.
    /// Keep it above the slowest request you expect.
    /// </summary>
    public TimeSpan LeaseTimeToLive { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Shows the settings without the connection's password.</summary>
    /// <returns>The settings.</returns>
    public override string ToString() =>
        $"Connection={(string.IsNullOrWhiteSpace(Connection) ? "(none)" : "(set)")}, Timeout={Timeout}, LeaseTimeToLive={LeaseTimeToLive}";
}
