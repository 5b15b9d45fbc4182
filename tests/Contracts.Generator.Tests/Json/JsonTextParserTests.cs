using System.Globalization;
using System.Text;
using Contracts.Generator.Json;
using Contracts.Testing;
using CsCheck;

namespace Contracts.Generator.Tests.Json;

/// <summary>
/// Strings without escapes are cut from the contract text in one piece, the others decoded
/// through a builder. For any text, escaped in any mix of ways, both must read back the text,
/// and refuse it where JSON does (raw control characters, unpaired surrogates).
/// </summary>
public sealed class JsonTextParserTests
{
    private static readonly Gen<char> AnyChar = Gen.Frequency(
        (8, Gen.Char['a', 'z']),
        (2, Gen.Char["\"\\/ é\u2028"]),
        (1, Gen.Char['\0', '\u001f']),
        (1, Gen.Char['\ud800', '\udfff']),
        (1, Gen.Char));

    /// <summary>A character as JSON may write it: as itself (where allowed), a short escape, or \uXXXX.</summary>
    private static readonly Gen<(char Char, int Form)> Written = Gen.Select(AnyChar, Gen.Int[0, 2], (c, form) => (c, form));

    [Fact]
    public void AnyStringReadsBackHoweverItIsEscaped()
    {
        var stages = Sampling.Check(
            Written.Array[0, 20],
            chars =>
            {
                string text = new(chars.Select(c => c.Char).ToArray());
                var json = new StringBuilder("{\"key\": \"");
                bool rawControl = false;
                foreach (var (c, form) in chars)
                {
                    if (form == 2 || c is '"' or '\\')
                    {
                        json.Append(form == 0 && c is '"' or '\\' ? "\\" + c : "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else if (form == 1 && Short(c) is { } escape)
                    {
                        json.Append(escape);
                    }
                    else
                    {
                        rawControl |= c < ' ';
                        json.Append(c);
                    }
                }

                json.Append("\"}");
                var root = JsonTextParser.Parse(json.ToString(), out var error);
                if (rawControl || HasUnpairedSurrogate(text))
                {
                    Assert.Null(root);
                    Assert.NotNull(error);
                    return "refused";
                }

                Assert.True(error is null, error?.Message);
                var value = Assert.IsType<JsonScalar>(Assert.IsType<JsonObject>(root)["key"]);
                Assert.Equal(text, value.Text);
                return chars.Any(c => c.Form != 0 || c.Char is '"' or '\\') ? "read back, with escapes" : "read back, plain";
            },
            20_000,
            chars => string.Join(" ", chars.Select(c => $"U+{(int)c.Char:X4}/{c.Form}")));
        Assert.Equal(3, stages.Count);
    }

    [Fact]
    public void ObjectsAndArraysKeepEveryMemberAtEveryDepth()
    {
        // Siblings and nesting share the parser's per-level lists: each value must keep its own members.
        var root = JsonTextParser.Parse("""{"a": [1, {"b": [], "c": {}}, [2, [3]]], "d": {"e": [4, 5]}, "f": []}""", out var error);
        Assert.Null(error);
        var top = Assert.IsType<JsonObject>(root);
        Assert.Equal(["a", "d", "f"], top.Properties.Select(p => p.Name));
        var a = Assert.IsType<JsonArray>(top["a"]);
        Assert.Equal(3, a.Items.Length);
        var inner = Assert.IsType<JsonObject>(a.Items[1]);
        Assert.Equal(["b", "c"], inner.Properties.Select(p => p.Name));
        Assert.Empty(Assert.IsType<JsonArray>(inner["b"]).Items);
        Assert.Equal(["2"], Assert.IsType<JsonArray>(a.Items[2]).Items.Take(1).Select(i => ((JsonScalar)i).Text));
        Assert.Equal(["4", "5"], Assert.IsType<JsonArray>(Assert.IsType<JsonObject>(top["d"])["e"]).Items.Select(i => ((JsonScalar)i).Text));
        Assert.Empty(Assert.IsType<JsonArray>(top["f"]).Items);
    }

    private static string? Short(char c) => c switch
    {
        '\b' => "\\b",
        '\f' => "\\f",
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        '/' => "\\/",
        _ => null,
    };

    private static bool HasUnpairedSurrogate(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }
}
