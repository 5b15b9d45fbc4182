using System;
using System.Collections.Generic;
using System.Threading;
using Contracts.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Contracts.Generator.Naming;

namespace Contracts.Generator.Conflicts;

/// <summary>
/// Decides which contract namespaces may get a <c>global using</c>. Refit's own generator spells
/// the hand-declared interface's types as written, so it needs the contract namespaces imported;
/// but a <c>global using Acme;</c> whose <c>Task</c> model meets <c>System.Threading.Tasks.Task</c>
/// (or another contract's <c>Item</c>) would make every such name ambiguous in the project. A
/// namespace with any generated type that a namespace imported anywhere in the project also holds
/// gets no global using, and an info diagnostic says why.
/// </summary>
internal static class AmbiguityCheck
{
    /// <summary>The namespace a using directive imports and whether it is a <c>global using</c>, or null.</summary>
    public static Import? ImportOf(SyntaxNode node) =>
        Identifiers.ImportedNamespace(node) is { } ns ? new Import(ns, ((UsingDirectiveSyntax)node).GlobalKeyword.RawKind != 0) : null;

    public static EquatableArray<Ambiguity> Find(EquatableArray<DeclaredName> declared, EquatableArray<string> imports, Compilation compilation, CancellationToken cancellationToken)
    {
        if (declared.Count == 0)
        {
            return EquatableArray<Ambiguity>.Empty;
        }

        // Every namespace imported anywhere, then every contract namespace, each once and in that order.
        var imported = new List<(string Name, INamespaceSymbol? Symbol)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string ns in imports)
        {
            if (seen.Add(ns))
            {
                imported.Add((ns, Namespaces.Resolve(compilation.GlobalNamespace, ns)));
            }
        }

        foreach (var name in declared)
        {
            if (seen.Add(name.Namespace))
            {
                imported.Add((name.Namespace, Namespaces.Resolve(compilation.GlobalNamespace, name.Namespace)));
            }
        }

        var generated = new HashSet<(string Namespace, string TypeName)>();
        foreach (var name in declared)
        {
            generated.Add((name.Namespace, name.TypeName));
        }

        List<Ambiguity>? found = null;
        foreach (var name in declared)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var (ns, symbol) in imported)
            {
                if (ns == name.Namespace)
                {
                    continue;
                }

                if ((symbol is not null && symbol.GetTypeMembers(name.TypeName).Length > 0) || generated.Contains((ns, name.TypeName)))
                {
                    (found ??= new List<Ambiguity>()).Add(new Ambiguity(name.Namespace, name.TypeName, ns + "." + name.TypeName, name.Location));
                    break;
                }
            }
        }

        return found is null ? EquatableArray<Ambiguity>.Empty : found.ToEquatableArray();
    }
}
