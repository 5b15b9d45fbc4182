using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace Contracts.Testing;

/// <summary>
/// A real <c>redis-server</c> for one test: its own free loopback port, persistence off, stopped
/// (and startable again on the same port) on demand. <c>./test.sh</c> installs the server on a
/// fresh machine; a missing one fails the test with that advice rather than skipping it.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private Process? _process;

    private RedisServer(int port) => Port = port;

    /// <summary>The loopback port it listens on.</summary>
    public int Port { get; }

    /// <summary>The address in the form users write: <c>redis://127.0.0.1:port</c>.</summary>
    public string Url => $"redis://127.0.0.1:{Port}";

    /// <summary>Starts a server on a free port and waits until it answers PING.</summary>
    public static async Task<RedisServer> StartAsync()
    {
        var server = new RedisServer(FreePort());
        await server.RestartAsync();
        return server;
    }

    /// <summary>Starts the server again on the same port, empty (persistence is off).</summary>
    public async Task RestartAsync()
    {
        if (_process is { HasExited: false })
        {
            return;
        }

        var start = new ProcessStartInfo(Executable())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", string.Empty, "--appendonly", "no", "--protected-mode", "no", "--loglevel", "warning", "--notify-keyspace-events", "KA" })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!await AnswersPingAsync())
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"redis-server on port {Port} did not answer PING (exited: {_process.HasExited}).");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Kills the server, as a crash or a lost network would: no goodbye to its clients.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    /// <summary>Every key in the server with its fields and values, for inspection.</summary>
    public async Task<IReadOnlyList<string>> DumpAsync()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{Port}");
        var server = connection.GetServer("127.0.0.1", Port);
        var database = connection.GetDatabase();
        var lines = new List<string>();
        await foreach (var key in server.KeysAsync(pattern: "*"))
        {
            lines.Add("key " + key.ToString());
            if (await database.KeyTypeAsync(key) == RedisType.Hash)
            {
                foreach (var entry in await database.HashGetAllAsync(key))
                {
                    lines.Add($"  {entry.Name} = {entry.Value}");
                }
            }
        }

        return lines;
    }

    /// <summary>
    /// Starts recording the name of every key a command touches from now on (keyspace
    /// notifications): what a test observes even of keys that have expired since.
    /// </summary>
    public async Task<KeyWatch> WatchKeysAsync()
    {
        var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{Port}");
        var watch = new KeyWatch(connection);
        await connection.GetSubscriber().SubscribeAsync(RedisChannel.Pattern("__keyspace@0__:*"), (channel, _) => watch.Touched(channel.ToString()["__keyspace@0__:".Length..]));
        return watch;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>A loopback port that nothing listens on now.</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static string Executable()
    {
        foreach (string folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator).Append("/usr/bin").Append("/usr/local/bin"))
        {
            string candidate = Path.Combine(folder, "redis-server");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("redis-server is not installed. Run ./test.sh, which installs it (apt-get install redis-server) before running the tests.");
    }

    private async Task<bool> AnswersPingAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            int read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(2));
            return System.Text.Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception error) when (error is SocketException or IOException or TimeoutException)
        {
            return false;
        }
    }
}

/// <summary>The keys commands have touched since <see cref="RedisServer.WatchKeysAsync"/>.</summary>
public sealed class KeyWatch(ConnectionMultiplexer connection) : IAsyncDisposable
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _keys = new(StringComparer.Ordinal);

    /// <summary>Every key touched, sorted.</summary>
    public IReadOnlyList<string> Keys => [.. _keys.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Waits until <paramref name="count"/> keys have been seen (notifications arrive on their own connection), for at most a minute.</summary>
    public async Task<IReadOnlyList<string>> AtLeastAsync(int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (_keys.Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        return Keys;
    }

    internal void Touched(string key) => _keys.TryAdd(key, true);

    public async ValueTask DisposeAsync() => await connection.DisposeAsync();
}
