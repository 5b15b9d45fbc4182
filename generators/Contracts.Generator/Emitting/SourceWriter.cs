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
        foreach (var line in text.Replace("\r\n", "\n").Split('\n'))
        {
            Line(line);
        }

        return this;
    }

    /// <summary>Writes <paramref name="header"/>, an opening brace, and indents until the returned scope is disposed.</summary>
    public Scope Block(string header, string closing = "}")
    {
        Line(header);
        Line("{");
        _indent++;
        return new Scope(this, closing);
    }

    public void Outdent(string closing)
    {
        _indent--;
        Line(closing);
    }

    public override string ToString() => _builder.ToString();

    internal readonly struct Scope : IDisposable
    {
        private readonly SourceWriter _writer;
        private readonly string _closing;

        public Scope(SourceWriter writer, string closing)
        {
            _writer = writer;
            _closing = closing;
        }

        public void Dispose() => _writer.Outdent(_closing);
    }
}
