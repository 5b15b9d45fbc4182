using System.Linq;

namespace Contracts.Generator.Emitting;

/// <summary>The XML doc comments of generated code: contract descriptions, escaped and folded to fit.</summary>
internal static class DocComment
{
    /// <summary>Writes a summary (and optional remarks) doc comment; both are XML already (see <see cref="Described"/>).</summary>
    public static void Write(SourceWriter writer, string summary, string? remarks = null)
    {
        writer.Line("/// <summary>");
        writer.PrefixedLines("/// ", summary);

        writer.Line("/// </summary>");
        if (remarks is not null)
        {
            writer.Line("/// <remarks>" + SourceWriter.FoldLines(remarks) + "</remarks>");
        }
    }

    /// <summary>A contract's description as doc text (escaped), or the XML fallback when it has none.</summary>
    public static string Described(string? description, string fallback) =>
        description is null ? fallback : Escape(description);

    /// <summary>Escapes text for an XML doc comment (<see cref="Write"/> splits it into comment lines).</summary>
    public static string Escape(string text) =>
        text.IndexOfAny(XmlSpecialCharacters) < 0 ? text : text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    private static readonly char[] XmlSpecialCharacters = { '&', '<', '>' };

    /// <summary>Text for a one-line doc element (a <c>param</c>, say): escaped, every line break folded to a space.</summary>
    public static string EscapeInline(string text) => SourceWriter.FoldLines(Escape(text));

    public static string Code(string text) => "<c>" + EscapeInline(text) + "</c>";

    public static string JoinCodes(System.Collections.Generic.IEnumerable<string> texts) =>
        string.Join(", ", texts.Select(Code));
}
