using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Acme.Everything;
using Acme.Everything.Client;
using Contracts.Testing;
using CsCheck;
using Refit;

namespace Contracts.Generated.Tests;

/// <summary>
/// Server-sent events framed every way the format allows (LF, CRLF or CR line ends, comments and
/// other fields between lines, an event's JSON over several <c>data:</c> lines) and cut into reads
/// of any size, even inside a UTF-8 character, decode to the same events. The reads are cut by the
/// response's stream, where a server on loopback could not be made to cut them.
/// </summary>
public sealed class EventStreamFramingTests
{
    private const int Cases = 400;

    private static readonly string[] Texts = ["plain", "é à ü", "日本語のテキスト", "emoji 🎬🎞", "quote \" and \\ backslash", "line\nbreak", "tab\there", ""];

    private static readonly Gen<Event> AnEvent = Gen.OneOf(
        Gen.Double[-1000, 1000].Select(p => (Event)new Progress(Math.Round(p, 3))),
        Gen.Int[0, Texts.Length - 1].Select(i => (Event)new Log(Texts[i])),
        Gen.Int[0, Texts.Length - 1].Select(i => (Event)new Audit(Texts[i])));

    private static readonly Gen<Framing> AFraming = Gen.Select(
        Gen.Int.Array[0, 40],
        Gen.Int[1, 64].Array[1, 400],
        (choices, reads) => new Framing(choices, reads));

    [Fact]
    public void AnyFramingAndAnySplitIntoReadsGiveTheSameEvents()
    {
        var features = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        var gen = Gen.Select(AnEvent.List[0, 8], AFraming);
        var stages = Sampling.Check(
            gen,
            input =>
            {
                var (events, framing) = input;
                byte[] bytes = Frame(events, framing, features);
                var read = ReadAsync(bytes, framing.Reads).GetAwaiter().GetResult();
                Assert.Equal(events.Count, read.Count);
                for (int i = 0; i < events.Count; i++)
                {
                    events[i].AssertIs(read[i]);
                }

                return events.Count == 0 ? "no events" : "events";
            },
            Cases,
            input => Encoding.UTF8.GetString(Frame(input.Item1, input.Item2, null)).Replace("\r", "\\r", StringComparison.Ordinal) + "\nreads: " + string.Join(",", input.Item2.Reads.Take(40)));

        stages.AssertReached("events", "no events");
        foreach (string feature in new[] { "LF", "CRLF", "CR", "comment", "field", "multi-line data", "no space after data:" })
        {
            Assert.True(features.GetValueOrDefault(feature) > 0, "No case framed with " + feature);
        }
    }

    /// <summary>The events as a server may frame them, choices drawn from <paramref name="framing"/>.</summary>
    private static byte[] Frame(List<Event> events, Framing framing, System.Collections.Concurrent.ConcurrentDictionary<string, int>? features)
    {
        int next = 0;
        int Choose(int count) => framing.Choices.Length == 0 ? 0 : (int)((uint)framing.Choices[next++ % framing.Choices.Length] % (uint)count);
        void Saw(string feature) => features?.AddOrUpdate(feature, 1, (_, n) => n + 1);

        var text = new StringBuilder();
        string previous = "\n";
        void End()
        {
            // A lone CR followed by LF would be one CRLF: after a CR, the next line end starts with CR too.
            string[] choices = previous == "\r" ? ["\r", "\r\n"] : ["\n", "\r\n", "\r"];
            previous = choices[Choose(choices.Length)];
            Saw(previous switch { "\n" => "LF", "\r\n" => "CRLF", _ => "CR" });
            text.Append(previous);
        }

        void Line(string line)
        {
            text.Append(line);
            End();
        }

        foreach (var item in events)
        {
            switch (Choose(4))
            {
                case 0:
                    Line(": keep-alive " + Choose(100).ToString(CultureInfo.InvariantCulture));
                    Saw("comment");
                    break;
                case 1:
                    Line("event: news");
                    Line("id: " + Choose(1000).ToString(CultureInfo.InvariantCulture));
                    Saw("field");
                    break;
            }

            // Data lines break only between JSON tokens, where the LF the parser joins them with is white space.
            var lines = new List<StringBuilder> { new() };
            foreach (string token in item.Tokens())
            {
                if (lines[^1].Length > 0 && Choose(3) == 0)
                {
                    lines.Add(new StringBuilder());
                    Saw("multi-line data");
                }

                lines[^1].Append(token);
            }

            foreach (var line in lines)
            {
                bool space = Choose(2) == 0;
                if (!space)
                {
                    Saw("no space after data:");
                }

                Line("data:" + (space ? " " : string.Empty) + line);
            }

            End();
        }

        Line("data: [DONE]");
        End();
        Line("data: {\"type\":\"progress\",\"percent\":\"never read\"}");
        End();
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Reads the bytes through the generated call, the response's stream returning them in reads of the given sizes.</summary>
    private static async Task<List<JobNews>> ReadAsync(byte[] bytes, int[] reads)
    {
        using var http = new HttpClient(new Answering(bytes, reads)) { BaseAddress = new Uri("http://acme.invalid") };
        var api = RestService.ForGenerated<IAcmeApi>(http, EverythingJsonContext.Default);
        return await api.FollowJobEventsAsync(1).ToListAsync();
    }

    private sealed record Framing(int[] Choices, int[] Reads);

    private abstract record Event
    {
        public abstract IEnumerable<string> Tokens();

        public abstract void AssertIs(JobNews news);

        /// <summary>A JSON string that keeps non-ASCII characters as UTF-8, so that reads can cut inside them.</summary>
        protected static string Json(string text) => "\"" + JsonEncodedText.Encode(text, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping) + "\"";
    }

    private sealed record Progress(double Percent) : Event
    {
        public override IEnumerable<string> Tokens() => ["{", "\"type\"", ":", "\"progress\"", ",", "\"percent\"", ":", Percent.ToString("R", CultureInfo.InvariantCulture), "}"];

        public override void AssertIs(JobNews news) => Assert.Equal(("progress", Percent), (news.Kind, news.Progress!.Percent));
    }

    private sealed record Log(string Text) : Event
    {
        public override IEnumerable<string> Tokens() => ["{", "\"text\"", ":", Json(Text), ",", "\"type\"", ":", "\"log_line\"", "}"];

        public override void AssertIs(JobNews news) => Assert.Equal(("log_line", Text), (news.Kind, news.LogLine!.Text));
    }

    private sealed record Audit(string Who) : Event
    {
        public override IEnumerable<string> Tokens() => ["{", "\"type\"", ":", "\"audit\"", ",", "\"who\"", ":", Json(Who), "}"];

        public override void AssertIs(JobNews news)
        {
            Assert.Equal("audit", news.Kind);
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(string.Concat(Tokens())), JsonNode.Parse(news.UnknownJson!)), news.UnknownJson);
        }
    }

    private sealed class Answering(byte[] bytes, int[] reads) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var content = new StreamContent(new ReadsOfSizes(bytes, reads));
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/event-stream");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
        }
    }

    /// <summary>The bytes, each read returning at most the next of the sizes (cycling).</summary>
    private sealed class ReadsOfSizes(byte[] bytes, int[] reads) : Stream
    {
        private int _position;
        private int _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int count = Math.Min(Math.Min(buffer.Length, reads[_read++ % reads.Length]), bytes.Length - _position);
            bytes.AsSpan(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
