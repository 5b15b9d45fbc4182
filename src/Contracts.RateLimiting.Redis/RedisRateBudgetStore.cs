using Contracts.Runtime.Budgets;
using Microsoft.Extensions.Logging;

namespace Contracts.RateLimiting.Redis;

/// <summary>Opens <see cref="RedisRateBudget"/>s for client libraries that ask for an <see cref="ISharedRateBudgetStore"/>.</summary>
public sealed class RedisRateBudgetStore : ISharedRateBudgetStore
{
    private readonly TimeProvider _clock;
    private readonly ILoggerFactory? _loggerFactory;
    private readonly Action<RedisRateBudgetOptions>? _configure;

    /// <summary>Creates the store.</summary>
    /// <param name="clock">The clock of the budgets it opens.</param>
    /// <param name="loggerFactory">Where their warnings go; none when null.</param>
    /// <param name="configure">Adjusts each budget's options (timeouts) after the connection is set.</param>
    public RedisRateBudgetStore(TimeProvider? clock = null, ILoggerFactory? loggerFactory = null, Action<RedisRateBudgetOptions>? configure = null)
    {
        _clock = clock ?? TimeProvider.System;
        _loggerFactory = loggerFactory;
        _configure = configure;
    }

    /// <inheritdoc/>
    public string Name => "Redis";

    /// <inheritdoc/>
    public IReadOnlyList<string> Problems(string connection, string setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        return Options(connection).Problems(setting);
    }

    /// <inheritdoc/>
    public ISharedRateBudgets Open(string connection) =>
        new RedisRateBudget(Options(connection), _clock, _loggerFactory?.CreateLogger<RedisRateBudget>());

    /// <inheritdoc/>
    public Contracts.Runtime.Polling.IWakeupRelay OpenWakeupRelay(string connection, string channel)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        return new RedisWakeupRelay(RedisAddress.Parse(Options(connection).Connection!), channel, _loggerFactory?.CreateLogger<RedisWakeupRelay>());
    }

    private RedisRateBudgetOptions Options(string connection)
    {
        var options = new RedisRateBudgetOptions { Connection = connection };
        _configure?.Invoke(options);
        options.Connection = connection;
        return options;
    }
}
