using System.Runtime.ExceptionServices;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;

namespace Contracts.Runtime.Polling;

/// <summary>One wait, from the first request to the outcome. Not reusable.</summary>
internal sealed partial class WaitRun<TItem, TId>
    where TId : notnull
{
    private readonly BatchPoll<TItem, TId> _poll;
    private readonly PollingOptions _options;
    private readonly IProgress<BatchSnapshot<TItem>>? _progress;
    private readonly TimeProvider _clock;
    private readonly PollDelay _delays;
    private readonly ItemTracker<TItem, TId> _items;

    public WaitRun(BatchPoll<TItem, TId> poll, PollingOptions options, IProgress<BatchSnapshot<TItem>>? progress)
    {
        _poll = poll;
        _options = options;
        _progress = progress;
        _clock = options.TimeProvider;
        _delays = new PollDelay(options.MinDelay, options.MaxDelay);
        _items = new ItemTracker<TItem, TId>(poll.GetId, poll.GetOutcome);
    }

    public async Task<WaitResult<TItem>> RunAsync(CancellationToken cancellationToken)
    {
        var start = _clock.GetUtcNow();
        var deadline = start + _options.Timeout;
        var emptyGrace = _poll.EmptyIsAmbiguous ? _options.EmptyGracePeriod : TimeSpan.Zero;
        int attempt = 0;
        int consecutiveFaults = 0;
        Exception? lastTransientError = null;

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var lease = await AcquireLeaseAsync(deadline, cancellationToken).ConfigureAwait(false);
            BatchSnapshot<TItem> snapshot;
            if (lease is null)
            {
                // The deadline came while other waits held the shared rate budget.
                snapshot = Final(attempt, start, _items.EverSeen ? WaitOutcome.TimedOut : WaitOutcome.NotFoundOrNotStarted);
                return new WaitResult<TItem>(snapshot, lastTransientError);
            }

            attempt++;
            var floor = _poll.MinimumInterval;
            Exception? fault = null;
            // The lease covers the request only, not the delay after it.
            using (lease)
            {
                try
                {
                    var answer = await FetchAsync(cancellationToken).ConfigureAwait(false);
                    consecutiveFaults = 0;
                    _items.Observe(answer);
                }
                catch (Exception error)
                {
                    // Whatever the client library wrapped it in, the caller's cancellation is a cancellation.
                    cancellationToken.ThrowIfCancellationRequested();
                    var classified = error is AttemptTimedOutException ? PollFault.Transient(error) : (_poll.ClassifyFault?.Invoke(error) ?? PollFault.Classify(error));
                    if (!classified.IsTransient)
                    {
                        ExceptionDispatchInfo.Throw(classified.Error);
                    }

                    fault = lastTransientError = classified.Error;
                    consecutiveFaults++;
                    var retryAfter = classified.RetryAfter ?? RetryAfter.From(classified.RetryAfterHeader, _clock.GetUtcNow());
                    floor = Max(floor, retryAfter ?? TimeSpan.Zero);
                    if (classified.IsRateLimited && retryAfter is null)
                    {
                        // Rate limited without a Retry-After: back off to at least the current ceiling, no jitter below it.
                        floor = Max(floor, _delays.Ceiling(attempt));
                    }
                }
            }

            var now = _clock.GetUtcNow();
            var outcome = _items.FinishedOutcome();
            if (outcome is null && !_items.EverSeen && now - start >= emptyGrace)
            {
                outcome = WaitOutcome.NotFoundOrNotStarted;
            }

            TimeSpan? delay = null;
            if (outcome is null)
            {
                delay = _delays.Next(attempt, deadline - now, _options.Random.NextDouble(), floor);
                outcome = delay is null ? (_items.EverSeen ? WaitOutcome.TimedOut : WaitOutcome.NotFoundOrNotStarted) : null;
            }

            snapshot = _items.Snapshot(attempt, now - start, fault, outcome is null ? now + delay : null, outcome);
            _progress?.Report(snapshot);
            LogPoll(_options.Logger, _poll.Subject, attempt, snapshot.Succeeded.Count, snapshot.Failed.Count, snapshot.Pending.Count, fault?.Message ?? "none", delay ?? TimeSpan.Zero, outcome?.ToString() ?? "waiting");

            if (fault is not null && consecutiveFaults >= _options.MaxConsecutiveTransientErrors)
            {
                throw new PollingGaveUpException(consecutiveFaults, fault);
            }

            if (outcome is not null)
            {
                return new WaitResult<TItem>(snapshot, lastTransientError);
            }

            await Task.Delay(delay!.Value, _clock, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One request, bounded by <see cref="PollingOptions.AttemptTimeout"/>.</summary>
    private async Task<IReadOnlyList<TItem>> FetchAsync(CancellationToken cancellationToken)
    {
        using var attemptTimeout = new CancellationTokenSource(_options.AttemptTimeout, _clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, attemptTimeout.Token);
        try
        {
            return await _poll.Fetch(linked.Token).ConfigureAwait(false);
        }
        catch (Exception error) when (attemptTimeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new AttemptTimedOutException(_options.AttemptTimeout, error);
        }
    }

    /// <summary>A lease from the shared limiter, or a no-op lease without one; null when the deadline passed first.</summary>
    private async Task<IDisposable?> AcquireLeaseAsync(DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        if (_options.RateLimiter is not { } limiter)
        {
            return NoLease.Instance;
        }

        var immediate = limiter.AttemptAcquire(1);
        if (immediate.IsAcquired)
        {
            return immediate;
        }

        immediate.Dispose();
        var remaining = deadline - _clock.GetUtcNow();
        if (remaining <= TimeSpan.Zero)
        {
            return null;
        }

        using var untilDeadline = new CancellationTokenSource(remaining, _clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, untilDeadline.Token);
        try
        {
            while (true)
            {
                var lease = await limiter.AcquireAsync(1, linked.Token).ConfigureAwait(false);
                if (lease.IsAcquired)
                {
                    return lease;
                }

                // The limiter's queue was full: wait as it suggests (or one minimum delay) and ask again.
                var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var suggested) ? suggested : _options.MinDelay;
                lease.Dispose();
                await Task.Delay(retryAfter, _clock, linked.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private BatchSnapshot<TItem> Final(int attempt, DateTimeOffset start, WaitOutcome outcome)
    {
        var snapshot = _items.Snapshot(attempt, _clock.GetUtcNow() - start, null, null, outcome);
        _progress?.Report(snapshot);
        return snapshot;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    [LoggerMessage(Level = LogLevel.Information, Message = "Poll {Attempt} of {Subject}: {Succeeded} succeeded, {Failed} failed, {Pending} pending; transient error: {Fault}; next poll in {Delay}; {Outcome}")]
    private static partial void LogPoll(ILogger logger, string subject, int attempt, int succeeded, int failed, int pending, string fault, TimeSpan delay, string outcome);

    private sealed class NoLease : IDisposable
    {
        public static readonly NoLease Instance = new();

        public void Dispose()
        {
        }
    }
}
