using System.Net;

namespace Contracts.Runtime;

/// <summary>
/// The API answered with an HTTP status that no retry will fix (a 4xx other than 408 and 429).
/// Carries the status and reason only: never the request, its headers or the API key.
/// </summary>
public class ApiHttpException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="reasonPhrase">The reason phrase, if any.</param>
    public ApiHttpException(HttpStatusCode statusCode, string? reasonPhrase)
        : this(statusCode, reasonPhrase, $"The API answered HTTP {(int)statusCode} ({(string.IsNullOrWhiteSpace(reasonPhrase) ? statusCode.ToString() : reasonPhrase)}).")
    {
    }

    /// <summary>Creates the exception with a message of its own.</summary>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="reasonPhrase">The reason phrase, if any.</param>
    /// <param name="message">What happened and what to do.</param>
    protected ApiHttpException(HttpStatusCode statusCode, string? reasonPhrase, string message)
        : base(message)
    {
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase;
    }

    /// <summary>The HTTP status.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The reason phrase the server sent.</summary>
    public string? ReasonPhrase { get; }
}
