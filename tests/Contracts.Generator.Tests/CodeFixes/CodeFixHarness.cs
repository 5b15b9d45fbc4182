using Contracts.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace Contracts.Generator.Tests.CodeFixes;

/// <summary>
/// Roslyn's code-fix harness with the contract generator in the compilation, as a build has it,
/// over one contract (a shop's) and the interface file given: no reference package is downloaded,
/// the tests' own references are used.
/// </summary>
internal static class CodeFixHarness
{
    public const string ContractPath = "/repo/contracts/shop.contract.json";

    public const string Contract = """
        {
          "formatVersion": 1,
          "name": "Shop",
          "namespace": "Acme.Shop", "interface": "IShopApi",
          "envelope": { "name": "Reply", "fields": { "code": "code", "message": "msg", "data": "data" }, "successCode": "0" },
          "models": [
            { "name": "Item", "fields": [ { "wire": "id", "type": "string", "required": true } ] },
            { "name": "NewItem", "fields": [ { "wire": "name", "type": "string", "required": true } ] }
          ],
          "endpoints": [
            { "name": "GetItem", "method": "GET", "path": "/v1/items/{item_id}",
              "pathParameters": [ { "name": "item_id", "type": "string" } ], "response": "Item", "rateLimit": { "requests": 1, "perSeconds": 1 } },
            { "name": "AddItem", "method": "POST", "path": "/v1/items", "body": "NewItem", "description": "Adds an item & returns it <as stored>.",
              "response": "Item", "rateLimit": { "requests": 1, "perSeconds": 1 } },
            { "name": "ListItems", "method": "GET", "path": "/v1/items",
              "query": [ { "name": "page_size", "type": "int", "default": 20 } ], "response": "Item[]", "rateLimit": { "requests": 1, "perSeconds": 1 } }
          ]
        }
        """;

    /// <param name="before">The interface's file.</param>
    /// <param name="after">It after the fixes, applied one at a time in the harness's order.</param>
    /// <param name="afterFixAll">It after Fix All (in document, project and solution); <paramref name="after"/> when null.</param>
    /// <param name="expected">The diagnostics before.</param>
    public static GeneratedCodeFixTest<TFix> Test<TFix>(string before, string after, string? afterFixAll, params DiagnosticResult[] expected)
        where TFix : CodeFixProvider, new() => Test<TFix>(Contract, before, after, afterFixAll, expected);

    /// <summary>The same, over another contract at <see cref="ContractPath"/>.</summary>
    public static GeneratedCodeFixTest<TFix> Test<TFix>(string contract, string before, string after, string? afterFixAll, params DiagnosticResult[] expected)
        where TFix : CodeFixProvider, new()
    {
        var test = new GeneratedCodeFixTest<TFix> { ReferenceAssemblies = new ReferenceAssemblies("net10.0"), TestBehaviors = TestBehaviors.SkipGeneratedSourcesCheck };
        test.TestState.Sources.Add(("/consumer/IShopApi.cs", before));
        test.FixedState.Sources.Add(("/consumer/IShopApi.cs", after));
        test.BatchFixedState.Sources.Add(("/consumer/IShopApi.cs", afterFixAll ?? after));
        foreach (var state in test.States)
        {
            state.AdditionalFiles.Add((ContractPath, contract));
            state.AdditionalReferences.AddRange(GeneratorHarness.ReferencesWithRefit);
        }

        test.FixedState.InheritanceMode = test.BatchFixedState.InheritanceMode = StateInheritanceMode.Explicit;
        test.TestState.ExpectedDiagnostics.AddRange(expected);
        return test;
    }

    /// <summary>A diagnostic at the marked location (its additional location, the endpoint in the contract, is not compared).</summary>
    public static DiagnosticResult Expect(string id, DiagnosticSeverity severity, int location) =>
        new DiagnosticResult(id, severity).WithLocation(location).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);

    /// <summary>The harness, with the contract generator in the compilation as a build has it.</summary>
    public sealed class GeneratedCodeFixTest<TFix> : CSharpCodeFixTest<RefitDriftAnalyzer, TFix, DefaultVerifier>
        where TFix : CodeFixProvider, new()
    {
        public SolutionState[] States => [TestState, FixedState, BatchFixedState];

        protected override IEnumerable<Type> GetSourceGenerators() => [typeof(ContractGenerator)];

        protected override ParseOptions CreateParseOptions() => GeneratorHarness.ParseOptions;
    }
}
