using System.Net;

namespace Memories.Contracts.DependencyInjection;

/// <summary>Where the memories.ai API is and how to authenticate; bound from configuration or set in code.</summary>
public sealed class MemoriesClientOptions
{
    /// <summary>The configuration section <c>AddMemoriesClient(configuration)</c> reads by convention.</summary>
    public const string SectionName = "Memories";

    /// <summary>The API's base address; <c>https://api.memories.ai</c> by default. Plain <c>http</c> only for loopback.</summary>
    public Uri BaseAddress { get; set; } = MemoriesApi.DefaultBaseAddress;

    /// <summary>The API key (<c>sk-mavi-…</c>), sent as the raw <c>Authorization</c> value. Required; never logged or printed.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The overall deadline of a wait; 10 minutes by default.</summary>
    public TimeSpan WaitTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long empty answers are tolerated before a wait ends as "not found or not started"; 2 minutes by default.</summary>
    public TimeSpan EmptyGracePeriod { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Where the account's rate budget is shared with other processes; each process keeps its own when unset.</summary>
    public MemoriesRateBudgetOptions RateBudget { get; } = new();

    /// <summary>Configuration values that could not be read, kept so validation can name them.</summary>
    internal List<string> BindingProblems { get; } = new();

    /// <summary>Shows the settings with the key masked, so options can be logged safely.</summary>
    /// <returns>The settings, key masked.</returns>
    public override string ToString() =>
        $"BaseAddress={BaseAddress}, ApiKey={(string.IsNullOrEmpty(ApiKey) ? "(none)" : "***")}, WaitTimeout={WaitTimeout}, EmptyGracePeriod={EmptyGracePeriod}, RateBudget=({RateBudget})";

    /// <summary>What is wrong with these settings, each problem one sentence; empty when they are usable.</summary>
    /// <returns>The problems.</returns>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>(BindingProblems);
        if (string.IsNullOrWhiteSpace(ApiKey))
        {
            problems.Add("Memories:ApiKey is required: set it to your sk-mavi-… key, in the configuration section given to AddMemoriesClient (environment variable Memories__ApiKey with the default configuration sources, or user secrets) or in the delegate.");
        }
        else if (RawAuthorizationHandler.FindInvalidCharacter(ApiKey) is { } position)
        {
            problems.Add($"Memories:ApiKey has a control or non-ASCII character at position {position + 1}; a key is printable ASCII, so check that it was pasted whole, without a line break or quotes.");
        }

        if (BaseAddress is not { IsAbsoluteUri: true })
        {
            problems.Add($"Memories:BaseAddress must be an absolute URL such as {MemoriesApi.DefaultBaseAddress}.");
        }
        else if (BaseAddress.Scheme == Uri.UriSchemeHttp && !IsLoopback(BaseAddress))
        {
            problems.Add($"Memories:BaseAddress {BaseAddress} uses plain http, which would send the API key unencrypted; use https (plain http is allowed for loopback addresses only).");
        }
        else if (BaseAddress.Scheme != Uri.UriSchemeHttp && BaseAddress.Scheme != Uri.UriSchemeHttps)
        {
            problems.Add($"Memories:BaseAddress {BaseAddress} must be an http(s) URL.");
        }

        if (WaitTimeout <= TimeSpan.Zero)
        {
            problems.Add("Memories:WaitTimeout must be greater than zero.");
        }

        if (EmptyGracePeriod < TimeSpan.Zero)
        {
            problems.Add("Memories:EmptyGracePeriod must not be negative.");
        }

        return problems;
    }

    private static bool IsLoopback(Uri address) =>
        address.IsLoopback || (IPAddress.TryParse(address.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
