namespace Contracts.Generator.Naming;

/// <summary>
/// What the contract format allows beyond the shape its schema describes, stated once: a name
/// past these is refused with a located error that names the limit, instead of C# the compiler
/// refuses (an identifier over 512 characters is CS0645) or a build that takes seconds.
/// </summary>
internal static class ContractLimits
{
    /// <summary>
    /// The longest C# name a contract may write or derive: a type, member or parameter name. The
    /// generator appends suffixes of up to 17 characters (<c>PollingExtensions</c>) and C# allows 512.
    /// </summary>
    public const int MaxNameLength = 256;

    /// <summary>The longest namespace: with a type name, it stays within the 1,024 characters of a metadata name.</summary>
    public const int MaxNamespaceLength = 512;

    /// <summary>The longest wire name or wire value (a field's JSON name, an enum value or alias, a query key).</summary>
    public const int MaxWireLength = 1_024;

    /// <summary>How much of a refused text a message repeats.</summary>
    private const int ShownLength = 60;

    /// <summary>A text as a message shows it: cut after <see cref="ShownLength"/> characters, with its length.</summary>
    public static string Shorten(string text) =>
        text.Length <= ShownLength ? text : text.Substring(0, ShownLength) + "… (" + text.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + " characters)";
}
