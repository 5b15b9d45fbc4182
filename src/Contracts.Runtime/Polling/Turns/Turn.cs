namespace Contracts.Runtime.Polling.Turns;

/// <summary>
/// One granted request of a wait: the lease it holds (if any), how to get its answer, whether it
/// checks known items rather than listing the batch, and its part in the request's trace.
/// </summary>
internal sealed class Turn<TItem>(IDisposable? lease, Func<Task<IReadOnlyList<TItem>>> answer, bool checksItems, RequestTrace? trace) : IDisposable
{
    public bool ChecksItems { get; } = checksItems;

    /// <summary>Set when the request may have been sent by another wait; null for a request of this wait alone.</summary>
    public RequestTrace? Trace { get; } = trace;

    public Task<IReadOnlyList<TItem>> AnswerAsync() => answer();

    /// <summary>A turn covers the request only, not the delay after it.</summary>
    public void Dispose() => lease?.Dispose();
}

/// <summary>When a wait asks for its next request: due by its own schedule, its last poll, the last moment a request is worth sending, and its deadline.</summary>
internal readonly record struct TurnRequest(DateTimeOffset DueAt, DateTimeOffset LastPolledAt, DateTimeOffset LastTurnAt, DateTimeOffset Deadline);

/// <summary>Sends one request of a wait: in its own span, bounded by the attempt timeout and <paramref name="deadline"/>.</summary>
internal delegate Task<IReadOnlyList<TItem>> SendRequest<TItem>(
    Func<CancellationToken, Task<IReadOnlyList<TItem>>> fetch,
    Diagnostics.PollRequest request,
    DateTimeOffset deadline,
    CancellationToken cancellationToken,
    RequestTrace? trace);
