using Contracts.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace Contracts.Generator.Tests;

/// <summary>
/// The rate budgets a contract declares: one table per namespace, from every contract in it, that
/// the client's budgets, its HTTP handler and a simulator read; an endpoint without a budget is
/// told, two limits for one family are an error, and a table the project already has is not made twice.
/// </summary>
public sealed class RateBudgetTableTests
{
    private const string First = "/repo/contracts/a.contract.json";
    private const string Second = "/repo/contracts/b.contract.json";

    [Fact]
    public void AnEndpointWithoutABudgetIsALocatedWarningNamingTheFamilyItWouldGet()
    {
        var d = Assert.Single(Diagnose(Contract("A", "Acme", """{ "name": "GetVideoIdsByTaskId", "method": "GET", "path": "/a", "response": "Item" }""")));

        Assert.Equal(("CTR027", DiagnosticSeverity.Warning), (d.Id, d.Severity));
        Assert.Contains("budget family is then 'get-video-ids-by-task-id'", d.GetMessage(), StringComparison.Ordinal);
        Assert.Equal((5, 15), OneBased(d));
    }

    [Fact]
    public void OneFamilyWithTwoLimitsInAContractIsAnErrorAtTheSecond()
    {
        var d = Assert.Single(Diagnose(Contract("A", "Acme", """
            { "name": "Up", "method": "POST", "path": "/a", "response": "Item", "rateLimit": { "requests": 1, "perSeconds": 60, "budget": "upload" } },
            { "name": "UpUrl", "method": "POST", "path": "/b", "response": "Item", "rateLimit": { "requests": 1, "perSeconds": 30, "budget": "upload" } }
            """)));

        Assert.Equal("CTR028", d.Id);
        Assert.Equal("Budget family 'upload' is declared here as 1 per 30 s, but as 1 per 60 s on line 5; every endpoint of a family shares one budget, so declare one limit, or give this endpoint its own family", d.GetMessage());
        Assert.Equal(6, OneBased(d).Line);
    }

    [Fact]
    public void OneFamilyWithTwoLimitsInTwoContractsOfANamespaceIsAnError_InAnotherNamespaceItIsAnotherFamily()
    {
        var clash = GeneratorHarness.Run(
            GeneratorHarness.Contract(First, Contract("A", "Acme", """{ "name": "Up", "method": "POST", "path": "/a", "response": "Item", "rateLimit": { "requests": 1, "perSeconds": 60, "budget": "upload" } }""")),
            GeneratorHarness.Contract(Second, Contract("B", "Acme", """{ "name": "Up2", "method": "POST", "path": "/b", "response": "Item2", "rateLimit": { "requests": 2, "perSeconds": 60, "budget": "upload" } }""", item: "Item2"))).Result;
        var apart = GeneratorHarness.Run(
            GeneratorHarness.Contract(First, Contract("A", "Acme", """{ "name": "Up", "method": "POST", "path": "/a", "response": "Item", "rateLimit": { "requests": 1, "perSeconds": 60, "budget": "upload" } }""")),
            GeneratorHarness.Contract(Second, Contract("B", "Other", """{ "name": "Up", "method": "POST", "path": "/b", "response": "Item2", "rateLimit": { "requests": 2, "perSeconds": 60, "budget": "upload" } }""", item: "Item2"))).Result;

        var d = Assert.Single(clash.Diagnostics);
        Assert.Equal("CTR028", d.Id);
        Assert.Equal(Second, d.Location.GetLineSpan().Path);
        Assert.Equal("Budget family 'upload' is declared here as 2 per 60 s, but as 1 per 60 s in a.contract.json, line 5; every endpoint of a family shares one budget, so declare one limit, or give this endpoint its own family", d.GetMessage());
        Assert.Empty(apart.Diagnostics);
    }

    [Theory]
    [InlineData("\"budget\": \"Task_Status\"", "Task_Status")]
    [InlineData("\"budget\": \"task--status\"", "task--status")]
    [InlineData("\"budget\": \"9lives\"", "9lives")]
    [InlineData("\"budget\": \"a-1b\"", "a-1b")]
    public void AFamilyNameThatIsNoKeyOrConstantIsALocatedError(string budget, string name)
    {
        var d = Assert.Single(Diagnose(Contract("A", "Acme", $$"""{ "name": "Up", "method": "POST", "path": "/a", "response": "Item", "rateLimit": { "requests": 1, "perSeconds": 1, {{budget}} } }""")));

        Assert.Equal("CTR011", d.Id);
        Assert.StartsWith($"'{name}' is not a valid value for 'budget'", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void AnEndpointNameThatGivesNoFamilyAsksForOne()
    {
        var d = Assert.Single(Diagnose(Contract("A", "Acme", """{ "name": "_1", "method": "GET", "path": "/a", "response": "Item", "rateLimit": { "requests": 1, "perSeconds": 1 } }""")));

        Assert.Equal("CTR011", d.Id);
        Assert.Contains("a \"budget\" naming the family", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void TheContractsOfANamespaceShareOneTable_WithAConstantPerFamily()
    {
        var (result, output) = GeneratorHarness.Run(
            GeneratorHarness.Contract(First, Contract("A", "Acme", """
                { "name": "ListJobs", "method": "GET", "path": "/jobs/{id}", "response": "Item", "pathParameters": [ { "name": "id", "type": "string" } ], "rateLimit": { "requests": 5, "perSeconds": 1 } },
                { "name": "Up", "method": "POST", "path": "/up", "response": "Item", "rateLimit": { "requests": 1, "perSeconds": 60, "budget": "upload", "burst": 2 } }
                """)),
            GeneratorHarness.Contract(Second, Contract("B", "Acme", """{ "name": "UpUrl", "method": "POST", "path": "/up-url", "response": "Item2", "rateLimit": { "requests": 1, "perSeconds": 60, "budget": "upload", "burst": 2 } }""", item: "Item2")));

        Assert.Empty(result.Diagnostics);
        GeneratorHarness.AssertCompilesCleanly(output);
        var table = Assert.Single(result.GeneratedTrees, t => t.FilePath.EndsWith("RateBudgets.g.cs", StringComparison.Ordinal)).ToString();
        Assert.Contains("public const string ListJobsFamily = \"list-jobs\";", table, StringComparison.Ordinal);
        Assert.Contains("public const string UploadFamily = \"upload\";", table, StringComparison.Ordinal);
        Assert.Contains("new(\"upload\", global::System.TimeSpan.FromSeconds(60), 2),", table, StringComparison.Ordinal);
        Assert.Contains("new(\"list-jobs\", global::System.TimeSpan.FromMilliseconds(200), 1),", table, StringComparison.Ordinal);
        Assert.Contains("new(\"POST\", \"/up-url\", \"upload\"),", table, StringComparison.Ordinal);
        Assert.Contains("new(\"GET\", \"/jobs/{id}\", \"list-jobs\"),", table, StringComparison.Ordinal);
    }

    [Fact]
    public void ALimitThatDoesNotDivideASecondIsRoundedUp_NeverFaster()
    {
        var (result, _) = GeneratorHarness.Run(GeneratorHarness.Contract(First, Contract("A", "Acme", """{ "name": "Up", "method": "POST", "path": "/a", "response": "Item", "rateLimit": { "requests": 3, "perSeconds": 1 } }""")));

        string table = Assert.Single(result.GeneratedTrees, t => t.FilePath.EndsWith("RateBudgets.g.cs", StringComparison.Ordinal)).ToString();
        Assert.Contains("global::System.TimeSpan.FromTicks(3333334)", table, StringComparison.Ordinal);
    }

    [Fact]
    public void ATableTheProjectAlreadyHasIsNotMadeAgain_AndTheContractStillGenerates()
    {
        var (result, output) = GeneratorHarness.RunWith(
            ["namespace Acme { public static class RateBudgets { } }"],
            GeneratorHarness.Contract(First, Contract("A", "Acme", """{ "name": "Up", "method": "POST", "path": "/a", "response": "Item", "rateLimit": { "requests": 1, "perSeconds": 1 } }""")));

        var d = Assert.Single(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("CTR024", d.Id);
        Assert.Contains("the namespace's table of rate budgets 'Acme.RateBudgets' is already declared", d.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(First, d.Location.GetLineSpan().Path);
        Assert.DoesNotContain(result.GeneratedTrees, t => t.FilePath.EndsWith("RateBudgets.g.cs", StringComparison.Ordinal));
        Assert.Contains(result.GeneratedTrees, t => t.FilePath.EndsWith("Acme.Item.g.cs", StringComparison.Ordinal));
        GeneratorHarness.AssertCompilesCleanly(output);
    }

    private static string Contract(string name, string ns, string endpoints, string item = "Item") => $$"""
        {
          "formatVersion": 1, "name": "{{name}}", "namespace": "{{ns}}",
          "models": [ { "name": "{{item}}", "fields": [ { "wire": "id", "type": "string" } ] } ],
          "endpoints": [
            {{endpoints}}
          ]
        }
        """;

    private static IReadOnlyList<Diagnostic> Diagnose(string contract) =>
        GeneratorHarness.Run(GeneratorHarness.Contract(First, contract)).Result.Diagnostics;

    private static (int Line, int Column) OneBased(Diagnostic diagnostic)
    {
        var start = diagnostic.Location.GetLineSpan().StartLinePosition;
        return (start.Line + 1, start.Character + 1);
    }
}
