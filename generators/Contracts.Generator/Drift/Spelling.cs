using System.Collections.Generic;
using Contracts.Generator.Model;
using Contracts.Generator.Naming;

namespace Contracts.Generator.Drift;

/// <summary>
/// How a declaration proposed by a drift diagnostic writes the names it uses, so that it compiles
/// where it is pasted: a contract's types unqualified only when the contract's namespace gets a
/// global using (Refit's own generated code needs one), <c>Task</c>, <c>CancellationToken</c> and
/// Refit's attributes unqualified only when the interface's file imports them.
/// </summary>
/// <param name="Namespace">The contract's namespace.</param>
/// <param name="ContractTypesShort">True when the contract's namespace has a global using.</param>
/// <param name="Imports">What the interface's file sees unqualified.</param>
internal sealed record Spelling(string Namespace, bool ContractTypesShort, ImportedNames Imports)
{
    /// <summary>Every name short: how the drift check compares a return type read without qualification.</summary>
    public static readonly Spelling Short = new(string.Empty, true, ImportedNames.Task | ImportedNames.CancellationToken | ImportedNames.Refit | ImportedNames.Http | ImportedNames.Collections);

    /// <summary>Which of the names a proposed declaration uses these imported namespaces make visible.</summary>
    public static ImportedNames ImportsOf(IEnumerable<string> namespaces)
    {
        var found = ImportedNames.None;
        foreach (string ns in namespaces)
        {
            found |= ns switch
            {
                "System.Threading.Tasks" => ImportedNames.Task,
                "System.Threading" => ImportedNames.CancellationToken,
                "Refit" => ImportedNames.Refit,
                "System.Net.Http" => ImportedNames.Http,
                "System.Collections.Generic" => ImportedNames.Collections,
                _ => ImportedNames.None,
            };
        }

        return found;
    }

    /// <summary>Every name qualified: compiles anywhere.</summary>
    public static Spelling Qualified(string ns) => new(ns, false, ImportedNames.None);

    public string Task => (Imports & ImportedNames.Task) != 0 ? "Task" : KnownTypes.Task;

    public string CancellationToken => (Imports & ImportedNames.CancellationToken) != 0 ? "CancellationToken" : KnownTypes.CancellationToken;

    public string HttpResponseMessage => (Imports & ImportedNames.Http) != 0 ? "HttpResponseMessage" : KnownTypes.HttpResponseMessage;

    public string HttpContent => (Imports & ImportedNames.Http) != 0 ? "HttpContent" : KnownTypes.HttpContent;

    public string Enumerable => (Imports & ImportedNames.Collections) != 0 ? "IEnumerable" : KnownTypes.Enumerable;

    public string ReadOnlyList => (Imports & ImportedNames.Collections) != 0 ? "IReadOnlyList" : KnownTypes.ReadOnlyList;

    /// <summary>What an answer in JSON carries: the response model, or a read-only list of it.</summary>
    public string ResponseData(EndpointModel endpoint) => endpoint.ResponseIsList ? ReadOnlyList + "<" + Model(endpoint.ResponseType) + ">" : Model(endpoint.ResponseType);

    /// <summary>A type of Refit's (<c>StreamPart</c>).</summary>
    public string Refit(string name) => (Imports & ImportedNames.Refit) != 0 ? name : "global::Refit." + name;

    /// <summary>A Refit attribute by its short name (<c>Get</c>, <c>AliasAs</c>).</summary>
    public string Attribute(string name) => (Imports & ImportedNames.Refit) != 0 ? name : "global::Refit." + name;

    /// <summary>A model, enum or envelope of the contract.</summary>
    public string Model(string name) => ContractTypesShort ? name : CSharp.TypeName(Namespace, name);

    /// <summary>The type of a query or path parameter.</summary>
    public string Type(TypeRef type) => type.Kind is TypeKind.Model or TypeKind.Enum ? Model(type.Name!) : CSharp.ElementType(type, Namespace);
}
