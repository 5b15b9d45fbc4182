using System.Collections;
using System.Reflection;

namespace Memories.Contracts.Tests;

/// <summary>
/// Compares two decoded values member by member, lists item by item (records compare their lists
/// by reference), so that a value lost or changed anywhere in a round trip is named by its path.
/// </summary>
internal static class Structural
{
    public static void AssertEqual(object? expected, object? actual, string path = "$")
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{path}: expected {expected ?? "null"}, found {actual ?? "null"}");
            return;
        }

        var type = expected.GetType();
        if (expected is IEnumerable items && expected is not string)
        {
            // Lists by their items, whatever collection type holds them.
            var left = items.Cast<object?>().ToList();
            var right = Assert.IsAssignableFrom<IEnumerable>(actual).Cast<object?>().ToList();
            Assert.True(left.Count == right.Count, $"{path}: expected {left.Count} items, found {right.Count}");
            for (int i = 0; i < left.Count; i++)
            {
                AssertEqual(left[i], right[i], $"{path}[{i}]");
            }

            return;
        }

        Assert.True(type == actual.GetType(), $"{path}: expected a {type.Name}, found a {actual.GetType().Name}");
        if (type.IsPrimitive || type.IsEnum || expected is string or decimal or Uri or TimeSpan or DateTimeOffset)
        {
            Assert.True(expected.Equals(actual), $"{path}: expected {expected}, found {actual}");
            return;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
        {
            AssertEqual(property.GetValue(expected), property.GetValue(actual), path + "." + property.Name);
        }
    }
}
