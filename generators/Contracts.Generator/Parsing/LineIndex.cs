using System.Collections.Generic;
using Contracts.Generator.Json;
using Contracts.Generator.Model;

namespace Contracts.Generator.Parsing;

/// <summary>Maps offsets in a contract text to zero-based lines and columns.</summary>
internal sealed class LineIndex
{
    private readonly List<int> _lineStarts = new() { 0 };
    private readonly string _path;

    public LineIndex(string path, string text)
    {
        _path = path;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                _lineStarts.Add(i + 1);
            }
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
        int index = _lineStarts.BinarySearch(offset);
        int line = index >= 0 ? index : ~index - 1;
        return (line, offset - _lineStarts[line]);
    }
}
