namespace Contracts.Runtime.Diagnostics;

/// <summary>
/// The names under which the runtime's work can be watched from outside (typed calls, waits,
/// their requests and the rate budgets they spend): one <c>ActivitySource</c> and one
/// <c>Meter</c>, both <see cref="Name"/>, on <c>System.Diagnostics</c> only, so OpenTelemetry (or
/// any listener) collects them without this library depending on it.
/// </summary>
/// <remarks>
/// Activities: <see cref="CallActivity"/> for each typed call, <see cref="BudgetWaitActivity"/> for each
/// wait for a budget's turn, <see cref="WaitActivity"/> for each wait and <see cref="PollActivity"/>, its child,
/// for each request it sends (the HttpClient's own activity is a child of that). Instruments:
/// <see cref="PollsInstrument"/>, <see cref="WaitsInstrument"/>, <see cref="WaitDurationInstrument"/>,
/// <see cref="NoticeWindowInstrument"/>, <see cref="BudgetQueueInstrument"/>,
/// <see cref="BudgetTimeInQueueInstrument"/>, <see cref="SchedulerBacklogInstrument"/>,
/// <see cref="SchedulerTurnDelayInstrument"/> and <see cref="ItemChecksBacklogInstrument"/>. A
/// request several waits share is one <see cref="PollActivity"/>, counted once, a child of the wait
/// that sent it and linked to the others, whose own activities link back to it. Tags never carry
/// a key or a request body.
/// </remarks>
public static class RuntimeDiagnostics
{
    /// <summary>The name of both the activity source and the meter: <c>Contracts.Runtime</c>.</summary>
    public const string Name = "Contracts.Runtime";

    /// <summary>
    /// One typed call (such as creating a task), from asking for its budget's turn to its answer,
    /// retries of a busy answer included; the HttpClient's activity is its child. Tagged with
    /// <c>http.request.method</c>, <c>url.template</c>, <c>contracts.call.attempts</c> and, when the
    /// API refused it, <c>error.type</c> and <c>contracts.api.code</c>.
    /// </summary>
    public const string CallActivity = "contracts.call";

    /// <summary>One wait, from its first request to its outcome.</summary>
    public const string WaitActivity = "contracts.wait";

    /// <summary>One request of a wait or of several waits (a poll of the batch, <c>contracts.poll.kind</c> <c>batch</c>, or a check of known items, <c>items</c>).</summary>
    public const string PollActivity = "contracts.poll";

    /// <summary>
    /// Counter of requests sent by waits, each once however many waits it answered, by
    /// <c>contracts.wait.subject</c> (the endpoint), <c>contracts.poll.kind</c>,
    /// <c>contracts.rate_budget.family</c>, <c>contracts.poll.result</c> (<c>answer</c>,
    /// <c>transient_fault</c>, <c>fatal</c>), <c>error.type</c> and <c>contracts.api.code</c>.
    /// </summary>
    public const string PollsInstrument = "contracts.wait.polls";

    /// <summary>Counter of finished waits, by <c>contracts.wait.outcome</c> (a <c>WaitOutcome</c> in snake_case, or <c>error</c>) and <c>error.type</c>.</summary>
    public const string WaitsInstrument = "contracts.wait.completed";

    /// <summary>Histogram of how long waits took, in seconds, by <c>contracts.wait.outcome</c>.</summary>
    public const string WaitDurationInstrument = "contracts.wait.duration";

    /// <summary>
    /// Histogram, in seconds, of the time between the last request that saw an item unfinished and
    /// the one that saw it finished: the item finished inside it, so the wait noticed it at most
    /// this long after. (The API does not say when an item finished, so the exact delay cannot be measured.)
    /// </summary>
    public const string NoticeWindowInstrument = "contracts.wait.item.notice_window";

    /// <summary>
    /// A request that had to wait for its budget family's turn, from asking to being granted, under
    /// the caller's span (a typed call, or a wait's poll when it takes the limiter itself).
    /// </summary>
    public const string BudgetWaitActivity = "contracts.rate_budget.wait";

    /// <summary>Up-down counter of requests waiting for their family's turn at a limiter of this process, by <c>contracts.rate_budget.family</c>.</summary>
    public const string BudgetQueueInstrument = "contracts.rate_budget.queued_requests";

    /// <summary>
    /// Histogram, in seconds, of how long each request waited for its family's turn (0 when free at
    /// once), by <c>contracts.rate_budget.family</c>; measured where the request waits, so a turn
    /// shared through Redis counts in full.
    /// </summary>
    public const string BudgetTimeInQueueInstrument = "contracts.rate_budget.time_in_queue";

    /// <summary>Up-down counter of polls due or waiting for a turn at an account's scheduler (waits on one batch count once), by <c>contracts.rate_budget.family</c>.</summary>
    public const string SchedulerBacklogInstrument = "contracts.scheduler.queued_polls";

    /// <summary>Histogram, in seconds, of how long after it was due each poll got its turn at an account's scheduler, by <c>contracts.rate_budget.family</c>.</summary>
    public const string SchedulerTurnDelayInstrument = "contracts.scheduler.turn_delay";

    /// <summary>Up-down counter of waits whose items are queued for the next item check, by <c>contracts.rate_budget.family</c> of the check.</summary>
    public const string ItemChecksBacklogInstrument = "contracts.item_checks.queued_waits";
}
