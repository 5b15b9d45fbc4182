using System.Globalization;
using System.Text;
using System.Text.Json;
using Contracts.Testing;
using CsCheck;

namespace Memories.Contracts.Tests;

/// <summary>
/// The generated readers look up each property name starting where the last match left off,
/// because answers usually keep the contract's order. Answers that do not, with names written with
/// escapes, unknown properties between them or the same property twice, must decode to exactly
/// what they say.
/// </summary>
public sealed class PropertyOrderTests
{
    private static readonly string[] Statuses = ["PARSE", "UNPARSE", "FAIL", "FAILED", "ARCHIVED"];

    private static readonly Gen<Video> Videos = Gen.Select(
        Gen.Long[1, long.MaxValue],
        Gen.String[Gen.Char.AlphaNumeric, 0, 8].Null(),
        Gen.Int[-1, 100_000].Select(s => s < 0 ? (int?)null : s),
        Gen.Long[-1, 4_102_444_800_000].Select(c => c < 0 ? (long?)null : c),
        Gen.Int[0, 4].Select(i => Statuses[i]),
        (number, name, seconds, created, status) => new Video("VI" + number.ToString(CultureInfo.InvariantCulture), name, seconds, created, status));

    // How each property is written: its order key, whether its name is escaped, whether an unknown property and a stale duplicate precede it.
    private static readonly Gen<(int Order, bool Escaped, bool Unknown, bool Duplicate)> Layout = Gen.Select(Gen.Int, Gen.Bool, Gen.Int[0, 5], Gen.Int[0, 7], (order, escaped, unknown, duplicate) => (order, escaped, unknown == 0, duplicate == 0));

    [Fact]
    public void AnswersInAnyOrderDecodeToWhatTheySay()
    {
        Sampling.Check(
            Gen.Select(Videos.Array[0, 4], Layout.Array[32]),
            input =>
            {
                var (videos, layout) = input;
                int next = 0;
                (int Order, bool Escaped, bool Unknown, bool Duplicate) Next() => layout[next++ % layout.Length];

                var items = videos.Select(v => Object(new List<(string, string)>
                {
                    ("video_no", Quote(v.Number)),
                    ("video_name", v.Name is null ? "null" : Quote(v.Name)),
                    ("duration", v.Seconds is { } s ? Quote(s.ToString(CultureInfo.InvariantCulture)) : "null"),
                    ("create_time", v.Created is { } c ? c.ToString(CultureInfo.InvariantCulture) : "null"),
                    ("status", Quote(v.Status)),
                }, Next));
                string json = Object(new List<(string, string)>
                {
                    ("code", Quote("0000")),
                    ("msg", Quote("success")),
                    ("data", Object([("videos", "[" + string.Join(",", items) + "]")], Next)),
                    ("success", "true"),
                }, Next);

                var answer = JsonSerializer.Deserialize(Encoding.UTF8.GetBytes(json), MemoriesJsonContext.Default.MemoriesResponseTaskVideos)!;

                Assert.Equal(("0000", "success", (bool?)true), (answer.Code, answer.Message, answer.Success));
                Assert.Equal(
                    videos.Select(v => (v.Number, v.Name, v.Seconds is { } s ? TimeSpan.FromSeconds(s) : (TimeSpan?)null, v.Created, v.Status)),
                    answer.Data!.Videos.Select(v => (v.VideoNo, v.VideoName, v.Duration, v.CreateTime?.ToUnixTimeMilliseconds(), v.StatusWireValue!)));
                return layout.Any(l => l.Duplicate) && layout.Any(l => l.Escaped) && videos.Length > 1 ? "several videos, escaped and repeated names" : "simpler answers";
            },
            3_000,
            input => string.Join(" ", input.Item1.Select(v => v.ToString())))
            .AssertReached("several videos, escaped and repeated names");
    }

    /// <summary>The properties in the order the layout gives, each perhaps escaped, after an unknown property or a stale copy of itself.</summary>
    private static string Object(List<(string Name, string Value)> properties, Func<(int Order, bool Escaped, bool Unknown, bool Duplicate)> next)
    {
        var written = new List<(int Order, string Text)>();
        foreach (var (name, value) in properties)
        {
            var (order, escaped, unknown, duplicate) = next();
            string key = escaped ? "\"" + string.Concat(name.Select(c => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture))) + "\"" : Quote(name);
            string text = (unknown ? "\"x_" + name + "\":{\"nested\":[1,\"2\"]}," : string.Empty)
                + (duplicate ? key + ":" + (name == "code" ? "\"0401\"" : "null") + "," : string.Empty)
                + key + ":" + value;
            written.Add((order, text));
        }

        return "{" + string.Join(",", written.OrderBy(p => p.Order).Select(p => p.Text)) + "}";
    }

    private static string Quote(string text) => "\"" + JsonEncodedText.Encode(text).Value + "\"";

    private sealed record Video(string Number, string? Name, int? Seconds, long? Created, string Status);
}
