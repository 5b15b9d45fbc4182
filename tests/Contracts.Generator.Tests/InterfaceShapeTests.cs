using Contracts.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace Contracts.Generator.Tests;

/// <summary>
/// Every way C# lets a team declare a Refit interface, bound to a polled contract by name: each
/// gets polling methods that compile beside Refit's own generated code, or a located CTR022 that
/// says why not, and never C# errors in generated code.
/// </summary>
public sealed class InterfaceShapeTests
{
    private const string Path = "/repo/contracts/jobs.contract.json";

    private const string Method = """[Get("/v1/jobs")] Task<Page> ListJobs([AliasAs("owner")] string owner, CancellationToken cancellationToken = default);""";

    public static TheoryData<string, string, string> Shapes => new()
    {
        { "public in a namespace", "Acme.IJobsApi", "namespace Acme;\npublic interface IJobsApi\n{\n@METHOD@\n}" },
        { "in the global namespace", "global::IJobsApi", "public interface IJobsApi\n{\n@METHOD@\n}" },
        { "nested public in a static class", "Team.Outer.IJobsApi", "namespace Team;\npublic static class Outer\n{\npublic interface IJobsApi\n{\n@METHOD@\n}\n}" },
        { "nested public in an internal class", "Team.Outer.IJobsApi", "namespace Team;\ninternal sealed class Outer\n{\npublic interface IJobsApi\n{\n@METHOD@\n}\n}" },
        { "nested internal, two levels deep", "Team.Outer.Inner.IJobsApi", "namespace Team;\npublic class Outer\n{\npublic class Inner\n{\ninternal interface IJobsApi\n{\n@METHOD@\n}\n}\n}" },
        { "nested protected internal", "Team.Outer.IJobsApi", "namespace Team;\npublic class Outer\n{\nprotected internal interface IJobsApi\n{\n@METHOD@\n}\n}" },
        { "partial, its methods in two files", "Acme.IJobsApi", "namespace Acme;\npublic partial interface IJobsApi\n{\n@METHOD@\n}\n//SPLIT\nnamespace Acme;\npublic partial interface IJobsApi\n{\n[Get(\"/v1/other\")] Task<Page> OtherAsync();\n}" },
        { "in a block namespace with a using inside", "Team.Client.IJobsApi", "namespace Team.Client\n{\n    using Acme;\n    public interface IJobsApi\n    {\n@METHOD@\n    }\n}" },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void EveryShapeGetsPollingMethodsThatCompile(string shape, string name, string declaration)
    {
        var (result, output) = Run(name, declaration);

        Assert.True(result.Diagnostics.All(d => d.Severity < DiagnosticSeverity.Warning), shape + ": " + string.Join("\n", result.Diagnostics));
        string polling = Assert.Single(result.GeneratedTrees, t => t.FilePath.EndsWith("ListJobsPollingExtensions.g.cs", StringComparison.Ordinal)).ToString();
        Assert.Contains("WaitForJobsAsync(", polling, StringComparison.Ordinal);
        GeneratorHarness.AssertCompilesCleanly(output);
    }

    [Theory]
    [InlineData("private", "the interface is nested as private or protected")]
    [InlineData("protected", "the interface is nested as private or protected")]
    [InlineData("private protected", "the interface is nested as private or protected")]
    public void AnInterfaceNoTopLevelClassCanSeeGetsALocatedWarningInsteadOfPollingMethods(string accessibility, string reason)
    {
        var (result, output) = Run("Team.Outer.IJobsApi", $"namespace Team;\npublic class Outer\n{{\n{accessibility} interface IJobsApi\n{{\n@METHOD@\n}}\n}}");

        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal("CTR022", warning.Id);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.StartsWith("/consumer/", warning.Location.GetLineSpan().Path, StringComparison.Ordinal);
        Assert.StartsWith("Outer.IJobsApi.ListJobs is the Refit method of endpoint 'ListJobs', but it gets no generated methods (polling, form, multipart, file or event calls): " + reason, warning.GetMessage(), StringComparison.Ordinal);
        Assert.DoesNotContain(result.GeneratedTrees, t => t.FilePath.EndsWith("PollingExtensions.g.cs", StringComparison.Ordinal));

        // Refit cannot implement such an interface either (its own CS0122); what we generate compiles.
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.All(problems, d => Assert.Contains("InterfaceStubGenerator", d.Location.GetLineSpan().Path, StringComparison.Ordinal));
    }

    [Fact]
    public void AGenericInterfaceGetsALocatedWarningInsteadOfPollingMethods()
    {
        var (result, output) = Run("Acme.IJobsApi<TKey>", "namespace Acme;\npublic interface IJobsApi<TKey>\n{\n@METHOD@\n[Get(\"/v1/jobs/{id}\")] Task<Job> GetAsync(TKey id);\n}");

        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal("CTR022", warning.Id);
        Assert.Contains("the interface has type parameters", warning.GetMessage(), StringComparison.Ordinal);
        GeneratorHarness.AssertCompilesCleanly(output);
    }

    [Fact]
    public void AGenericMethodGetsALocatedWarningInsteadOfPollingMethods()
    {
        var (result, output) = Run("Acme.IJobsApi", "namespace Acme;\npublic interface IJobsApi\n{\n" + Method.Replace("ListJobs(", "ListJobs<T>(", StringComparison.Ordinal) + "\n}");

        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal("CTR022", warning.Id);
        Assert.Contains("the method has type parameters", warning.GetMessage(), StringComparison.Ordinal);
        GeneratorHarness.AssertCompilesCleanly(output);
    }

    [Theory]
    [InlineData("@class")]
    [InlineData("@event")]
    [InlineData("@namespace")]
    [InlineData("@await")]
    [InlineData("@var")]
    [InlineData("δεδομένα")]
    public void RefitParametersNamedByKeywordsOrInOtherScriptsArePassedOn(string parameter)
    {
        string method = Method.Replace("CancellationToken cancellationToken", $"[Header(\"X-Extra\")] string {parameter}, CancellationToken cancellationToken", StringComparison.Ordinal);

        var (result, output) = Run("Acme.IJobsApi", "namespace Acme;\npublic interface IJobsApi\n{\n" + method + "\n}");

        Assert.Empty(result.Diagnostics);
        string polling = Assert.Single(result.GeneratedTrees, t => t.FilePath.EndsWith("ListJobsPollingExtensions.g.cs", StringComparison.Ordinal)).ToString();
        Assert.Contains($"{parameter}: {parameter}", polling, StringComparison.Ordinal);
        GeneratorHarness.AssertCompilesCleanly(output);
    }

    [Fact]
    public void AnInterfaceBoundToNoContractIsLeftAlone()
    {
        var (result, output) = Run("Acme.IJobsApi", "namespace Acme;\npublic interface IJobsApi\n{\n@METHOD@\n}\npublic interface IOtherApi\n{\n[Get(\"/v1/jobs\")] Task<Page> ListJobs();\n[Post(\"/elsewhere\")] Task<Page> Elsewhere();\n}");

        Assert.Empty(result.Diagnostics);
        Assert.DoesNotContain(result.GeneratedTrees, t => t.FilePath.Contains("ContractGenerator", StringComparison.Ordinal) && t.ToString().Contains("IOtherApi", StringComparison.Ordinal));
        GeneratorHarness.AssertCompilesCleanly(output);
    }

    private static (GeneratorDriverRunResult Result, Compilation Output) Run(string interfaceName, string declaration)
    {
        string contract = $$"""
            {
              "formatVersion": 1, "name": "Jobs", "namespace": "Acme", "interface": "{{interfaceName}}",
              "enums": [ { "name": "State", "values": [ { "wire": "DONE", "outcome": "success" } ] } ],
              "models": [
                { "name": "Job", "fields": [ { "wire": "id", "type": "string", "required": true }, { "wire": "state", "type": "State", "required": true } ] },
                { "name": "Page", "fields": [ { "wire": "jobs", "type": "Job[]" } ] }
              ],
              "endpoints": [
                { "name": "ListJobs", "method": "GET", "path": "/v1/jobs", "response": "Page", "query": [ { "name": "owner", "type": "string", "required": true } ], "rateLimit": { "requests": 1, "perSeconds": 1 },
                  "polling": { "name": "Jobs", "items": "jobs", "id": "id", "status": "state" } }
              ]
            }
            """;
        string[] sources = ("using Refit;\nusing Acme;\n" + declaration.Replace("@METHOD@", Method, StringComparison.Ordinal))
            .Split("//SPLIT\n")
            .Select((text, i) => i == 0 ? text : "using Refit;\nusing Acme;\n" + text)
            .ToArray();
        return GeneratorHarness.RunWithRefitGenerator(sources, GeneratorHarness.Contract(Path, contract));
    }
}
