namespace Contracts.Runtime.Polling;

/// <summary>One request took longer than <see cref="PollingOptions.AttemptTimeout"/>; a transient fault.</summary>
public sealed class AttemptTimedOutException : TimeoutException
{
    internal AttemptTimedOutException(TimeSpan timeout, Exception? inner)
        : base($"The request did not answer within {timeout.TotalSeconds:0.#} s.", inner)
    {
    }
}
