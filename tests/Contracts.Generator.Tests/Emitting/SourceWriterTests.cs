using System.Text;
using Contracts.Generator.Emitting;
using Contracts.Testing;
using CsCheck;

namespace Contracts.Generator.Tests.Emitting;

/// <summary>
/// The writer takes interpolated lines piece by piece and splits blocks without making strings
/// of them. Whatever the text (contract descriptions may hold any line break, split anywhere
/// between pieces), the file must read as if each line had been split out and indented alone.
/// </summary>
public sealed class SourceWriterTests
{
    private static string Breaks(string text) => SourceWriter.SplitLines(text).Count() > 1 ? "line breaks" : "no line break";

    private static string Show(string text) => string.Concat(text.Select(c => c < ' ' || c > '~' ? $"\\u{(int)c:x4}" : c.ToString()));

    // Letters, spaces and every sequence C# reads as a line break, so that breaks and CRLFs fall anywhere.
    private static readonly Gen<string> Text = Gen.Frequency(
            (6, Gen.Char['a', 'e']),
            (2, Gen.Const(' ')),
            (1, Gen.Char["\n\r\u0085\u2028\u2029"]))
        .Array[0, 24]
        .Select(chars => new string(chars));

    [Fact]
    public void BlocksWrittenInPiecesReadAsEachLineIndentedAlone()
    {
        Sampling.Check(
            Gen.Select(Text, Text, Text, Gen.Int[0, 3]),
            input =>
            {
                var (first, value, last, indent) = input;
                var writer = Indented(indent);
                writer.Lines($"{first}{value}{last}");
                Assert.Equal(Expected(first + value + last, indent), writer.ToString());

                var whole = Indented(indent);
                whole.Lines(first + value + last);
                Assert.Equal(Expected(first + value + last, indent), whole.ToString());
                return Breaks(first + value + last);
            },
            20_000,
            input => Show(input.Item1 + "|" + input.Item2 + "|" + input.Item3) + " indent " + input.Item4)
            .AssertReached("line breaks", "no line break");
    }

    [Fact]
    public void AnInterpolatedLineIsWrittenAsTheStringWouldBe()
    {
        Sampling.Check(
            Gen.Select(Text, Text, Gen.Int[0, 3]),
            input =>
            {
                var (first, last, indent) = input;
                var writer = Indented(indent);
                writer.Line($"{first}{indent}{last}");
                var reference = Indented(indent);
                reference.Line(first + indent + last);
                Assert.Equal(reference.ToString(), writer.ToString());
                return Breaks(first + last);
            },
            5_000,
            input => Show(input.Item1 + "|" + input.Item2) + " indent " + input.Item3)
            .AssertReached("line breaks", "no line break");
    }

    [Fact]
    public void DocLinesCarryThePrefixAndNoTrailingWhiteSpace()
    {
        Sampling.Check(
            Gen.Select(Text, Gen.Int[0, 3]),
            input =>
            {
                var (text, indent) = input;
                var writer = Indented(indent);
                writer.PrefixedLines("/// ", text);
                var expected = new StringBuilder(Opening(indent));
                foreach (string line in SourceWriter.SplitLines(text))
                {
                    expected.Append(' ', indent * 4).Append(("/// " + line).TrimEnd()).Append('\n');
                }

                Assert.Equal(expected.ToString(), writer.ToString());
                return Breaks(text);
            },
            5_000,
            input => Show(input.Item1) + " indent " + input.Item2)
            .AssertReached("line breaks", "no line break");
    }

    [Fact]
    public void AnEmptyLineHasNoIndentation()
    {
        var writer = new SourceWriter();
        using (writer.Block("class C"))
        {
            string empty = string.Empty;
            writer.Line($"{empty}");
            writer.Lines($"a{empty}\n\nb");
        }

        Assert.Equal("class C\n{\n\n    a\n\n    b\n}\n", writer.ToString());
    }

    [Fact]
    public void WritersOpenTogetherOnOneThreadKeepTheirOwnText()
    {
        var outer = new SourceWriter();
        outer.Line("outer");
        var inner = new SourceWriter();
        inner.Line("inner");
        Assert.Equal("inner\n", inner.ToString());
        outer.Line("still outer");
        Assert.Equal("outer\nstill outer\n", outer.ToString());

        // The text stays the writer's after its builder went back to be reused.
        var next = new SourceWriter();
        next.Line("next");
        Assert.Equal("inner\n", inner.ToString());
        Assert.Equal("next\n", next.ToString());
        Assert.Throws<InvalidOperationException>(() => inner.Line("too late"));
    }

    /// <summary>A writer <paramref name="indent"/> blocks deep; its text starts with their headers.</summary>
    private static SourceWriter Indented(int indent)
    {
        var writer = new SourceWriter();
        for (int level = 0; level < indent; level++)
        {
            writer.Block("b" + level);
        }

        return writer;
    }

    private static string Opening(int indent)
    {
        var text = new StringBuilder();
        for (int level = 0; level < indent; level++)
        {
            text.Append(' ', level * 4).Append('b').Append(level).Append('\n').Append(' ', level * 4).Append("{\n");
        }

        return text.ToString();
    }

    /// <summary>The old definition: split the whole text at every line break, then indent each non-empty line.</summary>
    private static string Expected(string text, int indent)
    {
        var expected = new StringBuilder(Opening(indent));
        foreach (string line in SourceWriter.SplitLines(text))
        {
            if (line.Length > 0)
            {
                expected.Append(' ', indent * 4);
            }

            expected.Append(line).Append('\n');
        }

        return expected.ToString();
    }
}
