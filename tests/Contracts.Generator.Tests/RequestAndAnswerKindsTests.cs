using Contracts.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace Contracts.Generator.Tests;

/// <summary>
/// Forms, multipart requests, bare arrays, file answers and event streams: what the contract may
/// say about each, the located error when it says something that cannot work, and the drift check
/// on the hand-declared Refit method, which says what to write.
/// </summary>
public sealed class RequestAndAnswerKindsTests
{
    private const string Path = "/repo/contracts/kinds.contract.json";

    private const string Models = """
          "models": [
            { "name": "Item", "fields": [ { "wire": "id", "type": "string", "required": true } ] },
            { "name": "Upload", "fields": [ { "wire": "file", "type": "file", "required": true }, { "wire": "note", "type": "string" }, { "wire": "tags", "type": "string[]" } ] },
            { "name": "Search", "fields": [ { "wire": "q", "type": "string", "required": true }, { "wire": "page", "type": "int" } ] },
            { "name": "Line", "fields": [ { "wire": "type", "type": "string" }, { "wire": "text", "type": "string" } ] }
          ]
        """;

    [Theory]
    [InlineData("\"form\": \"Upload\"", "field 'file' is a file, which only a \\\"multipart\\\" request can send")]
    [InlineData("\"body\": \"Upload\"", "field 'file' is a file, which only a \\\"multipart\\\" request can send")]
    [InlineData("\"body\": \"Item\", \"form\": \"Search\"", "a request has one body")]
    [InlineData("\"multipart\": \"Nothing\"", "Unknown type 'Nothing'")]
    [InlineData("\"body\": \"file[]\"", "an array such as \\\"string[]\\\" for a bare JSON array")]
    public void ABodyThatCannotTravelIsALocatedError(string body, string expected)
    {
        var d = Assert.Single(Diagnose(Endpoint($$"""{ "name": "Send", "method": "POST", "path": "/v1/send", {{body}}, "response": "Item", "rateLimit": { "requests": 1, "perSeconds": 1 } }""")));

        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        AssertSays(d, expected.Replace("\\\"", "\""));
        Assert.Equal(Path, d.Location.GetLineSpan().Path);
        Assert.True(d.Location.GetLineSpan().StartLinePosition.Line > 0, "not located");
    }

    [Fact]
    public void AGetWithAFormIsALocatedError()
    {
        var d = Assert.Single(Diagnose(Endpoint("""{ "name": "Send", "method": "GET", "path": "/v1/send", "form": "Search", "response": "Item", "rateLimit": { "requests": 1, "perSeconds": 1 } }""")));

        Assert.Equal("CTR011", d.Id);
        Assert.Contains("only POST, PUT and PATCH send a body", d.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"response\": \"Item\", \"events\": { \"discriminator\": \"type\", \"kinds\": { \"line\": \"Line\" }, \"end\": { \"data\": [\"[DONE]\"] } }", "either \"response\" or \"events\"")]
    [InlineData("\"events\": { \"discriminator\": \"type\", \"kinds\": { }, \"end\": { \"data\": [\"[DONE]\"] } }", "at least one kind")]
    [InlineData("\"events\": { \"discriminator\": \"type\", \"kinds\": { \"line\": \"Line\" } }", "Missing required key 'end'")]
    [InlineData("\"events\": { \"discriminator\": \"type\", \"kinds\": { \"line\": \"Upload\" }, \"end\": { \"data\": [\"[DONE]\"] } }", "a model without file fields")]
    [InlineData("\"events\": { \"discriminator\": \"type\", \"kinds\": { \"line\": \"Line\" }, \"end\": { \"field\": \"type\", \"value\": \"x\" } }", "the envelope's data field \"data\" or message field \"msg\"")]
    [InlineData("\"events\": { \"discriminator\": \"type\", \"kinds\": { \"line\": \"Line\" }, \"end\": { \"field\": \"data\" } }", "both \"field\" and \"value\"")]
    [InlineData("\"events\": { \"discriminator\": \"type\", \"kinds\": { \"line\": \"Line\" }, \"end\": { } }", "what ends the stream")]
    [InlineData("\"events\": { \"discriminator\": \"type\", \"kinds\": { \"123\": \"Line\" }, \"end\": { \"data\": [\"[DONE]\"] } }", "not a valid C# identifier")]
    [InlineData("\"response\": \"Upload\"", "a model without file fields")]
    [InlineData("\"response\": \"string\"", "or \"file\" for an answer that is a file")]
    [InlineData("\"response\": \"string[]\"", "\"Model[]\" for an array of it")]
    [InlineData("\"response\": \"Nothing[]\"", "Unknown type 'Nothing[]'")]
    [InlineData("\"response\": \"Item[]\", \"polling\": { \"items\": \"id\", \"id\": \"id\", \"status\": \"id\" }", "no \"polling\" on an endpoint that answers an array")]
    public void AnAnswerThatCannotBeReadIsALocatedError(string answer, string expected)
    {
        var d = Assert.Single(Diagnose(Endpoint($$"""{ "name": "Follow", "method": "GET", "path": "/v1/follow", {{answer}}, "rateLimit": { "requests": 1, "perSeconds": 1 } }""")));

        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        AssertSays(d, expected);
        Assert.True(d.Location.GetLineSpan().StartLinePosition.Line > 0, "not located");
    }

    [Fact]
    public void AnEndFieldNeedsAnEnvelope()
    {
        string contract = Endpoint("""{ "name": "Follow", "method": "GET", "path": "/v1/follow", "events": { "discriminator": "type", "kinds": { "line": "Line" }, "end": { "field": "data", "value": "Done" } }, "rateLimit": { "requests": 1, "perSeconds": 1 } }""")
            .Replace("""  "envelope": { "name": "Reply", "fields": { "code": "code", "message": "msg", "data": "data" }, "successCode": "0" },""", string.Empty, StringComparison.Ordinal);

        var d = Assert.Single(Diagnose(contract));

        Assert.Contains("the contract declares no envelope", d.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[Post(\"/v1/send\")] Task<Reply<Item>> SendAsync([Body] Search form, CancellationToken cancellationToken = default);", "declare one parameter [Body] HttpContent form (the generated SendAsync writes the form")]
    [InlineData("[Multipart] [Post(\"/v1/send\")] Task<Reply<Item>> SendAsync([AliasAs(\"q\")] string q, CancellationToken cancellationToken = default);", "declare one parameter [Body] HttpContent form, without [Multipart]")]
    public void ARefitMethodThatDoesNotSendAFormIsToldWhatToWrite(string method, string expected)
    {
        var d = Assert.Single(DiagnoseWithApi(
            """{ "name": "Send", "method": "POST", "path": "/v1/send", "form": "Search", "response": "Item", "rateLimit": { "requests": 1, "perSeconds": 1 } }""",
            method));

        Assert.Equal("CTR021", d.Id);
        AssertSays(d, expected);
        Assert.Equal("/repo/Api.cs", d.Location.GetLineSpan().Path);
    }

    [Theory]
    [InlineData("[Post(\"/v1/up\")] Task<Reply<Item>> UpAsync([Body] Upload body, CancellationToken cancellationToken = default);", "declare the method [Multipart] with one parameter per part: [AliasAs(\"file\")] StreamPart @file, [AliasAs(\"note\")] string? note = null, [AliasAs(\"tags\")] IEnumerable<string>? tags = null")]
    [InlineData("[Multipart] [Post(\"/v1/up\")] Task<Reply<Item>> UpAsync([AliasAs(\"file\")] StreamPart file, [AliasAs(\"notes\")] string? note = null, CancellationToken cancellationToken = default);", "add [AliasAs(\"note\")] string? note = null; add [AliasAs(\"tags\")] IEnumerable<string>? tags = null; remove the part 'notes', which Upload does not declare")]
    [InlineData("[Multipart] [Post(\"/v1/up\")] Task<Reply<Item>> UpAsync([AliasAs(\"file\")] Stream file, [AliasAs(\"note\")] string? note = null, [AliasAs(\"tags\")] IEnumerable<string>? tags = null, CancellationToken cancellationToken = default);", "declare the part 'file' as StreamPart, not Stream")]
    // Found by contract fuzzing (seed a5tPg23x8_o2): a field made optional while its part stayed non-nullable gave CS8604 in the generated call.
    [InlineData("[Multipart] [Post(\"/v1/up\")] Task<Reply<Item>> UpAsync([AliasAs(\"file\")] StreamPart file, [AliasAs(\"note\")] string note, [AliasAs(\"tags\")] IEnumerable<string>? tags = null, CancellationToken cancellationToken = default);", "declare the part 'note' as string? with a default of null: Upload does not require it")]
    public void ARefitMethodThatDoesNotSendTheMultipartPartsIsToldWhatToWrite(string method, string expected)
    {
        var d = Assert.Single(DiagnoseWithApi(
            """{ "name": "Up", "method": "POST", "path": "/v1/up", "multipart": "Upload", "response": "Item", "rateLimit": { "requests": 1, "perSeconds": 1 } }""",
            method));

        Assert.Equal("CTR021", d.Id);
        AssertSays(d, expected);
    }

    [Fact]
    public void ARefitMethodThatSendsAListForAnArrayBodyIsToldToSendAnArray()
    {
        var d = Assert.Single(DiagnoseWithApi(
            """{ "name": "Drop", "method": "POST", "path": "/v1/drop", "body": "string[]", "response": "Item", "rateLimit": { "requests": 1, "perSeconds": 1 } }""",
            "[Post(\"/v1/drop\")] Task<Reply<Item>> DropAsync([Body(buffered: true)] IReadOnlyList<string> body);"));

        Assert.Equal("CTR021", d.Id);
        Assert.Contains("declare one parameter [Body(buffered: true)] string[] body", d.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[Get(\"/v1/file\")] Task<Reply<Item>> GetFileAsync();", "CTR019", "read its answer as Task<HttpResponseMessage>")]
    [InlineData("[Get(\"/v1/file\")] Task<Stream> GetFileAsync();", "CTR019", "read its answer as Task<HttpResponseMessage>")]
    public void AFileAnswerDeclaredAsSomethingElseIsToldToReturnTheResponse(string method, string id, string expected)
    {
        var d = Assert.Single(DiagnoseWithApi(
            """{ "name": "GetFile", "method": "GET", "path": "/v1/file", "response": "file", "rateLimit": { "requests": 1, "perSeconds": 1 } }""",
            method));

        Assert.Equal(id, d.Id);
        AssertSays(d, expected);
    }

    [Fact]
    public void AnEventStreamWhoseMethodDoesNotAskForEventsIsToldToAsk()
    {
        var d = Assert.Single(DiagnoseWithApi(
            """{ "name": "Follow", "method": "GET", "path": "/v1/follow", "events": { "discriminator": "type", "kinds": { "line": "Line" }, "end": { "data": ["[DONE]"] } }, "rateLimit": { "requests": 1, "perSeconds": 1 } }""",
            "[Get(\"/v1/follow\")] Task<HttpResponseMessage> FollowAsync(CancellationToken cancellationToken = default);"));

        Assert.Equal("CTR029", d.Id);
        Assert.Contains("add [Headers(\"Accept: text/event-stream\")] to the method", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingRefitMethodIsShownWithTheAttributesItsKindNeeds()
    {
        var diagnostics = DiagnoseWithApi(
            """
            { "name": "Up", "method": "POST", "path": "/v1/up", "multipart": "Upload", "response": "Item", "rateLimit": { "requests": 1, "perSeconds": 1 } },
            { "name": "Follow", "method": "GET", "path": "/v1/follow", "events": { "discriminator": "type", "kinds": { "line": "Line" }, "end": { "data": ["[DONE]"] } }, "rateLimit": { "requests": 1, "perSeconds": 1 } }
            """,
            "[Get(\"/v1/other\")] Task<Reply<Item>> OtherAsync();");

        Assert.All(diagnostics, d => Assert.Equal("CTR014", d.Id));
        Assert.Contains(diagnostics, d => d.GetMessage().Contains("[Multipart] [Post(\"/v1/up\")] Task<Reply<Item>> UpAsync([AliasAs(\"file\")] StreamPart @file, [AliasAs(\"note\")] string? note = null, [AliasAs(\"tags\")] IEnumerable<string>? tags = null, CancellationToken cancellationToken = default);", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.GetMessage().Contains("[Headers(\"Accept: text/event-stream\")] [Get(\"/v1/follow\")] Task<HttpResponseMessage> FollowAsync(CancellationToken cancellationToken = default);", StringComparison.Ordinal));
    }

    [Fact]
    public void EveryKindCompilesWithItsRefitMethodsAndRefitsOwnGenerator()
    {
        var (result, output) = GeneratorHarness.RunWithRefitGenerator(
            [Api("""
                [Post("/v1/send")] Task<Reply<Item>> SendAsync([Body] HttpContent form, CancellationToken cancellationToken = default);
                [Multipart] [Post("/v1/up")] Task<Reply<Item>> UpAsync([AliasAs("file")] StreamPart file, [AliasAs("note")] string? note = null, [AliasAs("tags")] IEnumerable<string>? tags = null, CancellationToken cancellationToken = default);
                [Post("/v1/drop")] Task<Reply<Item>> DropAsync([Body(buffered: true)] Item[] body, CancellationToken cancellationToken = default);
                [Get("/v1/file")] Task<HttpResponseMessage> GetFileAsync(CancellationToken cancellationToken = default);
                [Headers("Accept: text/event-stream")] [Get("/v1/follow")] Task<HttpResponseMessage> FollowAsync(CancellationToken cancellationToken = default);
                [Get("/v1/items")] Task<Reply<IReadOnlyList<Item>>> ItemsAsync(CancellationToken cancellationToken = default);
                [Post("/v1/items")] Task<Reply<IReadOnlyList<Item>>> AddItemsAsync([Body] HttpContent form, CancellationToken cancellationToken = default);
                """)],
            GeneratorHarness.Contract(Path, Endpoint("""
                { "name": "Send", "method": "POST", "path": "/v1/send", "form": "Search", "response": "Item", "rateLimit": { "requests": 1, "perSeconds": 1 } },
                { "name": "Up", "method": "POST", "path": "/v1/up", "multipart": "Upload", "response": "Item", "rateLimit": { "requests": 1, "perSeconds": 60, "budget": "uploads" } },
                { "name": "Drop", "method": "POST", "path": "/v1/drop", "body": "Item[]", "response": "Item", "rateLimit": { "requests": 5, "perSeconds": 1 } },
                { "name": "GetFile", "method": "GET", "path": "/v1/file", "response": "file", "rateLimit": { "requests": 1, "perSeconds": 60, "budget": "uploads" } },
                { "name": "Follow", "method": "GET", "path": "/v1/follow", "events": { "discriminator": "type", "kinds": { "line": "Line" }, "end": { "data": ["[DONE]"], "field": "data", "value": "Done" } }, "rateLimit": { "requests": 2, "perSeconds": 60, "burst": 2 } },
                { "name": "Items", "method": "GET", "path": "/v1/items", "response": "Item[]", "rateLimit": { "requests": 5, "perSeconds": 1 } },
                { "name": "AddItems", "method": "POST", "path": "/v1/items", "form": "Search", "response": "Item[]", "rateLimit": { "requests": 5, "perSeconds": 1 } }
                """)));

        Assert.Empty(result.Diagnostics);
        GeneratorHarness.AssertCompilesCleanly(output);
        Assert.Contains(result.GeneratedTrees, t => t.FilePath.EndsWith("Kinds.FollowEvent.g.cs", StringComparison.Ordinal));
        Assert.Contains(result.GeneratedTrees, t => t.FilePath.EndsWith("Kinds.RateBudgets.g.cs", StringComparison.Ordinal));
    }

    /// <summary>Without an envelope the answer is the array itself: the JSON context offers the list the Refit method returns.</summary>
    [Fact]
    public void AnArrayAnswerWithoutAnEnvelopeCompilesAsAList()
    {
        string contract = Endpoint("""{ "name": "Items", "method": "GET", "path": "/v1/items", "response": "Item[]", "rateLimit": { "requests": 5, "perSeconds": 1 } }""")
            .Replace("""  "envelope": { "name": "Reply", "fields": { "code": "code", "message": "msg", "data": "data" }, "successCode": "0" },""", string.Empty, StringComparison.Ordinal);

        var (result, output) = GeneratorHarness.RunWithRefitGenerator(
            [Api("""[Get("/v1/items")] Task<IReadOnlyList<Item>> ItemsAsync(CancellationToken cancellationToken = default);""")],
            GeneratorHarness.Contract(Path, contract));

        Assert.Empty(result.Diagnostics);
        GeneratorHarness.AssertCompilesCleanly(output);
        Assert.Contains("JsonTypeInfo<global::System.Collections.Generic.IReadOnlyList<global::Kinds.Item>> ItemList", result.GeneratedTrees.Single(t => t.FilePath.EndsWith("KindsJsonContext.g.cs", StringComparison.Ordinal)).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingRefitMethodOfAnArrayAnswerIsShownReturningAList()
    {
        var d = Assert.Single(DiagnoseWithApi(
            """{ "name": "Items", "method": "GET", "path": "/v1/items", "response": "Item[]", "rateLimit": { "requests": 5, "perSeconds": 1 } }""",
            "[Get(\"/v1/other\")] Task<Reply<Item>> OtherAsync();"));

        Assert.Equal("CTR014", d.Id);
        Assert.Contains("[Get(\"/v1/items\")] Task<Reply<IReadOnlyList<Item>>> ItemsAsync(CancellationToken cancellationToken = default);", d.GetMessage(), StringComparison.Ordinal);
    }

    private static void AssertSays(Diagnostic diagnostic, string expected) =>
        Assert.True(diagnostic.GetMessage().Contains(expected, StringComparison.Ordinal), $"Expected the message to say: {expected}\nIt says: {diagnostic.GetMessage()}");

    internal static string Endpoint(string endpoints) => $$"""
        {
          "formatVersion": 1,
          "name": "Kinds",
          "namespace": "Kinds",
          "interface": "Kinds.Client.IKindsApi",
          "envelope": { "name": "Reply", "fields": { "code": "code", "message": "msg", "data": "data" }, "successCode": "0" },
        {{Models}},
          "endpoints": [
            {{endpoints}}
          ]
        }
        """;

    private static string Api(string methods) => $$"""
        using Refit;

        namespace Kinds.Client;

        public interface IKindsApi
        {
            {{methods}}
        }
        """;

    private static IReadOnlyList<Diagnostic> Diagnose(string contract) =>
        GeneratorHarness.Run(GeneratorHarness.Contract(Path, contract)).Result.Diagnostics;

    private static IReadOnlyList<Diagnostic> DiagnoseWithApi(string endpoints, string methods)
    {
        var compilation = GeneratorHarness.Compilation([])
            .AddSyntaxTrees(Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(Api(methods), GeneratorHarness.ParseOptions, path: "/repo/Api.cs"));
        var contract = GeneratorHarness.Contract(Path, Endpoint(endpoints));
        var driver = GeneratorHarness.CreateDriver(contract).RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return [.. driver.GetRunResult().Diagnostics, .. GeneratorHarness.Analyze(output, contract)];
    }
}
