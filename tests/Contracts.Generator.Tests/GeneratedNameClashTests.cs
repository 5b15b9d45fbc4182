using Contracts.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace Contracts.Generator.Tests;

/// <summary>
/// Every name a contract gives (business code, field, model, enum value, query parameter, polling
/// name, envelope) that would produce a C# member that already exists is a located CTR008 in the
/// contract, never generated code that fails to compile. The same contract with a harmless name
/// compiles cleanly, so each case shows exactly one clash.
/// </summary>
public sealed class GeneratedNameClashTests
{
    private const string Path = "/repo/contracts/sample.contract.json";

    private static readonly Dictionary<string, string> Harmless = new()
    {
        ["ENVELOPE"] = "Envelope",
        ["CODE"] = "Failed",
        ["VALUE"] = "Done",
        ["FIELD"] = "note",
        ["MODEL"] = "Extra",
        ["PARAMETER"] = "pageSize",
        ["POLLING"] = "Other",
    };

    private const string Template = """
        {
          "formatVersion": 1, "name": "Sample", "namespace": "Acme", "interface": "IApi",
          "envelope": { "name": "@ENVELOPE@", "fields": { "code": "code", "message": "msg", "data": "data" }, "successCode": "0",
            "codes": [ { "code": "0", "name": "Ok", "meaning": "fine" }, { "code": "1", "name": "@CODE@", "meaning": "other" } ] },
          "enums": [ { "name": "State", "values": [ { "wire": "DONE", "name": "@VALUE@", "outcome": "success" }, { "wire": "RUN", "outcome": "pending" } ] } ],
          "models": [
            { "name": "Job", "fields": [ { "wire": "id", "type": "string", "required": true }, { "wire": "state", "type": "State", "required": true }, { "wire": "@FIELD@", "type": "string" } ] },
            { "name": "Page", "fields": [ { "wire": "jobs", "type": "Job[]" } ] },
            { "name": "@MODEL@", "fields": [] }
          ],
          "endpoints": [
            { "name": "ListJobs", "method": "GET", "path": "/v1/jobs", "response": "Page", "rateLimit": { "requests": 1, "perSeconds": 1 },
              "query": [ { "name": "page_size", "parameter": "@PARAMETER@", "type": "int", "default": 20 } ],
              "polling": { "name": "Jobs", "items": "jobs", "id": "id", "status": "state" } },
            { "name": "ListOther", "method": "GET", "path": "/v1/other", "response": "Page", "rateLimit": { "requests": 1, "perSeconds": 1 },
              "polling": { "name": "@POLLING@", "items": "jobs", "id": "id", "status": "state" } }
          ]
        }
        """;

    private const string Api = """
        using Refit;
        namespace Acme;
        public interface IApi
        {
            [Get("/v1/jobs")] Task<@ENVELOPE@<Page>> ListJobsAsync([AliasAs("page_size")] int @PARAMETER@, CancellationToken cancellationToken = default);
            [Get("/v1/other")] Task<@ENVELOPE@<Page>> ListOtherAsync(CancellationToken cancellationToken = default);
        }
        """;

    public static TheoryData<string, string, string> Clashes => new()
    {
        // Business codes: constants of the codes class.
        { "CODE", "All", "Business code name 'All' collides with a member of the generated codes class" },
        { "CODE", "Find", "Business code name 'Find' collides with a member of the generated codes class" },
        { "CODE", "EnvelopeCodes", "Business code name 'EnvelopeCodes' collides with the class's own name" },
        { "CODE", "ToString", "Business code name 'ToString' collides with a member of every object" },
        { "CODE", "Ok", "Business code name 'Ok' collides with the constant of business code '0'" },

        // Fields: properties of a record.
        { "FIELD", "equality_contract", "Property 'EqualityContract' collides with a member the compiler gives every record in model 'Job'" },
        { "FIELD", "clone", "Property 'Clone' collides with a member the compiler gives every record in model 'Job'" },
        { "FIELD", "print_members", "Property 'PrintMembers' collides with a member the compiler gives every record in model 'Job'" },
        { "FIELD", "to_string", "Property 'ToString' collides with a member of every object in model 'Job'" },
        { "FIELD", "get_hash_code", "Property 'GetHashCode' collides with a member of every object in model 'Job'" },
        { "FIELD", "job", "Property 'Job' collides with the model's own name" },
        { "FIELD", "state_wire_value", "Property 'StateWireValue' collides with the property of wire field 'state' in model 'Job'" },

        // Models: types of the namespace, and properties of the JSON context.
        { "MODEL", "Default", "Model 'Default' collides with a member of JsonSerializerContext in the JSON context 'SampleJsonContext'" },
        { "MODEL", "Options", "Model 'Options' collides with a member of JsonSerializerContext in the JSON context 'SampleJsonContext'" },
        { "MODEL", "GetTypeInfo", "Model 'GetTypeInfo' collides with a member of JsonSerializerContext in the JSON context 'SampleJsonContext'" },
        { "MODEL", "Equals", "Model 'Equals' collides with a member of every object in the JSON context 'SampleJsonContext'" },
        { "MODEL", "EnvelopePage", "Envelope type info 'EnvelopePage' collides with the type info of model 'EnvelopePage'" },
        { "MODEL", "SampleJsonContext", "Generated type 'SampleJsonContext' collides with the name of model 'SampleJsonContext'" },
        { "MODEL", "JobJsonConverter", "Generated type 'JobJsonConverter' collides with the name of the JSON converter of model 'Job'" },
        { "MODEL", "StateExtensions", "Generated type 'StateExtensions' collides with the name of the extensions of enum 'State'" },
        { "MODEL", "EnvelopeCodes", "Generated type 'EnvelopeCodes' collides with the name of model 'EnvelopeCodes'" },
        { "MODEL", "ListJobsPollingExtensions", "Generated type 'ListJobsPollingExtensions' collides with the name of model 'ListJobsPollingExtensions'" },

        // Enum values: members of an enum.
        { "VALUE", "value__", "Enum member 'value__' collides with a member the compiler gives every enum in enum 'State'" },
        { "VALUE", "Unknown", "Enum member 'Unknown' collides with the unknown value in enum 'State'" },
        { "VALUE", "Run", "Enum member 'Run' collides with value 'DONE' in enum 'State'" },

        // Query parameters: parameters of the generated polling methods.
        { "PARAMETER", "progress", "Parameter 'progress' collides with a parameter or lambda of the generated methods" },
        { "PARAMETER", "cancellationToken", "Parameter 'cancellationToken' collides with a parameter or lambda of the generated methods" },
        { "PARAMETER", "api", "Parameter 'api' collides with a parameter or lambda of the generated methods" },
        { "PARAMETER", "item", "Parameter 'item' collides with a parameter or lambda of the generated methods" },
        { "PARAMETER", "token", "Parameter 'token' collides with a parameter or lambda of the generated methods" },
        { "PARAMETER", "request", "Parameter 'request' collides with a parameter or lambda of the generated methods" },

        // Polling names: extension methods of the one Refit interface.
        { "POLLING", "Jobs", "Polling method 'JobsPoll' collides with the polling methods of endpoint 'ListJobs' in the polling methods of the contract" },

        // The envelope: a record whose members are fixed.
        { "ENVELOPE", "Data", "Envelope 'Data' collides with a member of the generated envelope in the envelope 'Data'" },
        { "ENVELOPE", "Code", "Envelope 'Code' collides with a member of the generated envelope in the envelope 'Code'" },
    };

    [Fact]
    public void TheTemplateWithHarmlessNamesCompilesCleanlyWithItsPollingMethods()
    {
        var (result, output) = Run(Harmless);

        Assert.Empty(result.Diagnostics);
        Assert.Contains(result.GeneratedTrees, t => t.FilePath.EndsWith("Acme.ListOtherPollingExtensions.g.cs", StringComparison.Ordinal));
        GeneratorHarness.AssertCompilesCleanly(output);
    }

    [Theory]
    [MemberData(nameof(Clashes))]
    public void AClashingNameIsALocatedErrorInTheContract(string placeholder, string name, string message)
    {
        var names = new Dictionary<string, string>(Harmless) { [placeholder] = name };

        var (result, output) = Run(names);

        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var clash = Assert.Single(errors);
        Assert.Equal("CTR008", clash.Id);
        Assert.StartsWith(message, clash.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var span = clash.Location.GetLineSpan();
        Assert.Equal(Path, span.Path);
        Assert.True(span.StartLinePosition.Line > 0, "The clash points at a line of the contract, not its start.");

        // The contract with an error generates what does not depend on the clashing name, and that compiles.
        Assert.DoesNotContain(output.GetDiagnostics(), d => d.Severity >= DiagnosticSeverity.Warning && !d.Location.GetLineSpan().Path.StartsWith("/consumer/", StringComparison.Ordinal));
        Assert.NotEmpty(result.GeneratedTrees.Where(t => !t.FilePath.EndsWith("GlobalUsings.g.cs", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("CancellationToken", "namespace Acme;")]
    [InlineData("CancellationToken", "using Acme;\nnamespace Team.Client;")]
    [InlineData("Task", "namespace Acme;")]
    public void AModelThatWouldTakeOverANameTheRefitInterfaceUsesIsALocatedError(string model, string place)
    {
        string contract = """
            {
              "formatVersion": 1, "name": "Sample", "namespace": "Acme", "interface": "IApi",
              "enums": [ { "name": "State", "values": [ { "wire": "DONE", "outcome": "success" } ] } ],
              "models": [
                { "name": "Job", "fields": [ { "wire": "id", "type": "string", "required": true }, { "wire": "state", "type": "State", "required": true } ] },
                { "name": "Page", "fields": [ { "wire": "jobs", "type": "Job[]" } ] },
                { "name": "@MODEL@", "fields": [] }
              ],
              "endpoints": [ { "name": "ListJobs", "method": "GET", "path": "/v1/jobs", "response": "Page", "polling": { "name": "Jobs", "items": "jobs", "id": "id", "status": "state" }, "rateLimit": { "requests": 1, "perSeconds": 1 } } ]
            }
            """.Replace("@MODEL@", model, StringComparison.Ordinal);
        string api = "using Refit;\n" + place + "\npublic interface IApi\n{\n    [Get(\"/v1/jobs\")] Task<global::Acme.Page> ListJobsAsync(CancellationToken cancellationToken = default);\n}";
        if (place.StartsWith("using", StringComparison.Ordinal))
        {
            contract = contract.Replace("\"IApi\"", "\"Team.Client.IApi\"", StringComparison.Ordinal);
        }

        var (result, output) = GeneratorHarness.RunWithRefitGenerator([api], GeneratorHarness.Contract(Path, contract));

        var error = Assert.Single(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("CTR026", error.Id);
        Assert.StartsWith("/consumer/", error.Location.GetLineSpan().Path, StringComparison.Ordinal);
        Assert.StartsWith($"IApi.ListJobsAsync uses '{model}' for another type, but the contract generates 'Acme.{model}'", error.GetMessage(), StringComparison.Ordinal);
        Assert.DoesNotContain(result.GeneratedTrees, t => t.FilePath.EndsWith("PollingExtensions.g.cs", StringComparison.Ordinal));
        Assert.DoesNotContain(output.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error && d.Location.GetLineSpan().Path.Contains("ContractGenerator", StringComparison.Ordinal));
    }

    private static (GeneratorDriverRunResult Result, Compilation Output) Run(IReadOnlyDictionary<string, string> names) =>
        GeneratorHarness.RunWith([Fill(Api, names)], GeneratorHarness.Contract(Path, Fill(Template, names)));

    private static string Fill(string text, IReadOnlyDictionary<string, string> names) =>
        names.Aggregate(text, (current, pair) => current.Replace("@" + pair.Key + "@", pair.Value, StringComparison.Ordinal));
}
