using System.Threading.RateLimiting;
using Contracts.Runtime.Diagnostics;

namespace Contracts.Runtime.Polling.Turns;

/// <summary>
/// A poll of the batch after a lease from the shared limiter (<see cref="PollingOptions.RateLimiter"/>),
/// or at once without one. The request holds the lease, so the HTTP pipeline does not take another.
/// </summary>
internal sealed class LimiterTurns<TItem, TId>(BatchPoll<TItem, TId> poll, RateLimiter? limiter, TimeSpan retryDelay, TimeProvider clock, SendRequest<TItem> send)
    where TId : notnull
{
    private readonly PollRequest _request = new(poll.Subject, PollRequest.BatchKind, poll.Budget);

    /// <returns>The turn; null when <see cref="TurnRequest.LastTurnAt"/> passed before a lease came.</returns>
    public async Task<Turn<TItem>?> TakeAsync(TurnRequest turn, CancellationToken cancellationToken)
    {
        var lease = await AcquireLeaseAsync(turn.LastTurnAt, cancellationToken).ConfigureAwait(false);
        return lease is null ? null : new Turn<TItem>(lease, () => SendHoldingAsync(turn.Deadline, cancellationToken), checksItems: false, trace: null);
    }

    private async Task<IReadOnlyList<TItem>> SendHoldingAsync(DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        using (Budgets.RateBudgetScope.Hold(limiter))
        {
            return await send(poll.Fetch, _request, deadline, cancellationToken, trace: null).ConfigureAwait(false);
        }
    }

    /// <summary>A lease from the limiter, or a no-op lease without one; null when <paramref name="lastTurnAt"/> passed first.</summary>
    private async Task<IDisposable?> AcquireLeaseAsync(DateTimeOffset lastTurnAt, CancellationToken cancellationToken)
    {
        if (limiter is null)
        {
            return NoLease.Instance;
        }

        var immediate = limiter.AttemptAcquire(1);
        if (immediate.IsAcquired)
        {
            BudgetTelemetry.Waited(poll.Budget, TimeSpan.Zero);
            return immediate;
        }

        immediate.Dispose();
        var askedAt = clock.GetUtcNow();
        var remaining = lastTurnAt - askedAt;
        if (remaining <= TimeSpan.Zero)
        {
            return null;
        }

        using var untilDeadline = new CancellationTokenSource(remaining, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, untilDeadline.Token);
        var waiting = BudgetTelemetry.StartWait(poll.Budget, method: null, template: null);
        try
        {
            while (true)
            {
                var lease = await limiter.AcquireAsync(1, linked.Token).ConfigureAwait(false);
                if (lease.IsAcquired)
                {
                    BudgetTelemetry.Waited(poll.Budget, clock.GetUtcNow() - askedAt);
                    BudgetTelemetry.EndWait(waiting, error: null);
                    return lease;
                }

                // The limiter's queue was full: wait as it suggests (or one minimum delay) and ask again.
                var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var suggested) ? suggested : retryDelay;
                lease.Dispose();
                await Task.Delay(retryAfter, clock, linked.Token).ConfigureAwait(false);
            }
        }
        catch (Exception error)
        {
            BudgetTelemetry.EndWait(waiting, error);
            if (error is OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return null; // the last moment for a turn passed
            }

            throw;
        }
    }

    private sealed class NoLease : IDisposable
    {
        public static readonly NoLease Instance = new();

        public void Dispose()
        {
        }
    }
}
