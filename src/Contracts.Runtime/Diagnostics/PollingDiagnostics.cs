namespace Contracts.Runtime.Diagnostics;

/// <summary>
/// The names under which waits can be watched from outside: one <c>ActivitySource</c> and one
/// <c>Meter</c>, both <see cref="Name"/>, on <c>System.Diagnostics</c> only, so OpenTelemetry (or
/// any listener) collects them without this library depending on it.
/// </summary>
/// <remarks>
/// Activities: <see cref="WaitActivity"/> for each wait and <see cref="PollActivity"/>, its child,
/// for each request it sends (the HttpClient's own activity is a child of that). Instruments:
/// <see cref="PollsInstrument"/>, <see cref="WaitsInstrument"/>, <see cref="WaitDurationInstrument"/>,
/// <see cref="NoticeWindowInstrument"/>, <see cref="LimiterQueueInstrument"/> and
/// <see cref="LimiterWaitInstrument"/>. Tags never carry a key or a request body.
/// </remarks>
public static class PollingDiagnostics
{
    /// <summary>The name of both the activity source and the meter: <c>Contracts.Runtime</c>.</summary>
    public const string Name = "Contracts.Runtime";

    /// <summary>One wait, from its first request to its outcome.</summary>
    public const string WaitActivity = "contracts.wait";

    /// <summary>One request of a wait (a poll of the batch, or a check of its items).</summary>
    public const string PollActivity = "contracts.poll";

    /// <summary>Counter of requests sent by waits, by <c>contracts.poll.result</c> (<c>answer</c>, <c>transient_fault</c>, <c>fatal</c>) and <c>error.type</c>.</summary>
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

    /// <summary>Up-down counter of callers queued at a spaced rate limiter, by <c>contracts.rate_limiter.budget</c>.</summary>
    public const string LimiterQueueInstrument = "contracts.rate_limiter.queued";

    /// <summary>Histogram of how long a permit took to be granted, in seconds, by <c>contracts.rate_limiter.budget</c>.</summary>
    public const string LimiterWaitInstrument = "contracts.rate_limiter.wait.duration";
}
