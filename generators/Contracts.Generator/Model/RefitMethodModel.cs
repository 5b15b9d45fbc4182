namespace Contracts.Generator.Model;

/// <summary>
/// A method of a hand-declared Refit interface, as the drift check and the polling emitter need
/// it: route, HTTP method, how each parameter travels, and the return type with its type names
/// unqualified (<c>Task&lt;Envelope&lt;Page&gt;&gt;</c>; the contract's types are not resolved
/// yet when the generator reads the interface). Strings only, no symbols.
/// </summary>
internal sealed record RefitMethodModel(
    string InterfaceName,
    string InterfaceFullName,
    bool InterfaceIsPublic,
    string MethodName,
    string HttpMethod,
    string Route,
    EquatableArray<RefitParameterModel> Parameters,
    string ReturnType = "");

/// <summary>
/// A Refit method with where it is declared. Only the drift diagnostics read the location: the
/// emit steps take <see cref="RefitMethodModel"/> alone, so moving a line re-emits nothing.
/// </summary>
internal sealed record RefitMethodSite(RefitMethodModel Method, SourceLocation Location);

/// <summary>
/// One parameter of a Refit method. <see cref="QueryKey"/> is the key it is sent under when it
/// goes in the query string (its <c>[AliasAs]</c> name or its own name), null otherwise.
/// <see cref="Type"/> is fully qualified with its nullability, and <see cref="DefaultValue"/> a C#
/// expression for its default, so that a parameter the contract does not know (a header, say) can
/// be carried through to the generated polling methods.
/// </summary>
internal sealed record RefitParameterModel(string Name, string? QueryKey, bool IsCancellationToken, string Type = "", string? DefaultValue = null)
{
    /// <summary>True for the <c>[Body]</c> parameter.</summary>
    public bool IsBody { get; init; }

    /// <summary>The type with its names unqualified, as the drift check compares it with a contract model.</summary>
    public string UnqualifiedType { get; init; } = string.Empty;
}
