using Contracts.Runtime.Polling;
using Microsoft.Extensions.Time.Testing;

namespace Contracts.Runtime.Tests.Polling;

internal sealed record Video(string Id, string Status)
{
    /// <summary>What the status means, as the API's video statuses do: PARSE succeeded, FAIL failed, anything else pending.</summary>
    public static StatusOutcome OutcomeOf(Video video) => video.Status switch
    {
        "PARSE" => StatusOutcome.Success,
        "FAIL" => StatusOutcome.Failure,
        _ => StatusOutcome.Pending,
    };
}

/// <summary>
/// A batch endpoint that answers from a script, one step per request, and records when each
/// request came (in simulated time). The last step repeats once the script runs out.
/// </summary>
internal sealed class ScriptedBatch
{
    private readonly FakeTimeProvider _clock;
    private readonly List<Func<CancellationToken, Task<IReadOnlyList<Video>>>> _steps = new();
    private int _next;

    public ScriptedBatch(FakeTimeProvider clock)
    {
        _clock = clock;
    }

    public List<DateTimeOffset> RequestTimes { get; } = new();

    public ScriptedBatch Answer(params Video[] videos)
    {
        _steps.Add(_ => Task.FromResult<IReadOnlyList<Video>>(videos));
        return this;
    }

    public ScriptedBatch Fail(Exception error)
    {
        _steps.Add(_ => Task.FromException<IReadOnlyList<Video>>(error));
        return this;
    }

    /// <summary>A request that answers only when cancelled (a hung connection).</summary>
    public ScriptedBatch Hang()
    {
        _steps.Add(async token =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, _clock, token).ConfigureAwait(false);
            throw new InvalidOperationException("unreachable");
        });
        return this;
    }

    public BatchPoll<Video, string> Poll(bool emptyIsAmbiguous = true, Func<Exception, PollFault?>? classify = null) =>
        new(Fetch, static v => v.Id, Video.OutcomeOf)
        {
            MinimumInterval = TimeSpan.FromSeconds(1),
            EmptyIsAmbiguous = emptyIsAmbiguous,
            ClassifyFault = classify,
            Subject = "task t-1",
        };

    private Task<IReadOnlyList<Video>> Fetch(CancellationToken cancellationToken)
    {
        RequestTimes.Add(_clock.GetUtcNow());
        var step = _steps[Math.Min(_next, _steps.Count - 1)];
        _next++;
        return step(cancellationToken);
    }
}

/// <summary>
/// The tests that drive a fake clock run one at a time: a continuation that runs late on a busy
/// thread pool would see simulated time that has already moved on.
/// </summary>
[CollectionDefinition(nameof(SimulatedTime), DisableParallelization = true)]
public sealed class SimulatedTime
{
}

internal static class Simulation
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static FakeTimeProvider Clock() => new(Start);

    public static PollingOptions Options(FakeTimeProvider clock) => new()
    {
        TimeProvider = clock,
        Random = new Random(1234),
    };

    /// <summary>
    /// Advances simulated time in small steps until the task completes (bounded). Fakes must await
    /// with ConfigureAwait(false): a continuation posted to the test's context would run late and see
    /// simulated time that has already moved on.
    /// </summary>
    public static async Task<T> Drive<T>(FakeTimeProvider clock, Task<T> task, TimeSpan? step = null, int maxSteps = 200_000)
    {
        for (int i = 0; i < maxSteps && !task.IsCompleted; i++)
        {
            clock.Advance(step ?? TimeSpan.FromMilliseconds(250));

            // A real pause, not a yield: the continuations the step released run (on a busy thread
            // pool they can lag many yields behind) before simulated time moves on again.
            await Task.Delay(1);
        }

        Assert.True(task.IsCompleted, "The wait did not finish within the simulated time allowed.");
        return await task;
    }

    public static async Task Drive(FakeTimeProvider clock, Task task, TimeSpan? step = null) =>
        await Drive(clock, task.ContinueWith(t => { t.GetAwaiter().GetResult(); return true; }, TaskScheduler.Default), step);
}
