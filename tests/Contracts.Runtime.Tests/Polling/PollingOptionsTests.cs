using System.Net.Http.Headers;
using Contracts.Runtime.Polling;

namespace Contracts.Runtime.Tests.Polling;

public sealed class PollingOptionsTests
{
    private static readonly TimeSpan OneRequestPerSecond = TimeSpan.FromSeconds(1);

    [Fact]
    public void DefaultsAreValidForTheTaskStatusRateLimit()
    {
        var options = new PollingOptions();

        options.Validate(OneRequestPerSecond);

        Assert.Equal(TimeSpan.FromMinutes(10), options.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(2), options.MinDelay);
        Assert.Equal(TimeSpan.FromSeconds(30), options.MaxDelay);
        Assert.Equal(5, options.MaxConsecutiveTransientErrors);
    }

    [Fact]
    public void AMinDelayBelowTheRateLimitIsRefusedWithWhatWouldFit()
    {
        var options = new PollingOptions { MinDelay = TimeSpan.FromMilliseconds(500) };

        var error = Assert.Throws<ArgumentException>(() => options.Validate(OneRequestPerSecond));

        Assert.Equal("MinDelay", error.ParamName);
        Assert.StartsWith("Polling option MinDelay is 00:00:00.5000000, shorter than the endpoint's rate limit allows; use at least 00:00:01.", error.Message);
    }

    [Theory]
    [InlineData(nameof(PollingOptions.Timeout))]
    [InlineData(nameof(PollingOptions.MaxDelay))]
    [InlineData(nameof(PollingOptions.EmptyGracePeriod))]
    [InlineData(nameof(PollingOptions.AttemptTimeout))]
    [InlineData(nameof(PollingOptions.MaxConsecutiveTransientErrors))]
    public void EachOutOfRangeOptionIsNamed(string option)
    {
        var options = new PollingOptions();
        switch (option)
        {
            case nameof(PollingOptions.Timeout): options.Timeout = TimeSpan.Zero; break;
            case nameof(PollingOptions.MaxDelay): options.MaxDelay = TimeSpan.FromSeconds(1); break;
            case nameof(PollingOptions.EmptyGracePeriod): options.EmptyGracePeriod = TimeSpan.FromSeconds(-1); break;
            case nameof(PollingOptions.AttemptTimeout): options.AttemptTimeout = TimeSpan.Zero; break;
            case nameof(PollingOptions.MaxConsecutiveTransientErrors): options.MaxConsecutiveTransientErrors = 0; break;
        }

        var error = Assert.Throws<ArgumentException>(() => options.Validate(OneRequestPerSecond));

        Assert.Equal(option, error.ParamName);
    }

    [Fact]
    public void ALimiterAndASchedulerTogetherAreRefused_NamingBoth()
    {
        using var budget = new SpacedRateLimiter(OneRequestPerSecond);
        using var scheduler = new AccountPollScheduler(budget, OneRequestPerSecond);
        var options = new PollingOptions { RateLimiter = budget, Scheduler = scheduler };

        var error = Assert.Throws<ArgumentException>(() => options.Validate(OneRequestPerSecond));

        Assert.Equal(nameof(PollingOptions.RateLimiter), error.ParamName);
        Assert.Contains("RateLimiter and Scheduler are both set", error.Message, StringComparison.Ordinal);
        options.RateLimiter = null;
        options.Validate(OneRequestPerSecond);   // the scheduler alone holds the budget
    }

    [Theory]
    [InlineData(600, 2, 30, 2)]      // the defaults: one minimum delay
    [InlineData(600, 2, 1, 1)]       // a request that must answer sooner
    [InlineData(3, 2, 30, 1.5)]      // a short wait keeps half of itself for polling
    public void TheAnswerWindowIsTheShortestOfMinDelayAttemptTimeoutAndHalfTheTimeout(double timeout, double minDelay, double attemptTimeout, double expected)
    {
        var options = new PollingOptions
        {
            Timeout = TimeSpan.FromSeconds(timeout),
            MinDelay = TimeSpan.FromSeconds(minDelay),
            AttemptTimeout = TimeSpan.FromSeconds(attemptTimeout),
        };

        Assert.Equal(TimeSpan.FromSeconds(expected), options.AnswerWindow);
    }

    [Fact]
    public void RetryAfterAsDeltaOrDate()
    {
        var now = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(TimeSpan.FromSeconds(7), RetryAfter.From(new RetryConditionHeaderValue(TimeSpan.FromSeconds(7)), now));
        Assert.Equal(TimeSpan.FromSeconds(90), RetryAfter.From(new RetryConditionHeaderValue(now.AddSeconds(90)), now));
        Assert.Equal(TimeSpan.Zero, RetryAfter.From(new RetryConditionHeaderValue(now.AddSeconds(-5)), now));
        Assert.Null(RetryAfter.From(null, now));
    }
}
