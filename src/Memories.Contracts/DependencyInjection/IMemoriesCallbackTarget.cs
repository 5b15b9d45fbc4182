namespace Memories.Contracts.DependencyInjection;

/// <summary>
/// Where this application receives the API's callbacks. Registered by <c>AddMemoriesCallbacks</c>
/// (Memories.Contracts.Callbacks); with one registered, every task this client creates without a
/// callback URL of its own gets this one.
/// </summary>
public interface IMemoriesCallbackTarget
{
    /// <summary>The callback URL, secret included: never log it.</summary>
    Uri Url { get; }
}
