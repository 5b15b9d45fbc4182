using Microsoft.CodeAnalysis;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Contracts.Generator.Naming;

/// <summary>Turns wire names (snake_case, camelCase, kebab-case) into C# names and checks them.</summary>
internal static class Identifiers
{
    /// <summary>The namespace a using directive imports, or null for aliases and <c>using static</c>.</summary>
    public static string? ImportedNamespace(SyntaxNode node) =>
        node is UsingDirectiveSyntax { Alias: null, Name: { } name } directive && directive.StaticKeyword.RawKind == 0
            ? name.ToString().Replace("global::", string.Empty).Replace(" ", string.Empty)
            : null;

    /// <summary><c>video_no</c>, <c>videoNo</c> and <c>video-no</c> all become <c>VideoNo</c>.</summary>
    public static string ToPascalCase(string wireName)
    {
        var builder = new StringBuilder(wireName.Length);
        bool upperNext = true;
        foreach (char c in wireName)
        {
            if (c == '_' || c == '-' || c == ' ' || c == '.')
            {
                upperNext = true;
                continue;
            }

            builder.Append(upperNext ? char.ToUpperInvariant(c) : c);
            upperNext = false;
        }

        return builder.ToString();
    }

    /// <summary><c>task_id</c> becomes <c>taskId</c>: the C# parameter name.</summary>
    public static string ToCamelCase(string wireName)
    {
        string pascal = ToPascalCase(wireName);
        return pascal.Length == 0 ? pascal : char.ToLowerInvariant(pascal[0]) + pascal.Substring(1);
    }

    /// <summary>
    /// True for a name usable as written. Keywords are not (the contract should pick another name),
    /// nor are names with formatting characters such as a soft hyphen, which C# ignores when it
    /// compares names: <c>It\u00ADem</c> would be the same member as <c>Item</c>.
    /// </summary>
    public static bool IsValidIdentifier(string name) =>
        name.Length <= ContractLimits.MaxNameLength
        && SyntaxFacts.IsValidIdentifier(name)
        && SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None
        && !HasFormattingCharacter(name);

    /// <summary>
    /// True for a type name C# accepts without warning: type names of lowercase ASCII letters only
    /// draw CS8981 (they are reserved for future keywords, as <c>record</c> and <c>var</c> were).
    /// </summary>
    public static bool IsValidTypeName(string name)
    {
        if (!IsValidIdentifier(name))
        {
            return false;
        }

        foreach (char c in name)
        {
            if (c is < 'a' or > 'z')
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasFormattingCharacter(string name)
    {
        foreach (char c in name)
        {
            if (char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True for <c>Memories.Contracts</c>-like namespaces: dot-separated valid identifiers.</summary>
    public static bool IsValidNamespace(string name)
    {
        if (name.Length > ContractLimits.MaxNamespaceLength)
        {
            return false;
        }

        foreach (var part in name.Split('.'))
        {
            if (!IsValidIdentifier(part))
            {
                return false;
            }
        }

        return name.Length > 0;
    }

    /// <summary>
    /// The name of a type as C# code in the contract's namespace would write it (<c>IApi</c>,
    /// <c>Outer.IApi</c>, <c>global::Acme.Client.IApi</c>, <c>IApi&lt;T&gt;</c>), without white space
    /// or <c>global::</c>; null when it is not such a name.
    /// </summary>
    public static string? NormalizeTypeReference(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (!char.IsWhiteSpace(c))
            {
                builder.Append(c);
            }
        }

        string name = builder.ToString();
        if (name.StartsWith("global::", System.StringComparison.Ordinal))
        {
            name = name.Substring("global::".Length);
        }

        if (name.Length == 0 || name.Length > ContractLimits.MaxNamespaceLength + ContractLimits.MaxNameLength)
        {
            return null;
        }

        // Segments separated by dots; each an identifier, optionally with type parameters: IApi<T,U>.
        foreach (string segment in name.Split('.'))
        {
            int open = segment.IndexOf('<');
            string identifier = open < 0 ? segment : segment.Substring(0, open);
            if (!IsValidIdentifier(identifier))
            {
                return null;
            }

            if (open >= 0)
            {
                if (!segment.EndsWith(">", System.StringComparison.Ordinal))
                {
                    return null;
                }

                foreach (string parameter in segment.Substring(open + 1, segment.Length - open - 2).Split(','))
                {
                    if (!IsValidIdentifier(parameter))
                    {
                        return null;
                    }
                }
            }
        }

        // Type arguments are written as the interface declares them, separated by ", " as C# displays them.
        return name.Replace(",", ", ");
    }

    /// <summary>
    /// The name polling methods take when the contract gives none, from the endpoint's name without
    /// a leading <c>Get</c>: endpoint <c>GetJobSteps</c> gets <c>WaitForJobStepsAsync</c> and
    /// <c>GetJobStepsSnapshotAsync</c>, not <c>GetGetJobStepsSnapshotAsync</c>.
    /// </summary>
    public static string PollingNameFrom(string endpointName) =>
        endpointName.Length > 3 && endpointName.StartsWith("Get", System.StringComparison.Ordinal) && char.IsUpper(endpointName[3])
            ? endpointName.Substring(3)
            : endpointName;

    /// <summary>A valid identifier close to <paramref name="name"/>, offered in messages.</summary>
    public static string Suggest(string name, bool camelCase = false)
    {
        string candidate = camelCase ? ToCamelCase(name) : ToPascalCase(name);
        var builder = new StringBuilder();
        foreach (char c in candidate)
        {
            if (char.IsLetterOrDigit(c) || c == '_')
            {
                builder.Append(c);
            }
        }

        string cleaned = builder.ToString();
        if (cleaned.Length == 0)
        {
            return camelCase ? "value" : "Value";
        }

        if (char.IsDigit(cleaned[0]))
        {
            cleaned = (camelCase ? "n" : "N") + cleaned;
        }

        return IsValidIdentifier(cleaned) ? cleaned : cleaned + "Value";
    }

    /// <summary>Edit distance, for "did you mean" hints on misspelled keys and type names.</summary>
    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                current[j] = System.Math.Min(System.Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    /// <summary>The closest of <paramref name="candidates"/>, if it is close enough to be a likely typo.</summary>
    public static string? Closest(string name, System.Collections.Generic.IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            int distance = Distance(name, candidate);
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best is not null && bestDistance <= System.Math.Max(2, name.Length / 3) ? best : null;
    }
}
