using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Contracts.Generator.Model;

/// <summary>
/// Where in a contract file something is: an equatable stand-in for <see cref="Location"/>,
/// which models must not hold. Lines and columns are zero-based, as Roslyn's are.
/// </summary>
internal sealed record SourceLocation(
    string FilePath,
    int Start,
    int Length,
    int StartLine,
    int StartColumn,
    int EndLine,
    int EndColumn)
{
    public Location ToLocation() => Location.Create(
        FilePath,
        new TextSpan(Start, Length),
        new LinePositionSpan(new LinePosition(StartLine, StartColumn), new LinePosition(EndLine, EndColumn)));
}

/// <summary>A diagnostic as data: which descriptor (by id), where, and the message arguments.</summary>
internal sealed record DiagnosticInfo(string Id, SourceLocation? Location, EquatableArray<string> Arguments);
