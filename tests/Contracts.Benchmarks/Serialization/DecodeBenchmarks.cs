using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BenchmarkDotNet.Attributes;
using Memories.Contracts;

namespace Contracts.Benchmarks.Serialization;

/// <summary>
/// Decoding one task-status answer (the envelope and its videos) from UTF-8 bytes: the generated
/// converters through the JSON context and called directly, the System.Text.Json source generator
/// and reflection over hand-written types, Newtonsoft.Json, and the hand-written floor.
/// </summary>
[MemoryDiagnoser]
public class DecodeBenchmarks
{
    private static readonly JsonSerializerOptions Reflection = new(PeerJsonContext.Default.Options) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
    private static readonly MemoriesResponseJsonConverter<TaskVideos> Envelope = new(TaskVideosJsonConverter.ReadValue, TaskVideosJsonConverter.WriteValue);
    private static readonly JsonTypeInfo<MemoriesResponse<TaskVideos>> FloorTypeInfo = (JsonTypeInfo<MemoriesResponse<TaskVideos>>)new JsonSerializerOptions
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        Converters = { new HandWrittenFloor.Converter() },
    }.GetTypeInfo(typeof(MemoriesResponse<TaskVideos>));

    private static readonly global::Newtonsoft.Json.JsonSerializer NewtonsoftSerializer = global::Newtonsoft.Json.JsonSerializer.CreateDefault();
    private byte[] _json = [];

    [Params(Payloads.Kind.TwoVideos, Payloads.Kind.ThousandWithNumbers, Payloads.Kind.ThousandWithNumericStrings)]
    public Payloads.Kind Payload { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _json = Payloads.TaskAnswer(Payload);

        // The contestants must read the same thing, or the comparison means nothing.
        var floor = Floor().Data!.Videos;
        if (!FloorThroughSerializer()!.Data!.Videos.SequenceEqual(floor))
        {
            throw new InvalidOperationException($"The floor reads {Payload} differently through JsonSerializer.");
        }

        var generated = GeneratedContext()!.Data!.Videos;
        var peers = SourceGenRecords()!.Data!.Videos;
        bool same = floor.Count == generated.Count && floor.Count == peers.Count && floor.Zip(generated, (a, b) => a == b).All(x => x)
            && floor.Zip(peers, (a, b) => a.VideoNo == b.VideoNo && a.StatusWireValue == b.Status && a.Duration == TimeSpan.FromSeconds(b.Duration ?? -1) && a.CreateTime == DateTimeOffset.FromUnixTimeMilliseconds(b.CreateTime ?? 0)).All(x => x);
        if (!same || NewtonsoftClasses()!.Data!.Videos.Count != floor.Count)
        {
            throw new InvalidOperationException($"The decoders disagree on {Payload}.");
        }
    }

    [Benchmark(Baseline = true, Description = "hand-written floor")]
    public MemoriesResponse<TaskVideos> Floor() => HandWrittenFloor.Read(_json);

    [Benchmark(Description = "hand-written floor, through JsonSerializer")]
    public MemoriesResponse<TaskVideos>? FloorThroughSerializer() => JsonSerializer.Deserialize(_json, FloorTypeInfo);

    [Benchmark(Description = "generated, through the context")]
    public MemoriesResponse<TaskVideos>? GeneratedContext() => JsonSerializer.Deserialize(_json, MemoriesJsonContext.Default.MemoriesResponseTaskVideos);

    [Benchmark(Description = "generated, directly")]
    public MemoriesResponse<TaskVideos>? GeneratedDirect()
    {
        var reader = new Utf8JsonReader(_json);
        reader.Read();
        return Envelope.Read(ref reader, typeof(MemoriesResponse<TaskVideos>), JsonSerializerOptions.Default);
    }

    [Benchmark(Description = "STJ source-gen, records")]
    public PeerEnvelope? SourceGenRecords() => JsonSerializer.Deserialize(_json, PeerJsonContext.Default.PeerEnvelope);

    [Benchmark(Description = "STJ source-gen, settable classes")]
    public PeerEnvelopeClass? SourceGenClasses() => JsonSerializer.Deserialize(_json, PeerJsonContext.Default.PeerEnvelopeClass);

    [Benchmark(Description = "STJ reflection, records")]
    public PeerEnvelope? ReflectionRecords() => JsonSerializer.Deserialize<PeerEnvelope>(_json, Reflection);

    [Benchmark(Description = "Newtonsoft.Json, settable classes")]
    public PeerEnvelopeClass? NewtonsoftClasses()
    {
        using var text = new StreamReader(new MemoryStream(_json));
        using var reader = new global::Newtonsoft.Json.JsonTextReader(text);
        return NewtonsoftSerializer.Deserialize<PeerEnvelopeClass>(reader);
    }
}
