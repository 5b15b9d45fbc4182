using System.Globalization;

namespace Memories.Contracts;

/// <summary>The checks the typed calls share, each naming the argument it refuses.</summary>
internal static class MemoriesArguments
{
    public static void NotBlank(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{name} is empty; give a value.", name);
        }
    }

    public static void VideoNumbers(IReadOnlyCollection<string> videoNos, int max, string name, bool allowEmpty = false)
    {
        ArgumentNullException.ThrowIfNull(videoNos, name);
        if (videoNos.Count == 0 && !allowEmpty)
        {
            throw new ArgumentException($"{name} is empty; give at least one video number.", name);
        }

        if (videoNos.Count > max)
        {
            throw new ArgumentException($"{name} has {videoNos.Count} video numbers; the API takes at most {max}.", name);
        }

        foreach (string videoNo in videoNos)
        {
            if (string.IsNullOrWhiteSpace(videoNo))
            {
                throw new ArgumentException($"{name} holds an empty video number.", name);
            }
        }
    }

    public static void Place(double? latitude, double? longitude, string latitudeName, string longitudeName)
    {
        if (latitude.HasValue != longitude.HasValue)
        {
            string given = latitude.HasValue ? latitudeName : longitudeName;
            string missing = latitude.HasValue ? longitudeName : latitudeName;
            throw new ArgumentException($"{given} is given without {missing}; give both or neither.", missing);
        }

        if (latitude is { } lat && (double.IsNaN(lat) || lat < -90 || lat > 90))
        {
            throw new ArgumentOutOfRangeException(latitudeName, lat, "A latitude is -90 to 90.");
        }

        if (longitude is { } lon && (double.IsNaN(lon) || lon < -180 || lon > 180))
        {
            throw new ArgumentOutOfRangeException(longitudeName, lon, "A longitude is -180 to 180.");
        }
    }

    /// <summary>How the API writes a date and time in a request: <c>yyyy-MM-dd HH:mm:ss</c>, in UTC.</summary>
    public static string WireDateTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public static void HttpUrl(Uri? url, string name, int maxLength = int.MaxValue)
    {
        if (url is null || !url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"{name} '{url}' is not an absolute http(s) URL.", name);
        }

        if (url.OriginalString.Length > maxLength)
        {
            throw new ArgumentException($"{name} is {url.OriginalString.Length} characters long; the API takes at most {maxLength}.", name);
        }
    }
}
