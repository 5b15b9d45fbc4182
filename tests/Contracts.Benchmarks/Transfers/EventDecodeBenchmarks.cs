using Acme.Everything.Client;
using BenchmarkDotNet.Attributes;

namespace Contracts.Benchmarks.Transfers;

/// <summary>
/// 10,000 server-sent events read through the call a user makes (the generated
/// <c>FollowJobEventsAsync</c>: Refit, <c>EventStream</c> over <c>SseParser</c>, the generated event
/// type) against the hand-written floor over the same bytes.
/// </summary>
[MemoryDiagnoser]
public class EventDecodeBenchmarks
{
    private byte[] _stream = [];
    private IAcmeApi _api = null!;

    [Params(10_000)]
    public int Events { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _stream = EventStreams.Create(Events);
        _api = EventStreams.Client(_stream);

        // Both contestants read the same events.
        var floor = new List<object>();
        HandWrittenEventReader.ReadAsync(new MemoryStream(_stream), floor.Add).GetAwaiter().GetResult();
        var generated = _api.FollowJobEventsAsync(1).ToListAsync().AsTask().GetAwaiter().GetResult();
        if (floor.Count != Events || generated.Count != Events || !floor.Zip(generated, (f, g) => f.Equals((object?)g.Progress ?? g.LogLine)).All(same => same))
        {
            throw new InvalidOperationException("The generated call and the floor read different events.");
        }
    }

    [Benchmark(Baseline = true)]
    public Task<int> HandWritten() => HandWrittenEventReader.ReadAsync(new MemoryStream(_stream, writable: false), static _ => { });

    [Benchmark]
    public async Task<int> Generated()
    {
        int count = 0;
        await foreach (var news in _api.FollowJobEventsAsync(1).ConfigureAwait(false))
        {
            count += news.Kind.Length > 0 ? 1 : 0;
        }

        return count;
    }
}
