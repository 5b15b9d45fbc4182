using Contracts.Runtime.Polling;

namespace Contracts.Runtime.Tests.Polling;

/// <summary>A result built by hand (as a team's fake waiter does) says what its final snapshot says.</summary>
public sealed class WaitResultTests
{
    [Fact]
    public void AResultReadsItsFinalSnapshot()
    {
        var error = new TimeoutException("slow");
        var snapshot = new BatchSnapshot<string>(4, TimeSpan.FromSeconds(12), ["a", "b"], ["a"], [], ["b"], [], null, null, WaitOutcome.TimedOut);

        var result = new WaitResult<string>(snapshot, error);

        Assert.Equal(WaitOutcome.TimedOut, result.Outcome);
        Assert.Equal(["a", "b"], result.Items);
        Assert.Equal(["b"], result.Pending);
        Assert.Equal(4, result.Attempts);
        Assert.Same(error, result.LastTransientError);
        var timedOut = Assert.Throws<WaitTimedOutException>(() => result.EnsureSuccess());
        Assert.Equal(1, timedOut.PendingCount);
    }

    [Fact]
    public void ASnapshotOfAWaitStillGoingOnIsRefused()
    {
        var ongoing = new BatchSnapshot<string>(1, TimeSpan.Zero, [], [], [], [], [], null, DateTimeOffset.UnixEpoch, null);

        var error = Assert.Throws<ArgumentException>(() => new WaitResult<string>(ongoing));

        Assert.Equal("last", error.ParamName);
    }
}
