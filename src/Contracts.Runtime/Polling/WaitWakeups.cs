namespace Contracts.Runtime.Polling;

/// <summary>
/// Tells waits that their batch may have changed (a callback said a task finished), so that they
/// look now instead of at their next scheduled poll. A wake-up is a hint, never evidence: a woken
/// wait still ends only on what the API answers, and a lost wake-up costs only time. Each batch is
/// woken at most once per <see cref="Window"/>, so forged or replayed hints cost at most one
/// request per batch per window. A hint may name an item of the batch (a callback names the video
/// a task produced): a wait that can check items one by one checks that item instead of reading
/// the whole batch.
/// </summary>
/// <remarks>
/// Give the same instance to the waits (<see cref="PollingOptions.Wakeups"/>) and to what receives
/// the hints. Waits register under their <see cref="BatchPoll{TItem, TId}.BatchId"/> (a task id).
/// With an <see cref="AccountPollScheduler"/>, a woken wait moves to the front of the account's
/// queue; its requests still take the budget's turns.
/// </remarks>
public sealed class WaitWakeups : IDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Registered> _waits = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;
    private readonly IWakeupRelay? _relay;

    /// <summary>The most item ids kept for one batch's deferred wake-up; a flood of names beyond it costs nothing more.</summary>
    private const int MaxDeferredItems = 256;
    private long _woken;
    private long _ignored;
    private long _deferred;

    /// <summary>Creates the wake-ups.</summary>
    /// <param name="window">The least time between two wake-ups of one batch; later hints within it are ignored.</param>
    /// <param name="clock">The clock; the system's by default.</param>
    /// <param name="relay">Carries wake-ups to the account's other processes and theirs here; null keeps them in this process.</param>
    public WaitWakeups(TimeSpan window, TimeProvider? clock = null, IWakeupRelay? relay = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, TimeSpan.Zero);
        Window = window;
        _clock = clock ?? TimeProvider.System;
        _relay = relay;
        _relay?.Subscribe((batchId, itemId) => WakeHere(batchId, itemId));
    }

    /// <summary>The least time between two wake-ups of one batch.</summary>
    public TimeSpan Window { get; }

    /// <summary>How many hints woke a wait.</summary>
    public long Woken => Interlocked.Read(ref _woken);

    /// <summary>How many hints were ignored: nobody waits on the batch here, or a wake-up was already due at the end of the window.</summary>
    public long Ignored => Interlocked.Read(ref _ignored);

    /// <summary>How many hints came within the window of the batch's last wake-up and were kept for its end.</summary>
    public long Deferred => Interlocked.Read(ref _deferred);

    /// <summary>Wakes every wait on <paramref name="batchId"/>: in this process, and through the relay in the account's others.</summary>
    /// <param name="batchId">What names the batch at the API (a task id), as the hint gives it.</param>
    /// <param name="itemId">The item of the batch the hint names (a video number), if any.</param>
    /// <returns>True when a wait in this process was woken now; false when none waits on it here, or the wake-up was kept for the end of the window.</returns>
    public bool Wake(string batchId, string? itemId = null)
    {
        ArgumentNullException.ThrowIfNull(batchId);
        itemId = string.IsNullOrEmpty(itemId) ? null : itemId;
        _relay?.Publish(batchId, itemId);
        return WakeHere(batchId, itemId);
    }

    /// <summary>
    /// Wakes the waits here now, or, within the window of the last wake-up, once the window has
    /// passed: a later hint is never lost (a task's last callback often follows its first within
    /// seconds), and however many arrive, the batch is woken at most once per window, with every
    /// item the hints named meanwhile. Hints about the whole batch and hints naming items keep
    /// windows of their own: a wait that checks named items one by one ignores the first kind, which
    /// must not hold back the second.
    /// </summary>
    private bool WakeHere(string batchId, string? itemId, bool? naming = null)
    {
        List<Action<IReadOnlyCollection<string>>> wake;
        string[] items;
        bool named = naming ?? itemId is not null;
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            if (!_waits.TryGetValue(batchId, out var registered))
            {
                Interlocked.Increment(ref _ignored);
                return false;
            }

            var track = named ? registered.Named : registered.Batch;
            var next = track.LastWokenAt == DateTimeOffset.MinValue ? now : track.LastWokenAt + Window;
            if (itemId is not null && track.Items.Count < MaxDeferredItems)
            {
                track.Items.Add(itemId);
            }

            if (now < next)
            {
                if (track.Deferred is null)
                {
                    Interlocked.Increment(ref _deferred);
                    track.Deferred = _clock.CreateTimer(static state => ((DeferredWake)state!).Fire(), new DeferredWake(this, batchId, named), next - now, Timeout.InfiniteTimeSpan);
                }
                else
                {
                    Interlocked.Increment(ref _ignored);   // one wake-up is already due at the end of the window
                }

                return false;
            }

            track.Deferred?.Dispose();
            track.Deferred = null;
            track.LastWokenAt = now;
            wake = [.. registered.Waits];
            items = [.. track.Items];
            track.Items.Clear();
        }

        Interlocked.Increment(ref _woken);
        foreach (var action in wake)
        {
            action(items);
        }

        return true;
    }

    private sealed class DeferredWake(WaitWakeups owner, string batchId, bool named)
    {
        public void Fire()
        {
            lock (owner._gate)
            {
                if (owner._waits.TryGetValue(batchId, out var registered))
                {
                    var track = named ? registered.Named : registered.Batch;
                    track.Deferred?.Dispose();
                    track.Deferred = null;
                }
            }

            owner.WakeHere(batchId, itemId: null, named);
        }
    }

    /// <summary>Stops relaying: disposes the relay, if any.</summary>
    public void Dispose() => _relay?.Dispose();

    /// <summary>Registers one wait on <paramref name="batchId"/> for its run; disposing the result ends it.</summary>
    /// <param name="batchId">The batch.</param>
    /// <param name="wake">Called with the items the hints named (none for a hint about the whole batch).</param>
    internal IDisposable Register(string batchId, Action<IReadOnlyCollection<string>> wake)
    {
        lock (_gate)
        {
            if (!_waits.TryGetValue(batchId, out var registered))
            {
                registered = new Registered();
                _waits.Add(batchId, registered);
            }

            registered.Waits.Add(wake);
        }

        return new Registration(this, batchId, wake);
    }

    private void Unregister(string batchId, Action<IReadOnlyCollection<string>> wake)
    {
        lock (_gate)
        {
            if (_waits.TryGetValue(batchId, out var registered) && registered.Waits.Remove(wake) && registered.Waits.Count == 0)
            {
                registered.Batch.Deferred?.Dispose();
                registered.Named.Deferred?.Dispose();
                _waits.Remove(batchId);
            }
        }
    }

    /// <summary>The waits on one batch, and its two windows (a batch nobody waits on is forgotten).</summary>
    private sealed class Registered
    {
        public List<Action<IReadOnlyCollection<string>>> Waits { get; } = new();

        /// <summary>Hints about the whole batch.</summary>
        public HintWindow Batch { get; } = new();

        /// <summary>Hints naming items of the batch.</summary>
        public HintWindow Named { get; } = new();
    }

    /// <summary>When one kind of hint last woke the batch, the wake-up due at the end of the window, and the items named since.</summary>
    private sealed class HintWindow
    {
        public DateTimeOffset LastWokenAt { get; set; } = DateTimeOffset.MinValue;

        public ITimer? Deferred { get; set; }

        public HashSet<string> Items { get; } = new(StringComparer.Ordinal);
    }

    private sealed class Registration(WaitWakeups owner, string batchId, Action<IReadOnlyCollection<string>> wake) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Unregister(batchId, wake);
            }
        }
    }
}
