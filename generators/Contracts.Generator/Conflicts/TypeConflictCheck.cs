using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Contracts.Generator.Model;
using Microsoft.CodeAnalysis;
using Contracts.Generator.Naming;

namespace Contracts.Generator.Conflicts;

/// <summary>A contract's namespace, with where the contract writes it.</summary>
internal sealed record ContractNamespace(string ContractFile, string Namespace, SourceLocation? Location);

/// <summary>A generated type that cannot be declared beside what the project already has; its contract emits nothing.</summary>
internal sealed record TypeConflict(string ContractFile, string FullName, string Reason, string Fix, SourceLocation? Location);

/// <summary>
/// Finds generated types C# would refuse or silently shadow: a type the project already declares
/// or references under the same full name (a contract in the namespace of a package's contract:
/// CS0436, then CS0029 where the package's API hands back its own type), and a name that is a
/// namespace on one side and a type on the other (CS0101). Each becomes a located CTR024 error
/// and its contract generates nothing, instead of C# errors in generated code.
/// </summary>
internal static class TypeConflictCheck
{
    public static EquatableArray<TypeConflict> Find(EquatableArray<DeclaredName> declared, EquatableArray<ContractNamespace> namespaces, Compilation compilation, CancellationToken cancellationToken)
    {
        if (declared.Count == 0 && namespaces.Count == 0)
        {
            return EquatableArray<TypeConflict>.Empty;
        }

        List<TypeConflict>? found = null;
        var global = compilation.GlobalNamespace;
        var generated = new HashSet<string>(declared.Select(d => d.Namespace + "." + d.TypeName), StringComparer.Ordinal);
        var resolved = new Dictionary<string, INamespaceSymbol?>(StringComparer.Ordinal);
        INamespaceSymbol? Lookup(string ns)
        {
            if (!resolved.TryGetValue(ns, out var symbol))
            {
                symbol = Namespaces.Resolve(global, ns);
                resolved[ns] = symbol;
            }

            return symbol;
        }

        // A contract namespace, or one it is nested in, that is a type: 'namespace Acme.Batch' beside a type Acme.Batch.
        foreach (var contract in namespaces)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string prefix = string.Empty;
            foreach (var part in contract.Namespace.Split('.'))
            {
                string outer = prefix;
                prefix = prefix.Length == 0 ? part : prefix + "." + part;
                if (Lookup(prefix) is not null && !generated.Contains(prefix))
                {
                    continue;   // a namespace of that name exists, so no type of the compilation has it (C# forbids both)
                }

                var container = outer.Length == 0 ? global : Lookup(outer);
                var type = container?.GetTypeMembers(part).FirstOrDefault();
                string? what = type is not null ? "a type in " + Namespaces.Origin(type) : generated.Contains(prefix) ? "a type another contract generates" : null;
                if (what is not null)
                {
                    (found ??= new List<TypeConflict>()).Add(new TypeConflict(
                        contract.ContractFile,
                        contract.Namespace,
                        "its namespace '" + contract.Namespace + "' would contain '" + prefix + "', which is " + what,
                        "give the contract a namespace that is not the name of a type",
                        contract.Location));
                    break;
                }
            }
        }

        // A model's converter conflicts along with the model: one diagnostic per declaration.
        var reported = new HashSet<(string File, int Start)>();
        var namesIn = new Dictionary<INamespaceSymbol, HashSet<string>>(SymbolEqualityComparer.Default);
        foreach (var name in declared)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (reported.Contains((name.ContractFile, name.Location.Start)))
            {
                continue;
            }

            string fullName = name.Namespace + "." + name.TypeName;
            var container = Lookup(name.Namespace);
            if (container is null)
            {
                continue;
            }

            // Each namespace's names once: looking up every generated name runs on every edit.
            if (!namesIn.TryGetValue(container, out var taken))
            {
                taken = new HashSet<string>(container.GetMembers().Select(m => m.Name), StringComparer.Ordinal);
                namesIn[container] = taken;
            }

            if (!taken.Contains(name.TypeName))
            {
                continue;
            }

            var existing = container.GetTypeMembers(name.TypeName, name.Arity).FirstOrDefault();
            bool isNamespace = existing is null && container.GetMembers(name.TypeName).OfType<INamespaceSymbol>().Any();
            if (existing is not null || isNamespace)
            {
                reported.Add((name.ContractFile, name.Location.Start));
            }

            if (existing is not null)
            {
                (found ??= new List<TypeConflict>()).Add(new TypeConflict(
                    name.ContractFile,
                    fullName,
                    "'" + fullName + "' is already declared in " + Namespaces.Origin(existing),
                    "give the contract its own namespace (two contracts, or a contract and a package, cannot share type names in one namespace), or rename the type",
                    name.Location));
            }
            else if (isNamespace)
            {
                (found ??= new List<TypeConflict>()).Add(new TypeConflict(
                    name.ContractFile,
                    fullName,
                    "'" + fullName + "' is also a namespace of the project",
                    "rename the type",
                    name.Location));
            }
        }

        return found is null ? EquatableArray<TypeConflict>.Empty : found.ToEquatableArray();
    }

    /// <summary>
    /// A namespace's <c>RateBudgets</c> table that the project (or a package it references, built
    /// from a contract of the same namespace) already declares: the table is not emitted, and
    /// CTR024 says so at the namespace of the first contract it would be made from.
    /// </summary>
    public static EquatableArray<TypeConflict> FindTables(EquatableArray<BudgetTableModel> tables, EquatableArray<ContractNamespace> namespaces, Compilation compilation, CancellationToken cancellationToken)
    {
        List<TypeConflict>? found = null;
        foreach (var table in tables)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var existing = Namespaces.Resolve(compilation.GlobalNamespace, table.Namespace)?.GetMembers(GeneratedNames.RateBudgets).FirstOrDefault();
            if (existing is null)
            {
                continue;
            }

            string fullName = table.Namespace + "." + GeneratedNames.RateBudgets;
            string origin = existing is INamedTypeSymbol type ? Namespaces.Origin(type) : "the project, as a namespace";
            (found ??= new List<TypeConflict>()).Add(new TypeConflict(
                table.FirstContract,
                fullName,
                "the namespace's table of rate budgets '" + fullName + "' is already declared in " + origin,
                "give the contract its own namespace (a namespace's contracts share one table), or rename the type",
                namespaces.FirstOrDefault(n => n.ContractFile == table.FirstContract)?.Location));
        }

        return found is null ? EquatableArray<TypeConflict>.Empty : found.ToEquatableArray();
    }
}
