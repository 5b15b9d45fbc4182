namespace Contracts.Runtime.Polling;

/// <summary>
/// Carries wake-ups between the processes of one account: a callback reaches one instance behind a
/// load balancer, while the wait on its task may run on another. Kept by the package that keeps
/// shared budgets (Redis publish/subscribe), opened through <c>ISharedRateBudgetStore</c>.
/// </summary>
public interface IWakeupRelay : IDisposable
{
    /// <summary>Sends a wake-up to every other process; never throws (a wake-up that cannot be sent costs only time).</summary>
    /// <param name="batchId">What names the batch (a task id).</param>
    /// <param name="itemId">The item the hint names (a video number), or null.</param>
    void Publish(string batchId, string? itemId);

    /// <summary>Receives the other processes' wake-ups (never this process's own).</summary>
    /// <param name="received">Called with each batch id and the item it names, if any.</param>
    void Subscribe(Action<string, string?> received);
}
