using System.Linq;

namespace Contracts.Generator.Model;

/// <summary>Who can see a Refit interface, as far as generated top-level extension methods are concerned.</summary>
internal enum InterfaceAccess
{
    /// <summary>Visible outside its assembly: its polling methods are public.</summary>
    Public,

    /// <summary>Visible in its assembly only: its polling methods are internal.</summary>
    Internal,

    /// <summary>Nested as private or protected: no top-level class can name it, so it gets no polling methods.</summary>
    Nested,
}

/// <summary>
/// A method of a hand-declared Refit interface, as the drift check and the polling emitter need
/// it: the interface it belongs to, route, HTTP method, how each parameter travels, and the return
/// type with its type names unqualified (<c>Task&lt;Envelope&lt;Page&gt;&gt;</c>; the contract's
/// types are not resolved yet when the generator reads the interface). Strings only, no symbols.
/// </summary>
/// <param name="InterfaceName">The interface's name as a message shows it (<c>Outer.IApi</c>).</param>
/// <param name="InterfaceFullName">The interface's fully qualified name (<c>global::Ns.Outer.IApi</c>), which contracts bind to.</param>
/// <param name="Access">Who can see the interface.</param>
/// <param name="MethodName">The method's name.</param>
/// <param name="HttpMethod">GET, POST, PUT, PATCH or DELETE.</param>
/// <param name="Route">The route template as written.</param>
/// <param name="Parameters">Every parameter, in order.</param>
/// <param name="ReturnType">The return type, names unqualified.</param>
internal sealed record RefitMethodModel(
    string InterfaceName,
    string InterfaceFullName,
    InterfaceAccess Access,
    string MethodName,
    string HttpMethod,
    string Route,
    EquatableArray<RefitParameterModel> Parameters,
    string ReturnType = "")
{
    /// <summary>True when the interface (or a type it is nested in) has type parameters: extension methods could not name it as one type.</summary>
    public bool InterfaceIsGeneric { get; init; }

    /// <summary>True when the method has type parameters of its own, which generated code could not infer.</summary>
    public bool MethodIsGeneric { get; init; }

    /// <summary>
    /// The types the method's signature already resolves to, by namespace and name
    /// (<c>System.Threading.CancellationToken</c>). A contract generating a type of one of these names
    /// into a namespace of <see cref="VisibleNamespaces"/> would change what the signature means.
    /// </summary>
    public EquatableArray<string> ResolvedNames { get; init; } = EquatableArray<string>.Empty;

    /// <summary>True when the signature resolves <paramref name="name"/> to a type outside <paramref name="contractNamespace"/>: not the contract's own.</summary>
    public bool ResolvesElsewhere(string name, string contractNamespace) =>
        ResolvedNames.Any(r => (r == name || r.EndsWith("." + name, System.StringComparison.Ordinal)) && r != contractNamespace + "." + name);

    /// <summary>
    /// The namespaces whose types the signature sees by simple name without a global using: the
    /// interface's namespace, those it is nested in, and the usings of its file.
    /// </summary>
    public EquatableArray<string> VisibleNamespaces { get; init; } = EquatableArray<string>.Empty;

    /// <summary>True when the method carries <c>[Multipart]</c>: its parameters are parts, unless marked otherwise.</summary>
    public bool IsMultipart { get; init; }

    /// <summary>The headers <c>[Headers]</c> sets on the method and on its interface (<c>Accept: text/event-stream</c>).</summary>
    public EquatableArray<string> Headers { get; init; } = EquatableArray<string>.Empty;
}

/// <summary>
/// A Refit method with where it is declared and what its signature writes. Only the drift
/// diagnostics read these: the emit steps take <see cref="RefitMethodModel"/> alone, so moving a
/// line re-emits nothing.
/// </summary>
internal sealed record RefitMethodSite(RefitMethodModel Method, SourceLocation Location)
{
    /// <summary>
    /// The type names the method's return and parameter types write without a qualifier
    /// (<c>Page</c> in <c>Task&lt;Reply&lt;Page&gt;&gt;</c>): Refit's generated code resolves these only
    /// through a using, so one of a contract without a global using is reported.
    /// </summary>
    public EquatableArray<string> UnqualifiedNames { get; init; } = EquatableArray<string>.Empty;
}

/// <summary>
/// The names a declaration pasted next to a Refit method may write without qualification, because
/// its file (or a global using) imports their namespace: what a drift diagnostic proposes must
/// compile where it is pasted.
/// </summary>
[System.Flags]
internal enum ImportedNames
{
    None = 0,

    /// <summary><c>Task</c> (System.Threading.Tasks).</summary>
    Task = 1,

    /// <summary><c>CancellationToken</c> (System.Threading).</summary>
    CancellationToken = 2,

    /// <summary>Refit's attributes (<c>[Get]</c>, <c>[AliasAs]</c>, <c>[Body]</c>) and types (<c>StreamPart</c>).</summary>
    Refit = 4,

    /// <summary><c>HttpResponseMessage</c>, <c>HttpContent</c> (System.Net.Http).</summary>
    Http = 8,

    /// <summary><c>IEnumerable</c> (System.Collections.Generic).</summary>
    Collections = 16,
}

/// <summary>
/// One parameter of a Refit method. <see cref="QueryKey"/> is the key it is sent under when it
/// goes in the query string (its <c>[AliasAs]</c> name or its own name), null otherwise;
/// <see cref="PathKey"/> the route placeholder it fills, null otherwise.
/// <see cref="Type"/> is fully qualified with its nullability, and <see cref="DefaultValue"/> a C#
/// expression for its default, so that a parameter the contract does not know (a header, say) can
/// be carried through to the generated polling methods.
/// </summary>
internal sealed record RefitParameterModel(string Name, string? QueryKey, bool IsCancellationToken, string Type = "", string? DefaultValue = null)
{
    /// <summary>True for the <c>[Body]</c> parameter.</summary>
    public bool IsBody { get; init; }

    /// <summary>The route placeholder this parameter fills (its <c>[AliasAs]</c> name or its own name), if any.</summary>
    public string? PathKey { get; init; }

    /// <summary>The part this parameter is sent as in a multipart request (its <c>[AliasAs]</c> name or its own name), if any.</summary>
    public string? PartName { get; init; }

    /// <summary>The type with its names unqualified, as the drift check compares it with a contract model.</summary>
    public string UnqualifiedType { get; init; } = string.Empty;

    /// <summary>True for a reference type declared without <c>?</c> where nullable annotations are on: passing null to it is a warning.</summary>
    public bool RefusesNull { get; init; }
}
