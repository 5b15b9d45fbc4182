namespace Memories.Contracts;

/// <summary>
/// The checks Upload from post URLs makes, made before a request is spent on them (the endpoint
/// allows about one request per minute): 1 to 50 absolute http(s) URLs in all, no duplicates, all
/// from one platform told from the host (TikTok, Instagram, YouTube), and a known quality.
/// </summary>
public static class UploadRequestCheck
{
    /// <summary>The most URLs one task takes (video_urls and tiktok_post_urls together).</summary>
    public const int MaxUrls = 50;

    /// <summary>The platform a post URL belongs to, told from its host; null for any other host.</summary>
    /// <param name="url">An absolute URL.</param>
    /// <returns><c>TikTok</c>, <c>Instagram</c>, <c>YouTube</c>, or null.</returns>
    public static string? PlatformOf(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        string host = url.IsAbsoluteUri ? url.IdnHost.ToLowerInvariant() : string.Empty;
        return IsHost(host, "tiktok.com") ? "TikTok"
            : IsHost(host, "instagram.com") ? "Instagram"
            : IsHost(host, "youtube.com") || IsHost(host, "youtu.be") ? "YouTube"
            : null;
    }

    /// <summary>Checks a request; the exception names the first URL or value that is refused.</summary>
    /// <param name="request">The request.</param>
    /// <exception cref="ArgumentException">The request would be refused; nothing was sent.</exception>
    public static void Validate(ScraperUrlRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var urls = request.VideoUrls.Concat(request.TiktokPostUrls).ToList();
        if (urls.Count is 0 or > MaxUrls)
        {
            throw new ArgumentException($"A task takes 1 to {MaxUrls} post URLs in all (video_urls and tiktok_post_urls); this request has {urls.Count}.", nameof(request));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? platform = null;
        Uri? first = null;
        foreach (var url in urls)
        {
            if (url is null || !url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            {
                throw new ArgumentException($"'{url}' is not an absolute http(s) URL; give the post's full address.", nameof(request));
            }

            if (!seen.Add(url.AbsoluteUri))
            {
                throw new ArgumentException($"'{url}' is listed twice; give each post once.", nameof(request));
            }

            string? own = PlatformOf(url) ?? throw new ArgumentException($"'{url}' is not a TikTok, Instagram or YouTube post URL (host {url.Host}).", nameof(request));
            if (platform is null)
            {
                platform = own;
                first = url;
            }
            else if (own != platform)
            {
                throw new ArgumentException($"'{url}' is a {own} URL, but the first URL ('{first}') is {platform}; one task takes posts of one platform.", nameof(request));
            }
        }

        if (request.Quality is VideoQuality.Unknown)
        {
            throw new ArgumentException($"Quality '{request.QualityWireValue}' is not one of 360, 480, 720, 1080, 1440, 2160.", nameof(request));
        }

        if (request.CallbackUrl is { } callback && (!callback.IsAbsoluteUri || (callback.Scheme != Uri.UriSchemeHttps && callback.Scheme != Uri.UriSchemeHttp)))
        {
            throw new ArgumentException($"The callback URL '{callback}' is not an absolute http(s) URL.", nameof(request));
        }
    }

    private static bool IsHost(string host, string domain) =>
        host == domain || host.EndsWith("." + domain, StringComparison.Ordinal);
}
