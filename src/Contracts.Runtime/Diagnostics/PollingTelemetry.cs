using System.Diagnostics;
using System.Diagnostics.Metrics;
using Contracts.Runtime.Polling;

namespace Contracts.Runtime.Diagnostics;

/// <summary>The activity source, the meter and the instruments behind <see cref="PollingDiagnostics"/>, with the tags they carry.</summary>
internal static class PollingTelemetry
{
    public const string Subject = "contracts.wait.subject";
    public const string BatchId = "contracts.wait.batch_id";
    public const string Outcome = "contracts.wait.outcome";
    public const string Attempts = "contracts.wait.attempts";
    public const string Answers = "contracts.wait.answers";
    public const string Succeeded = "contracts.wait.items.succeeded";
    public const string Failed = "contracts.wait.items.failed";
    public const string Pending = "contracts.wait.items.pending";
    public const string Attempt = "contracts.poll.attempt";
    public const string Result = "contracts.poll.result";
    public const string Budget = "contracts.rate_limiter.budget";
    public const string ErrorType = "error.type";
    public const string HttpStatusCode = "http.response.status_code";

    private static readonly string Version = typeof(PollingTelemetry).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public static readonly ActivitySource Source = new(PollingDiagnostics.Name, Version);

    private static readonly Meter Meter = new(PollingDiagnostics.Name, Version);

    private static readonly Counter<long> Polls = Meter.CreateCounter<long>(PollingDiagnostics.PollsInstrument, "{poll}", "Requests sent by waits, by result.");

    private static readonly Counter<long> Waits = Meter.CreateCounter<long>(PollingDiagnostics.WaitsInstrument, "{wait}", "Waits finished, by outcome.");

    private static readonly Histogram<double> WaitDuration = Meter.CreateHistogram<double>(PollingDiagnostics.WaitDurationInstrument, "s", "How long waits took, by outcome.");

    private static readonly Histogram<double> NoticeWindow = Meter.CreateHistogram<double>(PollingDiagnostics.NoticeWindowInstrument, "s", "The time in which an item finished before its wait saw it: at most this late.");

    private static readonly UpDownCounter<long> LimiterQueue = Meter.CreateUpDownCounter<long>(PollingDiagnostics.LimiterQueueInstrument, "{request}", "Callers waiting for a permit.");

    private static readonly Histogram<double> LimiterWait = Meter.CreateHistogram<double>(PollingDiagnostics.LimiterWaitInstrument, "s", "How long a permit took to be granted.");

    /// <summary>Starts the wait's activity (null when nobody listens), a child of the caller's current one.</summary>
    public static Activity? StartWait(string subject, string? batchId)
    {
        var activity = Source.StartActivity(PollingDiagnostics.WaitActivity, ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.DisplayName = "wait " + subject;
            activity.SetTag(Subject, subject);
            if (batchId is not null)
            {
                activity.SetTag(BatchId, batchId);
            }
        }

        return activity;
    }

    /// <summary>Ends the wait with its outcome: the activity's closing tags, and the waits and duration metrics.</summary>
    public static void EndWait<TItem>(Activity? activity, string subject, BatchSnapshot<TItem> last, TimeSpan elapsed)
    {
        string outcome = OutcomeName(last.Outcome ?? WaitOutcome.TimedOut);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(Outcome, outcome);
            activity.SetTag(Attempts, last.Attempt);
            activity.SetTag(Answers, last.Answers);
            activity.SetTag(Succeeded, last.Succeeded.Count);
            activity.SetTag(Failed, last.Failed.Count);
            activity.SetTag(Pending, last.Pending.Count);
        }

        activity?.Stop();
        Waits.Add(1, new KeyValuePair<string, object?>(Subject, subject), new KeyValuePair<string, object?>(Outcome, outcome));
        WaitDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>(Subject, subject), new KeyValuePair<string, object?>(Outcome, outcome));
    }

    /// <summary>Ends the wait with an exception (fatal answer, too many faults, cancellation): error status and <c>error.type</c>.</summary>
    public static void FailWait(Activity? activity, string subject, int attempts, Exception error, TimeSpan elapsed)
    {
        string type = ErrorTypeOf(error);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(Outcome, "error");
            activity.SetTag(Attempts, attempts);
            activity.SetTag(ErrorType, type);
            activity.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
        }

        activity?.Stop();
        var tags = new TagList { { Subject, subject }, { Outcome, "error" }, { ErrorType, type } };
        Waits.Add(1, tags);
        WaitDuration.Record(elapsed.TotalSeconds, tags);
    }

    /// <summary>Starts one request's activity under <paramref name="wait"/>, whatever flow sends it (a shared poll runs on the scheduler's).</summary>
    public static Activity? StartPoll(Activity? wait, string subject, int attempt)
    {
        var activity = wait is null
            ? Source.StartActivity(PollingDiagnostics.PollActivity, ActivityKind.Internal)
            : Source.StartActivity(PollingDiagnostics.PollActivity, ActivityKind.Internal, wait.Context);
        if (activity is { IsAllDataRequested: true })
        {
            activity.DisplayName = "poll " + subject;
            activity.SetTag(Subject, subject);
            activity.SetTag(Attempt, attempt);
        }

        return activity;
    }

    /// <summary>Ends one request: its result on the activity and in the polls counter.</summary>
    public static void EndPoll(Activity? activity, string subject, PollFault? fault)
    {
        string result = fault is null ? "answer" : fault.IsTransient ? "transient_fault" : "fatal";
        var tags = new TagList { { Subject, subject }, { Result, result } };
        if (fault is not null)
        {
            tags.Add(ErrorType, ErrorTypeOf(fault.Error));
        }

        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(Result, result);
            if (fault is not null)
            {
                activity.SetTag(ErrorType, ErrorTypeOf(fault.Error));
                if (StatusCodeOf(fault.Error) is { } status)
                {
                    activity.SetTag(HttpStatusCode, status);
                }

                activity.SetStatus(ActivityStatusCode.Error, fault.Error.GetType().Name);
            }
        }

        activity?.Stop();
        Polls.Add(1, tags);
    }

    /// <summary>An item seen finished: it finished within <paramref name="window"/> before.</summary>
    public static void ItemNoticed(string subject, TimeSpan window) =>
        NoticeWindow.Record(window.TotalSeconds, new KeyValuePair<string, object?>(Subject, subject));

    public static void LimiterQueued(string? budget, int change)
    {
        if (LimiterQueue.Enabled)
        {
            LimiterQueue.Add(change, new KeyValuePair<string, object?>(Budget, budget));
        }
    }

    public static void LimiterGranted(string? budget, TimeSpan waited)
    {
        if (LimiterWait.Enabled)
        {
            LimiterWait.Record(waited.TotalSeconds, new KeyValuePair<string, object?>(Budget, budget));
        }
    }

    /// <summary>The outcome as tags spell it: <c>completed_with_failures</c>, not <c>CompletedWithFailures</c>.</summary>
    public static string OutcomeName(WaitOutcome outcome) => outcome switch
    {
        WaitOutcome.Succeeded => "succeeded",
        WaitOutcome.CompletedWithFailures => "completed_with_failures",
        WaitOutcome.AllFailed => "all_failed",
        WaitOutcome.TimedOut => "timed_out",
        WaitOutcome.NotFoundOrNotStarted => "not_found_or_not_started",
        _ => outcome.ToString(),
    };

    /// <summary>The OpenTelemetry <c>error.type</c>: the exception's full type name (low cardinality, no message, so no secret).</summary>
    private static string ErrorTypeOf(Exception error) => error.GetType().FullName ?? error.GetType().Name;

    private static int? StatusCodeOf(Exception error) => error switch
    {
        ApiHttpException http => (int)http.StatusCode,
        HttpRequestException { StatusCode: { } status } => (int)status,
        _ => null,
    };
}
