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
}
