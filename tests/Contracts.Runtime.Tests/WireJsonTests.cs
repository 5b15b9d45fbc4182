using System.Text;
using System.Text.Json;
using Contracts.Runtime;
using Contracts.Runtime.Json;

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
}
