using Contracts.Generator.CodeFixes;
using Microsoft.CodeAnalysis;

namespace Contracts.Generator.Tests.CodeFixes;

/// <summary>
/// The fix of CTR016, CTR017, CTR021 and CTR029: the method's parameters and attributes become
/// what the contract asks for, and what already fits stays as the user wrote it.
/// </summary>
public sealed class MatchParametersCodeFixTests
{
    private const string Contract = """
        {
          "formatVersion": 1,
          "name": "Shop",
          "namespace": "Acme.Shop", "interface": "IShopApi",
          "envelope": { "name": "Reply", "fields": { "code": "code", "message": "msg", "data": "data" }, "successCode": "0" },
          "models": [
            { "name": "Item", "fields": [ { "wire": "id", "type": "string", "required": true } ] },
            { "name": "NewItem", "fields": [ { "wire": "name", "type": "string", "required": true } ] },
            { "name": "Photo", "fields": [ { "wire": "file", "type": "file", "required": true }, { "wire": "caption", "type": "string" } ] },
            { "name": "Note", "fields": [ { "wire": "text", "type": "string", "required": true }, { "wire": "tags", "type": "string[]" } ] },
            { "name": "Line", "fields": [ { "wire": "type", "type": "string" }, { "wire": "text", "type": "string" } ] }
          ],
          "endpoints": [
            { "name": "ListItems", "method": "GET", "path": "/v1/items",
              "query": [ { "name": "page_size", "type": "int", "default": 20 } ], "response": "Item[]", "rateLimit": { "requests": 1, "perSeconds": 1 } },
            { "name": "SearchItems", "method": "GET", "path": "/v1/search",
              "query": [ { "name": "limit", "type": "int", "default": 10 }, { "name": "q", "type": "string", "required": true } ], "response": "Item[]", "rateLimit": { "requests": 1, "perSeconds": 1 } },
            { "name": "GetItem", "method": "GET", "path": "/v1/shops/{shop_id}/items/{item_id}",
              "pathParameters": [ { "name": "shop_id", "type": "string" }, { "name": "item_id", "type": "string" } ], "response": "Item", "rateLimit": { "requests": 1, "perSeconds": 1 } },
            { "name": "AddItem", "method": "POST", "path": "/v1/items", "body": "NewItem", "response": "Item", "rateLimit": { "requests": 1, "perSeconds": 1 } },
            { "name": "AddPhoto", "method": "POST", "path": "/v1/photos", "multipart": "Photo",
              "query": [ { "name": "album", "type": "string", "required": true } ], "response": "Item", "rateLimit": { "requests": 1, "perSeconds": 1 } },
            { "name": "AddNote", "method": "POST", "path": "/v1/notes", "form": "Note",
              "query": [ { "name": "pinned", "type": "bool", "default": false } ], "response": "Item", "rateLimit": { "requests": 1, "perSeconds": 1 } },
            { "name": "Follow", "method": "GET", "path": "/v1/follow", "events": { "discriminator": "type", "kinds": { "line": "Line" }, "end": { "data": ["[DONE]"] } }, "rateLimit": { "requests": 1, "perSeconds": 1 } }
          ]
        }
        """;

    private const string Usings = """
        using System.Collections.Generic;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;
        using Refit;

        namespace Acme.Shop;

        """;

    [Fact]
    public async Task QueryAndPathKeysThatDrifted_AreRenamedAddedOrRemoved_AndTheUsersNamesOrderAndCommentsStay()
    {
        var test = CodeFixHarness.Test<MatchParametersCodeFix>(
            Contract,
            Usings + """
            public interface IShopApi
            {
                // The key was renamed from "size" to "page_size": the parameter keeps its name.
                [{|#0:Get("/v1/items")|}]
                Task<Reply<IReadOnlyList<Item>>> ListItemsAsync([AliasAs("size")] int pageSize = 20, CancellationToken cancellationToken = default);

                // "legacy" is gone and "q" is new (and required): another type, so no rename.
                [{|#1:Get("/v1/search")|}]
                Task<Reply<IReadOnlyList<Item>>> SearchItemsAsync(
                    [AliasAs("legacy")] bool legacy = false,
                    /* page size */ [AliasAs("limit")] int limit = 10, // as the API caps it
                    CancellationToken cancellationToken = default);

                [{|#2:Get("/v1/shops/{shop_id}/items/{item_id}")|}]
                Task<Reply<Item>> GetItemAsync([AliasAs("item_id")] string item, CancellationToken cancellationToken = default);

                [Post("/v1/items")] Task<Reply<Item>> AddItemAsync([Body(buffered: true)] NewItem body, CancellationToken cancellationToken = default);
                [Multipart] [Post("/v1/photos")] Task<Reply<Item>> AddPhotoAsync([AliasAs("file")] StreamPart file, [Query, AliasAs("album")] string album, [AliasAs("caption")] string? caption = null, CancellationToken cancellationToken = default);
                [Post("/v1/notes")] Task<Reply<Item>> AddNoteAsync([Body] HttpContent form, [AliasAs("pinned")] bool pinned = false, CancellationToken cancellationToken = default);
                [Headers("Accept: text/event-stream")] [Get("/v1/follow")] Task<HttpResponseMessage> FollowAsync(CancellationToken cancellationToken = default);
            }
            """,
            Usings + """
            public interface IShopApi
            {
                // The key was renamed from "size" to "page_size": the parameter keeps its name.
                [Get("/v1/items")]
                Task<Reply<IReadOnlyList<Item>>> ListItemsAsync([AliasAs("page_size")] int pageSize = 20, CancellationToken cancellationToken = default);

                // "legacy" is gone and "q" is new (and required): another type, so no rename.
                [Get("/v1/search")]
                Task<Reply<IReadOnlyList<Item>>> SearchItemsAsync(
                    [AliasAs("q")] string q,
                    /* page size */ [AliasAs("limit")] int limit = 10, // as the API caps it
                    CancellationToken cancellationToken = default);

                [Get("/v1/shops/{shop_id}/items/{item_id}")]
                Task<Reply<Item>> GetItemAsync([AliasAs("shop_id")] string shopId, [AliasAs("item_id")] string item, CancellationToken cancellationToken = default);

                [Post("/v1/items")] Task<Reply<Item>> AddItemAsync([Body(buffered: true)] NewItem body, CancellationToken cancellationToken = default);
                [Multipart] [Post("/v1/photos")] Task<Reply<Item>> AddPhotoAsync([AliasAs("file")] StreamPart file, [Query, AliasAs("album")] string album, [AliasAs("caption")] string? caption = null, CancellationToken cancellationToken = default);
                [Post("/v1/notes")] Task<Reply<Item>> AddNoteAsync([Body] HttpContent form, [AliasAs("pinned")] bool pinned = false, CancellationToken cancellationToken = default);
                [Headers("Accept: text/event-stream")] [Get("/v1/follow")] Task<HttpResponseMessage> FollowAsync(CancellationToken cancellationToken = default);
            }
            """,
            afterFixAll: null,
            CodeFixHarness.Expect("CTR016", DiagnosticSeverity.Error, 0),
            CodeFixHarness.Expect("CTR016", DiagnosticSeverity.Error, 1),
            CodeFixHarness.Expect("CTR016", DiagnosticSeverity.Error, 2));

        await test.RunAsync();
    }

    [Fact]
    public async Task ABodyPartsParametersAndHeadersThatDrifted_AreDeclaredAsTheContractAsks_KeepingTheRestOfTheMethod()
    {
        var test = CodeFixHarness.Test<MatchParametersCodeFix>(
            Contract,
            Usings + """
            public interface IShopApi
            {
                [Get("/v1/items")] Task<Reply<IReadOnlyList<Item>>> ListItemsAsync([AliasAs("page_size")] int pageSize = 20, CancellationToken cancellationToken = default);
                [Get("/v1/search")] Task<Reply<IReadOnlyList<Item>>> SearchItemsAsync([AliasAs("q")] string q, [AliasAs("limit")] int limit = 10, CancellationToken cancellationToken = default);
                [Get("/v1/shops/{shop_id}/items/{item_id}")] Task<Reply<Item>> GetItemAsync([AliasAs("shop_id")] string shopId, [AliasAs("item_id")] string itemId, CancellationToken cancellationToken = default);

                /// <summary>The body's type drifted.</summary>
                [{|#0:Post("/v1/items")|}]
                Task<Reply<Item>> AddItemAsync([Body] Item item, CancellationToken cancellationToken = default);

                /// <summary>The photo went from JSON to multipart.</summary>
                [{|#1:Post("/v1/photos")|}]
                Task<Reply<Item>> AddPhotoAsync([Body(buffered: true)] Photo body, [AliasAs("album")] string album, CancellationToken cancellationToken = default);

                // A query parameter of the wrong type, and a header named as the generated call's own parameter.
                [{|#2:Post("/v1/notes")|}]
                Task<Reply<Item>> AddNoteAsync([Body] HttpContent form, [Header("X-Options")] string options, [AliasAs("pinned")] string pinned = "no", CancellationToken cancellationToken = default);

                [Headers("X-Client: shop")]
                [{|#3:Get("/v1/follow")|}]
                Task<HttpResponseMessage> FollowAsync(CancellationToken cancellationToken = default);
            }
            """,
            Usings + """
            public interface IShopApi
            {
                [Get("/v1/items")] Task<Reply<IReadOnlyList<Item>>> ListItemsAsync([AliasAs("page_size")] int pageSize = 20, CancellationToken cancellationToken = default);
                [Get("/v1/search")] Task<Reply<IReadOnlyList<Item>>> SearchItemsAsync([AliasAs("q")] string q, [AliasAs("limit")] int limit = 10, CancellationToken cancellationToken = default);
                [Get("/v1/shops/{shop_id}/items/{item_id}")] Task<Reply<Item>> GetItemAsync([AliasAs("shop_id")] string shopId, [AliasAs("item_id")] string itemId, CancellationToken cancellationToken = default);

                /// <summary>The body's type drifted.</summary>
                [Post("/v1/items")]
                Task<Reply<Item>> AddItemAsync([Body] NewItem item, CancellationToken cancellationToken = default);

                /// <summary>The photo went from JSON to multipart.</summary>
                [Post("/v1/photos")]
                [Multipart]
                Task<Reply<Item>> AddPhotoAsync([AliasAs("file")] StreamPart @file, [Query, AliasAs("album")] string album, [AliasAs("caption")] string? caption = null, CancellationToken cancellationToken = default);

                // A query parameter of the wrong type, and a header named as the generated call's own parameter.
                [Post("/v1/notes")]
                Task<Reply<Item>> AddNoteAsync([Body] HttpContent form, [Header("X-Options")] string options2, [AliasAs("pinned")] bool pinned = false, CancellationToken cancellationToken = default);

                [Headers("X-Client: shop", "Accept: text/event-stream")]
                [Get("/v1/follow")]
                Task<HttpResponseMessage> FollowAsync(CancellationToken cancellationToken = default);
            }
            """,
            afterFixAll: null,
            CodeFixHarness.Expect("CTR021", DiagnosticSeverity.Error, 0),
            CodeFixHarness.Expect("CTR021", DiagnosticSeverity.Error, 1),
            CodeFixHarness.Expect("CTR017", DiagnosticSeverity.Error, 2),
            CodeFixHarness.Expect("CTR029", DiagnosticSeverity.Error, 3));

        await test.RunAsync();
    }
}
