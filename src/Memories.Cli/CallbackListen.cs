using System.Net;
using System.Net.Sockets;

namespace Memories.Cli;

/// <summary>
/// Where <c>mavi</c> receives the API's callbacks while it waits (<c>--callback-listen HOST:PORT</c>),
/// and the address the API is told (<c>--callback-public-url</c>: a tunnel or a public host; by
/// default the listening address itself, which only a loopback API such as the simulator reaches).
/// </summary>
internal sealed record CallbackListen(IPEndPoint Endpoint, Uri PublicBaseUrl)
{
    /// <summary>Reads the two options; a problem is an <see cref="ArgumentException"/> naming the option, raised before anything is sent.</summary>
    public static CallbackListen Parse(string listen, string? publicUrl)
    {
        var endpoint = ParseEndpoint(listen);
        if (endpoint.Port == 0)
        {
            endpoint = new IPEndPoint(endpoint.Address, FreePort(endpoint.Address));
        }

        if (publicUrl is not null)
        {
            return Uri.TryCreate(publicUrl, UriKind.Absolute, out var given) && given.Scheme is "https" or "http"
                ? new CallbackListen(endpoint, given)
                : throw new ArgumentException($"--callback-public-url '{publicUrl}' is not an absolute http(s) URL.");
        }

        if (!IPAddress.IsLoopback(endpoint.Address))
        {
            throw new ArgumentException($"--callback-listen {listen}: the API cannot be told a listening address that is not loopback; give --callback-public-url, the https address (a tunnel or a public host) that reaches it.");
        }

        return new CallbackListen(endpoint, new Uri($"http://{Authority(endpoint)}/"));
    }

    /// <summary>Where Kestrel listens, for messages: <c>http://127.0.0.1:5001</c>.</summary>
    public string ListeningAddress => $"http://{Authority(Endpoint)}";

    private static IPEndPoint ParseEndpoint(string listen)
    {
        string host = listen;
        string? port = null;
        int colon = listen.LastIndexOf(':');
        if (colon > 0 && (listen[0] != '[' || listen[colon - 1] == ']'))
        {
            host = listen[..colon];
            port = listen[(colon + 1)..];
        }

        if (port is null || !int.TryParse(port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int number) || number > 65535)
        {
            throw new ArgumentException($"--callback-listen '{listen}' is not HOST:PORT (such as 127.0.0.1:5001, 0.0.0.0:8080 or [::1]:0; port 0 picks a free one).");
        }

        IPAddress? address = host == "localhost" ? IPAddress.Loopback
            : IPAddress.TryParse(host.Trim('[', ']'), out var parsed) ? parsed
            : null;
        return address is null
            ? throw new ArgumentException($"--callback-listen '{listen}': '{host}' is not an IP address or localhost.")
            : new IPEndPoint(address, number);
    }

    /// <summary>A free port on <paramref name="address"/>, known before Kestrel starts: the callback URL must be known when the task is created.</summary>
    private static int FreePort(IPAddress address)
    {
        using var probe = new TcpListener(address, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static string Authority(IPEndPoint endpoint) =>
        endpoint.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{endpoint.Address}]:{endpoint.Port}" : $"{endpoint.Address}:{endpoint.Port}";
}
