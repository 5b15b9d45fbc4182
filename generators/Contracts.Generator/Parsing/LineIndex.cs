using Contracts.Generator.Json;
using Contracts.Generator.Model;

namespace Contracts.Generator.Parsing;

/// <summary>Maps offsets in a contract text to zero-based lines and columns.</summary>
internal sealed class LineIndex
{
    private readonly int[] _lineStarts;
    private readonly string _path;

    public LineIndex(string path, string text)
    {
        _path = path;

        // Counted first, so that the index is one array of the right size.
        int lines = 1;
        for (int i = text.IndexOf('\n'); i >= 0; i = text.IndexOf('\n', i + 1))
        {
            lines++;
        }

        _lineStarts = new int[lines];
        int line = 1;
        for (int i = text.IndexOf('\n'); i >= 0; i = text.IndexOf('\n', i + 1))
        {
            _lineStarts[line++] = i + 1;
        }
    }

    public SourceLocation Locate(TextRange range)
    {
        var (startLine, startColumn) = Position(range.Start);
        var (endLine, endColumn) = Position(range.End);
        return new SourceLocation(_path, range.Start, range.Length, startLine, startColumn, endLine, endColumn);
    }

    private (int Line, int Column) Position(int offset)
    {
        int index = System.Array.BinarySearch(_lineStarts, offset);
        int line = index >= 0 ? index : ~index - 1;
        return (line, offset - _lineStarts[line]);
    }
}
