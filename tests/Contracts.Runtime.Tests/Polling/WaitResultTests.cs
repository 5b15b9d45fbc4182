using Contracts.Runtime.Polling;

namespace Contracts.Runtime.Tests.Polling;

/// <summary>A result built by hand (as a team's fake waiter does) says what its final snapshot says.</summary>
public sealed class WaitResultTests
{
    /// <summary>What <c>EnsureSuccess</c> makes of each outcome, with the counts its exception carries taken from the snapshot.</summary>
    [Theory]
    [InlineData(WaitOutcome.Succeeded, null, 0, 0)]
    [InlineData(WaitOutcome.CompletedWithFailures, typeof(BatchFailedException), 1, 3)]
    [InlineData(WaitOutcome.AllFailed, typeof(BatchFailedException), 1, 3)]
    [InlineData(WaitOutcome.TimedOut, typeof(WaitTimedOutException), 1, 3)]
    [InlineData(WaitOutcome.NotFoundOrNotStarted, typeof(NothingAppearedException), 0, 0)]
    public void EnsureSuccessThrowsWhatEachOutcomeMeans(WaitOutcome outcome, Type? expected, int count, int of)
    {
        var snapshot = new BatchSnapshot<string>(4, TimeSpan.FromSeconds(12), ["a", "b", "c"], ["a"], ["b"], ["c"], [], null, null, outcome);
        var result = new WaitResult<string>(snapshot);

        if (expected is null)
        {
            Assert.Same(result, result.EnsureSuccess());
            return;
        }

        var error = Assert.Throws(expected, () => result.EnsureSuccess());
        Assert.Equal(outcome, ((WaitException)error).Outcome);
        switch (error)
        {
            case BatchFailedException failed:
                Assert.Equal((count, $"{count} of {of} items failed."), (failed.FailedCount, failed.Message));
                break;
            case WaitTimedOutException timedOut:
                Assert.Equal((count, $"Timed out after 12 s with {count} of {of} items still pending."), (timedOut.PendingCount, timedOut.Message));
                break;
            default:
                Assert.StartsWith("No item appeared within 12 s", error.Message, StringComparison.Ordinal);
                break;
        }
    }

    [Fact]
    public void ASnapshotOfAWaitStillGoingOnIsRefused()
    {
        var ongoing = new BatchSnapshot<string>(1, TimeSpan.Zero, [], [], [], [], [], null, DateTimeOffset.UnixEpoch, null);

        var error = Assert.Throws<ArgumentException>(() => new WaitResult<string>(ongoing));

        Assert.Equal("last", error.ParamName);
    }
}
