using System;
using System.Collections.Generic;
using Contracts.Generator.Diagnostics;
using Contracts.Generator.Json;

namespace Contracts.Generator.Parsing;

/// <summary>
/// The names one contract puts into C#, scope by scope: the types of its namespace, the members
/// of each generated type, the parameters of each generated method. A name claimed twice in one
/// scope (or one that the scope already owns, such as a record's <c>EqualityContract</c>) is a
/// located CTR008, so a contract never becomes C# that does not compile.
/// </summary>
internal sealed class GeneratedNameRegistry
{
    /// <summary>The scope of the types a contract puts into its namespace.</summary>
    public const string NamespaceScope = "the namespace";

    private readonly ContractReader _reader;
    private readonly Dictionary<string, Dictionary<string, Owner>> _scopes = new(StringComparer.Ordinal);
    private readonly List<(string Name, TextRange Range)> _types = new();
    private readonly Dictionary<string, TextRange> _typeRanges = new(StringComparer.Ordinal);

    public GeneratedNameRegistry(ContractReader reader)
    {
        _reader = reader;
    }

    /// <summary>The type names this contract claimed in its namespace, in claim order, with where each was declared.</summary>
    public IReadOnlyList<(string Name, TextRange Range)> Types => _types;

    /// <summary>Marks names as owned by the scope itself (members of base types, fixed generated members).</summary>
    public void Reserve(string scope, IEnumerable<string> names, string what)
    {
        var owners = Scope(scope);
        foreach (var name in names)
        {
            if (!owners.ContainsKey(name))
            {
                owners[name] = new Owner(what, Declared: false);
            }
        }
    }

    /// <summary>Claims a name in a scope; reports CTR008 and returns false when it is taken.</summary>
    /// <param name="scope">Where the name lives: <see cref="NamespaceScope"/>, or a generated type or method.</param>
    /// <param name="name">The C# name.</param>
    /// <param name="kind">How the name is called in the message ("Property", "Generated type", ...).</param>
    /// <param name="declared">
    /// True for a type the contract declares by name: two of those were already reported as
    /// duplicates (CTR004), so they are not reported again.
    /// </param>
    /// <param name="what">What claims it, for the message of a later clash.</param>
    /// <param name="range">Where the diagnostic points when the name is taken.</param>
    public bool Claim(string scope, string name, string kind, string what, TextRange range, bool declared = false)
    {
        var owners = Scope(scope);
        if (!owners.TryGetValue(name, out var previous))
        {
            owners[name] = new Owner(what, declared);
            if (scope == NamespaceScope)
            {
                _types.Add((name, range));
                _typeRanges[name] = range;
            }

            return true;
        }

        if (!(declared && previous.Declared))
        {
            string where = scope == NamespaceScope ? "the name of " + previous.What : previous.What + " in " + scope;
            _reader.Report(DiagnosticDescriptors.OutputNameCollision, range, kind, name, where);
        }

        return false;
    }

    /// <summary>Where a type of the namespace was declared, if this contract claimed it.</summary>
    public TextRange? TypeRange(string typeName) => _typeRanges.TryGetValue(typeName, out var range) ? range : null;

    /// <summary>True when the scope already holds the name.</summary>
    public bool IsTaken(string scope, string name) => _scopes.TryGetValue(scope, out var owners) && owners.ContainsKey(name);

    private Dictionary<string, Owner> Scope(string scope)
    {
        if (!_scopes.TryGetValue(scope, out var owners))
        {
            owners = new Dictionary<string, Owner>(StringComparer.Ordinal);
            _scopes.Add(scope, owners);
        }

        return owners;
    }

    private readonly record struct Owner(string What, bool Declared);
}
