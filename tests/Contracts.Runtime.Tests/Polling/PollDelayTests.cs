using Contracts.Runtime.Polling;

namespace Contracts.Runtime.Tests.Polling;

/// <summary>The delay table of the waiter: Smithy's formula, jitter, the last-try clamp and the deadline.</summary>
public sealed class PollDelayTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(3, 8)]
    [InlineData(4, 16)]
    [InlineData(5, 30)]
    [InlineData(50, 30)]
    public void CeilingDoublesFromMinUpToMax(int attempt, int expectedSeconds) =>
        Assert.Equal(Second * expectedSeconds, new PollDelay(Second * 2, Second * 30).Ceiling(attempt));

    [Theory]
    [InlineData(0.0, 2)]
    [InlineData(0.5, 5)]
    [InlineData(0.999999, 8)]
    public void FullJitterSpreadsBetweenMinAndCeiling(double random, int expectedSeconds)
    {
        var delay = new PollDelay(Second * 2, Second * 30).Next(attempt: 3, Hour, random)!.Value;

        Assert.Equal(Second * expectedSeconds, TimeSpan.FromSeconds(Math.Round(delay.TotalSeconds)));
    }

    [Fact]
    public void MinEqualToMaxGivesAFixedDelay()
    {
        var schedule = new PollDelay(Second * 5, Second * 5);

        Assert.All(Enumerable.Range(1, 10), attempt => Assert.Equal(Second * 5, schedule.Next(attempt, Hour, 0.7)));
    }

    [Fact]
    public void TheLastTryIsClampedToTheLastMomentASendCanBeAnswered()
    {
        var schedule = new PollDelay(Second * 2, Second * 30);

        // 8 s drawn with 9 s left would leave 1 s, less than the minimum: poll at the last moment instead.
        Assert.Equal(Second * 9, schedule.Next(attempt: 3, remaining: Second * 9, random: 0.999999));
        // Enough time left: no clamp.
        Assert.Equal(Second * 2, schedule.Next(attempt: 3, remaining: Second * 60, random: 0));
    }

    [Fact]
    public void NoPollIsScheduledPastTheDeadline()
    {
        var schedule = new PollDelay(Second * 2, Second * 30);

        for (int attempt = 1; attempt < 40; attempt++)
        {
            foreach (double random in new[] { 0, 0.3, 0.999 })
            {
                foreach (var remaining in new[] { Second / 2, Second * 3, Second * 17, Second * 200 })
                {
                    var delay = schedule.Next(attempt, remaining, random);
                    if (remaining < schedule.MinDelay)
                    {
                        // Less than the minimum left: a poll would break the rate limit, so none is made.
                        Assert.Null(delay);
                        continue;
                    }

                    Assert.NotNull(delay);
                    Assert.True(delay <= remaining, $"attempt {attempt}: {delay} is past the {remaining} left");
                    Assert.True(delay >= schedule.MinDelay, $"attempt {attempt}: {delay} is sooner than the minimum");
                }
            }
        }

        Assert.Null(schedule.Next(1, TimeSpan.Zero, 0.5));
        Assert.Null(schedule.Next(1, -Second, 0.5));
    }

    [Fact]
    public void RetryAfterIsAFloor()
    {
        var schedule = new PollDelay(Second * 2, Second * 30);

        Assert.Equal(Second * 20, schedule.Next(attempt: 1, Hour, random: 0, floor: Second * 20));
        Assert.Equal(Second * 2, schedule.Next(attempt: 1, Hour, random: 0, floor: Second));
    }

    [Fact]
    public void RetryAfterLongerThanTheTimeLeftEndsThePolling() =>
        Assert.Null(new PollDelay(Second * 2, Second * 30).Next(attempt: 1, remaining: Second * 10, random: 0, floor: Second * 11));

    [Fact]
    public void InvalidBoundsAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PollDelay(TimeSpan.Zero, Second));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PollDelay(Second * 2, Second));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PollDelay(Second, Second).Next(1, Hour, 1.0));
    }
}
