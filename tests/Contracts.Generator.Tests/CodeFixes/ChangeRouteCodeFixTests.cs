using Contracts.Generator.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Contracts.Generator.Tests.CodeFixes;

/// <summary>
/// CTR015's fix: the attribute takes the contract's HTTP method and route, in the user's own
/// spelling; parameters, comments and the other attributes stay as they were.
/// </summary>
public sealed class ChangeRouteCodeFixTests
{
    [Fact]
    public async Task ARouteOrHttpMethodThatDrifted_IsRewrittenToTheContracts_InTheUsersSpelling_OneAtATimeOrAllAtOnce()
    {
        var test = CodeFixHarness.Test<ChangeRouteCodeFix>(
            """
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            using Refit;
            using R = Refit;

            namespace Acme.Shop;

            public interface IShopApi
            {
                // The verb drifted.
                [{|#0:Post("/v1/items/{item_id}")|}]
                Task<Reply<Item>> GetItemAsync([AliasAs("item_id")] string itemId, CancellationToken cancellationToken = default);

                [{|#1:R::PostAttribute( "/v1/item" )|}, Headers("X-Kept: 1")]
                Task<Reply<Item>> AddItemAsync([Body(buffered: true)] NewItem body, CancellationToken token = default);

                [Refit.Get("/v1/items")]
                Task<Reply<IReadOnlyList<Item>>> ListItemsAsync([AliasAs("page_size")] int pageSize = 20, CancellationToken cancellationToken = default);
            }
            """,
            """
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            using Refit;
            using R = Refit;

            namespace Acme.Shop;

            public interface IShopApi
            {
                // The verb drifted.
                [Get("/v1/items/{item_id}")]
                Task<Reply<Item>> GetItemAsync([AliasAs("item_id")] string itemId, CancellationToken cancellationToken = default);

                [R::PostAttribute( "/v1/items" ), Headers("X-Kept: 1")]
                Task<Reply<Item>> AddItemAsync([Body(buffered: true)] NewItem body, CancellationToken token = default);

                [Refit.Get("/v1/items")]
                Task<Reply<IReadOnlyList<Item>>> ListItemsAsync([AliasAs("page_size")] int pageSize = 20, CancellationToken cancellationToken = default);
            }
            """,
            afterFixAll: null,
            CodeFixHarness.Expect("CTR015", DiagnosticSeverity.Error, 0),
            CodeFixHarness.Expect("CTR015", DiagnosticSeverity.Error, 1));

        await test.RunAsync();
    }
}
