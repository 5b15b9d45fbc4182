using Contracts.Runtime.Polling;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Contracts.RateLimiting.Redis;

/// <summary>
/// Wake-ups between processes through Redis publish/subscribe on one channel. Each message carries
/// the sender's id, so a process never wakes its own waits twice. While Redis is unreachable,
/// wake-ups stay in their process (one warning); a lost wake-up costs only time.
/// </summary>
internal sealed partial class RedisWakeupRelay : IWakeupRelay
{
    private readonly RedisAddress _address;
    private readonly RedisChannel _channel;
    private readonly ILogger _logger;
    private readonly string _instance = Guid.NewGuid().ToString("N");
    private readonly Task<ConnectionMultiplexer> _connecting;
    private int _warned;

    public RedisWakeupRelay(RedisAddress address, string channel, ILogger? logger)
    {
        _address = address;
        _channel = RedisChannel.Literal(channel);
        _logger = logger ?? NullLogger.Instance;
        var options = address.Options.Clone();
        options.AbortOnConnectFail = false;
        options.ClientName ??= "contracts-wakeups";
        _connecting = ConnectionMultiplexer.ConnectAsync(options);
    }

    public void Publish(string batchId, string? itemId)
    {
        _ = PublishAsync(itemId is null ? batchId : batchId + "\n" + itemId);
    }

    public void Subscribe(Action<string, string?> received)
    {
        _ = SubscribeAsync(received);
    }

    public void Dispose()
    {
        if (_connecting.IsCompletedSuccessfully)
        {
            _connecting.Result.Dispose();
        }
        else
        {
            _ = _connecting.ContinueWith(static task => task.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        }
    }

    /// <summary>Sends "instance \n batch [\n item]": ids never hold a line break (the API's are hex and digits).</summary>
    private async Task PublishAsync(string hint)
    {
        try
        {
            var connection = await _connecting.ConfigureAwait(false);
            await connection.GetSubscriber().PublishAsync(_channel, _instance + "\n" + hint).ConfigureAwait(false);
        }
        catch (Exception error) when (error is RedisException or TimeoutException or ObjectDisposedException)
        {
            Unreachable(error);
        }
    }

    private async Task SubscribeAsync(Action<string, string?> received)
    {
        try
        {
            var connection = await _connecting.ConfigureAwait(false);
            await connection.GetSubscriber().SubscribeAsync(_channel, (_, message) =>
            {
                string text = message.ToString();
                int separator = text.IndexOf('\n', StringComparison.Ordinal);
                if (separator > 0 && !text.AsSpan(0, separator).SequenceEqual(_instance))
                {
                    var hint = text[(separator + 1)..];
                    int item = hint.IndexOf('\n', StringComparison.Ordinal);
                    if (item < 0)
                    {
                        received(hint, null);
                    }
                    else if (item > 0)
                    {
                        received(hint[..item], hint[(item + 1)..]);
                    }
                }
            }).ConfigureAwait(false);
        }
        catch (Exception error) when (error is RedisException or TimeoutException or ObjectDisposedException)
        {
            Unreachable(error);
        }
    }

    private void Unreachable(Exception error)
    {
        if (Interlocked.Exchange(ref _warned, 1) == 0)
        {
            LogUnreachable(_logger, _address.Endpoint, _address.Scrub(error.Message));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Wake-ups cannot reach Redis at {Endpoint} ({Reason}): callbacks wake the waits of the process that receives them only")]
    private static partial void LogUnreachable(ILogger logger, string endpoint, string reason);
}
