using Contracts.Runtime.Budgets;
using Contracts.Runtime.Polling;

namespace Contracts.Runtime.Tests.Budgets;

/// <summary>Which budgets the running code holds a lease of: it flows into the calls it makes, and ends with the scope.</summary>
public sealed class RateBudgetScopeTests
{
    [Fact]
    public async Task AHeldBudgetIsSeenByTheCallsMadeInside_AndNoLongerOnceTheScopeEnds()
    {
        using var budget = new SpacedRateLimiter(TimeSpan.FromSeconds(1));
        using var other = new SpacedRateLimiter(TimeSpan.FromSeconds(1));

        bool inside, otherInside;
        using (RateBudgetScope.Hold(budget))
        {
            (inside, otherInside) = await Task.Run(async () =>
            {
                await Task.Yield();
                return (RateBudgetScope.IsHeld(budget), RateBudgetScope.IsHeld(other));
            });
        }

        Assert.True(inside);
        Assert.False(otherInside);
        Assert.False(RateBudgetScope.IsHeld(budget));
    }

    [Fact]
    public async Task HoldsNest_AndAHoldInsideACallDoesNotLeakToTheCaller()
    {
        using var outer = new SpacedRateLimiter(TimeSpan.FromSeconds(1));
        using var inner = new SpacedRateLimiter(TimeSpan.FromSeconds(1));

        using (RateBudgetScope.Hold(outer))
        {
            await HoldWithoutEndingAsync(inner);
            Assert.False(RateBudgetScope.IsHeld(inner));
            using (RateBudgetScope.Hold(inner))
            {
                Assert.True(RateBudgetScope.IsHeld(outer) && RateBudgetScope.IsHeld(inner));
            }

            Assert.True(RateBudgetScope.IsHeld(outer));
            Assert.False(RateBudgetScope.IsHeld(inner));
        }
    }

    [Fact]
    public void HoldingNothingMarksNothing_AndEndingTwiceIsHarmless()
    {
        using var budget = new SpacedRateLimiter(TimeSpan.FromSeconds(1));
        var nothing = RateBudgetScope.Hold(null);
        var scope = RateBudgetScope.Hold(budget);
        scope.Dispose();
        scope.Dispose();
        nothing.Dispose();

        Assert.False(RateBudgetScope.IsHeld(budget));
    }

    private static async Task HoldWithoutEndingAsync(SpacedRateLimiter budget)
    {
        RateBudgetScope.Hold(budget);
        await Task.Yield();
    }
}
