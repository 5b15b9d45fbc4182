using System.Text;
using System.Text.Json;
using Contracts.Runtime.Json;
using Contracts.Testing;
using CsCheck;

namespace Contracts.Runtime.Tests;

/// <summary>
/// An envelope converter reads its message through <see cref="RepeatedText"/>, which hands back
/// the string it made last time when the bytes repeat. It must never answer another text than the
/// one on the wire, whatever the sequence of answers and however many threads share it.
/// </summary>
public sealed class RepeatedTextTests
{
    [Fact]
    public void ARepeatedMessageIsTheSameString_EscapedOrNot()
    {
        var messages = new RepeatedText();
        string first = Read(messages, "\"success\"")!;
        Assert.Equal("success", first);
        Assert.Same(first, Read(messages, "\"success\""));
        Assert.Same(first, Read(messages, "\"\\u0073uccess\""));
    }

    [Theory]
    [InlineData("null", null)]
    [InlineData("42", "42")]
    [InlineData("{\"error\":\"boom\",\"at\":[1,2]}", "{\"error\":\"boom\",\"at\":[1,2]}")]
    [InlineData("true", "true")]
    public void OtherKindsReadAsTheirJsonText(string json, string? expected)
    {
        var messages = new RepeatedText();
        Read(messages, "\"42\"");
        Assert.Equal(expected, Read(messages, json));
    }

    [Fact]
    public void ALongMessageIsReadWholeAndNotKept()
    {
        var messages = new RepeatedText();
        string text = new('m', 200);
        string first = Read(messages, "\"" + text + "\"")!;
        string second = Read(messages, "\"" + text + "\"")!;
        Assert.Equal(text, second);
        Assert.NotSame(first, second);
    }

    [Fact]
    public void AnySequenceOfMessagesOnAnyThreadsReadsAsWritten()
    {
        // Few distinct texts, so that repeats and changes interleave; non-ASCII and escapes included.
        var text = Gen.OneOf(Gen.Const("success"), Gen.Const("Request has exceeded the limit."), Gen.Const("é \"quoted\""), Gen.String[Gen.Char["ab"], 0, 3]);
        var messages = new RepeatedText();
        var stages = Sampling.Check(
            text.Array[1, 20],
            sequence =>
            {
                foreach (string message in sequence)
                {
                    Assert.Equal(message, Read(messages, "\"" + JsonEncodedText.Encode(message).Value + "\""));
                }

                return sequence.Zip(sequence.Skip(1)).Any(pair => pair.First == pair.Second) ? "a message repeated" : "no message repeated";
            },
            2_000,
            sequence => string.Join(" | ", sequence),
            threads: 4);
        Assert.Equal(2, stages.Count);
    }

    private static string? Read(RepeatedText messages, string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        return messages.Read(ref reader);
    }
}
