using System;
using System.Text;

namespace Contracts.Generator.Emitting;

/// <summary>
/// Writes C# with four-space indentation and <c>\n</c> line endings whatever the host, so that
/// generated files are byte-identical on every machine.
/// </summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _builder = new();
    private int _indent;

    /// <summary>Writes one line at the current indentation; an empty line stays empty.</summary>
    public SourceWriter Line(string text = "")
    {
        if (text.Length > 0)
        {
            _builder.Append(' ', _indent * 4);
        }

        _builder.Append(text).Append('\n');
        return this;
    }

    /// <summary>Writes a multi-line block (typically a raw string), each line at the current indentation.</summary>
    public SourceWriter Lines(string text)
    {
        foreach (var line in SplitLines(text))
        {
            Line(line);
        }

        return this;
    }

    /// <summary>
    /// Splits text at every sequence C# treats as a line break (CR, LF, CRLF, U+0085, U+2028,
    /// U+2029), so that text from a contract can never end a comment line early.
    /// </summary>
    public static string[] SplitLines(string text) =>
        text.Replace("\r\n", "\n").Split(LineBreaks);

    private static readonly char[] LineBreaks = { '\n', '\r', '\u0085', '\u2028', '\u2029' };

    /// <summary>Writes <paramref name="header"/>, an opening brace, and indents until the returned scope is disposed.</summary>
    public Scope Block(string header, string closing = "}", string opening = "{")
    {
        Line(header);
        Line(opening);
        _indent++;
        return new Scope(this, closing);
    }

    /// <summary>Indents the lines written until the returned scope is disposed, with no braces (a continued expression).</summary>
    public Scope Indent()
    {
        _indent++;
        return new Scope(this, closing: null);
    }

    private void Outdent(string? closing)
    {
        _indent--;
        if (closing is not null)
        {
            Line(closing);
        }
    }

    public override string ToString() => _builder.ToString();

    internal readonly struct Scope : IDisposable
    {
        private readonly SourceWriter _writer;
        private readonly string? _closing;

        public Scope(SourceWriter writer, string? closing)
        {
            _writer = writer;
            _closing = closing;
        }

        public void Dispose() => _writer.Outdent(_closing);
    }
}
