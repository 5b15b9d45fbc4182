using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Contracts.Runtime.Budgets;
using StackExchange.Redis;

namespace Contracts.RateLimiting.Redis;

/// <summary>
/// One Redis connection through which rate budgets are shared by every process that uses the same
/// key: each <see cref="CreateLimiter"/> limiter grants its permits at least its interval apart
/// across all of them, on Redis's clock. While Redis cannot be reached, its limiters space
/// requests within this process only, log one warning, and go back to Redis once it answers again.
/// </summary>
/// <remarks>
/// Connecting starts at the first permit asked for, in the background; nothing here throws
/// because Redis is down. Dispose the budget after its limiters.
/// </remarks>
public sealed partial class RedisRateBudget : ISharedRateBudgets, IAsyncDisposable
{
    private readonly RedisAddress _address;
    private readonly TimeSpan _timeout;
    private readonly TimeSpan _leaseTimeToLive;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private readonly HashSet<Task> _givingBack = new();
    private Task<ConnectionMultiplexer>? _connecting;
    private bool _unavailable;
    private int _outages;
    private bool _disposed;

    /// <summary>Creates the budget; connecting waits for the first permit.</summary>
    /// <param name="options">Where Redis is; a missing or unreadable address is an <see cref="ArgumentException"/> that never repeats it.</param>
    /// <param name="clock">The clock for waiting between asks; <see cref="TimeProvider.System"/> when null. Spacing itself is on Redis's clock.</param>
    /// <param name="logger">Receives one warning when Redis becomes unavailable and a note when it is back.</param>
    public RedisRateBudget(RedisRateBudgetOptions options, TimeProvider? clock = null, ILogger<RedisRateBudget>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Problems() is [var first, ..])
        {
            throw new ArgumentException(first, nameof(options));
        }

        _address = RedisAddress.Parse(options.Connection!);
        _timeout = options.Timeout;
        _leaseTimeToLive = options.LeaseTimeToLive;
        _clock = clock ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The Redis server, as <c>host:port</c>; never the password.</summary>
    public string Endpoint => _address.Endpoint;

    /// <summary>Whether the last call to Redis was answered; false while limiters space requests within this process only.</summary>
    public bool IsShared
    {
        get
        {
            lock (_gate)
            {
                return !_unavailable;
            }
        }
    }

    /// <summary>How many times Redis became unavailable since this budget was created.</summary>
    public int Outages => Volatile.Read(ref _outages);

    /// <summary>
    /// A limiter whose permits are at least <paramref name="interval"/> apart across every process
    /// asking Redis for <paramref name="key"/>, one permit out at a time, the next spaced from when
    /// the last was disposed. Within this process callers are served in order.
    /// </summary>
    /// <param name="key">The Redis key of the budget. Derive it from something that names the account without revealing a secret.</param>
    /// <param name="interval">The least time between two permits.</param>
    /// <param name="family">What the limiter guards, as its metrics name it (<c>contracts.rate_budget.family</c>); never a secret.</param>
    /// <returns>The limiter; dispose it before the budget.</returns>
    public RateLimiter CreateLimiter(string key, TimeSpan interval, string? family = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        return new RedisSpacedRateLimiter(this, key, interval, _clock, family);
    }

    /// <summary>
    /// Waits until Redis grants the turn on <paramref name="key"/>, and returns the token that
    /// holds it; null when Redis is unavailable, so the caller goes on with local spacing alone.
    /// </summary>
    internal async Task<string?> TakeTurnAsync(string key, TimeSpan interval, CancellationToken cancellationToken)
    {
        string holder = Guid.NewGuid().ToString("N");
        RedisValue[] arguments = [Microseconds(interval), Microseconds(_leaseTimeToLive), holder];
        RedisKey[] keys = [key];

        // While another turn is out nobody knows when it ends: look again soon, but not in a busy loop.
        var busyPoll = TimeSpan.FromTicks(Math.Clamp(interval.Ticks / 20, TimeSpan.TicksPerMillisecond * 10, TimeSpan.TicksPerMillisecond * 100));
        while (true)
        {
            var database = await DatabaseAsync(cancellationToken).ConfigureAwait(false);
            if (database is null)
            {
                return null;
            }

            long[] answer;
            try
            {
                var result = await database.ScriptEvaluateAsync(SpacingScripts.TakeTurn, keys, arguments).WaitAsync(_timeout, _clock, cancellationToken).ConfigureAwait(false);
                answer = (long[])result!;
                if (answer.Length != 3)
                {
                    throw new InvalidCastException($"The spacing script answered {answer.Length} values instead of 3.");
                }
            }
            catch (Exception error) when (IsFault(error, cancellationToken))
            {
                Unavailable(error);
                return null;
            }

            Available();
            if (answer is [1, ..])
            {
                return holder;
            }

            var wait = TimeSpan.FromTicks(answer[1] * 10);
            if (answer is [_, _, 1] && wait > busyPoll)
            {
                wait = busyPoll;
            }

            await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1), _clock, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Gives the turn back without waiting; if Redis cannot be told, the turn expires on its own.</summary>
    internal void GiveBack(string key, string holder, TimeSpan interval)
    {
        var connecting = _connecting;
        if (connecting is not { IsCompletedSuccessfully: true } || !connecting.Result.IsConnected)
        {
            return;
        }

        var giving = GiveBackAsync(connecting.Result.GetDatabase(), key, holder, interval);
        lock (_gate)
        {
            _givingBack.Add(giving);
        }

        // Removed once sent; disposing waits for the rest, so a process that exits right after its
        // last request does not leave the turn held for the others until it expires.
        _ = giving.ContinueWith(
            static (done, state) =>
            {
                var budget = (RedisRateBudget)state!;
                lock (budget._gate)
                {
                    budget._givingBack.Remove(done);
                }
            },
            this,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private async Task GiveBackAsync(IDatabase database, RedisKey key, string holder, TimeSpan interval)
    {
        try
        {
            await database.ScriptEvaluateAsync(SpacingScripts.GiveBack, [key], [Microseconds(interval), holder]).WaitAsync(_timeout, _clock).ConfigureAwait(false);
        }
        catch (Exception error) when (IsFault(error, CancellationToken.None))
        {
            Unavailable(error);
        }
    }

    /// <summary>The database, connecting first if needed; null (and the warning) when Redis cannot be reached now.</summary>
    private async Task<IDatabase?> DatabaseAsync(CancellationToken cancellationToken)
    {
        Task<ConnectionMultiplexer> connecting;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            connecting = _connecting ??= ConnectAsync();
        }

        ConnectionMultiplexer connection;
        try
        {
            connection = await connecting.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (IsFault(error, cancellationToken))
        {
            lock (_gate)
            {
                if (_connecting == connecting)
                {
                    _connecting = null;   // try again at the next permit
                }
            }

            Unavailable(error);
            return null;
        }

        if (!connection.IsConnected)
        {
            Unavailable(null);
            return null;
        }

        return connection.GetDatabase();
    }

    private Task<ConnectionMultiplexer> ConnectAsync()
    {
        var options = _address.Options.Clone();
        options.AbortOnConnectFail = false;   // keep reconnecting in the background; meanwhile, local spacing
        options.BacklogPolicy = BacklogPolicy.FailFast;   // a call while disconnected fails at once instead of queueing
        options.ConnectTimeout = (int)_timeout.TotalMilliseconds;
        options.AsyncTimeout = (int)_timeout.TotalMilliseconds;
        options.SyncTimeout = (int)_timeout.TotalMilliseconds;
        options.ConnectRetry = 1;
        options.ReconnectRetryPolicy = new LinearRetry(500);
        options.ClientName ??= "contracts-rate-budget";
        return ConnectionMultiplexer.ConnectAsync(options);
    }

    private static bool IsFault(Exception error, CancellationToken cancellationToken) =>
        error is RedisException or TimeoutException or InvalidCastException
        || (error is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private void Unavailable(Exception? error)
    {
        lock (_gate)
        {
            if (_unavailable || _disposed)
            {
                return;
            }

            _unavailable = true;
            _outages++;
        }

        string reason = error is null ? "not connected" : error.GetType().Name + ": " + FirstLine(_address.Scrub(error.Message));
        LogUnavailable(_logger, _address.Endpoint, reason);
    }

    private void Available()
    {
        lock (_gate)
        {
            if (!_unavailable)
            {
                return;
            }

            _unavailable = false;
        }

        LogBack(_logger, _address.Endpoint);
    }

    /// <summary>The message up to its first line or comma: StackExchange.Redis appends a long list of connection counters.</summary>
    private static string FirstLine(string text)
    {
        int end = text.IndexOfAny(['\r', '\n', ',']);
        return end < 0 ? text : text[..end];
    }

    private static string Microseconds(TimeSpan value) =>
        (value.Ticks / 10).ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        Task<ConnectionMultiplexer>? connecting;
        Task[] givingBack;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            connecting = _connecting;
            givingBack = [.. _givingBack];
        }

        // GiveBackAsync never throws and is bounded by the timeout.
        await Task.WhenAll(givingBack).ConfigureAwait(false);
        if (connecting is not null)
        {
            try
            {
                await (await connecting.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception error) when (error is RedisException or TimeoutException)
            {
                // It never connected: nothing to close.
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The shared rate budget in Redis at {Endpoint} is unavailable ({Reason}); this process now spaces its own requests only, so other processes on the account may send at the same time, until Redis answers again.")]
    private static partial void LogUnavailable(ILogger logger, string endpoint, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The shared rate budget in Redis at {Endpoint} answers again; requests are spaced with the other processes.")]
    private static partial void LogBack(ILogger logger, string endpoint);
}
