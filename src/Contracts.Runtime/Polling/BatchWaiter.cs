using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Contracts.Runtime.Polling;

/// <summary>
/// Waits on a batch whose items finish one by one: polls within the rate limit with jittered
/// backoff, tracks every item by id, tells "nothing ever appeared" from "timed out with items
/// pending", retries transient faults within a budget and stops at once on fatal ones.
/// </summary>
public static class BatchWaiter
{
    /// <summary>Polls until every item has finished, the deadline comes, or nothing appears in time.</summary>
    /// <typeparam name="TItem">The item type.</typeparam>
    /// <typeparam name="TId">The type of the item's identifier.</typeparam>
    /// <param name="poll">The endpoint to poll.</param>
    /// <param name="options">Timeouts, delays, clock, randomness, limiter and logger; validated first.</param>
    /// <param name="progress">Receives one snapshot per poll, the final one included.</param>
    /// <param name="cancellationToken">Stops the wait: no request is sent after it, and it is never reported as a timeout.</param>
    /// <returns>How the wait ended and where every item stands.</returns>
    /// <exception cref="ApiResponseException">The API answered a business code no retry will fix.</exception>
    /// <exception cref="ApiHttpException">The API answered an HTTP status no retry will fix.</exception>
    /// <exception cref="PollingGaveUpException">Too many transient faults in a row.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static Task<WaitResult<TItem>> WaitAsync<TItem, TId>(
        BatchPoll<TItem, TId> poll,
        PollingOptions? options = null,
        IProgress<BatchSnapshot<TItem>>? progress = null,
        CancellationToken cancellationToken = default)
        where TId : notnull
    {
        ArgumentNullException.ThrowIfNull(poll);
        options ??= new PollingOptions();
        options.Validate(poll.MinimumInterval);
        return new WaitRun<TItem, TId>(poll, options, progress).RunAsync(cancellationToken);
    }

    /// <summary>
    /// The same wait as a stream of snapshots, one per poll, ending with the final one. Leaving the
    /// loop early cancels the wait; errors of the wait are thrown from the loop.
    /// </summary>
    /// <typeparam name="TItem">The item type.</typeparam>
    /// <typeparam name="TId">The type of the item's identifier.</typeparam>
    /// <param name="poll">The endpoint to poll.</param>
    /// <param name="options">Timeouts, delays, clock, randomness, limiter and logger.</param>
    /// <param name="cancellationToken">Stops the wait.</param>
    /// <returns>The snapshots.</returns>
    public static async IAsyncEnumerable<BatchSnapshot<TItem>> WatchAsync<TItem, TId>(
        BatchPoll<TItem, TId> poll,
        PollingOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where TId : notnull
    {
        var channel = Channel.CreateUnbounded<BatchSnapshot<TItem>>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var wait = RunIntoAsync(channel.Writer, poll, options, stop.Token);
        try
        {
            await foreach (var snapshot in channel.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                yield return snapshot;
            }
        }
        finally
        {
            // An early break (or a failure) must not leave the wait polling in the background.
            await stop.CancelAsync().ConfigureAwait(false);
            await wait.ConfigureAwait(false);
        }
    }

    /// <summary>Polls once and classifies the items, without waiting.</summary>
    /// <typeparam name="TItem">The item type.</typeparam>
    /// <typeparam name="TId">The type of the item's identifier.</typeparam>
    /// <param name="poll">The endpoint to poll.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>
    /// A snapshot of attempt 1 whose <see cref="BatchSnapshot{TItem}.Outcome"/> is set when every item
    /// has finished, and null otherwise (including when the answer is empty).
    /// </returns>
    public static async Task<BatchSnapshot<TItem>> SnapshotAsync<TItem, TId>(
        BatchPoll<TItem, TId> poll,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
        where TId : notnull
    {
        ArgumentNullException.ThrowIfNull(poll);
        var clock = timeProvider ?? TimeProvider.System;
        long started = clock.GetTimestamp();
        var items = await poll.Fetch(cancellationToken).ConfigureAwait(false);
        var tracker = new ItemTracker<TItem, TId>(poll.GetId, poll.GetOutcome);
        tracker.Observe(items);
        return tracker.Snapshot(1, clock.GetElapsedTime(started), null, null, items.Count == 0 ? null : tracker.FinishedOutcome(), answers: 1);
    }

    /// <summary>
    /// The answer of a poll, or a <see cref="System.Text.Json.JsonException"/> (an unreadable answer,
    /// retried as a transient fault) when the body was empty: an HTTP client that reads an empty
    /// body as null must not end a wait with a <see cref="NullReferenceException"/>.
    /// </summary>
    /// <typeparam name="T">The decoded answer.</typeparam>
    /// <param name="answer">The decoded answer, null for an empty body.</param>
    /// <param name="subject">What was asked, for the message (<c>GET /path</c>).</param>
    /// <returns>The answer.</returns>
    /// <exception cref="System.Text.Json.JsonException">The answer is null.</exception>
    public static T RequireAnswer<T>(T? answer, string subject)
        where T : class =>
        answer ?? throw new System.Text.Json.JsonException($"{subject} answered with an empty body; expected a JSON object.");

    private static async Task RunIntoAsync<TItem, TId>(
        ChannelWriter<BatchSnapshot<TItem>> writer,
        BatchPoll<TItem, TId> poll,
        PollingOptions? options,
        CancellationToken cancellationToken)
        where TId : notnull
    {
        await Task.Yield();
        try
        {
            await WaitAsync(poll, options, new ChannelProgress<TItem>(writer), cancellationToken).ConfigureAwait(false);
            writer.TryComplete();
        }
        catch (Exception e)
        {
            writer.TryComplete(e);
        }
    }

    /// <summary>Reports synchronously into the channel, so no snapshot is reordered or lost.</summary>
    private sealed class ChannelProgress<TItem>(ChannelWriter<BatchSnapshot<TItem>> writer) : IProgress<BatchSnapshot<TItem>>
    {
        public void Report(BatchSnapshot<TItem> value) => writer.TryWrite(value);
    }
}
