using Contracts.Generator.Emitting;
using Contracts.Testing;
using CsCheck;
using Microsoft.CodeAnalysis.CSharp;

namespace Contracts.Generator.Tests.Emitting;

/// <summary>
/// Literals and doc texts take a shortcut when there is nothing to escape or fold. Whatever a
/// contract's wire names and descriptions hold, the shortcut must spell exactly what the full
/// path spells: Roslyn's formatter (with C#'s other line breaks escaped), XML escaping, and
/// folding of every line break to a space.
/// </summary>
public sealed class CSharpSpellingTests
{
    private static string Show(string text) => string.Concat(text.Select(c => c < ' ' || c > '~' ? $"\\u{(int)c:x4}" : c.ToString()));

    // Mostly printable ASCII, so that the shortcut is taken often, and now and then a quote, a
    // backslash, a control character, an XML special, a line break or a character past ASCII.
    private static readonly Gen<string> Text = Gen.Frequency(
            (20, Gen.Char[' ', '~']),
            (2, Gen.Char["\"\\&<>"]),
            (1, Gen.Char["\0\a\b\t\v\f\u001f\u007f"]),
            (1, Gen.Char["\n\r\u0085\u2028\u2029"]),
            (1, Gen.Char["éß€\u00a0\ud83d\ude00\ud800"]))
        .Array[0, 16]
        .Select(chars => new string(chars));

    [Fact]
    public void AStringLiteralIsRoslynsWithEveryLineBreakEscaped()
    {
        Sampling.Check(
            Text,
            text =>
            {
                string expected = SymbolDisplay.FormatLiteral(text, quote: true)
                    .Replace("\u0085", "\\u0085")
                    .Replace("\u2028", "\\u2028")
                    .Replace("\u2029", "\\u2029");
                Assert.Equal(expected, Contracts.Generator.Naming.CSharp.StringLiteral(text));
                return expected == "\"" + text + "\"" ? "no escape needed" : "escaped";
            },
            20_000,
            Show)
            .AssertReached("no escape needed", "escaped");
    }

    [Fact]
    public void DocTextIsEscapedAndFoldedOntoOneLine()
    {
        Sampling.Check(
            Text,
            text =>
            {
                string escaped = text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
                Assert.Equal(escaped, DocComment.Escape(text));
                Assert.Equal(string.Join(" ", SourceWriter.SplitLines(escaped)), DocComment.EscapeInline(text));
                Assert.Equal(string.Join(" ", SourceWriter.SplitLines(text)), SourceWriter.FoldLines(text));
                return escaped == text && !SourceWriter.SplitLines(text).Skip(1).Any() ? "nothing to escape or fold" : "escaped or folded";
            },
            20_000,
            Show)
            .AssertReached("nothing to escape or fold", "escaped or folded");
    }

    [Theory]
    [InlineData("video_id", "\"video_id\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData("C:\\path", "\"C:\\\\path\"")]
    [InlineData("tab\there", "\"tab\\there\"")]
    [InlineData("line\u2028break", "\"line\\u2028break\"")]
    public void KnownLiterals(string text, string literal) =>
        Assert.Equal(literal, Contracts.Generator.Naming.CSharp.StringLiteral(text));
}
