using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Contracts.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Contracts.Generator.Usings;

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
    /// <summary>The namespace a using directive imports, or null for aliases and <c>using static</c>.</summary>
    public static string? ImportedNamespace(SyntaxNode node) =>
        node is UsingDirectiveSyntax { Alias: null, Name: { } name } directive && directive.StaticKeyword.RawKind == 0
            ? name.ToString().Replace("global::", string.Empty).Replace(" ", string.Empty)
            : null;

    public static EquatableArray<Ambiguity> Find(EquatableArray<DeclaredName> declared, EquatableArray<string> imports, Compilation compilation, CancellationToken cancellationToken)
    {
        var found = new List<Ambiguity>();
        var contractNamespaces = declared.Select(d => d.Namespace).Distinct(StringComparer.Ordinal).ToList();
        var imported = imports.Concat(contractNamespaces).Distinct(StringComparer.Ordinal).ToList();
        var symbols = imported.ToDictionary(ns => ns, ns => Resolve(compilation.GlobalNamespace, ns), StringComparer.Ordinal);
        var generated = new HashSet<(string Namespace, string TypeName)>(declared.Select(d => (d.Namespace, d.TypeName)));
        foreach (var name in declared)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var ns in imported)
            {
                if (ns == name.Namespace)
                {
                    continue;
                }

                bool inCompilation = symbols[ns] is { } symbol && symbol.GetTypeMembers(name.TypeName).Length > 0;
                bool inOtherContract = generated.Contains((ns, name.TypeName));
                if (inCompilation || inOtherContract)
                {
                    found.Add(new Ambiguity(name.Namespace, name.TypeName, ns + "." + name.TypeName, name.Location));
                    break;
                }
            }
        }

        return found.ToEquatableArray();
    }

    private static INamespaceSymbol? Resolve(INamespaceSymbol global, string ns)
    {
        INamespaceSymbol? current = global;
        foreach (var part in ns.Split('.'))
        {
            // Looked up by name: enumerating every member of the global namespace is the costly part of a cold run.
            current = current?.GetMembers(part).OfType<INamespaceSymbol>().FirstOrDefault();
        }

        return current;
    }
}
