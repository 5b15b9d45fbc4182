namespace Contracts.Runtime.Polling;

/// <summary>Too many transient faults in a row: the service is not answering usefully.</summary>
public sealed class PollingGaveUpException : WaitException
{
    internal PollingGaveUpException(int consecutiveFaults, Exception lastFault)
        : base(null, $"Gave up after {consecutiveFaults} transient faults in a row; the last was: {lastFault.Message}", lastFault)
    {
        ConsecutiveFaults = consecutiveFaults;
    }

    /// <summary>How many transient faults came in a row.</summary>
    public int ConsecutiveFaults { get; }
}
