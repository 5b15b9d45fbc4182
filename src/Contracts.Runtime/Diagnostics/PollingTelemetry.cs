using System.Diagnostics;
using System.Diagnostics.Metrics;
using Contracts.Runtime.Polling;
using static Contracts.Runtime.Diagnostics.TelemetryTags;

namespace Contracts.Runtime.Diagnostics;

/// <summary>The activity source, the meter and the wait instruments behind <see cref="RuntimeDiagnostics"/>.</summary>
internal static class PollingTelemetry
{
    private static readonly string Version = typeof(PollingTelemetry).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public static readonly ActivitySource Source = new(RuntimeDiagnostics.Name, Version);

    public static readonly Meter Meter = new(RuntimeDiagnostics.Name, Version);

    private static readonly Counter<long> Polls = Meter.CreateCounter<long>(RuntimeDiagnostics.PollsInstrument, "{request}", "Requests sent by waits, each counted once however many waits it answered.");

    private static readonly Counter<long> Waits = Meter.CreateCounter<long>(RuntimeDiagnostics.WaitsInstrument, "{wait}", "Waits finished, by outcome.");

    private static readonly Histogram<double> WaitDuration = Meter.CreateHistogram<double>(RuntimeDiagnostics.WaitDurationInstrument, "s", "How long waits took, by outcome.");

    private static readonly Histogram<double> NoticeWindow = Meter.CreateHistogram<double>(RuntimeDiagnostics.NoticeWindowInstrument, "s", "The time in which an item finished before its wait saw it: at most this late.");

    /// <summary>Starts the wait's activity (null when nobody listens), a child of the caller's current one.</summary>
    public static Activity? StartWait(string subject, string? batchId)
    {
        var activity = Source.StartActivity(RuntimeDiagnostics.WaitActivity, ActivityKind.Internal);
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
    public static void EndWait<TItem>(Activity? activity, string subject, BatchSnapshot<TItem> last, int sharedAnswers, TimeSpan elapsed)
    {
        string outcome = OutcomeName(last.Outcome ?? WaitOutcome.TimedOut);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(Outcome, outcome);
            activity.SetTag(Attempts, last.Attempt);
            activity.SetTag(Answers, last.Answers);
            activity.SetTag(SharedAnswers, sharedAnswers);
            activity.SetTag(Succeeded, last.Succeeded.Count);
            activity.SetTag(Failed, last.Failed.Count);
            activity.SetTag(Pending, last.Pending.Count);
        }

        activity?.Stop();
        Waits.Add(1, new KeyValuePair<string, object?>(Subject, subject), new KeyValuePair<string, object?>(Outcome, outcome));
        WaitDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>(Subject, subject), new KeyValuePair<string, object?>(Outcome, outcome));
    }

    /// <summary>Ends the wait with an exception (fatal answer, too many faults, cancellation): error status, <c>error.type</c> and the business code.</summary>
    public static void FailWait(Activity? activity, string subject, int attempts, int sharedAnswers, Exception error, TimeSpan elapsed)
    {
        string type = ErrorTypeOf(error);
        string? code = BusinessCodeOf(error);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(Outcome, "error");
            activity.SetTag(Attempts, attempts);
            activity.SetTag(SharedAnswers, sharedAnswers);
            activity.SetTag(ErrorType, type);
            activity.SetTag(ApiCode, code);
            activity.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
        }

        activity?.Stop();
        var tags = new TagList { { Subject, subject }, { Outcome, "error" }, { ErrorType, type } };
        if (code is not null)
        {
            tags.Add(ApiCode, code);
        }

        Waits.Add(1, tags);
        WaitDuration.Record(elapsed.TotalSeconds, tags);
    }

    /// <summary>
    /// Starts one request's activity under <paramref name="wait"/>, whatever flow sends it (a shared
    /// request runs on the scheduler's), linked to every other wait it answers.
    /// </summary>
    public static Activity? StartPoll(Activity? wait, PollRequest request, int attempt, IReadOnlyList<ActivityContext> otherWaits)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var links = otherWaits.Count == 0 ? null : otherWaits.Select(context => new ActivityLink(context));
        var activity = Source.StartActivity(RuntimeDiagnostics.PollActivity, ActivityKind.Internal, wait?.Context ?? default, tags: null, links: links);
        if (activity is { IsAllDataRequested: true })
        {
            activity.DisplayName = "poll " + request.Subject;
            activity.SetTag(Subject, request.Subject);
            activity.SetTag(PollKind, request.Kind);
            activity.SetTag(BudgetFamily, request.Budget);
            activity.SetTag(Attempt, attempt);
            activity.SetTag(WaitsAnswered, 1 + otherWaits.Count);
        }

        return activity;
    }

    /// <summary>Ends one request: its result on the activity and in the requests counter, once.</summary>
    public static void EndPoll(Activity? activity, PollRequest request, PollFault? fault)
    {
        string result = fault is null ? "answer" : fault.IsTransient ? "transient_fault" : "fatal";
        var tags = new TagList { { Subject, request.Subject }, { PollKind, request.Kind }, { Result, result } };
        if (request.Budget is not null)
        {
            tags.Add(BudgetFamily, request.Budget);
        }

        string? type = fault is null ? null : ErrorTypeOf(fault.Error);
        string? code = fault is null ? null : BusinessCodeOf(fault.Error);
        if (type is not null)
        {
            tags.Add(ErrorType, type);
        }

        if (code is not null)
        {
            tags.Add(ApiCode, code);
        }

        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(Result, result);
            if (fault is not null)
            {
                activity.SetTag(ErrorType, type);
                activity.SetTag(ApiCode, code);
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
    public static string ErrorTypeOf(Exception error) => error.GetType().FullName ?? error.GetType().Name;

    /// <summary>The API's business code (<c>0429</c>) behind an error, looking through the exceptions that wrap it; null when the API gave none.</summary>
    public static string? BusinessCodeOf(Exception? error)
    {
        for (; error is not null; error = error.InnerException)
        {
            if (error is ApiResponseException api)
            {
                return api.Code;
            }
        }

        return null;
    }

    private static int? StatusCodeOf(Exception error) => error switch
    {
        ApiHttpException http => (int)http.StatusCode,
        HttpRequestException { StatusCode: { } status } => (int)status,
        _ => null,
    };
}

/// <summary>What one request of a wait is, as its telemetry names it: the endpoint, whether it lists the batch or checks known items, and the budget family it spends.</summary>
internal readonly record struct PollRequest(string Subject, string Kind, string? Budget)
{
    public const string BatchKind = "batch";

    public const string ItemsKind = "items";
}
