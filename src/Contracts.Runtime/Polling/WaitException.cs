namespace Contracts.Runtime.Polling;

/// <summary>A wait did not end with every item succeeded.</summary>
public abstract class WaitException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="outcome">How the wait ended.</param>
    /// <param name="message">What happened.</param>
    /// <param name="inner">The cause, if any.</param>
    protected WaitException(WaitOutcome? outcome, string message, Exception? inner = null)
        : base(message, inner)
    {
        Outcome = outcome;
    }

    /// <summary>How the wait ended, when it ended with an outcome.</summary>
    public WaitOutcome? Outcome { get; }
}
