namespace Memories.Contracts.Callbacks;

/// <summary>Where the API reaches this application's callback endpoint, and the secrets its URL carries.</summary>
public sealed class MemoriesCallbackOptions
{
    /// <summary>The least length of a secret: 22 characters of base64url carry 132 bits.</summary>
    public const int MinimumSecretLength = 22;

    /// <summary>The largest callback body read; larger ones are refused with 413.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>
    /// This application's address as the API sees it (a public host, or a tunnel), such as
    /// <c>https://ingest.example.com/</c>; the callback URL is this, <see cref="Path"/> and the secret.
    /// </summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>The endpoint's path, below which the secret is the last segment; <c>/memories/callbacks</c> by default.</summary>
    public string Path { get; set; } = "/memories/callbacks";

    /// <summary>
    /// The secrets a callback URL may carry: the first is put in new callback URLs, a second (the
    /// previous one) is still accepted while tasks created with it finish, so it can be rotated.
    /// Each at least <see cref="MinimumSecretLength"/> characters of <c>A–Z a–z 0–9 - _</c>;
    /// <see cref="MemoriesCallbacks.NewSecret"/> makes one.
    /// </summary>
    public IList<string> Secrets { get; } = new List<string>();

    /// <summary>The least time between two wake-ups of one task: a replayed or forged callback costs at most one request per task per window. 5 seconds by default.</summary>
    public TimeSpan WakeWindow { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest callback URL, secret included: what uploads take.</summary>
    public const int MaxUrlLength = 299;

    /// <summary>What is wrong with these settings, each problem one sentence that never repeats a secret; empty when they are usable.</summary>
    /// <returns>The problems.</returns>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (PublicBaseUrl is null || !PublicBaseUrl.IsAbsoluteUri || PublicBaseUrl.Scheme is not ("https" or "http"))
        {
            problems.Add("Memories:Callbacks:PublicBaseUrl must be the absolute http(s) address the API reaches this application at.");
        }
        else if (PublicBaseUrl.Scheme == "http" && !PublicBaseUrl.IsLoopback)
        {
            problems.Add("Memories:Callbacks:PublicBaseUrl must use https: the secret travels in the URL.");
        }
        else if (PublicBaseUrl.Query.Length > 0 || PublicBaseUrl.Fragment.Length > 0)
        {
            problems.Add("Memories:Callbacks:PublicBaseUrl must not have a query or a fragment: the path and the secret follow it.");
        }

        if (string.IsNullOrWhiteSpace(Path) || !Path.StartsWith('/') || Path.Contains('?') || Path.Contains('#'))
        {
            problems.Add("Memories:Callbacks:Path must be a path starting with '/', without '?' or '#'.");
        }

        if (Secrets.Count is 0 or > 2)
        {
            problems.Add($"Memories:Callbacks:Secrets must hold one secret, or two while rotating; it holds {Secrets.Count}.");
        }

        for (int i = 0; i < Secrets.Count; i++)
        {
            if (!IsStrong(Secrets[i]))
            {
                problems.Add($"Memories:Callbacks:Secrets:{i} must be at least {MinimumSecretLength} characters of A-Z, a-z, 0-9, '-' and '_' (128 random bits or more); MemoriesCallbacks.NewSecret() makes one.");
            }
        }

        // Uploads take a callback of at most 299 characters; the longest secret allowed decides the length.
        if (problems.Count == 0 && UrlWith(new string('s', Secrets.Max(s => s.Length))).AbsoluteUri.Length > MaxUrlLength)
        {
            problems.Add($"Memories:Callbacks:PublicBaseUrl, Path and the longest secret make a callback URL longer than {MaxUrlLength} characters, more than uploads take; shorten them.");
        }

        if (WakeWindow < TimeSpan.Zero)
        {
            problems.Add("Memories:Callbacks:WakeWindow must not be negative.");
        }

        return problems;
    }

    /// <summary>The callback URL with <paramref name="secret"/>: the public base (its path kept, for an application behind a path prefix), <see cref="Path"/>, the secret.</summary>
    internal Uri UrlWith(string secret) =>
        new(PublicBaseUrl!.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/" + Path.Trim('/') + "/" + secret);

    /// <summary>Shows the settings without the secrets.</summary>
    /// <returns>The settings.</returns>
    public override string ToString() =>
        $"PublicBaseUrl={PublicBaseUrl?.GetLeftPart(UriPartial.Authority) ?? "(none)"}, Path={Path}, Secrets=({Secrets.Count} set), WakeWindow={WakeWindow}";

    private static bool IsStrong(string? secret) =>
        secret is { Length: >= MinimumSecretLength } && secret.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
