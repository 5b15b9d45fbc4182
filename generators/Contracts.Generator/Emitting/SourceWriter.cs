using System;
using System.Runtime.CompilerServices;
using System.Text;

namespace Contracts.Generator.Emitting;

/// <summary>
/// Writes C# with four-space indentation and <c>\n</c> line endings whatever the host, so that
/// generated files are byte-identical on every machine.
/// </summary>
internal sealed class SourceWriter
{
    private const int MaxSpareCapacity = 256 * 1024;

    // One builder per thread, handed back by ToString: a cold run writes some twenty files, and
    // growing a new builder for each was most of what emitting allocated.
    [ThreadStatic]
    private static StringBuilder? t_spare;

    private StringBuilder? _builder;
    private string? _text;
    private int _indent;
    private bool _atLineStart = true;
    private bool _afterCarriageReturn;

    public SourceWriter()
    {
        _builder = t_spare ?? new StringBuilder(16 * 1024);
        t_spare = null;
    }

    private StringBuilder Builder => _builder ?? throw new InvalidOperationException("The file was already turned into text.");

    /// <summary>Writes one line at the current indentation; an empty line stays empty.</summary>
    public SourceWriter Line(string text = "")
    {
        Append(text);
        return EndLine();
    }

    /// <summary>Writes one interpolated line at the current indentation, straight into the file.</summary>
    public SourceWriter Line([InterpolatedStringHandlerArgument("")] ref InterpolatedLine line) => EndLine();

    /// <summary>Writes a multi-line block (typically a raw string), each line at the current indentation.</summary>
    public SourceWriter Lines(string text)
    {
        AppendSplitting(text);
        return EndLine();
    }

    /// <summary>Writes an interpolated multi-line block (typically a raw string), each line at the current indentation.</summary>
    public SourceWriter Lines([InterpolatedStringHandlerArgument("")] ref InterpolatedLines lines) => EndLine();

    /// <summary>
    /// Writes each line of <paramref name="text"/> after <paramref name="prefix"/> (a doc comment's
    /// <c>/// </c>, say), without trailing white space.
    /// </summary>
    public SourceWriter PrefixedLines(string prefix, string text)
    {
        int start = 0;
        while (true)
        {
            int length = LineLength(text, start);
            int end = start + length;
            while (end > start && char.IsWhiteSpace(text[end - 1]))
            {
                end--;
            }

            var builder = Builder.Append(' ', _indent * 4);
            if (end > start)
            {
                builder.Append(prefix).Append(text, start, end - start);
            }
            else
            {
                builder.Append(prefix.TrimEnd());
            }

            builder.Append('\n');
            start = NextBreak(text, start + length);
            if (start < 0)
            {
                return this;
            }
        }
    }

    /// <summary>
    /// Splits text at every sequence C# treats as a line break (CR, LF, CRLF, U+0085, U+2028,
    /// U+2029), so that text from a contract can never end a comment line early.
    /// </summary>
    public static string[] SplitLines(string text) =>
        text.Replace("\r\n", "\n").Split(LineBreaks);

    /// <summary>The text on one line: every line break (as <see cref="SplitLines"/> finds them) becomes a space.</summary>
    public static string FoldLines(string text) =>
        text.IndexOfAny(LineBreaks) < 0 ? text : string.Join(" ", SplitLines(text));

    private static readonly char[] LineBreaks = { '\n', '\r', '\u0085', '\u2028', '\u2029' };

    /// <summary>The length of the line starting at <paramref name="start"/>, up to the next line break or the end.</summary>
    private static int LineLength(string text, int start)
    {
        int end = text.IndexOfAny(LineBreaks, start);
        return (end < 0 ? text.Length : end) - start;
    }

    /// <summary>Where the line after the break at <paramref name="at"/> starts (a CRLF is one break), or -1 at the end of the text.</summary>
    private static int NextBreak(string text, int at)
    {
        if (at >= text.Length)
        {
            return -1;
        }

        return text[at] == '\r' && at + 1 < text.Length && text[at + 1] == '\n' ? at + 2 : at + 1;
    }

    /// <summary>Appends to the current line; its indentation goes first, once the line has any text.</summary>
    private void Append(string text, int start, int length)
    {
        if (length == 0)
        {
            return;
        }

        var builder = Builder;
        if (_atLineStart)
        {
            builder.Append(' ', _indent * 4);
            _atLineStart = false;
        }

        builder.Append(text, start, length);
    }

    private void Append(string text) => Append(text, 0, text.Length);

    /// <summary>Appends text that may hold line breaks: each break ends the current line.</summary>
    private void AppendSplitting(string text)
    {
        if (text.Length == 0)
        {
            return;
        }

        int start = 0;
        if (_afterCarriageReturn && text[0] == '\n')
        {
            // The LF of a CRLF whose CR ended the previous piece.
            start = 1;
        }

        _afterCarriageReturn = false;
        while (start < text.Length)
        {
            int length = LineLength(text, start);
            Append(text, start, length);
            int next = NextBreak(text, start + length);
            if (next < 0)
            {
                return;
            }

            EndLine();
            _afterCarriageReturn = next == text.Length && text[next - 1] == '\r';
            start = next;
        }
    }

    private SourceWriter EndLine()
    {
        Builder.Append('\n');
        _atLineStart = true;
        _afterCarriageReturn = false;
        return this;
    }

    /// <summary>Writes <paramref name="header"/>, an opening brace, and indents until the returned scope is disposed.</summary>
    public Scope Block(string header, string closing = "}", string opening = "{")
    {
        Line(header);
        return Open(closing, opening);
    }

    /// <summary>Writes an interpolated <paramref name="header"/>, an opening brace, and indents until the returned scope is disposed.</summary>
    public Scope Block([InterpolatedStringHandlerArgument("")] ref InterpolatedLine header, string closing = "}", string opening = "{")
    {
        EndLine();
        return Open(closing, opening);
    }

    private Scope Open(string closing, string opening)
    {
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

    /// <summary>The file's text. The writer takes no more lines after this: its builder goes back to be reused.</summary>
    public override string ToString()
    {
        if (_text is null)
        {
            var builder = Builder;
            _text = builder.ToString();
            _builder = null;

            // A builder grown by an exceptionally large file is left to the GC rather than kept for good.
            if (builder.Capacity <= MaxSpareCapacity)
            {
                builder.Clear();
                t_spare = builder;
            }
        }

        return _text;
    }

    /// <summary>
    /// An interpolated line written into the writer piece by piece (C#'s interpolated string
    /// handler pattern), so that no string of the whole line is made first.
    /// </summary>
    [InterpolatedStringHandler]
    internal readonly struct InterpolatedLine
    {
        private readonly SourceWriter _writer;

        public InterpolatedLine(int literalLength, int formattedCount, SourceWriter writer)
        {
            _writer = writer;
        }

        public void AppendLiteral(string text) => _writer.Append(text);

        public void AppendFormatted(string? text) => _writer.Append(text ?? string.Empty);

        public void AppendFormatted<T>(T value) => _writer.Append(value?.ToString() ?? string.Empty);
    }

    /// <summary>Like <see cref="InterpolatedLine"/>, for a block of lines: every line break in the text or its values starts a new, indented line.</summary>
    [InterpolatedStringHandler]
    internal readonly struct InterpolatedLines
    {
        private readonly SourceWriter _writer;

        public InterpolatedLines(int literalLength, int formattedCount, SourceWriter writer)
        {
            _writer = writer;
        }

        public void AppendLiteral(string text) => _writer.AppendSplitting(text);

        public void AppendFormatted(string? text) => _writer.AppendSplitting(text ?? string.Empty);

        public void AppendFormatted<T>(T value) => _writer.AppendSplitting(value?.ToString() ?? string.Empty);
    }

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
