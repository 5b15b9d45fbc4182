using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Contracts.Runtime.Json;
using Contracts.Testing;
using CsCheck;

namespace Contracts.Runtime.Tests;

/// <summary>
/// Generated converters switch on <see cref="WirePropertyNames.IndexOf"/> instead of comparing the
/// property name with each wire name in turn. For any names, in any order, escaped or not, read
/// from one buffer or from many, it must answer what that chain of comparisons would have.
/// </summary>
public sealed class WirePropertyNamesTests
{

    // Few letters, so that names share prefixes and lengths; a quote, a backslash, non-ASCII and an astral character, which JSON may escape.
    private static readonly Gen<string> Name = Gen.Frequency(
            (8, Gen.Char["ab_"]),
            (1, Gen.Char["\"\\é€"]),
            (1, Gen.Const('\ud83d')))
        .Array[1, 6]
        .Select(chars => new string(chars).Replace("\ud83d", "\ud83d\ude00", StringComparison.Ordinal));

    [Fact]
    public void AnyNameInAnyOrderIsFoundWhereTheChainOfComparisonsFindsIt()
    {
        var gen = Gen.Select(
            Name.Array[0, 8].Select(names => names.Distinct(StringComparer.Ordinal).ToArray()),
            Gen.Select(Name, Gen.Bool, Gen.Int[0, 9]).Array[0, 12],
            Gen.Int[1, 7]);
        var stages = Sampling.Check(
            gen,
            input =>
            {
                var (declared, properties, segmentLength) = input;
                var table = new WirePropertyNames(declared);
                var json = new StringBuilder("{");
                for (int i = 0; i < properties.Length; i++)
                {
                    // Half the properties are declared names, half anything; some written with escapes.
                    var (other, escaped, pick) = properties[i];
                    string name = declared.Length > 0 && pick < 5 ? declared[pick % declared.Length] : other;
                    json.Append(i == 0 ? "" : ",").Append(Quote(name, escaped)).Append(":0");
                }

                byte[] utf8 = Encoding.UTF8.GetBytes(json.Append('}').ToString());
                AssertSameAsChain(new Utf8JsonReader(utf8), table, declared);
                AssertSameAsChain(new Utf8JsonReader(Segmented(utf8, segmentLength)), table, declared);
                return properties.Any(p => p.Item2) ? "with escaped names" : "without escaped names";
            },
            5_000,
            input => string.Join(", ", input.Item1) + " | " + string.Join(", ", input.Item2.Select(p => p.ToString())));
        Assert.Equal(2, stages.Count);
    }

    [Fact]
    public void AnEscapedNameLongerThanTheStackBufferIsFound()
    {
        string name = new('n', 400);
        var table = new WirePropertyNames("other", name);
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes("{" + Quote(name, escaped: true) + ":1}"));
        reader.Read();
        reader.Read();
        int next = 0;
        Assert.True(reader.ValueIsEscaped);
        Assert.Equal(1, table.IndexOf(ref reader, ref next));
        Assert.Equal(2, next);
    }

    [Fact]
    public void AnUnknownNameLeavesTheNextGuessAlone()
    {
        var table = new WirePropertyNames("code", "msg", "data");
        var reader = new Utf8JsonReader("""{"msg":1,"extra":2,"data":3,"code":4}"""u8);
        reader.Read();
        int next = 0;
        var found = new List<(int Index, int Next)>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            found.Add((table.IndexOf(ref reader, ref next), next));
            reader.Skip();
        }

        Assert.Equal([(1, 2), (-1, 2), (2, 3), (0, 1)], found);
    }

    [Fact]
    public void NamesThatCouldNotBeToldApartAreRefused()
    {
        Assert.Throws<ArgumentException>(() => new WirePropertyNames("a", "b", "a"));
        Assert.Throws<ArgumentException>(() => new WirePropertyNames("a", null!));
    }

    private static void AssertSameAsChain(Utf8JsonReader reader, WirePropertyNames table, string[] declared)
    {
        reader.Read();
        int next = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            int expected = -1;
            for (int i = 0; i < declared.Length && expected < 0; i++)
            {
                expected = reader.ValueTextEquals(declared[i]) ? i : -1;
            }

            Assert.Equal(expected, table.IndexOf(ref reader, ref next));
            reader.Skip();
        }
    }

    /// <summary>The name as a JSON string: quotes and backslashes always escaped, every other character too when asked.</summary>
    private static string Quote(string name, bool escaped)
    {
        var text = new StringBuilder("\"");
        foreach (char c in name)
        {
            if (escaped || c is '"' or '\\')
            {
                text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                text.Append(c);
            }
        }

        return text.Append('"').ToString();
    }

    /// <summary>The bytes as a sequence of many small buffers, so that names span them (<see cref="Utf8JsonReader.HasValueSequence"/>).</summary>
    private static ReadOnlySequence<byte> Segmented(byte[] bytes, int segmentLength)
    {
        Segment? first = null, last = null;
        for (int start = 0; start < bytes.Length; start += segmentLength)
        {
            var memory = bytes.AsMemory(start, Math.Min(segmentLength, bytes.Length - start));
            last = last is null ? first = new Segment(memory, 0) : last.Append(memory);
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var segment = new Segment(memory, RunningIndex + Memory.Length);
            Next = segment;
            return segment;
        }
    }
}
