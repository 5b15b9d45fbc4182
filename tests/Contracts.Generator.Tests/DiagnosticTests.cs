using Contracts.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace Contracts.Generator.Tests;

/// <summary>One test per diagnostic: its id, its message (which says what to write instead) and where it points.</summary>
public sealed class DiagnosticTests
{
    private const string Path = "/repo/contracts/sample.contract.json";

    [Fact]
    public void MalformedJson_CTR001()
    {
        var d = Single("""
            {
              "formatVersion": 1,
              "name": "Sample"
              "namespace": "Acme"
            }
            """);

        AssertDiagnostic(d, "CTR001", 4, 3, "The contract is not valid JSON: expected ',' or '}' after a property value");
    }

    [Fact]
    public void UnknownKey_CTR002_SuggestsTheIntendedKey()
    {
        var d = Single("""
            {
              "formatVersion": 1,
              "name": "Sample",
              "namespace": "Acme",
              "descripton": "typo"
            }
            """);

        AssertDiagnostic(d, "CTR002", 5, 3, "Unknown key 'descripton' in the contract; did you mean 'description'?");
    }

    [Fact]
    public void UnknownType_CTR003()
    {
        var d = Single(WithModel("""{ "wire": "id", "type": "strng" }"""));

        AssertDiagnostic(d, "CTR003", 6, 29, "Unknown type 'strng'; write one of 'string' or string, bool, int, long, double, decimal, uri, duration, timestamp, file, a model or enum declared in this contract, or any of these followed by []");
    }

    [Fact]
    public void DuplicateName_CTR004()
    {
        var d = Single("""
            {
              "formatVersion": 1,
              "name": "Sample",
              "namespace": "Acme",
              "models": [
                { "name": "Item", "fields": [] },
                { "name": "Item", "fields": [] }
              ]
            }
            """);

        AssertDiagnostic(d, "CTR004", 7, 15, "Duplicate type 'Item'; type names must be unique across the models, enums and built-in types of a contract, rename one of them");
    }

    [Fact]
    public void InvalidIdentifier_CTR005_SuggestsAValidName()
    {
        var d = Single("""
            {
              "formatVersion": 1,
              "name": "Sample",
              "namespace": "Acme",
              "models": [ { "name": "my-item", "fields": [] } ]
            }
            """);

        AssertDiagnostic(d, "CTR005", 5, 25, "'my-item' is not a valid C# identifier for a model; write a name such as 'MyItem'");
    }

    [Fact]
    public void PathWithoutLeadingSlash_CTR006()
    {
        var d = Single(WithEndpoint("""
            "path": "v1/items"
            """));

        AssertDiagnostic(d, "CTR006", 8, 15, "Path 'v1/items' must start with '/'; write \"/v1/items\"");
    }

    [Fact]
    public void DefaultOfWrongType_CTR007()
    {
        var d = Single(WithEndpoint("""
            "path": "/v1/items", "query": [ { "name": "page_size", "type": "int", "default": "20" } ]
            """));

        AssertDiagnostic(d, "CTR007", 8, 88, "Default value \"20\" of 'page_size' does not fit its type 'int'; write a whole JSON number within the range of int, without quotes");
    }

    [Fact]
    public void CollidingPropertyNames_CTR008()
    {
        var d = Single(WithModel("""{ "wire": "video_no", "type": "string" }, { "wire": "videoNo", "type": "string" }"""));

        AssertDiagnostic(d, "CTR008", 6, 57, "Property 'VideoNo' collides with the property of wire field 'video_no' in model 'Item'; give one of them another name");
    }

    [Fact]
    public void CollidingTypesAcrossContracts_CTR008()
    {
        const string Other = "/repo/contracts/other.contract.json";
        var (result, _) = GeneratorHarness.Run(
            GeneratorHarness.Contract(Path, WithModel("""{ "wire": "id", "type": "string" }""")),
            GeneratorHarness.Contract(Other, WithModel("""{ "wire": "id", "type": "string" }""").Replace("\"Sample\"", "\"Other\"")));

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(Path, d.Location.GetLineSpan().Path); // reported in the file that comes later in path order
        AssertDiagnostic(d, "CTR008", 5, 25, "Generated type 'Acme.Item' collides with the same type from contract other.contract.json (namespaces are shared across contracts); give one of them another name");
        Assert.Null(result.Results[0].Exception);
        Assert.Single(result.GeneratedTrees, tree => tree.FilePath.EndsWith("Acme.Item.g.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void MissingKey_CTR009_ShowsWhatToAdd()
    {
        var d = Single(WithEndpoint(string.Empty));

        AssertDiagnostic(d, "CTR009", 7, 5, "Missing required key 'path' in endpoint 'GetItem'; add \"path\": \"/api/v1/resource\"");
    }

    [Fact]
    public void WrongValueKind_CTR010()
    {
        var d = Single("""
            {
              "formatVersion": 1,
              "name": "Sample",
              "namespace": 42
            }
            """);

        AssertDiagnostic(d, "CTR010", 4, 16, "'namespace' must be a string, not a number");
    }

    [Fact]
    public void InvalidValue_CTR011()
    {
        var d = Single(WithEndpoint("""
            "path": "/v1/items", "method": "FETCH"
            """).Replace("\"method\": \"GET\", ", string.Empty));

        AssertDiagnostic(d, "CTR011", 8, 38, "'FETCH' is not a valid value for 'method'; write one of \"GET\", \"POST\", \"PUT\", \"PATCH\", \"DELETE\"");
    }

    [Fact]
    public void PollingAnnotation_CTR012_NamesTheCandidates()
    {
        var d = Single(WithEndpoint("""
            "path": "/v1/items", "polling": { "items": "entries", "id": "id", "status": "state" }
            """));

        AssertDiagnostic(d, "CTR012", 8, 50, "Polling annotation 'items': the response model 'Item' has no field 'entries'; name the array field of 'Item' that holds the items (it has none that fits)");
    }

    [Fact]
    public void PollingBatchIdNotAQueryParameter_CTR012_NamesTheCandidates()
    {
        var d = Single("""
            {
              "formatVersion": 1,
              "name": "Sample",
              "namespace": "Acme",
              "enums": [ { "name": "State", "values": [ { "wire": "DONE", "outcome": "success" } ] } ],
              "models": [
                { "name": "Job", "fields": [ { "wire": "id", "type": "string", "required": true }, { "wire": "state", "type": "State", "required": true } ] },
                { "name": "JobList", "fields": [ { "wire": "jobs", "type": "Job[]", "required": true } ] } ],
              "endpoints": [
                { "name": "GetJobs", "method": "GET", "path": "/v1/jobs", "response": "JobList", "rateLimit": { "requests": 1, "perSeconds": 1 },
                  "query": [ { "name": "batch", "type": "string", "required": true }, { "name": "verbose", "type": "bool", "default": false } ],
                  "polling": { "items": "jobs", "id": "id", "status": "state", "batchId": "batch_no" } }
              ]
            }
            """);

        AssertDiagnostic(d, "CTR012", 12, 79, "Polling annotation 'batchId': the endpoint has no path or query parameter 'batch_no'; name the path or query parameter that identifies the batch in traces (candidates: 'batch')");
    }

    [Fact]
    public void RefitMethodMissing_CTR014_ShowsTheDeclarationToWrite()
    {
        var d = Assert.Single(DiagnoseWithApi("""
            public interface IItemsApi
            {
                [Refit.Get("/v1/other")]
                Task<Envelope<Item>> OtherAsync();
            }
            """));

        // On the interface, where the fix adds the method; the contract's endpoint is the additional location.
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Equal("CTR014", d.Id);
        Assert.Equal(("/consumer/Source1.cs", (2, 18)), (d.Location.GetLineSpan().Path, OneBased(d)));
        var endpoint = Assert.Single(d.AdditionalLocations).GetLineSpan();
        Assert.Equal((Path, 8, 13), (endpoint.Path, endpoint.StartLinePosition.Line + 1, endpoint.StartLinePosition.Character + 1));
        Assert.Equal(
            "No Refit method declares GET /v1/items of endpoint 'GetItem'; declare it on IItemsApi: [global::Refit.Get(\"/v1/items\")] Task<Envelope<Item>> GetItemAsync([global::Refit.AliasAs(\"item_id\")] string itemId, [global::Refit.AliasAs(\"page_size\")] int pageSize = 20, CancellationToken cancellationToken = default);",
            d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void RefitMethodMissing_CTR014_StaysInTheContract_WhenTheProjectDeclaresNoInterfaceOfTheNameItGives()
    {
        var d = Assert.Single(DiagnoseWithApi("""
            public interface IItemApi
            {
                [Refit.Get("/v1/other")]
                Task<Envelope<Item>> OtherAsync();
            }
            """));

        Assert.Equal("CTR014", d.Id);
        Assert.Equal((Path, (8, 13)), (d.Location.GetLineSpan().Path, OneBased(d)));
        Assert.Contains("declare it on IItemsApi: [global::Refit.Get(\"/v1/items\")]", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Found by the consumer fuzzing (seed 7S5HHzzZ8qm2): an interface nested in a class has a '+' in its metadata name.</summary>
    [Fact]
    public void AnInterfaceNestedInAClass_IsCheckedByTheDriftAnalyzer_AndDrawsNoCtr014InTheContract()
    {
        var diagnostics = GeneratorHarness.DiagnoseWith(
            ["""
            using Acme;
            namespace Acme;
            public static class Holder
            {
                public interface IItemsApi
                {
                    [Refit.Get("/v1/item")]
                    Task<Envelope<Item>> GetItemAsync([Refit.AliasAs("item_id")] string itemId, [Refit.AliasAs("page_size")] int pageSize = 20);
                }
            }
            """],
            GeneratorHarness.Contract(Path, ApiContract.Replace("\"interface\": \"IItemsApi\"", "\"interface\": \"Holder.IItemsApi\"", StringComparison.Ordinal)));

        var d = Assert.Single(diagnostics, d => d.Severity >= DiagnosticSeverity.Warning);
        Assert.Equal(("CTR015", "/consumer/Source1.cs"), (d.Id, d.Location.GetLineSpan().Path));
    }

    [Fact]
    public void UndeclaredPathPlaceholder_CTR020_ShowsTheDeclarationToAdd()
    {
        var d = Single(WithEndpoint("\"path\": \"/v1/items/{item_id}\""));

        AssertDiagnostic(d, "CTR020", 8, 15, "Placeholder '{item_id}' in path '/v1/items/{item_id}' is not declared; declare it under \"pathParameters\": [{ \"name\": \"item_id\", \"type\": \"string\" }]");
    }

    [Fact]
    public void PathParameterWithoutPlaceholder_CTR020_PointsAtTheDeclaration()
    {
        var d = Single(WithEndpoint("\"path\": \"/v1/items\", \"pathParameters\": [ { \"name\": \"item_id\", \"type\": \"string\" } ]"));

        AssertDiagnostic(d, "CTR020", 8, 58, "Path parameter 'item_id' has no placeholder in path '/v1/items'; add {item_id} to the path, or remove the declaration");
    }

    [Fact]
    public void BodyOnAGetEndpoint_CTR011()
    {
        var d = Single(WithEndpoint("\"path\": \"/v1/items\", \"body\": \"Item\""));

        AssertDiagnostic(d, "CTR011", 8, 28, "'body' is not a valid value for 'endpoint 'GetItem''; write no \"body\" on a GET endpoint (only POST, PUT and PATCH send a body)");
    }

    [Fact]
    public void RefitBodyDrift_CTR021_NamesTheBodyToSend()
    {
        var diagnostics = GeneratorHarness.DiagnoseWith(
            ["""
             public interface IItemsApi
             {
                 [Refit.Post("/v1/items/{item_id}")]
                 Task<Item> PutItemAsync([Refit.AliasAs("item_id")] string itemId, [Refit.Body] string body);
             }
             """],
            GeneratorHarness.Contract(Path, """
                {
                  "formatVersion": 1, "name": "Sample", "namespace": "Acme", "interface": "IItemsApi",
                  "models": [ { "name": "Item", "fields": [ { "wire": "id", "type": "string", "required": true } ] } ],
                  "endpoints": [ { "name": "PutItem", "method": "POST", "path": "/v1/items/{item_id}", "pathParameters": [ { "name": "item_id", "type": "string" } ], "body": "Item", "response": "Item", "rateLimit": { "requests": 1, "perSeconds": 1 } } ]
                }
                """));

        var d = Assert.Single(diagnostics);
        Assert.Equal("/consumer/Source1.cs", d.Location.GetLineSpan().Path);
        AssertDiagnostic(d, "CTR021", 3, 6, "IItemsApi.PutItemAsync sends [Body] string body, but endpoint 'PutItem' of sample.contract.json sends Item; declare one parameter [global::Refit.Body(buffered: true)] Item body");
    }

    [Fact]
    public void AContractWithABodyAndPathParametersBindsToItsRefitMethod()
    {
        var (result, output) = GeneratorHarness.RunWith(
            ["""
             public interface IItemsApi
             {
                 [Refit.Post("/v1/items/{item_id}")]
                 Task<Item> PutItemAsync([Refit.AliasAs("item_id")] string itemId, [Refit.Body(buffered: true)] Item body);
             }
             """],
            GeneratorHarness.Contract(Path, """
                {
                  "formatVersion": 1, "name": "Sample", "namespace": "Acme", "interface": "IItemsApi",
                  "models": [ { "name": "Item", "fields": [ { "wire": "id", "type": "string", "required": true } ] } ],
                  "endpoints": [ { "name": "PutItem", "method": "POST", "path": "/v1/items/{item_id}", "pathParameters": [ { "name": "item_id", "type": "string" } ], "body": "Item", "response": "Item", "rateLimit": { "requests": 1, "perSeconds": 1 } } ]
                }
                """));

        Assert.Empty(result.Diagnostics);
        GeneratorHarness.AssertCompilesCleanly(output);
    }

    [Fact]
    public void RefitRouteDrift_CTR015_PointsAtTheInterface()
    {
        var d = Assert.Single(DiagnoseWithApi("""
            public interface IItemsApi
            {
                [Refit.Get("/v1/item")]
                Task<Envelope<Item>> GetItemAsync([Refit.AliasAs("item_id")] string itemId, [Refit.AliasAs("page_size")] int pageSize = 20);
            }
            """));

        Assert.Equal("/consumer/Source1.cs", d.Location.GetLineSpan().Path);
        AssertDiagnostic(d, "CTR015", 4, 6, "IItemsApi.GetItemAsync declares GET /v1/item, but endpoint 'GetItem' of sample.contract.json is GET /v1/items; write [global::Refit.Get(\"/v1/items\")]");
    }

    [Fact]
    public void RefitQueryDrift_CTR016_NamesTheMissingAndUnexpectedKeys()
    {
        var d = Assert.Single(DiagnoseWithApi("""
            public interface IItemsApi
            {
                [Refit.Get("/v1/items")]
                Task<Envelope<Item>> GetItemAsync([Refit.AliasAs("item_id")] string itemId, int pageSize, CancellationToken cancellationToken);
            }
            """));

        AssertDiagnostic(d, "CTR016", 4, 6, "IItemsApi.GetItemAsync sends query keys item_id, pageSize, but endpoint 'GetItem' of sample.contract.json declares query keys item_id, page_size; add a parameter [global::Refit.AliasAs(\"page_size\")] int pageSize; remove or rename the parameter sent as 'pageSize'");
    }

    [Fact]
    public void AMatchingRefitMethodGivesNoDiagnostic()
    {
        Assert.Empty(DiagnoseWithApi("""
            public interface IItemsApi
            {
                [Refit.Get("/v1/items")]
                Task<Envelope<Item>> GetItemAsync([Refit.AliasAs("item_id")] string itemId, [Refit.AliasAs("page_size")] int pageSize = 20, CancellationToken cancellationToken = default);
            }
            """));
    }

    [Fact]
    public void WithoutRefitThereIsNoDriftCheck()
    {
        var driver = GeneratorHarness.CreateDriver(GeneratorHarness.Contract(Path, ApiContract))
            .RunGenerators(GeneratorHarness.Compilation(withRefit: false, "class A { }"));

        Assert.Empty(driver.GetRunResult().Diagnostics);
    }

    [Fact]
    public void EveryMistakeInAFileIsReportedInOnePass()
    {
        var diagnostics = Diagnose("""
            {
              "formatVersion": 2,
              "name": "bad name",
              "namespace": "Acme",
              "models": [ { "name": "Item", "fields": [ { "wire": "x", "type": "nope" } ] } ]
            }
            """);

        Assert.Equal(["CTR011", "CTR005", "CTR003"], diagnostics.Select(d => d.Id));
    }

    [Fact]
    public void TruncatedContractsNeverThrow()
    {
        // Every prefix of a real contract is a broken contract: each must give diagnostics, never an exception.
        string text = RepositoryPaths.MemoriesContractText;
        for (int length = 0; length < text.Length; length += 13)
        {
            var result = Parsing.ContractParser.Parse(Path, text[..length], CancellationToken.None);
            Assert.Null(result.Model);
            Assert.NotEmpty(result.Diagnostics);
            Assert.DoesNotContain(result.Diagnostics, d => d.Id == "CTR013");
        }
    }

    [Fact]
    public void BrokenContractsDoNotBecomeGeneratorCrashes()
    {
        var (result, _) = GeneratorHarness.Run(GeneratorHarness.Contract(Path, """{ "models": [ { "fields": [ { "type": "X[][]" } ] } ] }"""));

        Assert.Null(result.Results[0].Exception);
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "CS8785");
        Assert.NotEmpty(result.Diagnostics);
        Assert.All(result.Diagnostics, d => Assert.Equal(Path, d.Location.GetLineSpan().Path));
    }

    private static string WithModel(string fields) => $$"""
        {
          "formatVersion": 1,
          "name": "Sample",
          "namespace": "Acme",
          "models": [ { "name": "Item", "fields": [
            {{fields}}
          ] } ]
        }
        """;

    private static string WithEndpoint(string members) => $$"""
        {
          "formatVersion": 1,
          "name": "Sample",
          "namespace": "Acme",
          "models": [ { "name": "Item", "fields": [ { "wire": "id", "type": "string", "required": true } ] } ],
          "endpoints": [
            { "name": "GetItem", "method": "GET", "response": "Item", "rateLimit": { "requests": 1, "perSeconds": 1 },
              {{members}}
            }
          ]
        }
        """.Replace(",\n      \n", "\n");

    private const string ApiContract = """
        {
          "formatVersion": 1,
          "name": "Sample",
          "namespace": "Acme", "interface": "IItemsApi",
          "envelope": { "name": "Envelope", "fields": { "code": "code", "message": "msg", "data": "data" }, "successCode": "0" },
          "models": [ { "name": "Item", "fields": [ { "wire": "id", "type": "string", "required": true } ] } ],
          "endpoints": [ { "name": "GetItem", "method": "GET", "response": "Item", "rateLimit": { "requests": 1, "perSeconds": 1 },
            "path": "/v1/items", "query": [ { "name": "item_id", "type": "string", "required": true }, { "name": "page_size", "type": "int", "default": 20 } ] } ]
        }
        """;

    private static IReadOnlyList<Diagnostic> DiagnoseWithApi(string api) =>
        GeneratorHarness.DiagnoseWith(["using Acme;\n" + api], GeneratorHarness.Contract(Path, ApiContract));

    private static (int Line, int Column) OneBased(Diagnostic diagnostic)
    {
        var start = diagnostic.Location.GetLineSpan().StartLinePosition;
        return (start.Line + 1, start.Character + 1);
    }

    private static IReadOnlyList<Diagnostic> Diagnose(string contract) =>
        GeneratorHarness.Run(GeneratorHarness.Contract(Path, contract)).Result.Diagnostics;

    private static Diagnostic Single(string contract) => Assert.Single(Diagnose(contract));

    /// <summary>Line and column are one-based, as in build output.</summary>
    private static void AssertDiagnostic(Diagnostic diagnostic, string id, int line, int column, string message)
    {
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(message, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        var start = diagnostic.Location.GetLineSpan().StartLinePosition;
        Assert.Equal((line, column), (start.Line + 1, start.Character + 1));
    }
}
