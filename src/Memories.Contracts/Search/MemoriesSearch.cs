using System.Globalization;

namespace Memories.Contracts;

/// <summary>
/// Search in one call: the query is checked before a request is spent (search allows one request
/// per second), the endpoint is chosen by type, and the three shapes the API answers in come back
/// as one list of <see cref="SearchMatch"/>.
/// </summary>
public static class MemoriesSearch
{
    /// <summary>The most video numbers one search may be limited to.</summary>
    public const int MaxVideoNos = 100;

    /// <summary>Searches the account's videos (or its image library).</summary>
    /// <param name="api">The client.</param>
    /// <param name="query">What to look for; not empty.</param>
    /// <param name="options">The type, the number of matches and the filters.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The matches, best first as the API orders them; empty when nothing matched.</returns>
    /// <exception cref="ArgumentException">An argument the API would refuse; nothing was sent.</exception>
    /// <exception cref="global::Contracts.Runtime.ApiResponseException">The API refused it (its code says why).</exception>
    public static async Task<IReadOnlyList<SearchMatch>> SearchAsync(this IMemoriesApi api, string query, SearchOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        options ??= new SearchOptions();
        var request = Request(query, options);
        switch (options.Type)
        {
            case SearchType.Image:
                var page = await MemoriesCalls.SendAsync(() => api.SearchImagesAsync(request, cancellationToken), "POST /serve/api/v1/search", cancellationToken).ConfigureAwait(false);
                return (page?.Items ?? []).Select(i => new SearchMatch(i.Id ?? string.Empty, i.Name, null, null, i.Score)).ToList();
            case SearchType.Caption:
                var captions = await MemoriesCalls.SendAsync(() => api.SearchCaptionsAsync(request, cancellationToken), "POST /serve/api/v1/search", cancellationToken).ConfigureAwait(false);
                return (captions ?? []).Select(c => new SearchMatch(c.VideoNo, null, c.StartTime, c.EndTime, c.Score, c.Text)).ToList();
            default:
                var clips = await MemoriesCalls.SendAsync(() => api.SearchClipsAsync(request, cancellationToken), "POST /serve/api/v1/search", cancellationToken).ConfigureAwait(false);
                return Matches(clips);
        }
    }

    /// <summary>Searches the public videos of one platform (their numbers start with <c>PI-</c>).</summary>
    /// <param name="api">The client.</param>
    /// <param name="query">What to look for; not empty.</param>
    /// <param name="platform">Whose public videos.</param>
    /// <param name="options">The type (clip or audio), the number of matches and the level; other filters do not apply.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The matches; empty when nothing matched.</returns>
    /// <exception cref="ArgumentException">An argument the API would refuse; nothing was sent.</exception>
    public static async Task<IReadOnlyList<SearchMatch>> SearchPublicAsync(this IMemoriesApi api, string query, PublicPlatform platform, SearchOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        options ??= new SearchOptions();
        var checkedRequest = Request(query, options);
        if (platform is PublicPlatform.Unknown || !Enum.IsDefined(platform))
        {
            throw new ArgumentException($"Platform '{platform}' is not TikTok, YouTube or Instagram.", nameof(platform));
        }

        if (options.Type is not (SearchType.Clip or SearchType.Audio))
        {
            throw new ArgumentException($"Public search looks at clips or audio, not {options.Type}.", nameof(options) + "." + nameof(SearchOptions.Type));
        }

        var request = new PublicSearchRequest
        {
            SearchParam = checkedRequest.SearchParam,
            SearchType = checkedRequest.SearchType,
            TopK = checkedRequest.TopK,
            FilteringLevel = checkedRequest.FilteringLevel,
            Type = platform,
        };
        var clips = await MemoriesCalls.SendAsync(() => api.SearchPublicAsync(request, cancellationToken), "POST /serve/api/v1/search_public", cancellationToken).ConfigureAwait(false);
        return Matches(clips);
    }

    /// <summary>The request a search sends, after every check the API would make.</summary>
    /// <param name="query">What to look for.</param>
    /// <param name="options">The options.</param>
    /// <returns>The request.</returns>
    /// <exception cref="ArgumentException">The first argument the API would refuse, by name.</exception>
    public static SearchRequest Request(string query, SearchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        MemoriesArguments.NotBlank(query, nameof(query));
        MemoriesArguments.NotBlank(options.UniqueId, nameof(options) + "." + nameof(SearchOptions.UniqueId));
        if (options.Type is SearchType.Unknown || !Enum.IsDefined(options.Type))
        {
            throw new ArgumentException($"Search type '{options.Type}' is not clip, audio, image or caption.", nameof(options) + "." + nameof(SearchOptions.Type));
        }

        int maxTopK = options.Type == SearchType.Caption ? 200 : 1000;
        if (options.TopK is { } topK && (topK < 1 || topK > maxTopK))
        {
            throw new ArgumentOutOfRangeException(nameof(options) + "." + nameof(SearchOptions.TopK), topK, $"top_k is 1 to {maxTopK} for {options.Type} search; it was {topK}.");
        }

        if (options.Level is FilteringLevel.Unknown || (options.Level is { } level && !Enum.IsDefined(level)))
        {
            throw new ArgumentException($"Filtering level '{options.Level}' is not low, medium or high.", nameof(options) + "." + nameof(SearchOptions.Level));
        }

        if (options.VideoNos is { } videoNos)
        {
            MemoriesArguments.VideoNumbers(videoNos, MaxVideoNos, nameof(options) + "." + nameof(SearchOptions.VideoNos), allowEmpty: true);
        }

        MemoriesArguments.Place(options.Latitude, options.Longitude, nameof(options) + "." + nameof(SearchOptions.Latitude), nameof(options) + "." + nameof(SearchOptions.Longitude));
        return new SearchRequest
        {
            SearchParam = query,
            SearchType = options.Type,
            TopK = options.TopK,
            FilteringLevel = options.Level,
            UniqueId = options.UniqueId,
            VideoNos = options.VideoNos ?? [],
            Tag = options.Tag,
            CameraTag = options.CameraTag,
            DatetimeTaken = options.TakenAfter is { } taken ? MemoriesArguments.WireDateTime(taken) : null,
            Latitude = options.Latitude,
            Longitude = options.Longitude,
        };
    }

    private static List<SearchMatch> Matches(IReadOnlyList<ClipMatch>? clips) =>
        (clips ?? []).Select(c => new SearchMatch(c.VideoNo, c.VideoName, c.StartTime, c.EndTime, c.Score)).ToList();
}
