using Contracts.Runtime.Polling;
using static Contracts.Runtime.Tests.Polling.Simulation;

namespace Contracts.Runtime.Tests.Polling;

/// <summary>
/// A request shared by several waits lives as long as any of them still needs it: one wait's
/// cancellation or short deadline never cuts the answer the others wait for.
/// </summary>
[Collection(nameof(SimulatedTime))]
public sealed class SharedRequestLifetimeTests
{
    private static readonly TimeSpan RequestTakes = TimeSpan.FromSeconds(5);
    private static readonly Video ADone = new("A", "PARSE");

    [Fact]
    public async Task TheFirstOfTwoWaitsOnOneTaskCancelledMidRequest_TheOtherGetsTheSharedAnswer()
    {
        var clock = Clock();
        var server = new SlowServer(clock);
        using var budget = new SpacedRateLimiter(TimeSpan.FromSeconds(1), clock);
        using var scheduler = new AccountPollScheduler(budget, TimeSpan.FromSeconds(1), clock);
        budget.AttemptAcquire(1).Dispose();   // the first permit comes in 1 s: both waits register before it
        using var cancelFirst = new CancellationTokenSource(TimeSpan.FromSeconds(3), clock);   // the request runs from 1 s to 6 s

        var first = BatchWaiter.WaitAsync(server.Poll("task-1"), WithScheduler(clock, scheduler), cancellationToken: cancelFirst.Token);
        var second = BatchWaiter.WaitAsync(server.Poll("task-1"), WithScheduler(clock, scheduler));
        var result = await Drive(clock, second);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.Equal(WaitOutcome.Succeeded, result.Outcome);
        Assert.Equal((1, 1), (result.Attempts, result.Answers));
        Assert.Equal(1, server.Requests);
        Assert.Equal(0, server.Cancelled);
    }

    [Fact]
    public async Task TheFirstOfTwoWaitsOnOneTaskWithA2SecondDeadline_TheOtherGetsTheSharedAnswer()
    {
        var clock = Clock();
        var server = new SlowServer(clock);
        using var budget = new SpacedRateLimiter(TimeSpan.FromSeconds(1), clock);
        using var scheduler = new AccountPollScheduler(budget, TimeSpan.FromSeconds(1), clock);
        budget.AttemptAcquire(1).Dispose();   // the first permit comes in 1 s: both waits register before it
        var shortWait = WithScheduler(clock, scheduler);
        shortWait.Timeout = TimeSpan.FromSeconds(2);

        var first = BatchWaiter.WaitAsync(server.Poll("task-1"), shortWait);
        var second = BatchWaiter.WaitAsync(server.Poll("task-1"), WithScheduler(clock, scheduler));
        var results = await Drive(clock, Task.WhenAll(first, second));

        // The short wait saw no answer before its deadline; the request it started went on for the other.
        Assert.Equal(WaitOutcome.TimedOut, results[0].Outcome);
        Assert.IsType<AttemptTimedOutException>(results[0].LastTransientError);
        Assert.Equal(WaitOutcome.Succeeded, results[1].Outcome);
        Assert.Equal((1, 1), (results[1].Attempts, results[1].Answers));
        Assert.Equal(1, server.Requests);
        Assert.Equal(0, server.Cancelled);
    }

    [Fact]
    public async Task AllWaitsOfASharedRequestCancelled_TheRequestIsCancelled()
    {
        var clock = Clock();
        var server = new SlowServer(clock);
        using var budget = new SpacedRateLimiter(TimeSpan.FromSeconds(1), clock);
        using var scheduler = new AccountPollScheduler(budget, TimeSpan.FromSeconds(1), clock);
        budget.AttemptAcquire(1).Dispose();
        using var cancelBoth = new CancellationTokenSource(TimeSpan.FromSeconds(2), clock);

        var first = BatchWaiter.WaitAsync(server.Poll("task-1"), WithScheduler(clock, scheduler), cancellationToken: cancelBoth.Token);
        var second = BatchWaiter.WaitAsync(server.Poll("task-1"), WithScheduler(clock, scheduler), cancellationToken: cancelBoth.Token);
        await Drive(clock, Task.WhenAll(first, second).ContinueWith(_ => true, TaskScheduler.Default));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
        Assert.Equal(1, server.Requests);
        await Drive(clock, server.WhenCancelled);   // nobody needs the answer any more: the connection is not held open for it
    }

    [Fact]
    public async Task TheFirstOfTwoItemChecksInOneRequestCancelled_TheOtherGetsTheAnswer()
    {
        var clock = Clock();
        var server = new SlowServer(clock);
        using var batcher = new ItemStatusBatcher(100, TimeSpan.Zero, clock: clock);
        var deadline = Start.AddMinutes(1);
        using var cancelFirst = new CancellationTokenSource(TimeSpan.FromSeconds(3), clock);   // both are due at 1 s: the request runs from 1 s to 6 s

        var first = batcher.CheckAsync("u", [new Video("A", "UNPARSE")], v => v.Id, Start.AddSeconds(1), deadline, deadline, server.Check, cancelFirst.Token);
        var second = batcher.CheckAsync("u", [new Video("B", "UNPARSE")], v => v.Id, Start.AddSeconds(1), deadline, deadline, server.Check, default);
        var answer = await Drive(clock, second);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.Equal([new Video("B", "PARSE")], answer);
        Assert.Equal(1, server.Requests);
        Assert.Equal(0, server.Cancelled);
        Assert.Equal(deadline, server.DeadlinesGiven.Single());
    }

    [Fact]
    public async Task TheFirstOfTwoItemChecksInOneRequestWithADeadline2SecondsIn_TheOtherGetsTheAnswer()
    {
        var clock = Clock();
        var server = new SlowServer(clock);
        using var batcher = new ItemStatusBatcher(100, TimeSpan.Zero, clock: clock);
        var shortDeadline = Start.AddSeconds(3);   // both are due at 1 s: the request runs from 1 s to 6 s
        var deadline = Start.AddMinutes(1);

        var first = batcher.CheckAsync("u", [new Video("A", "UNPARSE")], v => v.Id, Start.AddSeconds(1), shortDeadline.AddSeconds(-1), shortDeadline, server.Check, default);
        var second = batcher.CheckAsync("u", [new Video("B", "UNPARSE")], v => v.Id, Start.AddSeconds(1), deadline, deadline, server.Check, default);
        var answer = await Drive(clock, second);

        await Assert.ThrowsAsync<AttemptTimedOutException>(() => first);
        Assert.Equal([new Video("B", "PARSE")], answer);
        Assert.Equal(1, server.Requests);
        Assert.Equal(0, server.Cancelled);
        Assert.Equal(deadline, server.DeadlinesGiven.Single());   // the request ran for the latest deadline among its waits
    }

    private static PollingOptions WithScheduler(Microsoft.Extensions.Time.Testing.FakeTimeProvider clock, AccountPollScheduler scheduler)
    {
        var options = Options(clock);
        options.Scheduler = scheduler;
        return options;
    }

    /// <summary>A server whose every answer takes <see cref="RequestTakes"/> and finishes every item it is asked about.</summary>
    private sealed class SlowServer(Microsoft.Extensions.Time.Testing.FakeTimeProvider clock)
    {
        private readonly TaskCompletionSource _cancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _requests;
        private int _cancelledCount;

        public int Requests => Volatile.Read(ref _requests);

        public int Cancelled => Volatile.Read(ref _cancelledCount);

        public Task<bool> WhenCancelled => _cancelled.Task.ContinueWith(_ => true, TaskScheduler.Default);

        public System.Collections.Concurrent.ConcurrentQueue<DateTimeOffset> DeadlinesGiven { get; } = new();

        public BatchPoll<Video, string> Poll(string key) =>
            new(token => AnswerAsync<IReadOnlyList<Video>>([ADone], token), static v => v.Id, static v => v.Status == "PARSE" ? StatusOutcome.Success : StatusOutcome.Pending)
            {
                MinimumInterval = TimeSpan.FromSeconds(1),
                Key = key,
            };

        public Task<IReadOnlyList<Video>> Check(IReadOnlyList<Video> videos, DateTimeOffset deadline, CancellationToken token)
        {
            DeadlinesGiven.Enqueue(deadline);
            return AnswerAsync<IReadOnlyList<Video>>(videos.Select(v => v with { Status = "PARSE" }).ToList(), token);
        }

        private async Task<T> AnswerAsync<T>(T answer, CancellationToken token)
        {
            Interlocked.Increment(ref _requests);
            try
            {
                await Task.Delay(RequestTakes, clock, token).ConfigureAwait(false);
                return answer;
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref _cancelledCount);
                _cancelled.TrySetResult();
                throw;
            }
        }
    }
}
