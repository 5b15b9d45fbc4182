using System.Collections.Immutable;
using Contracts.Generator.Model;

namespace Contracts.Generator.Tests;

/// <summary>The array the pipeline's models are built from compares by items, which is what lets unchanged steps be cached.</summary>
public sealed class EquatableArrayTests
{
    [Fact]
    public void ArraysWithEqualItemsAreEqualAndHashAlike()
    {
        var left = new[] { "a", "b" }.ToEquatableArray();
        var right = ImmutableArray.Create("a", "b").ToEquatableArray();

        Assert.True(left == right);
        Assert.True(left.Equals((object)right));
        Assert.Equal(left.GetHashCode(), right.GetHashCode());
    }

    [Theory]
    [InlineData(new[] { "a", "b" }, new[] { "b", "a" })]
    [InlineData(new[] { "a" }, new[] { "a", "a" })]
    [InlineData(new string[0], new[] { "" })]
    public void OrderLengthAndItemsAllCount(string[] left, string[] right)
    {
        Assert.True(left.ToEquatableArray() != right.ToEquatableArray());
    }

    [Fact]
    public void DefaultAndEmptyAreTheSameEmptyArray()
    {
        EquatableArray<string> unset = default;

        Assert.Equal(EquatableArray<string>.Empty, unset);
        Assert.Empty(unset);
        Assert.Equal(EquatableArray<string>.Empty.GetHashCode(), unset.GetHashCode());
    }

    [Fact]
    public void RecordsHoldingArraysCompareByTheirItems()
    {
        var first = new RefitParameterModel("id", "id", IsCancellationToken: false);
        var a = new RefitMethodModel("IApi", "global::IApi", InterfaceAccess.Public, "Get", "GET", "/x", new[] { first }.ToEquatableArray());
        var b = a with { Parameters = new[] { first with { } }.ToEquatableArray() };

        Assert.Equal(a, b);
        Assert.NotEqual(a, b with { Parameters = EquatableArray<RefitParameterModel>.Empty });
    }
}
