using Contracts.Runtime.Budgets;

namespace Contracts.Runtime.Tests.Budgets;

/// <summary>The table a contract's generator writes: which family a request spends, and each family's limit.</summary>
public sealed class RateBudgetTableTests
{
    private static readonly RateBudgetTable Table = new(
        [new RateBudget("items", TimeSpan.FromSeconds(1)), new RateBudget("latest", TimeSpan.FromSeconds(5)), new RateBudget("writes", TimeSpan.FromMinutes(1), burst: 2)],
        [
            new RateBudgetRoute("GET", "/v1/items/{id}", "items"),
            new RateBudgetRoute("GET", "/v1/items/latest", "latest"),
            new RateBudgetRoute("post", "/v1/items", "writes"),
            new RateBudgetRoute("PUT", "/v1/items/{id}/parts/{part}", "writes"),
        ]);

    [Theory]
    [InlineData("GET", "/v1/items/42", "items")]
    [InlineData("get", "/v1/items/42/", "items")]
    [InlineData("GET", "/v1/items/latest", "latest")]
    [InlineData("POST", "/v1/items", "writes")]
    [InlineData("PUT", "/v1/items/a/parts/b", "writes")]
    [InlineData("GET", "/v1/items", null)]
    [InlineData("DELETE", "/v1/items/42", null)]
    [InlineData("GET", "/v1/items/42/extra", null)]
    [InlineData("GET", "/v1/Items/42", null)]
    [InlineData("PUT", "/v1/items/a/parts", null)]
    public void ARequestSpendsTheFamilyOfItsRoute_TheMostSpecificRouteFirst(string method, string path, string? family) =>
        Assert.Equal(family, Table.Find(method, path)?.Family);

    [Fact]
    public void AFamilyIsFoundByName_AndAMissingOneIsNamedWithThoseThereAre()
    {
        Assert.Equal((TimeSpan.FromMinutes(1), 2), (Table["writes"].Interval, Table["writes"].Burst));
        var error = Assert.Throws<KeyNotFoundException>(() => Table["reads"]);
        Assert.Contains("items, latest, writes", error.Message);
    }

    [Fact]
    public void ATableThatContradictsItselfIsRefusedWhenMade()
    {
        Assert.Throws<ArgumentException>(() => new RateBudgetTable([new RateBudget("a", TimeSpan.FromSeconds(1)), new RateBudget("a", TimeSpan.FromSeconds(2))], []));
        var orphan = Assert.Throws<ArgumentException>(() => new RateBudgetTable([new RateBudget("a", TimeSpan.FromSeconds(1))], [new RateBudgetRoute("GET", "/x", "b")]));
        Assert.Contains("'b'", orphan.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new RateBudget("a", TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RateBudget("a", TimeSpan.FromSeconds(1), burst: 0));
    }

    [Fact]
    public void TablesOfOneApiCombine_UnlessTheyDisagreeOnAFamily()
    {
        var other = new RateBudgetTable([new RateBudget("items", TimeSpan.FromSeconds(1)), new RateBudget("search", TimeSpan.FromSeconds(2))], [new RateBudgetRoute("POST", "/v1/search", "search")]);

        var combined = RateBudgetTable.Combine(Table, other);

        Assert.Equal("search", combined.Find("POST", "/v1/search")?.Family);
        Assert.Equal("items", combined.Find("GET", "/v1/items/1")?.Family);
        var disagreeing = new RateBudgetTable([new RateBudget("items", TimeSpan.FromSeconds(3))], []);
        var error = Assert.Throws<ArgumentException>(() => RateBudgetTable.Combine(Table, disagreeing));
        Assert.Contains("'items'", error.Message);
    }
}
