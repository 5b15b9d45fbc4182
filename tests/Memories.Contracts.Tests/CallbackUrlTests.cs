using System.Text;
using System.Text.Json;
using Contracts.Testing;
using CsCheck;
using Memories.Contracts.DependencyInjection;

namespace Memories.Contracts.Tests;

/// <summary>
/// The callback URL is added to a task-creating body exactly when the body names no callback of
/// its own, and nothing else in the body changes, whatever the body holds.
/// </summary>
public sealed class CallbackUrlTests
{
    private static readonly Uri Url = new("https://ingest.example.com/memories/callbacks/s3cret-s3cret-s3cret-s3cret");

    private static readonly Gen<string> Names = Gen.OneOf(
        Gen.String[Gen.Char.AlphaNumeric, 1, 12],
        Gen.String[Gen.Char['\u0020', '\u00ff'], 0, 6],
        Gen.Const("callback_url"),
        Gen.Const("callback"));

    private static readonly Gen<string> Values = Gen.OneOf(
        Gen.String[Gen.Char['\u0000', '\u07ff'], 0, 10].Select(Quote),
        Gen.Long.Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.Const("null"),
        Gen.Const("true"),
        Gen.Const("[1,\"two\",{\"three\":[]}]"));

    [Fact]
    public void AnyBody_GetsTheCallbackOnlyWhenItNamesNone_AndKeepsEverythingElseInOrder()
    {
        Sampling.Check(
            Gen.Select(Names, Values).Array[0, 8],
            properties =>
            {
                var unique = properties.DistinctBy(p => p.Item1).ToList();
                string body = "{" + string.Join(",", unique.Select(p => Quote(p.Item1) + ":" + p.Item2)) + "}";
                bool namesOne = unique.Any(p => p.Item1 is "callback_url" or "callback" && p.Item2 != "null");

                var rewritten = CallbackUrlHandler.WithCallback(Encoding.UTF8.GetBytes(body), "callback_url", Url);

                if (namesOne)
                {
                    Assert.Null(rewritten);
                    return "kept the caller's callback";
                }

                using var document = JsonDocument.Parse(rewritten!);
                var written = document.RootElement.EnumerateObject().ToList();
                var expected = unique.Where(p => p.Item1 is not ("callback_url" or "callback")).ToList();
                Assert.Equal(expected.Select(p => p.Item1).Append("callback_url"), written.Select(p => p.Name));
                for (int i = 0; i < expected.Count; i++)
                {
                    using var original = JsonDocument.Parse(expected[i].Item2);
                    Assert.Equal(original.RootElement.GetRawText(), written[i].Value.GetRawText());
                }

                Assert.Equal(Url.AbsoluteUri, written[^1].Value.GetString());
                return "added";
            },
            cases: 300,
            print: properties => string.Join(", ", properties.Select(p => p.Item1 + "=" + p.Item2)));
    }

    [Fact]
    public void AnyForm_GetsTheCallbackOnlyWhenItHasNoneThatIsSet_AndKeepsEveryOtherFieldInOrder()
    {
        var formNames = Gen.OneOf(Gen.String[Gen.Char['\u0020', '\u00ff'], 0, 6], Gen.Const("callback"), Gen.Const("callback_url"));
        var formValues = Gen.OneOf(Gen.String[Gen.Char['\u0000', '\u07ff'], 0, 10], Gen.Const(string.Empty));
        Sampling.Check(
            Gen.Select(formNames, formValues).Array[0, 8],
            fields =>
            {
                using var content = new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Item1, f.Item2)));
                byte[] body = content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
                bool hasOne = fields.Any(f => f.Item1 == "callback" && f.Item2.Length > 0);

                var rewritten = CallbackUrlHandler.WithFormCallback(body, "callback", Url);

                if (hasOne)
                {
                    Assert.Null(rewritten);
                    return "kept the caller's callback";
                }

                var read = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseNullableQuery(Encoding.ASCII.GetString(rewritten!)) ?? [];
                var others = fields.Where(f => f.Item1 != "callback" && f.Item1.Length > 0).ToList();
                Assert.Equal(Url.AbsoluteUri, Assert.Single(read["callback"]));
                foreach (var group in others.GroupBy(f => f.Item1))
                {
                    Assert.Equal(group.Select(f => f.Item2), read[group.Key].Select(v => v ?? string.Empty));
                }

                return fields.Any(f => f.Item1 == "callback") ? "replaced an empty callback" : "added";
            },
            cases: 300,
            print: fields => string.Join("&", fields.Select(f => f.Item1 + "=" + f.Item2)));
    }

    private static string Quote(string text) => "\"" + JsonEncodedText.Encode(text) + "\"";

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("not json")]
    [InlineData("\"a string\"")]
    public void ABodyThatIsNotAJsonObject_IsSentAsItIs(string body) =>
        Assert.Null(CallbackUrlHandler.WithCallback(Encoding.UTF8.GetBytes(body), "callback", Url));
}
