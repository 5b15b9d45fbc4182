using System.Globalization;
using StackExchange.Redis;

namespace Contracts.RateLimiting.Redis;

/// <summary>
/// Where the shared budget lives, read from <c>redis://[user:password@]host[:port][/db]</c>
/// (<c>rediss://</c> for TLS) or from a StackExchange.Redis configuration string
/// (<c>host:port,password=…</c>). Only <see cref="Endpoint"/> is ever shown, never the password.
/// </summary>
internal sealed class RedisAddress
{
    private RedisAddress(ConfigurationOptions options, string endpoint, string? password)
    {
        Options = options;
        Endpoint = endpoint;
        Password = password;
    }

    /// <summary>The client settings, password included: for connecting only.</summary>
    public ConfigurationOptions Options { get; }

    /// <summary>The first server, as <c>host:port</c>: what messages name.</summary>
    public string Endpoint { get; }

    /// <summary>The password, kept so that text from Redis can be scrubbed of it.</summary>
    public string? Password { get; }

    /// <summary>Reads the address; a bad one is an <see cref="ArgumentException"/> that never repeats the text, which may hold a password.</summary>
    /// <param name="text">The address.</param>
    /// <returns>The address.</returns>
    public static RedisAddress Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ArgumentException("The Redis address is empty; write it as redis://host:port.", nameof(text));
        }

        text = text.Trim();
        ConfigurationOptions options;
        if (text.Contains("://", StringComparison.Ordinal))
        {
            options = FromUrl(text);
        }
        else
        {
            try
            {
                RequireWellFormed(text);
                options = ConfigurationOptions.Parse(text);
            }
            catch (ArgumentException)
            {
                throw new ArgumentException("The Redis address is neither redis://host:port nor a StackExchange.Redis configuration string (host:port,password=…).", nameof(text));
            }
        }

        if (options.EndPoints.Count == 0)
        {
            throw new ArgumentException("The Redis address names no server; write it as redis://host:port.", nameof(text));
        }

        string endpoint = options.EndPoints[0] switch
        {
            System.Net.DnsEndPoint dns => dns.Host + ":" + (dns.Port == 0 ? 6379 : dns.Port).ToString(CultureInfo.InvariantCulture),
            System.Net.IPEndPoint ip => ip.ToString(),
            var other => other.ToString() ?? "redis",
        };
        return new RedisAddress(options, endpoint, string.IsNullOrEmpty(options.Password) ? null : options.Password);
    }

    /// <summary>Removes the password from text that came from Redis or its client.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The text with every occurrence of the password masked.</returns>
    public string Scrub(string text) => Password is null ? text : text.Replace(Password, "***", StringComparison.Ordinal);

    /// <summary>
    /// Refuses a configuration string any of whose parts is neither <c>key=value</c> nor a
    /// <c>host[:port]</c>: StackExchange.Redis reads a stray token as one more server, so a
    /// password written in the wrong place would become the server every message names.
    /// </summary>
    private static void RequireWellFormed(string text)
    {
        foreach (string token in text.Split(','))
        {
            string part = token.Trim();
            if (part.Length == 0)
            {
                continue;
            }

            int equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                continue;
            }

            if (equals == 0 || !IsEndpoint(part))
            {
                throw new ArgumentException("part of it is neither key=value nor host:port");
            }
        }
    }

    private static bool IsEndpoint(string part)
    {
        int colon = part.LastIndexOf(':');
        string host = colon < 0 ? part : part[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        bool portFits = colon < 0 || (int.TryParse(part[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port is > 0 and <= 65535);
        return portFits && Uri.CheckHostName(host) != UriHostNameType.Unknown;
    }

    private static ConfigurationOptions FromUrl(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != "redis" && url.Scheme != "rediss") || string.IsNullOrEmpty(url.Host))
        {
            throw new ArgumentException("The Redis address must be redis://[user:password@]host[:port][/db] or rediss://… for TLS.", nameof(text));
        }

        var options = new ConfigurationOptions { Ssl = url.Scheme == "rediss" };
        options.EndPoints.Add(url.Host, url.IsDefaultPort || url.Port < 0 ? 6379 : url.Port);
        if (url.UserInfo.Length > 0)
        {
            string[] parts = url.UserInfo.Split(':', 2);
            string user = Uri.UnescapeDataString(parts[0]);
            string? password = parts.Length == 2 ? Uri.UnescapeDataString(parts[1]) : null;
            if (password is null)
            {
                // redis://secret@host is the common shorthand for a password without a user.
                options.Password = user;
            }
            else
            {
                options.User = user.Length > 0 ? user : null;
                options.Password = password;
            }
        }

        string path = url.AbsolutePath.Trim('/');
        if (path.Length > 0)
        {
            if (!int.TryParse(path, NumberStyles.None, CultureInfo.InvariantCulture, out int database))
            {
                throw new ArgumentException("The Redis address's path must be a database number, as in redis://host:6379/0.", nameof(text));
            }

            options.DefaultDatabase = database;
        }

        return options;
    }
}
