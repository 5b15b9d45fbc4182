using Contracts.Generator.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Contracts.Generator.Tests.CodeFixes;

/// <summary>
/// CTR014's fix, run by Roslyn's code-fix harness with the generator in the compilation (as a
/// build has it): the sources before, the sources after, and that after the fix the interface
/// compiles with no diagnostic left.
/// </summary>
public sealed class AddRefitMethodCodeFixTests
{
    [Fact]
    public async Task OneMissingMethod_IsDeclaredAsTheDiagnosticSays_KeepingTheUsersMembers_AndNothingIsLeftToReport()
    {
        var test = CodeFixHarness.Test<AddRefitMethodCodeFix>(
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
            CodeFixHarness.Expect("CTR014", DiagnosticSeverity.Warning, 0));

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
        var test = CodeFixHarness.Test<AddRefitMethodCodeFix>(
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
            CodeFixHarness.Expect("CTR014", DiagnosticSeverity.Warning, 0),
            CodeFixHarness.Expect("CTR014", DiagnosticSeverity.Warning, 0));
        test.TestState.Sources.Add(("/consumer/IMediaApi.cs", "namespace Other.Media.Client\n{\n    public interface {|#1:IMediaApi|}\n    {\n    }\n}\n"));
        test.FixedState.Sources.Add(("/consumer/IMediaApi.cs", "namespace Other.Media.Client\n{\n    public interface IMediaApi\n    {\n        /// <summary>The contract's endpoint GetClipAsync.</summary>\n        [global::Refit.Get(\"/clips/{clip_id}\")]\n        global::System.Threading.Tasks.Task<Clip> GetClipAsync([global::Refit.AliasAs(\"clip_id\")] string clipId, global::System.Threading.CancellationToken cancellationToken = default);\n    }\n}\n"));
        test.BatchFixedState.Sources.Add(test.FixedState.Sources[^1]);
        foreach (var state in test.States)
        {
            state.AdditionalFiles.Add((MediaPath, MediaContract));
        }

        test.TestState.ExpectedDiagnostics.Add(CodeFixHarness.Expect("CTR014", DiagnosticSeverity.Warning, 1));
        await test.RunAsync();
    }
}
