using System.CommandLine;

namespace Memories.Cli.Commands;

/// <summary>Options every command accepts.</summary>
internal sealed class GlobalOptions
{
    public Option<string?> BaseUrl { get; } = new("--base-url")
    {
        Description = "The API's base URL (env MEMORIES_BASE_URL; default https://api.memories.ai when a key is given).",
        Recursive = true,
    };

    public Option<string?> ApiKey { get; } = new("--api-key")
    {
        Description = "The API key, sk-mavi-… (env MEMORIES_API_KEY). With neither this nor --base-url, a built-in simulator is used.",
        Recursive = true,
    };

    public Option<string?> RateBudget { get; } = new("--rate-budget")
    {
        Description = "Share the account's rate limit with other processes through Redis: redis://host:port (env MEMORIES_RATE_BUDGET). Without it, this process spaces its own requests.",
        HelpName = "URL",
        Recursive = true,
    };

    public Option<bool> Verbose { get; } = new("--verbose")
    {
        Description = "Write each poll and each HTTP request with its status to stderr (never the key).",
        Recursive = true,
    };

    /// <summary>The connection settings given on this command line.</summary>
    public ConnectionSettings Read(ParseResult parse) =>
        new(parse.GetValue(BaseUrl), parse.GetValue(ApiKey), parse.GetValue(RateBudget)) { Verbose = parse.GetValue(Verbose) };
}

/// <summary>What the command line says about the API and the rate budget; the environment fills the gaps.</summary>
internal sealed record ConnectionSettings(string? BaseUrl, string? ApiKey, string? RateBudget)
{
    /// <summary>Whether the client's per-poll and per-request log lines go to stderr.</summary>
    public bool Verbose { get; init; }

    /// <summary>Masks the key and the budget's address, which may hold a password.</summary>
    public override string ToString() =>
        $"BaseUrl={BaseUrl}, ApiKey={(ApiKey is null ? "(none)" : "***")}, RateBudget={(RateBudget is null ? "(none)" : "(set)")}, Verbose={Verbose}";
}
