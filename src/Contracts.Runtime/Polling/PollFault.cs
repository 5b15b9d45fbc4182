using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Contracts.Runtime.Polling;

/// <summary>
/// What a failed poll means to the waiter: a transient fault to retry within the budget, or a
/// fatal one that ends the wait at once. Unrecognised errors are fatal: polling on through
/// errors nobody anticipated hides real failures.
/// </summary>
public sealed class PollFault
{
    private PollFault(bool isTransient, Exception error, TimeSpan? retryAfter, bool isRateLimited, RetryConditionHeaderValue? retryAfterHeader = null)
    {
        IsTransient = isTransient;
        Error = error;
        RetryAfter = retryAfter;
        IsRateLimited = isRateLimited;
        RetryAfterHeader = retryAfterHeader;
    }

    /// <summary>True when polling again may succeed.</summary>
    public bool IsTransient { get; }

    /// <summary>The error: kept as the last transient error, or thrown when fatal.</summary>
    public Exception Error { get; }

    /// <summary>How long the server asked us to wait, if it said.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>
    /// The server's <c>Retry-After</c> header, read by the waiter against its own clock (a date form
    /// needs "now"); used when <see cref="RetryAfter"/> is not set.
    /// </summary>
    public RetryConditionHeaderValue? RetryAfterHeader { get; }

    /// <summary>True when the server said it is rate limiting us (HTTP 429 or a rate-limited business code).</summary>
    public bool IsRateLimited { get; }

    /// <summary>A fault worth retrying.</summary>
    /// <param name="error">The error.</param>
    /// <param name="retryAfter">The wait the server asked for, if any.</param>
    /// <param name="isRateLimited">True for rate limiting, which backs off at least to the current ceiling.</param>
    /// <returns>The fault.</returns>
    public static PollFault Transient(Exception error, TimeSpan? retryAfter = null, bool isRateLimited = false) =>
        new(true, error, retryAfter, isRateLimited);

    /// <summary>A fault that ends the wait; <paramref name="error"/> is thrown to the caller.</summary>
    /// <param name="error">The error.</param>
    /// <returns>The fault.</returns>
    public static PollFault Fatal(Exception error) => new(false, error, null, false);

    /// <summary>
    /// Classifies an HTTP answer: 408, 429 and 5xx are transient (429 rate-limited), a 2xx whose
    /// body could not be read is transient, any other status is fatal as an <see cref="ApiHttpException"/>.
    /// </summary>
    /// <param name="statusCode">The status.</param>
    /// <param name="reasonPhrase">The reason phrase.</param>
    /// <param name="retryAfter">The wait the server asked for, if any.</param>
    /// <param name="error">The exception the HTTP client raised, kept for transient faults.</param>
    /// <returns>The fault.</returns>
    public static PollFault FromHttpStatus(HttpStatusCode statusCode, string? reasonPhrase, TimeSpan? retryAfter, Exception error)
    {
        int status = (int)statusCode;
        return status switch
        {
            >= 200 and < 300 => Transient(error, retryAfter),
            408 => Transient(error, retryAfter),
            429 => Transient(error, retryAfter, isRateLimited: true),
            >= 500 => Transient(error, retryAfter),
            _ => Fatal(new ApiHttpException(statusCode, reasonPhrase)),
        };
    }

    /// <summary>
    /// Classifies an HTTP answer from its headers: as <see cref="FromHttpStatus(HttpStatusCode, string?, RetryConditionHeaderValue?, Exception)"/>,
    /// and a redirect (3xx) is fatal as an <see cref="ApiRedirectedException"/> that says where it pointed.
    /// </summary>
    /// <param name="statusCode">The status.</param>
    /// <param name="reasonPhrase">The reason phrase.</param>
    /// <param name="headers">The response headers (<c>Retry-After</c>, <c>Location</c>).</param>
    /// <param name="error">The exception the HTTP client raised, kept for transient faults.</param>
    /// <returns>The fault.</returns>
    public static PollFault FromHttpResponse(HttpStatusCode statusCode, string? reasonPhrase, HttpResponseHeaders? headers, Exception error) =>
        (int)statusCode is >= 300 and < 400
            ? Fatal(new ApiRedirectedException(statusCode, headers?.Location))
            : FromHttpStatus(statusCode, reasonPhrase, headers?.RetryAfter, error);

    /// <summary>As <see cref="FromHttpStatus(HttpStatusCode, string?, TimeSpan?, Exception)"/>, with the raw <c>Retry-After</c> header.</summary>
    /// <param name="statusCode">The status.</param>
    /// <param name="reasonPhrase">The reason phrase.</param>
    /// <param name="retryAfter">The response's <c>Retry-After</c> header, if any.</param>
    /// <param name="error">The exception the HTTP client raised, kept for transient faults.</param>
    /// <returns>The fault.</returns>
    public static PollFault FromHttpStatus(HttpStatusCode statusCode, string? reasonPhrase, RetryConditionHeaderValue? retryAfter, Exception error)
    {
        var fault = FromHttpStatus(statusCode, reasonPhrase, (TimeSpan?)null, error);
        return fault.IsTransient ? new PollFault(true, fault.Error, null, fault.IsRateLimited, retryAfter) : fault;
    }

    /// <summary>
    /// The classification of errors that do not depend on the HTTP client library: business codes,
    /// <see cref="HttpRequestException"/>, unreadable bodies and timeouts; anything else is fatal.
    /// </summary>
    /// <param name="error">The error a poll raised.</param>
    /// <returns>The fault.</returns>
    public static PollFault Classify(Exception error) => error switch
    {
        ApiResponseException { IsRetryable: true } code => Transient(code, isRateLimited: code.BusinessCode.Category == BusinessCodeCategory.RateLimited),
        ApiResponseException code => Fatal(code),
        HttpRequestException { StatusCode: { } status } http => FromHttpStatus(status, null, (TimeSpan?)null, http),
        HttpRequestException network => Transient(network),
        JsonException unreadable => Transient(unreadable),
        TimeoutException timeout => Transient(timeout),
        _ => Fatal(error),
    };
}
