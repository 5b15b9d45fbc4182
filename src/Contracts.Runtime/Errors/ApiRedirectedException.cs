using System.Net;

namespace Contracts.Runtime;

/// <summary>
/// The API answered with a redirect. It is not followed: .NET drops the <c>Authorization</c>
/// header on redirects, so the key would not reach the new address, and the answer there would
/// look like a wrong key. The fix is the base address, which the message names.
/// </summary>
public sealed class ApiRedirectedException : ApiHttpException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="statusCode">The redirect status.</param>
    /// <param name="location">Where the server redirected to, if it said.</param>
    public ApiRedirectedException(HttpStatusCode statusCode, Uri? location)
        : base(statusCode, null, Describe(statusCode, location))
    {
        Location = location;
    }

    /// <summary>Where the server redirected to, if it said.</summary>
    public Uri? Location { get; }

    private static string Describe(HttpStatusCode statusCode, Uri? location)
    {
        string target = location is { IsAbsoluteUri: true } ? $" to {location.GetLeftPart(UriPartial.Path)}" : string.Empty;
        string fix = location is { IsAbsoluteUri: true }
            ? $"set the base address to {location.GetLeftPart(UriPartial.Authority)}/"
            : "set the base address to where the API answers (https, the API's own host)";
        return $"The API redirected the request (HTTP {(int)statusCode}){target}. Redirects are not followed because the API key is not sent across them; {fix}.";
    }
}
