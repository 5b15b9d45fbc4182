using System.Diagnostics;

namespace Contracts.Runtime.Polling;

/// <summary>
/// One wait's part in the trace of a request that other waits may share. The scheduler (or the
/// item batcher) tells the wait whose fetch sends the request which other waits it answers, so its
/// span links to them; once answered, every other wait learns which span answered it and links
/// back. A request is thus one span, counted once, and appears in the trace of each wait it answers.
/// </summary>
internal sealed class RequestTrace(ActivityContext wait)
{
    /// <summary>The span of the wait this turn belongs to; default when nobody traces it.</summary>
    public ActivityContext Wait { get; } = wait;

    /// <summary>Set by the scheduler before this wait's fetch sends a request for others too.</summary>
    public IReadOnlyList<ActivityContext> OtherWaits { get; set; } = [];

    /// <summary>The span of the request that answered this turn; default when none was traced.</summary>
    public ActivityContext Request { get; set; }

    /// <summary>Whether this wait's own fetch sent the request.</summary>
    public bool SentHere { get; set; }

    /// <summary>The other waits' spans in <paramref name="traces"/>, for the sender's links.</summary>
    public static IReadOnlyList<ActivityContext> Others(IEnumerable<RequestTrace?> traces) =>
        [.. traces.Where(trace => trace is not null && trace.Wait != default).Select(trace => trace!.Wait)];

    /// <summary>Tells every trace in <paramref name="traces"/> which request answered it.</summary>
    public static void Answered(IEnumerable<RequestTrace?> traces, ActivityContext request)
    {
        foreach (var trace in traces)
        {
            if (trace is not null)
            {
                trace.Request = request;
            }
        }
    }
}
