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

    /// <summary>What is wrong with these settings, each problem one sentence that never repeats the connection; empty when they are usable.</summary>
    /// <param name="connectionName">What the user calls <see cref="Connection"/> where they wrote it, e.g. <c>Memories:RateBudget:Redis</c> or <c>--rate-budget</c>.</param>
    /// <returns>The problems.</returns>
    public IReadOnlyList<string> Problems(string connectionName = nameof(Connection))
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Connection))
        {
            problems.Add($"{connectionName} is required: write it as redis://host:port.");
        }
        else
        {
            try
            {
                RedisAddress.Parse(Connection);
            }
            catch (ArgumentException error)
            {
                problems.Add($"{connectionName}: {error.Message.Replace(" (Parameter 'text')", string.Empty, StringComparison.Ordinal)}");
            }
        }

        if (Timeout <= TimeSpan.Zero)
        {
            problems.Add("The Redis rate budget's Timeout must be greater than zero.");
        }

        if (LeaseTimeToLive <= TimeSpan.Zero)
        {
            problems.Add("The Redis rate budget's LeaseTimeToLive must be greater than zero.");
        }

        return problems;
    }

    /// <summary>Shows the settings without the connection's password.</summary>
    /// <returns>The settings.</returns>
    public override string ToString() =>
        $"Connection={(string.IsNullOrWhiteSpace(Connection) ? "(none)" : "(set)")}, Timeout={Timeout}, LeaseTimeToLive={LeaseTimeToLive}";
}
