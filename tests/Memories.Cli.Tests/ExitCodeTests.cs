namespace Memories.Cli.Tests;

/// <summary>What <c>tasks wait</c> with several tasks exits with: the outcome that needs attention most, whatever the order of the tasks.</summary>
public sealed class ExitCodeTests
{
    [Theory]
    [InlineData(new[] { 0, 0 }, 0)]
    [InlineData(new[] { 0, 3 }, 3)]
    [InlineData(new[] { 3, 4, 0 }, 4)]
    [InlineData(new[] { 4, 5, 3 }, 5)]
    [InlineData(new[] { 5, 4 }, 5)]
    [InlineData(new[] { 0, 1 }, 1)]
    public void SeveralWaitsExitWithTheMostUrgentOutcomeInAnyOrder(int[] codes, int expected)
    {
        foreach (var order in Permutations(codes))
        {
            Assert.Equal(expected, ExitCodes.MostUrgent(order));
        }
    }

    private static IEnumerable<int[]> Permutations(int[] items) => items.Length <= 1
        ? [items]
        : items.SelectMany((item, i) => Permutations([.. items[..i], .. items[(i + 1)..]]).Select(rest => (int[])[item, .. rest]));
}
