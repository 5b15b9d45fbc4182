using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BenchmarkDotNet.Attributes;
using Memories.Contracts;

namespace Contracts.Benchmarks.Serialization;

/// <summary>
/// Encoding 1,000 videos into a reused buffer, so that the allocations shown are the encoder's own:
/// the generated converters through the context and directly, the System.Text.Json source
/// generator and reflection over hand-written types, Newtonsoft.Json, and the hand-written floor.
/// </summary>
[MemoryDiagnoser]
public class EncodeBenchmarks
{
    private static readonly JsonSerializerOptions Reflection = new(PeerJsonContext.Default.Options) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
    private static readonly global::Newtonsoft.Json.JsonSerializer NewtonsoftSerializer = global::Newtonsoft.Json.JsonSerializer.CreateDefault();
    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 20);
    private readonly MemoryStream _stream = new(1 << 20);
    private Utf8JsonWriter _writer = null!;
    private TaskVideos _videos = null!;
    private PeerTaskVideos _peerRecords = null!;
    private PeerTaskVideosClass _peerClasses = null!;

    [GlobalSetup]
    public void Setup()
    {
        _writer = new Utf8JsonWriter(_buffer);
        _videos = HandWrittenFloor.Read(Payloads.TaskAnswer(Payloads.Kind.ThousandWithNumbers)).Data!;
        _peerRecords = JsonSerializer.Deserialize(Payloads.TaskAnswer(Payloads.Kind.ThousandWithNumbers), PeerJsonContext.Default.PeerEnvelope)!.Data!;
        _peerClasses = JsonSerializer.Deserialize(Payloads.TaskAnswer(Payloads.Kind.ThousandWithNumbers), PeerJsonContext.Default.PeerEnvelopeClass)!.Data!;
    }

    [Benchmark(Baseline = true, Description = "hand-written floor")]
    public int Floor()
    {
        Reset();
        HandWrittenFloor.Write(_writer, _videos);
        return Flush();
    }

    [Benchmark(Description = "generated, through the context")]
    public int GeneratedContext()
    {
        Reset();
        JsonSerializer.Serialize(_writer, _videos, MemoriesJsonContext.Default.TaskVideos);
        return Flush();
    }

    [Benchmark(Description = "generated, directly")]
    public int GeneratedDirect()
    {
        Reset();
        TaskVideosJsonConverter.WriteValue(_writer, _videos);
        return Flush();
    }

    [Benchmark(Description = "STJ source-gen, records")]
    public int SourceGenRecords()
    {
        Reset();
        JsonSerializer.Serialize(_writer, _peerRecords, PeerJsonContext.Default.PeerTaskVideos);
        return Flush();
    }

    [Benchmark(Description = "STJ source-gen, settable classes")]
    public int SourceGenClasses()
    {
        Reset();
        JsonSerializer.Serialize(_writer, _peerClasses, PeerJsonContext.Default.PeerTaskVideosClass);
        return Flush();
    }

    [Benchmark(Description = "STJ reflection, records")]
    public int ReflectionRecords()
    {
        Reset();
        JsonSerializer.Serialize(_writer, _peerRecords, Reflection);
        return Flush();
    }

    [Benchmark(Description = "Newtonsoft.Json, settable classes")]
    public long NewtonsoftClasses()
    {
        _stream.Position = 0;
        using var text = new StreamWriter(_stream, leaveOpen: true);
        NewtonsoftSerializer.Serialize(text, _peerClasses);
        text.Flush();
        return _stream.Position;
    }

    private void Reset()
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
    }

    private int Flush()
    {
        _writer.Flush();
        return _buffer.WrittenCount;
    }
}
