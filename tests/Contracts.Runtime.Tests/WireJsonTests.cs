using System.Text;
using System.Text.Json;
using Contracts.Runtime;
using Contracts.Runtime.Json;
using Contracts.Testing;
using CsCheck;

namespace Contracts.Runtime.Tests;

/// <summary>The lenient decoding rules every generated converter relies on.</summary>
public sealed class WireJsonTests
{
    [Theory]
    [InlineData("17", 17L)]
    [InlineData("\"17\"", 17L)]
    [InlineData("\" 1758262500019 \"", 1758262500019L)]
    [InlineData("-3", -3L)]
    [InlineData("null", null)]
    [InlineData("\"\"", null)]
    public void Int64AcceptsNumbersAndNumericStrings(string json, long? expected) =>
        Assert.Equal(expected, Read(json, static (ref Utf8JsonReader r) => WireJson.ReadInt64(ref r)));

    [Theory]
    [InlineData("\"seventeen\"", "Expected a 64-bit integer, found the string \"seventeen\".")]
    [InlineData("1.5", "Expected a 64-bit integer, found the fraction 1.5.")]
    [InlineData("\"1.5\"", "Expected a 64-bit integer, found the fraction 1.5.")]
    [InlineData("1e19", "The number 1e19 does not fit a 64-bit integer.")]
    [InlineData("1e400", "The number 1e400 does not fit a 64-bit integer.")]
    [InlineData("{}", "Expected a 64-bit integer, found an object.")]
    public void Int64RejectsWhatIsNotAnInteger(string json, string message)
    {
        var error = Assert.Throws<JsonException>(() => Read(json, static (ref Utf8JsonReader r) => WireJson.ReadInt64(ref r)));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void KnownWireValuesHandBackTheirOwnStringsAndReadAnythingElse()
    {
        var values = new KnownWireValues("DONE", "RUNNING", "d\u00f6ne");

        Assert.Same("DONE", Read("\"DONE\"", (ref Utf8JsonReader r) => values.Read(ref r)));
        Assert.Same("RUNNING", Read("\"RUN\\u004eING\"", (ref Utf8JsonReader r) => values.Read(ref r)));
        Assert.Equal("d\u00f6ne", Read("\"d\u00f6ne\"", (ref Utf8JsonReader r) => values.Read(ref r)));
        Assert.Equal("NEW", Read("\"NEW\"", (ref Utf8JsonReader r) => values.Read(ref r)));
        Assert.Equal("7", Read("7", (ref Utf8JsonReader r) => values.Read(ref r)));
        Assert.Null(Read("null", (ref Utf8JsonReader r) => values.Read(ref r)));
        Assert.Equal([0, 1, 2, -1, -1, -1], new[] { "DONE", "RUNNING", "d\u00f6ne", "done", string.Empty, null }.Select(values.IndexOf));
    }

    [Fact]
    public void KnownWireValuesRefuseATableThatCouldNotTellValuesApart() =>
        Assert.Throws<ArgumentException>(() => new KnownWireValues("A", "B", "A"));

    [Theory]
    [InlineData("\"\\ud800\"")]
    [InlineData("\"x\\udc00\"")]
    [InlineData("\"\\ud800\\ud800\"")]
    public void AStringWithALoneSurrogateIsAJsonExceptionNotAnInvalidOperation(string json)
    {
        var error = Assert.Throws<JsonException>(() => Read(json, static (ref Utf8JsonReader r) => WireJson.ReadString(ref r)));
        Assert.Contains("lone UTF-16 surrogate", error.Message, StringComparison.Ordinal);
        Assert.Throws<JsonException>(() => Read(json, static (ref Utf8JsonReader r) => WireJson.ReadInt64(ref r)));
        Assert.Throws<JsonException>(() => Read(json, static (ref Utf8JsonReader r) => WireJson.ReadUri(ref r)));
        Assert.Throws<JsonException>(() => Read(json, static (ref Utf8JsonReader r) => WireJson.ReadBoolean(ref r)));
        Assert.Throws<JsonException>(() => Read(json, static (ref Utf8JsonReader r) => new RepeatedText().Read(ref r)));
        Assert.Null(Read(json, static (ref Utf8JsonReader r) => WireJson.ReadFlag(ref r)));
    }

    [Theory]
    [InlineData("\"17\"", 17.0)]
    [InlineData("12", 12.0)]
    [InlineData("\"8.5\"", 8.5)]
    [InlineData("0.25", 0.25)]
    public void DurationInSecondsFromStringOrNumber(string json, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Read(json, static (ref Utf8JsonReader r) => WireJson.ReadDuration(ref r, WireTimeUnit.Seconds)));

    [Fact]
    public void DurationInMilliseconds() =>
        Assert.Equal(TimeSpan.FromMilliseconds(1500), Read("1500", static (ref Utf8JsonReader r) => WireJson.ReadDuration(ref r, WireTimeUnit.Milliseconds)));

    [Theory]
    [InlineData("\"1758262500019\"")]
    [InlineData("1758262500019")]
    public void TimestampInEpochMillisecondsFromStringOrNumber(string json)
    {
        var expected = new DateTimeOffset(2025, 9, 19, 6, 15, 0, 19, TimeSpan.Zero);
        Assert.Equal(expected, Read(json, static (ref Utf8JsonReader r) => WireJson.ReadTimestamp(ref r, WireTimeUnit.Milliseconds)));
    }

    [Fact]
    public void TimestampOutOfRangeIsAJsonException() =>
        Assert.Throws<JsonException>(() => Read("\"99999999999999999\"", static (ref Utf8JsonReader r) => WireJson.ReadTimestamp(ref r, WireTimeUnit.Seconds)));

    [Theory]
    [InlineData("true", true)]
    [InlineData("\"false\"", false)]
    [InlineData("1", true)]
    [InlineData("\"0\"", false)]
    [InlineData("null", null)]
    public void BooleanIsLenient(string json, bool? expected) =>
        Assert.Equal(expected, Read(json, static (ref Utf8JsonReader r) => WireJson.ReadBoolean(ref r)));

    [Theory]
    [InlineData("\"0000\"", "0000")]
    [InlineData("0", "0")]
    [InlineData("null", null)]
    public void StringKeepsNumbersAsTheirText(string json, string? expected) =>
        Assert.Equal(expected, Read(json, static (ref Utf8JsonReader r) => WireJson.ReadString(ref r)));

    [Fact]
    public void DecimalKeepsItsPrecision() =>
        Assert.Equal(0.1m + 0.2m, Read("\"0.3\"", static (ref Utf8JsonReader r) => WireJson.ReadDecimal(ref r)));

    [Fact]
    public void ArraysSkipNullItemsAndReadNullAsEmpty()
    {
        Assert.Equal(["a", "b"], Read("[\"a\", null, \"b\"]", static (ref Utf8JsonReader r) => WireJson.ReadArray(ref r, WireJson.ReadString)));
        Assert.Empty(Read("null", static (ref Utf8JsonReader r) => WireJson.ReadArray(ref r, WireJson.ReadString)));
        Assert.Equal([1L, 2L], Read("[1, \"2\"]", static (ref Utf8JsonReader r) => WireJson.ReadValueArray(ref r, WireJson.ReadInt64)));
    }

    [Fact]
    public void WritesEachValueInItsWireForm()
    {
        string json = Write(writer =>
        {
            WireJson.WriteNumber(writer, "as_string"u8, 17L, WireEncoding.String);
            WireJson.WriteNumber(writer, "as_number"u8, 17L, WireEncoding.Number);
            WireJson.WriteNumber(writer, "missing"u8, (long?)null, WireEncoding.Number);
            WireJson.WriteDuration(writer, "seconds"u8, TimeSpan.FromSeconds(8), WireTimeUnit.Seconds, WireEncoding.String);
            WireJson.WriteDuration(writer, "fraction"u8, TimeSpan.FromMilliseconds(1500), WireTimeUnit.Seconds, WireEncoding.Number);
            WireJson.WriteTimestamp(writer, "at"u8, DateTimeOffset.FromUnixTimeMilliseconds(1758262500019), WireTimeUnit.Milliseconds, WireEncoding.String);
            WireJson.WriteUri(writer, "url"u8, new Uri("https://example.test/a b", UriKind.Absolute));
            WireJson.WriteString(writer, "none"u8, null);
        });

        Assert.Equal("""{"as_string":"17","as_number":17,"seconds":"8","fraction":1.5,"at":"1758262500019","url":"https://example.test/a b"}""", json);
    }

    /// <summary>Any duration, whole units or not, negative or not, reads back as written in either unit and encoding.</summary>
    [Fact]
    public void AnyDurationWrittenReadsBackExactly()
    {
        var ticks = Gen.OneOf(Gen.Long[-100_000_000_000_000, 100_000_000_000_000], Gen.Long[-100_000, 100_000].Select(n => n * TimeSpan.TicksPerSecond), Gen.Long[-100_000, 100_000].Select(n => n * TimeSpan.TicksPerMillisecond));
        var stages = Sampling.Check(Gen.Select(ticks, Gen.Bool, Gen.Bool), input =>
        {
            var (value, seconds, asString) = input;
            var unit = seconds ? WireTimeUnit.Seconds : WireTimeUnit.Milliseconds;
            var duration = TimeSpan.FromTicks(value);
            string json = Write(writer => WireJson.WriteDuration(writer, "d"u8, duration, unit, asString ? WireEncoding.String : WireEncoding.Number));
            string wire = json["{\"d\":".Length..^1];

            Assert.Equal(duration, Read(wire, (ref Utf8JsonReader r) => WireJson.ReadDuration(ref r, unit)));
            return (asString ? "string" : "number") + (duration.Ticks % TimeSpan.TicksPerMillisecond == 0 ? ", whole" : ", fraction");
        }, 5_000, input => input.ToString());
        Assert.Equal(4, stages.Count);   // both encodings, whole and fractional amounts
    }

    [Fact]
    public void TheExpectedCodeIsReturnedItself_AnyOtherCodeAsRead()
    {
        const string Success = "0000";

        Assert.Same(Success, Read("\"0000\"", static (ref Utf8JsonReader r) => WireJson.ReadCode(ref r, "0000"u8, Success)));
        Assert.Equal("0000", Read("\"\\u0030000\"", static (ref Utf8JsonReader r) => WireJson.ReadCode(ref r, "0000"u8, Success)));
        Assert.Equal("0401", Read("\"0401\"", static (ref Utf8JsonReader r) => WireJson.ReadCode(ref r, "0000"u8, Success)));
        Assert.Equal("0", Read("0", static (ref Utf8JsonReader r) => WireJson.ReadCode(ref r, "0000"u8, Success)));
        Assert.Null(Read("null", static (ref Utf8JsonReader r) => WireJson.ReadCode(ref r, "0000"u8, Success)));
    }

    [Fact]
    public void UnlistedBusinessCodesAreDescribedNotThrown()
    {
        var code = BusinessCode.Unlisted("7777");
        var error = new ApiResponseException(code, "strange");

        Assert.Equal("7777", error.Code);
        Assert.False(error.IsRetryable);
        Assert.Equal("The API answered code 7777 (a code the contract does not list): strange", error.Message);
    }

    private static T Read<T>(string json, WireValueReader<T> read)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        return read(ref reader);
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>
    /// Numeric strings are parsed straight from the reader's bytes when they carry no escapes; the
    /// same text spelled with escapes takes the text path. For generated numeric-looking text, both
    /// must agree: the same value, or the same error message.
    /// </summary>
    [Fact]
    public void NumericStringsReadTheSameFromBytesAsFromText()
    {
        var character = Gen.OneOf(Gen.Char["0123456789"], Gen.Char["-+.eE ,_\t"], Gen.Char["0123456789"], Gen.Const('\u00A0'), Gen.Char['a', 'z']);
        var text = Gen.OneOf(
            character.Array[0, 24].Select(chars => new string(chars)),
            Gen.Long.Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Gen.Double.Select(d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture)),
            Gen.Decimal.Select(m => m.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Gen.Select(Gen.Long, Gen.Int[0, 5]).Select((n, pad) => new string(' ', pad) + n + ".0" + new string(' ', pad)));
        var stages = Sampling.Check(
            text,
            value =>
            {
                string plain = "\"" + value.Replace("\\", "\\\\").Replace("\t", "\\t") + "\"";
                string escaped = "\"" + string.Concat(value.Select(c => $"\\u{(int)c:x4}")) + "\"";
                Same(plain, escaped, static (ref Utf8JsonReader r) => WireJson.ReadInt32(ref r));
                Same(plain, escaped, static (ref Utf8JsonReader r) => WireJson.ReadInt64(ref r));
                Same(plain, escaped, static (ref Utf8JsonReader r) => WireJson.ReadDouble(ref r));
                Same(plain, escaped, static (ref Utf8JsonReader r) => WireJson.ReadDecimal(ref r));
                Same(plain, escaped, static (ref Utf8JsonReader r) => WireJson.ReadDuration(ref r, WireTimeUnit.Seconds));
                Same(plain, escaped, static (ref Utf8JsonReader r) => WireJson.ReadTimestamp(ref r, WireTimeUnit.Milliseconds));
                return Outcome(plain, static (ref Utf8JsonReader r) => WireJson.ReadInt64(ref r)).StartsWith("error", StringComparison.Ordinal) ? "refused as a 64-bit integer" : "read as a 64-bit integer";
            },
            20_000,
            value => "\"" + value + "\"");
        Assert.Equal(2, stages.Count);   // both paths compared on numbers that parse and on text that does not
    }

    private static void Same<T>(string plain, string escaped, WireValueReader<T> read)
    {
        string fast = Outcome(plain, read);
        string slow = Outcome(escaped, read);
        Assert.True(fast == slow, $"{plain}: from bytes {fast}, from text {slow}");
    }

    private static string Outcome<T>(string json, WireValueReader<T> read)
    {
        try
        {
            return "value " + Read(json, read);
        }
        catch (JsonException error)
        {
            return "error " + error.Message;
        }
    }
}
