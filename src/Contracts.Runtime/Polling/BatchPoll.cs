namespace Contracts.Runtime.Polling;

/// <summary>
/// What the waiter needs to know about one batch endpoint: how to fetch the items, how to key
/// them and what their statuses mean. Generated polling methods build one from the contract.
/// </summary>
/// <typeparam name="TItem">The item type.</typeparam>
/// <typeparam name="TId">The type of the item's identifier.</typeparam>
public sealed class BatchPoll<TItem, TId>
    where TId : notnull
{
    /// <summary>Creates the definition.</summary>
    /// <param name="fetch">Fetches the current items; throws on failure (business codes included).</param>
    /// <param name="getId">The item's identifier; items are tracked by it.</param>
    /// <param name="getOutcome">What the item's status means; unknown statuses should map to pending.</param>
    public BatchPoll(Func<CancellationToken, Task<IReadOnlyList<TItem>>> fetch, Func<TItem, TId> getId, Func<TItem, StatusOutcome> getOutcome)
    {
        ArgumentNullException.ThrowIfNull(fetch);
        ArgumentNullException.ThrowIfNull(getId);
        ArgumentNullException.ThrowIfNull(getOutcome);
        Fetch = fetch;
        GetId = getId;
        GetOutcome = getOutcome;
    }

    /// <summary>A copy of <paramref name="source"/>, for the <c>With…</c> methods to change.</summary>
    private BatchPoll(BatchPoll<TItem, TId> source)
        : this(source.Fetch, source.GetId, source.GetOutcome)
    {
        MinimumInterval = source.MinimumInterval;
        EmptyIsAmbiguous = source.EmptyIsAmbiguous;
        ClassifyFault = source.ClassifyFault;
        Subject = source.Subject;
        BatchId = source.BatchId;
        Key = source.Key;
        Budget = source.Budget;
        FetchItems = source.FetchItems;
        ItemGroup = source.ItemGroup;
        ItemChecksSubject = source.ItemChecksSubject;
        ItemChecksBudget = source.ItemChecksBudget;
        ExpectedItems = source.ExpectedItems;
        ItemFromHint = source.ItemFromHint;
    }

    /// <summary>Fetches the current items.</summary>
    public Func<CancellationToken, Task<IReadOnlyList<TItem>>> Fetch { get; }

    /// <summary>The item's identifier.</summary>
    public Func<TItem, TId> GetId { get; }

    /// <summary>What the item's status means.</summary>
    public Func<TItem, StatusOutcome> GetOutcome { get; }

    /// <summary>The shortest interval the endpoint's rate limit allows between two requests.</summary>
    public TimeSpan MinimumInterval { get; init; }

    /// <summary>
    /// True when an empty answer may mean "not started yet" as well as "unknown": empty answers are
    /// then tolerated for <see cref="PollingOptions.EmptyGracePeriod"/>. When false, an empty answer ends the wait.
    /// </summary>
    public bool EmptyIsAmbiguous { get; init; }

    /// <summary>
    /// Classifies errors of the HTTP client library in use (Refit's, for generated methods); null
    /// falls back to <see cref="PollFault.Classify(Exception)"/>.
    /// </summary>
    public Func<Exception, PollFault?>? ClassifyFault { get; init; }

    /// <summary>What is being waited on, for log entries (never a secret).</summary>
    public string Subject { get; init; } = "batch";

    /// <summary>
    /// The rate budget family <see cref="Fetch"/> spends (such as <c>task-status</c>): its requests'
    /// traces and metrics carry it as <c>contracts.rate_budget.family</c>. Null when it has none.
    /// </summary>
    public string? Budget { get; init; }

    /// <summary>
    /// Identifies the batch (endpoint and arguments), so that waits on the same batch share their
    /// polls through an <see cref="AccountPollScheduler"/>; null shares nothing.
    /// </summary>
    public string? Key { get; init; }

    /// <summary>
    /// What names the batch at the API (a task id), set from the parameter the contract's
    /// <c>batchId</c> names; the wait's trace carries it. Null when the contract names none.
    /// </summary>
    public string? BatchId { get; init; }

    /// <summary>
    /// Optional: checks some known items many at a time (for example a list endpoint filtered by
    /// ids), given the items as last seen; answers the items it found, as they are now. With an
    /// <see cref="PollingOptions.ItemBatcher"/>, a wait whose batch has listed its items checks the
    /// unfinished ones this way, together with other waits, and asks the batch itself only now and
    /// then (<see cref="PollingOptions.BatchRefreshInterval"/>) to notice new items.
    /// </summary>
    public Func<IReadOnlyList<TItem>, CancellationToken, Task<IReadOnlyList<TItem>>>? FetchItems { get; init; }

    /// <summary>What <see cref="FetchItems"/> requests, for traces and metrics (such as <c>POST /v1/list</c>); <see cref="Subject"/> when null.</summary>
    public string? ItemChecksSubject { get; init; }

    /// <summary>The rate budget family <see cref="FetchItems"/> spends, for traces and metrics; null when it has none.</summary>
    public string? ItemChecksBudget { get; init; }

    /// <summary>Which item checks may share one request (for example the namespace the items live in); checks of different groups never do.</summary>
    public string ItemGroup { get; init; } = string.Empty;

    /// <summary>This poll, with a way to check its known items many at a time.</summary>
    /// <param name="fetchItems">See <see cref="FetchItems"/>.</param>
    /// <param name="itemGroup">See <see cref="ItemGroup"/>.</param>
    /// <param name="subject">See <see cref="ItemChecksSubject"/>.</param>
    /// <param name="budget">See <see cref="ItemChecksBudget"/>.</param>
    /// <returns>A new poll; this one is unchanged.</returns>
    public BatchPoll<TItem, TId> WithItemChecks(Func<IReadOnlyList<TItem>, CancellationToken, Task<IReadOnlyList<TItem>>> fetchItems, string itemGroup, string? subject = null, string? budget = null)
    {
        ArgumentNullException.ThrowIfNull(fetchItems);
        ArgumentNullException.ThrowIfNull(itemGroup);
        return new BatchPoll<TItem, TId>(this)
        {
            FetchItems = fetchItems,
            ItemGroup = itemGroup,
            ItemChecksSubject = subject,
            ItemChecksBudget = budget,
        };
    }

    /// <summary>
    /// How many items the batch will hold, when whoever created it knows (one video per post URL);
    /// null when unknown. With it, a wait that has not yet seen the batch list its items can end on
    /// items checked one by one (<see cref="FetchItems"/>), once that many have finished.
    /// </summary>
    public int? ExpectedItems { get; init; }

    /// <summary>
    /// The item as known from a hint that names it (<see cref="WaitWakeups.Wake(string, string?)"/>),
    /// before the API has said anything about it: its id and a pending status. Only its id is
    /// used, to check it through <see cref="FetchItems"/>; what the check answers is what counts.
    /// </summary>
    public Func<string, TItem>? ItemFromHint { get; init; }

    /// <summary>This poll, knowing how many items its batch will hold and how to name an item a hint gives.</summary>
    /// <param name="expectedItems">See <see cref="ExpectedItems"/>; at least 1.</param>
    /// <param name="itemFromHint">See <see cref="ItemFromHint"/>.</param>
    /// <returns>A new poll; this one is unchanged.</returns>
    public BatchPoll<TItem, TId> WithExpectedItems(int expectedItems, Func<string, TItem> itemFromHint)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(expectedItems, 1);
        ArgumentNullException.ThrowIfNull(itemFromHint);
        return new BatchPoll<TItem, TId>(this) { ExpectedItems = expectedItems, ItemFromHint = itemFromHint };
    }
}
