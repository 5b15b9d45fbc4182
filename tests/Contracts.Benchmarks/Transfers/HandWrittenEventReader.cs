using System.Buffers;
using System.Text.Json;
using Acme.Everything;

namespace Contracts.Benchmarks.Transfers;

/// <summary>
/// The floor for reading events: what a team writes by hand for this one stream, reading the
/// response's stream into a pooled buffer, splitting lines, and decoding each <c>data:</c> line's
/// JSON with a <see cref="Utf8JsonReader"/> into the same models. It knows only what these events
/// need (one data line per event, LF or CRLF, no comments, no unknown kinds).
/// </summary>
internal static class HandWrittenEventReader
{
    public static async Task<int> ReadAsync(Stream stream, Action<object> onEvent)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        int filled = 0, events = 0;
        try
        {
            while (true)
            {
                if (filled == buffer.Length)
                {
                    byte[] larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                int read = await stream.ReadAsync(buffer.AsMemory(filled)).ConfigureAwait(false);
                if (read == 0)
                {
                    return events;
                }

                filled += read;
                int consumed = 0;
                int newline;
                while ((newline = buffer.AsSpan(consumed, filled - consumed).IndexOf((byte)'\n')) >= 0)
                {
                    var line = buffer.AsSpan(consumed, newline).TrimEnd((byte)'\r');
                    consumed += newline + 1;
                    if (!line.StartsWith("data: "u8))
                    {
                        continue;
                    }

                    var data = line[6..];
                    if (data.SequenceEqual("[DONE]"u8))
                    {
                        return events;
                    }

                    onEvent(Decode(data));
                    events++;
                }

                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static object Decode(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        string? type = null, text = null;
        double percent = 0;
        DateTimeOffset? at = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                type = reader.GetString();
            }
            else if (reader.ValueTextEquals("percent"u8))
            {
                reader.Read();
                percent = reader.GetDouble();
            }
            else if (reader.ValueTextEquals("at"u8))
            {
                reader.Read();
                at = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64());
            }
            else if (reader.ValueTextEquals("text"u8))
            {
                reader.Read();
                text = reader.GetString();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return type == "progress"
            ? new JobProgress { Type = type, Percent = percent, At = at }
            : new LogLine { Type = type!, Text = text! };
    }
}
