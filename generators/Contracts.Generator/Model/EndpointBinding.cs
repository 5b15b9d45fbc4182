namespace Contracts.Generator.Model;

/// <summary>
/// An endpoint of a contract and the hand-declared Refit method that calls it, as the drift check
/// found them: what the typed calls and the polling methods are emitted from.
/// </summary>
internal sealed record EndpointBinding(EndpointModel Endpoint, RefitMethodModel Method);
