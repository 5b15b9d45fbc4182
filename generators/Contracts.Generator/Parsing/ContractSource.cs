using System;
using System.Collections.Generic;
using System.Linq;
using Contracts.Generator.Json;
using Contracts.Generator.Model;

namespace Contracts.Generator.Parsing;

/// <summary>
/// One <c>*.contract.json</c> file as read: its text, its JSON tree, and the contract it is part of.
/// Equal by path and text alone, which determine the rest, so an unchanged file stays cached.
/// </summary>
internal sealed class ContractText : IEquatable<ContractText>
{
    private ContractText(string path, string text, JsonValue? root, JsonSyntaxError? syntaxError, string? contractName, string? contractNamespace)
    {
        Path = path;
        Text = text;
        Root = root;
        SyntaxError = syntaxError;
        ContractName = contractName;
        ContractNamespace = contractNamespace;
    }

    public string Path { get; }

    public string Text { get; }

    /// <summary>The JSON tree, read once here and again only when the file is one of several parts.</summary>
    public JsonValue? Root { get; }

    public JsonSyntaxError? SyntaxError { get; }

    /// <summary>The <c>name</c> the file declares, when it is a string; with the namespace, what joins parts.</summary>
    public string? ContractName { get; }

    public string? ContractNamespace { get; }

    public static ContractText Read(string path, string text)
    {
        var root = JsonTextParser.Parse(text, out var error);
        var obj = root as JsonObject;
        return new ContractText(
            path,
            text,
            root,
            error,
            (obj?["name"] as JsonScalar) is { Kind: JsonKind.String } name ? name.Text : null,
            (obj?["namespace"] as JsonScalar) is { Kind: JsonKind.String } ns ? ns.Text : null);
    }

    public bool Equals(ContractText? other) =>
        other is not null && Path == other.Path && Text == other.Text;

    public override bool Equals(object? obj) => Equals(obj as ContractText);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Path) ^ Text.Length;
}

/// <summary>
/// The files of one contract: usually one, or several that declare the same <c>name</c> and
/// <c>namespace</c> (a contract split by surface, sharing its envelope and models). Ordered by path.
/// </summary>
internal sealed record ContractSource(EquatableArray<ContractText> Parts)
{
    /// <summary>The first part's path: the contract's identity in the pipeline (what blocks, owns and emits).</summary>
    public string Path => Parts[0].Path;

    /// <summary>Groups every contract file into contracts; a file without a string name and namespace stands alone.</summary>
    public static IEnumerable<ContractSource> Group(IEnumerable<ContractText> files)
    {
        var ordered = files.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        var groups = new Dictionary<(string Namespace, string Name), List<ContractText>>();
        var order = new List<List<ContractText>>();
        foreach (var file in ordered)
        {
            if (file.ContractName is { } name && file.ContractNamespace is { } ns)
            {
                if (!groups.TryGetValue((ns, name), out var group))
                {
                    group = new List<ContractText>();
                    groups.Add((ns, name), group);
                    order.Add(group);
                }

                group.Add(file);
            }
            else
            {
                order.Add(new List<ContractText> { file });
            }
        }

        return order.Select(group => new ContractSource(group.ToEquatableArray()));
    }
}
