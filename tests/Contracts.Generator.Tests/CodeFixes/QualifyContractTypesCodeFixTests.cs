using Contracts.Generator.CodeFixes;
using Microsoft.CodeAnalysis;

namespace Contracts.Generator.Tests.CodeFixes;

/// <summary>
/// CTR025's fix: when the contract's namespace gets no global using (one of its types has the name
/// of a type the project imports), the contract's names in a method's signature are written in
/// full, so that Refit's generated code resolves them too.
/// </summary>
public sealed class QualifyContractTypesCodeFixTests
{
    /// <summary>The generator's note, on the contract's Timer, that Acme.Shop gets no global using.</summary>
    private static readonly Microsoft.CodeAnalysis.Testing.DiagnosticResult WhyNoGlobalUsing =
        new Microsoft.CodeAnalysis.Testing.DiagnosticResult("CTR018", DiagnosticSeverity.Info).WithSpan(CodeFixHarness.ContractPath, 8, 15, 8, 22);

    [Fact]
    public async Task ContractTypesWrittenShort_AreWrittenInFull_EveryNameOfTheMethodInOneFix()
    {
        // The contract gains a model named Timer; the project imports System.Threading, whose Timer
        // it would make ambiguous, so Acme.Shop no longer gets a global using.
        string contract = CodeFixHarness.Contract.Replace(
            "{ \"name\": \"NewItem\",",
            "{ \"name\": \"Timer\", \"fields\": [ { \"wire\": \"at\", \"type\": \"string\" } ] },\n    { \"name\": \"NewItem\",",
            StringComparison.Ordinal);
        var test = CodeFixHarness.Test<QualifyContractTypesCodeFix>(
            contract,
            """
            global using System.Threading;
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using Refit;

            namespace Acme.Shop;

            public interface IShopApi
            {
                [{|#0:Get("/v1/items/{item_id}")|}]
                Task<Reply<Item>> GetItemAsync([AliasAs("item_id")] string itemId, CancellationToken cancellationToken = default);

                /// <summary>Already in full: stays.</summary>
                [{|#1:Post("/v1/items")|}]
                Task<global::Acme.Shop.Reply<Item>> AddItemAsync([Body(buffered: true)] /* what to add */ NewItem body, CancellationToken cancellationToken = default);

                [Get("/v1/items")]
                Task<global::Acme.Shop.Reply<IReadOnlyList<global::Acme.Shop.Item>>> ListItemsAsync([AliasAs("page_size")] int pageSize = 20, CancellationToken cancellationToken = default);
            }
            """,
            """
            global using System.Threading;
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using Refit;

            namespace Acme.Shop;

            public interface IShopApi
            {
                [Get("/v1/items/{item_id}")]
                Task<global::Acme.Shop.Reply<global::Acme.Shop.Item>> GetItemAsync([AliasAs("item_id")] string itemId, CancellationToken cancellationToken = default);

                /// <summary>Already in full: stays.</summary>
                [Post("/v1/items")]
                Task<global::Acme.Shop.Reply<global::Acme.Shop.Item>> AddItemAsync([Body(buffered: true)] /* what to add */ global::Acme.Shop.NewItem body, CancellationToken cancellationToken = default);

                [Get("/v1/items")]
                Task<global::Acme.Shop.Reply<IReadOnlyList<global::Acme.Shop.Item>>> ListItemsAsync([AliasAs("page_size")] int pageSize = 20, CancellationToken cancellationToken = default);
            }
            """,
            afterFixAll: null,
            CodeFixHarness.Expect("CTR025", DiagnosticSeverity.Error, 0),
            CodeFixHarness.Expect("CTR025", DiagnosticSeverity.Error, 0),
            CodeFixHarness.Expect("CTR025", DiagnosticSeverity.Error, 1),
            CodeFixHarness.Expect("CTR025", DiagnosticSeverity.Error, 1),
            WhyNoGlobalUsing);

        // CTR018 is the contract's to fix (rename the type), and stays, saying why the names are in full.
        test.FixedState.ExpectedDiagnostics.Add(WhyNoGlobalUsing);
        test.BatchFixedState.ExpectedDiagnostics.Add(WhyNoGlobalUsing);
        await test.RunAsync();
    }
}
