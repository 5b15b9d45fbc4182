using Contracts.Generator.CodeFixes;
using Contracts.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace Contracts.Generator.Tests.CodeFixes;

/// <summary>
/// CTR014's fix, run by Roslyn's code-fix harness with the generator in the compilation (as a
/// build has it): the sources before, the sources after, and that after the fix the interface
/// compiles with no diagnostic left.
/// </summary>
public sealed class AddRefitMethodCodeFixTests
{
    private const string ContractPath = "/repo/contracts/shop.contract.json";

    private const string Contract = """
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

    [Fact]
    public async Task OneMissingMethod_IsDeclaredAsTheDiagnosticSays_KeepingTheUsersMembers_AndNothingIsLeftToReport()
    {
        var test = Test(
            """
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            using Refit;

            namespace Acme.Shop;

            public interface {|#0:IShopApi|}
            {
                // Our own note, kept.
                [Get("/v1/items/{item_id}")]
                Task<Reply<Item>> GetItemAsync([AliasAs("item_id")] string itemId, CancellationToken cancellationToken = default);

                [Get("/v1/items")]
                Task<Reply<IReadOnlyList<Item>>> ListItemsAsync([AliasAs("page_size")] int pageSize = 20, CancellationToken cancellationToken = default);
            }
            """,
            """
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            using Refit;

            namespace Acme.Shop;

            public interface IShopApi
            {
                // Our own note, kept.
                [Get("/v1/items/{item_id}")]
                Task<Reply<Item>> GetItemAsync([AliasAs("item_id")] string itemId, CancellationToken cancellationToken = default);

                [Get("/v1/items")]
                Task<Reply<IReadOnlyList<Item>>> ListItemsAsync([AliasAs("page_size")] int pageSize = 20, CancellationToken cancellationToken = default);

                /// <summary>Adds an item &amp; returns it &lt;as stored&gt;.</summary>
                [Post("/v1/items")]
                Task<Reply<Item>> AddItemAsync([Body(buffered: true)] NewItem body, CancellationToken cancellationToken = default);
            }
            """,
            afterFixAll: null,
            Missing(0));

        await test.RunAsync();
    }

    private const string MediaPath = "/repo/contracts/media.contract.json";

    /// <summary>Another vendor's contract in the same project, its interface in a file that imports nothing.</summary>
    private const string MediaContract = """
        {
          "formatVersion": 1,
          "name": "Media",
          "namespace": "Other.Media", "interface": "Other.Media.Client.IMediaApi",
          "models": [ { "name": "Clip", "fields": [ { "wire": "clip_id", "type": "string", "required": true } ] } ],
          "endpoints": [
            { "name": "GetClip", "method": "GET", "path": "/clips/{clip_id}", "pathParameters": [ { "name": "clip_id", "type": "string" } ],
              "response": "Clip", "rateLimit": { "requests": 2, "perSeconds": 1 } }
          ]
        }
        """;

    [Fact]
    public async Task FixAll_DeclaresEveryMissingMethod_OfTwoContractsFromTwoVendors_EachOnItsOwnInterface_InTheContractsOrder()
    {
        var test = Test(
            """
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            using Refit;

            namespace Acme.Shop;

            public interface {|#0:IShopApi|}
            {
                [Get("/v1/items/{item_id}")]
                Task<Reply<Item>> GetItemAsync([AliasAs("item_id")] string itemId, CancellationToken cancellationToken = default);
            }
            """,
            """
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            using Refit;

            namespace Acme.Shop;

            public interface IShopApi
            {
                [Get("/v1/items/{item_id}")]
                Task<Reply<Item>> GetItemAsync([AliasAs("item_id")] string itemId, CancellationToken cancellationToken = default);

                /// <summary>The contract's endpoint ListItemsAsync.</summary>
                [Get("/v1/items")]
                Task<Reply<IReadOnlyList<Item>>> ListItemsAsync([AliasAs("page_size")] int pageSize = 20, CancellationToken cancellationToken = default);

                /// <summary>Adds an item &amp; returns it &lt;as stored&gt;.</summary>
                [Post("/v1/items")]
                Task<Reply<Item>> AddItemAsync([Body(buffered: true)] NewItem body, CancellationToken cancellationToken = default);
            }
            """,
            """
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            using Refit;

            namespace Acme.Shop;

            public interface IShopApi
            {
                [Get("/v1/items/{item_id}")]
                Task<Reply<Item>> GetItemAsync([AliasAs("item_id")] string itemId, CancellationToken cancellationToken = default);

                /// <summary>Adds an item &amp; returns it &lt;as stored&gt;.</summary>
                [Post("/v1/items")]
                Task<Reply<Item>> AddItemAsync([Body(buffered: true)] NewItem body, CancellationToken cancellationToken = default);

                /// <summary>The contract's endpoint ListItemsAsync.</summary>
                [Get("/v1/items")]
                Task<Reply<IReadOnlyList<Item>>> ListItemsAsync([AliasAs("page_size")] int pageSize = 20, CancellationToken cancellationToken = default);
            }
            """,
            Missing(0),
            Missing(0));
        test.TestState.Sources.Add(("/consumer/IMediaApi.cs", "namespace Other.Media.Client\n{\n    public interface {|#1:IMediaApi|}\n    {\n    }\n}\n"));
        test.FixedState.Sources.Add(("/consumer/IMediaApi.cs", "namespace Other.Media.Client\n{\n    public interface IMediaApi\n    {\n        /// <summary>The contract's endpoint GetClipAsync.</summary>\n        [global::Refit.Get(\"/clips/{clip_id}\")]\n        global::System.Threading.Tasks.Task<Clip> GetClipAsync([global::Refit.AliasAs(\"clip_id\")] string clipId, global::System.Threading.CancellationToken cancellationToken = default);\n    }\n}\n"));
        test.BatchFixedState.Sources.Add(test.FixedState.Sources[^1]);
        foreach (var state in test.States)
        {
            state.AdditionalFiles.Add((MediaPath, MediaContract));
        }

        test.TestState.ExpectedDiagnostics.Add(Missing(1, "IMediaApi"));
        await test.RunAsync();
    }

    /// <param name="before">The interface's file.</param>
    /// <param name="after">It after the fixes, applied one at a time in the harness's order.</param>
    /// <param name="afterFixAll">It after Fix All (in document, project and solution); <paramref name="after"/> when null.</param>
    /// <param name="expected">The diagnostics before.</param>
    private static GeneratedCodeFixTest Test(string before, string after, string? afterFixAll, params DiagnosticResult[] expected)
    {
        var test = new GeneratedCodeFixTest { ReferenceAssemblies = new ReferenceAssemblies("net10.0"), TestBehaviors = TestBehaviors.SkipGeneratedSourcesCheck };
        test.TestState.Sources.Add(("/consumer/IShopApi.cs", before));
        test.FixedState.Sources.Add(("/consumer/IShopApi.cs", after));
        test.BatchFixedState.Sources.Add(("/consumer/IShopApi.cs", afterFixAll ?? after));
        foreach (var state in test.States)
        {
            state.AdditionalFiles.Add((ContractPath, Contract));
            state.AdditionalReferences.AddRange(GeneratorHarness.ReferencesWithRefit);
        }

        test.FixedState.InheritanceMode = test.BatchFixedState.InheritanceMode = StateInheritanceMode.Explicit;
        test.TestState.ExpectedDiagnostics.AddRange(expected);
        return test;
    }

    /// <summary>CTR014 on the interface at the marked location, the contract's endpoint as its additional location.</summary>
    private static DiagnosticResult Missing(int location, string interfaceName = "IShopApi") =>
        new DiagnosticResult("CTR014", DiagnosticSeverity.Warning).WithLocation(location).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);

    /// <summary>The harness, with the contract generator in the compilation as a build has it.</summary>
    private sealed class GeneratedCodeFixTest : CSharpCodeFixTest<RefitDriftAnalyzer, AddRefitMethodCodeFix, DefaultVerifier>
    {
        public SolutionState[] States => [TestState, FixedState, BatchFixedState];

        protected override IEnumerable<Type> GetSourceGenerators() => [typeof(ContractGenerator)];

        protected override ParseOptions CreateParseOptions() => GeneratorHarness.ParseOptions;
    }
}
