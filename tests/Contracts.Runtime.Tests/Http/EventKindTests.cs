using System.Text;
using System.Text.Json;
using Contracts.Runtime.Http;
using Contracts.Runtime.Json;
using Contracts.Testing;
using CsCheck;

namespace Contracts.Runtime.Tests.Http;

/// <summary>
/// An event's kind, read straight from the bytes when the event starts <c>{"type":"kind"</c> and
/// with the JSON reader otherwise: whichever way, the kind is the first discriminator's value, and a
/// declared kind is the table's own string.
/// </summary>
public sealed class EventKindTests
{
    private static readonly string[] Declared = ["progress", "log_line", "finished"];

    private static readonly EventStreamFormat<string> Format = new()
    {
        Discriminator = "type",
        Kinds = new KnownWireValues(Declared),
        Decode = static (string kind, ref Utf8JsonReader reader) =>
        {
            reader.Skip();
            return kind;
        },
        EndData = ["[DONE]"],
    };

    private static Gen<string> Pick(params string[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    [Fact]
    public void AnyEventGetsTheKindItsFirstDiscriminatorNames_ByEitherPath()
    {
        // The value written (known, unknown, escaped, not a string), where it stands, how it is spaced, and a second "type" after it.
        var kindValue = Gen.OneOf(
            Gen.Int[0, Declared.Length - 1].Select(i => Declared[i]).Select(k => ($"\"{k}\"", (string?)k)),
            Gen.String[Gen.Char['a', 'z'], 1, 8].Select(k => ($"\"{k}\"", (string?)k)),
            Pick("\"progr\\u0065ss\"", "\"log\\u005fline\"").Select(k => (k, (string?)JsonSerializer.Deserialize<string>(k))),
            Pick("12", "null", "true", "{\"a\":1}").Select(k => (k, (string?)null)));
        var events = Gen.Select(kindValue, Gen.Bool, Pick("", " ", "\n  "), Pick("", "\"extra\":1,", "\"percent\":\"5\","), Gen.Bool)
            .Select(((string Written, string? Kind) value, bool second, string space, string before, bool repeat) =>
            {
                var (written, kind) = value;
                string json = "{" + space + before + "\"type\"" + space + ":" + space + written + (repeat ? ",\"type\":\"finished\"" : string.Empty) + (second ? ",\"text\":\"x\"" : string.Empty) + space + "}";
                return (Json: json, Kind: kind);
            });

        var stages = Sampling.Check(
            events,
            e =>
            {
                byte[] bytes = Encoding.UTF8.GetBytes(e.Json);
                var parsed = EventStream.Parse(bytes, Format);

                Assert.Equal(EventStream.ParsedKind.Event, parsed.Kind);
                Assert.Equal(e.Kind ?? string.Empty, parsed.Event);
                int declared = Array.IndexOf(Declared, e.Kind);
                if (declared >= 0)
                {
                    Assert.Same(Declared[declared], parsed.Event);
                }

                return EventStream.LeadingKind(bytes, Format) is null ? "read with the JSON reader" : "read from the bytes";
            },
            cases: 2_000,
            print: e => e.Json);

        stages.AssertReached("read with the JSON reader", "read from the bytes");
    }

    [Theory]
    [InlineData("{\"type\":\"progress\"}", "progress")]
    [InlineData("{\"type\":\"progress\\\"\"}", null)]          // an escape: the reader decides
    [InlineData("{\"type\":\"\"}", null)]
    [InlineData("{\"type\":\"unknown\"}", null)]               // not declared: the reader reads it
    [InlineData("{ \"type\":\"progress\"}", null)]
    [InlineData("{\"type\":\"progress\"", "progress")]          // cut off after the kind: the decoder reports it, as it would after the reader
    [InlineData("{\"type\":\"progress", null)]
    public void TheBytesAreTrustedOnlyForADeclaredKindWrittenPlainly(string json, string? expected)
    {
        Assert.Equal(expected, EventStream.LeadingKind(Encoding.UTF8.GetBytes(json), Format));
    }
}
