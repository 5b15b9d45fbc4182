using Contracts.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace Contracts.Generator.Tests;

/// <summary>
/// Contracts and interfaces at the edges of what the format allows, one test per class of defect
/// that inputs nobody here wrote once found: each valid input compiles
/// with no warning, each invalid one gets a located CTR error, and nothing makes the generator throw.
/// </summary>
public sealed class UnusualContractTests
{
    private const string Path = "/repo/contracts/sample.contract.json";

    [Fact]
    public void FieldsNamedLikeTheConvertersOwnLocalsCompile()
    {
        AssertCompiles(Contract(models: """
            { "name": "Thing", "fields": [
              { "wire": "reader", "type": "string" }, { "wire": "writer", "type": "int" }, { "wire": "value", "type": "string" },
              { "wire": "options", "type": "string" }, { "wire": "type_to_convert", "type": "string" }, { "wire": "item", "type": "string[]" },
              { "wire": "Reader2", "name": "Reader2", "type": "long" }, { "wire": "reader2", "name": "reader2", "type": "long" },
              { "wire": "readerValue", "type": "bool" }
            ] }
            """));
    }

    [Fact]
    public void LineBreaksOfEveryKindInTextsStayInsideCommentsAndLiterals()
    {
        const string breaks = "one\\rtwo\u2028three\u2029four\u0085five\\nsix */ </summary> <b>";
        AssertCompiles(Contract(
            description: breaks,
            envelope: $$"""
                { "name": "Reply", "description": "{{breaks}}", "fields": { "code": "code", "message": "msg", "data": "data" }, "successCode": "0",
                  "codes": [ { "code": "0", "name": "Ok", "meaning": "{{breaks}}" }, { "code": "1\u2028", "name": "Odd", "meaning": "m" } ] }
                """,
            models: $$"""
                { "name": "Item", "description": "{{breaks}}", "fields": [ { "wire": "id\u2028x", "name": "Id", "type": "string", "required": true, "description": "{{breaks}}" } ] },
                { "name": "Page", "fields": [ { "wire": "items", "type": "Item[]" } ] }
                """,
            enums: $$"""
                { "name": "State", "description": "{{breaks}}", "values": [ { "wire": "A\u2029", "name": "A", "description": "{{breaks}}" } ], "unknown": { "description": "{{breaks}}" } }
                """,
            endpoints: $$"""
                { "name": "List", "method": "GET", "path": "/v1/items", "response": "Page", "description": "{{breaks}}", "rateLimit": { "requests": 1, "perSeconds": 1 },
                  "query": [ { "name": "q", "type": "string", "description": "{{breaks}}", "default": "{{breaks}}" } ] }
                """));
    }

    [Fact]
    public void NamesThatDifferOnlyByCaseInOneContractAllGenerate()
    {
        var (result, output) = Run(Contract(
            models: """
                { "name": "Item", "fields": [ { "wire": "a", "name": "Value", "type": "string" }, { "wire": "b", "name": "value", "type": "string" } ] },
                { "name": "ITEM", "fields": [ { "wire": "id", "type": "string", "required": true }, { "wire": "s", "type": "State", "required": true } ] },
                { "name": "Page", "fields": [ { "wire": "items", "type": "ITEM[]" } ] }
                """,
            enums: """{ "name": "State", "values": [ { "wire": "a", "name": "Done", "outcome": "success" }, { "wire": "b", "name": "DONE", "outcome": "failure" } ] }""",
            endpoints: """
                { "name": "GetItems", "method": "GET", "path": "/a", "response": "Page", "polling": { "name": "A", "items": "items", "id": "id", "status": "s" }, "rateLimit": { "requests": 1, "perSeconds": 1 } },
                { "name": "getItems", "method": "GET", "path": "/b", "response": "Page", "polling": { "name": "B", "items": "items", "id": "id", "status": "s" }, "rateLimit": { "requests": 1, "perSeconds": 1 } }
                """),
            """
            using Refit;
            namespace Acme;
            public interface IApi
            {
                [Get("/a")] Task<Page> GetItems(CancellationToken cancellationToken);
                [Get("/b")] Task<Page> getItems(CancellationToken cancellationToken);
            }
            """);

        Assert.Empty(result.Diagnostics);
        // Hint names are compared ignoring case: names that differ only by case carry their letter case.
        var files = result.GeneratedTrees.Select(t => System.IO.Path.GetFileName(t.FilePath)).ToList();
        Assert.Contains("Acme.Item-88.g.cs", files);
        Assert.Contains("Acme.ITEM-8f.g.cs", files);
        Assert.Contains("Acme.GetItemsPollingExtensions-89081000.g.cs", files);
        Assert.Contains("Acme.getItemsPollingExtensions-81081000.g.cs", files);
        Assert.Contains("Acme.Page.g.cs", files);
        GeneratorHarness.AssertCompilesCleanly(output);
    }

    [Fact]
    public void TypesThatDifferOnlyByCaseAcrossContractsInOneNamespaceAllGenerate()
    {
        var first = GeneratorHarness.Contract("/repo/contracts/a.contract.json", Contract(name: "A", enums: """{ "name": "State", "values": [ { "wire": "x" } ] }"""));
        var second = GeneratorHarness.Contract("/repo/contracts/b.contract.json", Contract(name: "B", enums: """{ "name": "STATE", "values": [ { "wire": "x" } ] }"""));

        var (result, output) = GeneratorHarness.RunWith(["class User { Acme.State a; Acme.STATE b; }"], first, second);

        Assert.Null(result.Results.Single().Exception);
        Assert.Empty(result.Diagnostics);
        var files = result.GeneratedTrees.Select(t => System.IO.Path.GetFileName(t.FilePath)).ToList();
        Assert.Contains("Acme.State-880.g.cs", files);
        Assert.Contains("Acme.STATE-8f8.g.cs", files);
        Assert.DoesNotContain(output.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void OneBrokenContractLeavesEveryOtherContractsOutputInPlace()
    {
        var broken = GeneratorHarness.Contract("/repo/contracts/a.contract.json", Contract(name: "A", models: """{ "name": "Item", "fields": [ { "wire": "x", "type": "nope" } ] }"""));
        var fine = GeneratorHarness.Contract("/repo/contracts/b.contract.json", Contract(name: "B", ns: "Other", models: """{ "name": "Thing", "fields": [] }"""));

        var (result, output) = GeneratorHarness.RunWith(["class User { Other.Thing t = new(); }"], broken, fine);

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal("CTR003", error.Id);
        Assert.Equal("/repo/contracts/a.contract.json", error.Location.GetLineSpan().Path);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void InvisibleFormattingCharactersInNamesAreRefused()
    {
        var diagnostic = Assert.Single(Run(Contract(models: """
            { "name": "Item", "fields": [ { "wire": "a", "name": "Na\u00ADme", "type": "string" }, { "wire": "b", "name": "Name", "type": "string" } ] }
            """)).Result.Diagnostics);

        Assert.Equal("CTR005", diagnostic.Id);
        Assert.Contains("write a name such as 'Name'", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("item")]
    [InlineData("var")]
    [InlineData("record")]
    public void LowercaseOnlyTypeNamesAreRefused(string name)
    {
        var diagnostic = Assert.Single(Run(Contract(models: $$"""{ "name": "{{name}}", "fields": [] }""")).Result.Diagnostics);

        Assert.Equal("CTR005", diagnostic.Id);
        Assert.Equal(6, diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1);
    }

    [Fact]
    public void ContextualKeywordsAsQueryParametersCompileInTheAsyncPollingCode()
    {
        var (result, output) = Run(
            PollingContract("""[ { "name": "await", "type": "string", "required": true }, { "name": "var", "type": "int", "default": 2 }, { "name": "nameof", "type": "bool", "default": true } ]"""),
            """
            using Refit;
            namespace Acme;
            public interface IApi
            {
                [Get("/v1/jobs")] Task<Page> ListJobs([AliasAs("await")] string @await, [AliasAs("var")] int @var, [AliasAs("nameof")] bool @nameof, CancellationToken cancellationToken);
            }
            """);

        Assert.Empty(result.Diagnostics);
        Assert.Contains(result.GeneratedTrees, t => t.FilePath.EndsWith("ListJobsPollingExtensions.g.cs", StringComparison.Ordinal));
        GeneratorHarness.AssertCompilesCleanly(output);
    }

    [Fact]
    public void AnOptionalStatusFieldStillPolls()
    {
        var (result, output) = Run(PollingContract("[]", statusRequired: false), PollingApi("[Get(\"/v1/jobs\")] Task<Page> ListJobs(CancellationToken cancellationToken);"));

        Assert.Empty(result.Diagnostics);
        Assert.Contains("GetOutcome(item.State.GetValueOrDefault())", PollingFile(result), StringComparison.Ordinal);
        GeneratorHarness.AssertCompilesCleanly(output);
    }

    [Fact]
    public void APollingEndpointWithoutANameIsALocatedErrorNotACrash()
    {
        string contract = PollingContract("[]").Replace("\"name\": \"ListJobs\", ", string.Empty, StringComparison.Ordinal);

        var diagnostics = Run(contract).Result.Diagnostics;

        var missing = Assert.Single(diagnostics);
        Assert.Equal("CTR009", missing.Id);
        Assert.True(missing.Location.GetLineSpan().StartLinePosition.Line > 0);
    }

    [Theory]
    [InlineData("double", "1e309")]
    [InlineData("double", "-1e309")]
    [InlineData("int", "3000000000")]
    [InlineData("long", "10000000000000000000")]
    [InlineData("decimal", "1e40")]
    [InlineData("int", "1.5")]
    public void DefaultsOutsideTheirTypesRangeAreLocatedErrors(string type, string value)
    {
        var diagnostic = Assert.Single(Run(PollingContract($$"""[ { "name": "n", "type": "{{type}}", "default": {{value}} } ]""")).Result.Diagnostics);

        Assert.Equal("CTR007", diagnostic.Id);
        Assert.Contains(value, diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void RefitParametersTheContractDoesNotKnowAreCarriedThroughToThePollingMethods()
    {
        var (result, output) = Run(
            PollingContract("""[ { "name": "page_size", "type": "int", "default": 20 }, { "name": "owner", "type": "string", "required": true } ]"""),
            PollingApi("""
                [Get("/v1/jobs")]
                Task<Page> ListJobs(
                    [Header("X-Trace")] string trace,
                    [AliasAs("page_size")] int pageSize,
                    CancellationToken cancellationToken,
                    [AliasAs("owner")] string owner,
                    [Property("attempt")] int attempt = 3,
                    [Header("X-Mode")] Mode mode = Mode.Fast,
                    [Header("X-Note")] string? note = null);
                """) + "\npublic enum Mode { Slow, Fast }");

        Assert.Empty(result.Diagnostics);
        string polling = PollingFile(result);
        Assert.Contains("string owner, string trace, int pageSize = 20, int attempt = (int)(3), global::Acme.Mode mode = (global::Acme.Mode)(1), string? note = default,", polling, StringComparison.Ordinal);
        Assert.Contains("trace: trace, pageSize: pageSize, cancellationToken: token, owner: owner, attempt: attempt, mode: mode, note: note", polling, StringComparison.Ordinal);
        GeneratorHarness.AssertCompilesCleanly(output);
    }

    [Fact]
    public void ARefitParameterThePollingMethodsCannotTakeIsALocatedErrorOnTheInterface()
    {
        var (result, output) = Run(PollingContract("[]"), PollingApi("[Get(\"/v1/jobs\")] Task<Page> ListJobs([Header(\"X-P\")] string progress, CancellationToken cancellationToken);"));

        var diagnostic = Assert.Single(result.Diagnostics.Concat(GeneratorHarness.Analyze(output, GeneratorHarness.Contract(Path, PollingContract("[]")))));
        Assert.Equal("CTR017", diagnostic.Id);
        Assert.Equal("/consumer/Source1.cs", diagnostic.Location.GetLineSpan().Path);
        Assert.StartsWith("IApi.ListJobs has parameter 'progress' that the generated methods cannot pass on", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void ARefitQueryParameterOfAnotherTypeThanTheContractsIsALocatedError()
    {
        string contract = PollingContract("""[ { "name": "page_size", "type": "int", "required": true } ]""");
        var (result, output) = Run(contract, PollingApi("[Get(\"/v1/jobs\")] Task<Page> ListJobs([AliasAs(\"page_size\")] string pageSize);"));

        var diagnostic = Assert.Single(result.Diagnostics.Concat(GeneratorHarness.Analyze(output, GeneratorHarness.Contract(Path, contract))));
        Assert.Equal("CTR017", diagnostic.Id);
        Assert.Contains("it is string, but the contract declares query key 'page_size' as int", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Task<ApiResponse<Page>>")]
    [InlineData("IObservable<Page>")]
    [InlineData("Task<Job>")]
    public void ARefitReturnTypeThePollingMethodsCannotReadIsALocatedErrorOnTheInterface(string returns)
    {
        var (result, output) = Run(PollingContract("[]"), PollingApi($"[Get(\"/v1/jobs\")] {returns} ListJobs(CancellationToken cancellationToken);"));

        var diagnostic = Assert.Single(result.Diagnostics.Concat(GeneratorHarness.Analyze(output, GeneratorHarness.Contract(Path, PollingContract("[]")))));
        Assert.Equal("CTR019", diagnostic.Id);
        Assert.Equal("/consumer/Source1.cs", diagnostic.Location.GetLineSpan().Path);
        Assert.Equal($"IApi.ListJobs returns {returns}, but the generated methods of endpoint 'ListJobs' read its answer as Task<Page>; declare that return type", diagnostic.GetMessage());
        Assert.DoesNotContain(result.GeneratedTrees, t => t.FilePath.EndsWith("PollingExtensions.g.cs", StringComparison.Ordinal));
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void AnInternalRefitInterfaceGetsInternalPollingMethods()
    {
        var (result, output) = Run(PollingContract("[]"), PollingApi("[Get(\"/v1/jobs\")] Task<Page> ListJobs(CancellationToken cancellationToken);").Replace("public interface", "internal interface", StringComparison.Ordinal));

        Assert.Empty(result.Diagnostics);
        Assert.Contains("internal static partial class ListJobsPollingExtensions", PollingFile(result), StringComparison.Ordinal);
        GeneratorHarness.AssertCompilesCleanly(output);
    }

    [Fact]
    public void RequiredQueryParametersAfterOptionalOnesCompile()
    {
        var (result, output) = Run(
            PollingContract("""[ { "name": "page_size", "type": "int", "default": 20 }, { "name": "owner", "type": "string", "required": true } ]"""),
            PollingApi("[Get(\"/v1/jobs\")] Task<Page> ListJobs([AliasAs(\"page_size\")] int pageSize, string owner);"));

        Assert.Empty(result.Diagnostics);
        GeneratorHarness.AssertCompilesCleanly(output);
    }

    [Fact]
    public void TheGlobalUsingsNeverMakeUserCodeAmbiguous()
    {
        var system = GeneratorHarness.Contract("/repo/contracts/a.contract.json", Contract(name: "A", ns: "Acme.Sys", models: """{ "name": "Task", "fields": [] }, { "name": "Uri", "fields": [] }"""));
        var left = GeneratorHarness.Contract("/repo/contracts/b.contract.json", Contract(name: "B", ns: "Acme.Left", models: """{ "name": "Item", "fields": [] }"""));
        var right = GeneratorHarness.Contract("/repo/contracts/c.contract.json", Contract(name: "C", ns: "Acme.Right", models: """{ "name": "Item", "fields": [], "description": "x" }, { "name": "Gadget", "fields": [] }"""));
        var fine = GeneratorHarness.Contract("/repo/contracts/d.contract.json", Contract(name: "D", ns: "Acme.Fine", models: """{ "name": "Widget", "fields": [] }"""));
        const string user = """
            using Acme.Left;
            class User
            {
                public Task RunAsync() => Task.CompletedTask;   // System.Threading.Tasks.Task, as always
                public Uri Home { get; } = new("https://example.com");
                public Item First { get; } = new();               // Acme.Left.Item, not ambiguous with Acme.Right.Item
                public Widget Fine { get; } = new();              // a namespace without clashes is still imported
            }
            """;

        var (result, output) = GeneratorHarness.RunWith([user], system, left, right, fine);

        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        var withheld = result.Diagnostics.Where(d => d.Id == "CTR018").ToList();
        Assert.All(withheld, d => Assert.Equal(DiagnosticSeverity.Info, d.Severity));
        Assert.Contains(withheld, d => d.GetMessage().StartsWith("Generated type 'Acme.Sys.Task' has the name of 'System.Threading.Tasks.Task'", StringComparison.Ordinal));
        Assert.Contains(withheld, d => d.GetMessage().StartsWith("Generated type 'Acme.Sys.Uri' has the name of 'System.Uri'", StringComparison.Ordinal));
        Assert.Contains(withheld, d => d.GetMessage().StartsWith("Generated type 'Acme.Right.Item' has the name of 'Acme.Left.Item'", StringComparison.Ordinal));
        string usings = result.GeneratedTrees.Single(t => t.FilePath.EndsWith("Contracts-GlobalUsings.g.cs", StringComparison.Ordinal)).ToString();
        Assert.Contains("global using global::Acme.Fine;", usings, StringComparison.Ordinal);
        Assert.DoesNotContain("Acme.Sys;", usings, StringComparison.Ordinal);
        Assert.DoesNotContain("Acme.Right;", usings, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEnvelopeWhoseCodeAndMessageShareAWireNameIsALocatedError()
    {
        var diagnostic = Assert.Single(Run(Contract(envelope: """{ "name": "Reply", "fields": { "code": "c", "message": "c", "data": "d" }, "successCode": "0" }""")).Result.Diagnostics);

        Assert.Equal("CTR004", diagnostic.Id);
        Assert.Equal("Duplicate envelope wire field 'c'; envelope wire field names must be unique within the envelope's fields, rename one of them", diagnostic.GetMessage());
    }

    [Fact]
    public void AnUnpairedSurrogateInAStringIsInvalidJson()
    {
        var diagnostic = Assert.Single(Run(Contract(models: """{ "name": "Item", "fields": [ { "wire": "a\ud800", "name": "A", "type": "string" } ] }""")).Result.Diagnostics);

        Assert.Equal("CTR001", diagnostic.Id);
        Assert.Contains("unpaired surrogate (U+D800)", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    private static string Contract(
        string name = "Sample",
        string ns = "Acme",
        string? description = null,
        string? envelope = null,
        string models = "",
        string enums = "",
        string endpoints = "",
        string? api = "IApi") => $$"""
        {
          "formatVersion": 1, "name": "{{name}}", "namespace": "{{ns}}",{{(api is null ? string.Empty : " \"interface\": \"" + api + "\",")}}{{(description is null ? string.Empty : " \"description\": \"" + description + "\",")}}
          {{(envelope is null ? string.Empty : "\"envelope\": " + envelope + ",")}}
          "enums": [ {{enums}} ],
          "models": [
            {{models}}
          ],
          "endpoints": [ {{endpoints}} ]
        }
        """;

    private static string PollingContract(string query, bool statusRequired = true) => Contract(
        models: $$"""
            { "name": "Job", "fields": [ { "wire": "id", "type": "string", "required": true }, { "wire": "state", "type": "State", "required": {{(statusRequired ? "true" : "false")}} } ] },
            { "name": "Page", "fields": [ { "wire": "jobs", "type": "Job[]" } ] }
            """,
        enums: """{ "name": "State", "values": [ { "wire": "DONE", "outcome": "success" } ] }""",
        endpoints: $$"""{ "name": "ListJobs", "method": "GET", "path": "/v1/jobs", "response": "Page", "query": {{query}}, "polling": { "items": "jobs", "id": "id", "status": "state" }, "rateLimit": { "requests": 1, "perSeconds": 1 } }""");

    private static string PollingApi(string method) => $$"""
        using Refit;
        namespace Acme;
        public interface IApi
        {
            {{method}}
        }
        """;

    private static string PollingFile(GeneratorDriverRunResult result) =>
        result.GeneratedTrees.Single(t => t.FilePath.EndsWith("PollingExtensions.g.cs", StringComparison.Ordinal)).ToString();

    private static (GeneratorDriverRunResult Result, Compilation Output) Run(string contract, params string[] sources) =>
        GeneratorHarness.RunWith(sources, GeneratorHarness.Contract(Path, contract));

    private static void AssertCompiles(string contract)
    {
        var (result, output) = Run(contract);
        Assert.Empty(result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Id != "CTR014"));
        Assert.NotEmpty(result.GeneratedTrees);
        GeneratorHarness.AssertCompilesCleanly(output);
    }
}
