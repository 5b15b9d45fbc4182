using System.Collections.Generic;
using Contracts.Generator.Json;
using Contracts.Generator.Model;

namespace Contracts.Generator.Parsing;

/// <summary>
/// Maps offsets in a contract's text to files, zero-based lines and columns. A contract of several
/// files is read as their texts one after another, each from its <see cref="ContractParts.Offsets"/>
/// entry; every location names the file the offset falls in.
/// </summary>
internal sealed class LineIndex
{
    private readonly Segment[] _segments;

    public LineIndex(string path, string text)
        : this(new[] { (path, text, 0) })
    {
    }

    public LineIndex(IReadOnlyList<(string Path, string Text, int Offset)> files)
    {
        _segments = new Segment[files.Count];
        for (int i = 0; i < files.Count; i++)
        {
            _segments[i] = new Segment(files[i].Path, files[i].Offset, LineStarts(files[i].Text));
        }
    }

    public SourceLocation Locate(TextRange range)
    {
        var segment = SegmentOf(range.Start);
        int start = range.Start - segment.Offset;
        var (startLine, startColumn) = segment.Position(start);
        var (endLine, endColumn) = segment.Position(start + range.Length);
        return new SourceLocation(segment.Path, start, range.Length, startLine, startColumn, endLine, endColumn);
    }

    private Segment SegmentOf(int offset)
    {
        int i = _segments.Length - 1;
        while (i > 0 && _segments[i].Offset > offset)
        {
            i--;
        }

        return _segments[i];
    }

    private static int[] LineStarts(string text)
    {
        // Counted first, so that the index is one array of the right size.
        int lines = 1;
        for (int i = text.IndexOf('\n'); i >= 0; i = text.IndexOf('\n', i + 1))
        {
            lines++;
        }

        var lineStarts = new int[lines];
        int line = 1;
        for (int i = text.IndexOf('\n'); i >= 0; i = text.IndexOf('\n', i + 1))
        {
            lineStarts[line++] = i + 1;
        }

        return lineStarts;
    }

    private sealed class Segment
    {
        private readonly int[] _lineStarts;

        public Segment(string path, int offset, int[] lineStarts)
        {
            Path = path;
            Offset = offset;
            _lineStarts = lineStarts;
        }

        public string Path { get; }

        public int Offset { get; }

        public (int Line, int Column) Position(int offset)
        {
            int index = System.Array.BinarySearch(_lineStarts, offset);
            int line = index >= 0 ? index : ~index - 1;
            return (line, offset - _lineStarts[line]);
        }
    }
}
