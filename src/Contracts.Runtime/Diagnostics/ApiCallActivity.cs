using System.Diagnostics;
using static Contracts.Runtime.Diagnostics.TelemetryTags;

namespace Contracts.Runtime.Diagnostics;

/// <summary>
/// The span of one typed call (<see cref="RuntimeDiagnostics.CallActivity"/>): a client library's
/// hand-written call starts it around its request and its retries, so the time a call spends
/// waiting for its budget family shows under it instead of as a gap in the caller's trace.
/// </summary>
public sealed class ApiCallActivity : IDisposable
{
    private readonly Activity? _activity;
    private int _attempts;
    private bool _ended;

    private ApiCallActivity(Activity? activity) => _activity = activity;

    /// <summary>Starts the call's span, a child of the caller's current one; nothing is recorded when nobody listens.</summary>
    /// <param name="method">The HTTP method, such as <c>POST</c>.</param>
    /// <param name="template">The route template, such as <c>/v1/items/{id}</c>: low cardinality, never a value.</param>
    /// <returns>The call's span; dispose it when the call ends.</returns>
    public static ApiCallActivity Start(string method, string template)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        ArgumentException.ThrowIfNullOrWhiteSpace(template);
        var activity = PollingTelemetry.Source.StartActivity(RuntimeDiagnostics.CallActivity, ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.DisplayName = method + " " + template;
            activity.SetTag(RequestMethod, method);
            activity.SetTag(UrlTemplate, template);
        }

        return new ApiCallActivity(activity);
    }

    /// <summary>Counts one request of the call (the first, or a retry).</summary>
    public void Attempt() => _attempts++;

    /// <summary>Ends the call as failed: <c>error.type</c>, the API's business code when it gave one, and an error status.</summary>
    /// <param name="error">Why it failed; its message is not recorded (it may hold what the server echoed).</param>
    public void Failed(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (_activity is { IsAllDataRequested: true } && !_ended)
        {
            _activity.SetTag(ErrorType, PollingTelemetry.ErrorTypeOf(error));
            _activity.SetTag(ApiCode, PollingTelemetry.BusinessCodeOf(error));
            _activity.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
        }

        Dispose();
    }

    /// <summary>
    /// Ends the call as refused by the API's envelope (HTTP said yes, the code said no): the
    /// business code as <c>contracts.api.code</c> and as <c>error.type</c> (as HTTP's conventions use
    /// the status code), and an error status.
    /// </summary>
    /// <param name="businessCode">The API's code, such as <c>0429</c>.</param>
    public void Refused(string businessCode)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(businessCode);
        if (_activity is { IsAllDataRequested: true } && !_ended)
        {
            _activity.SetTag(ErrorType, businessCode);
            _activity.SetTag(ApiCode, businessCode);
            _activity.SetStatus(ActivityStatusCode.Error, "code " + businessCode);
        }

        Dispose();
    }

    /// <summary>Ends the call's span.</summary>
    public void Dispose()
    {
        if (_ended)
        {
            return;
        }

        _ended = true;
        _activity?.SetTag(CallAttempts, _attempts);
        _activity?.Stop();
    }
}
