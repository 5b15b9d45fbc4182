using Microsoft.CodeAnalysis;

namespace Contracts.Generator.Conflicts;

/// <summary>Namespace lookups the conflict checks share.</summary>
internal static class Namespaces
{
    /// <summary>The namespace of that dotted name in the compilation, or null when none declares it.</summary>
    public static INamespaceSymbol? Resolve(INamespaceSymbol global, string ns)
    {
        INamespaceSymbol? current = global;
        foreach (var part in ns.Split('.'))
        {
            // Looked up by name: enumerating every member of the global namespace is the costly part of a cold run.
            INamespaceSymbol? next = null;
            foreach (var member in current.GetMembers(part))
            {
                if (member is INamespaceSymbol found)
                {
                    next = found;
                    break;
                }
            }

            if (next is null)
            {
                return null;
            }

            current = next;
        }

        return current;
    }

    /// <summary>Where a type is declared, as a message names it: its source file, or its assembly.</summary>
    public static string Origin(INamedTypeSymbol type)
    {
        foreach (var location in type.Locations)
        {
            if (location.IsInSource)
            {
                return "the project's source (" + System.IO.Path.GetFileName(location.SourceTree!.FilePath) + ")";
            }
        }

        return "the referenced assembly '" + type.ContainingAssembly?.Name + "'";
    }
}
