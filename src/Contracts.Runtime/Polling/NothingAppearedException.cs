namespace Contracts.Runtime.Polling;

/// <summary>No item ever appeared: the batch is unknown or has not started.</summary>
public sealed class NothingAppearedException : WaitException
{
    internal NothingAppearedException(TimeSpan elapsed)
        : base(WaitOutcome.NotFoundOrNotStarted, $"No item appeared within {elapsed.TotalSeconds:0.#} s: the id is unknown (or belongs to another account), or the batch has not started.")
    {
    }
}
