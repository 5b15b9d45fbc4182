using System.Diagnostics;
using System.Diagnostics.Metrics;
using static Contracts.Runtime.Diagnostics.TelemetryTags;

namespace Contracts.Runtime.Diagnostics;

/// <summary>
/// The rate budgets seen from outside: how many requests queue for each family, how long each
/// waited for its turn (measured where it waits, so a Redis turn counts too), the scheduler's and
/// the item checks' backlogs, and a span for each request that had to wait.
/// </summary>
internal static class BudgetTelemetry
{
    private static readonly UpDownCounter<long> QueuedRequests = PollingTelemetry.Meter.CreateUpDownCounter<long>(RuntimeDiagnostics.BudgetQueueInstrument, "{request}", "Requests waiting for their budget family's turn at a limiter of this process.");

    private static readonly Histogram<double> TimeInQueue = PollingTelemetry.Meter.CreateHistogram<double>(RuntimeDiagnostics.BudgetTimeInQueueInstrument, "s", "How long a request waited for its budget family's turn (0 when it was free at once).");

    private static readonly UpDownCounter<long> QueuedPolls = PollingTelemetry.Meter.CreateUpDownCounter<long>(RuntimeDiagnostics.SchedulerBacklogInstrument, "{poll}", "Polls due or waiting for a turn at an account's scheduler (waits on one batch count once).");

    private static readonly Histogram<double> TurnDelay = PollingTelemetry.Meter.CreateHistogram<double>(RuntimeDiagnostics.SchedulerTurnDelayInstrument, "s", "How long after it was due a poll got its turn at an account's scheduler.");

    private static readonly UpDownCounter<long> QueuedChecks = PollingTelemetry.Meter.CreateUpDownCounter<long>(RuntimeDiagnostics.ItemChecksBacklogInstrument, "{wait}", "Waits whose items are queued for the next item check.");

    public static void Queued(string? family, int change)
    {
        if (QueuedRequests.Enabled)
        {
            QueuedRequests.Add(change, Family(family));
        }
    }

    public static void Waited(string? family, TimeSpan waited)
    {
        if (TimeInQueue.Enabled)
        {
            TimeInQueue.Record(waited.TotalSeconds, Family(family));
        }
    }

    public static void PollsQueued(string? family, int change)
    {
        if (QueuedPolls.Enabled)
        {
            QueuedPolls.Add(change, Family(family));
        }
    }

    public static void TurnTaken(string? family, TimeSpan afterDue)
    {
        if (TurnDelay.Enabled)
        {
            TurnDelay.Record(Math.Max(0, afterDue.TotalSeconds), Family(family));
        }
    }

    public static void ChecksQueued(string? family, int change)
    {
        if (QueuedChecks.Enabled)
        {
            QueuedChecks.Add(change, Family(family));
        }
    }

    /// <summary>
    /// Starts the span of a request that must wait for its family's turn (null when nobody
    /// listens): the time it shows is the time the budget cost, under the caller's own span.
    /// </summary>
    public static Activity? StartWait(string? family, string? method, string? template)
    {
        var activity = PollingTelemetry.Source.StartActivity(RuntimeDiagnostics.BudgetWaitActivity, ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.DisplayName = "rate budget " + (family ?? "(unnamed)");
            activity.SetTag(BudgetFamily, family);
            activity.SetTag(RequestMethod, method);
            activity.SetTag(UrlTemplate, template);
        }

        return activity;
    }

    /// <summary>Ends a budget wait: an error status when the turn never came (cancelled, or the limiter refused).</summary>
    public static void EndWait(Activity? activity, Exception? error)
    {
        if (activity is null)
        {
            return;
        }

        if (error is not null && activity.IsAllDataRequested)
        {
            activity.SetTag(ErrorType, PollingTelemetry.ErrorTypeOf(error));
            activity.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
        }

        activity.Stop();
    }

    private static KeyValuePair<string, object?> Family(string? family) => new(BudgetFamily, family);
}
