using Contracts.Generator.CodeFixes;
using Microsoft.CodeAnalysis;

namespace Contracts.Generator.Tests.CodeFixes;

/// <summary>CTR019's fix: the return type the generated methods need, the rest of the method as the user wrote it.</summary>
public sealed class ChangeReturnTypeCodeFixTests
{
    private const string Contract = """
        {
          "formatVersion": 1,
          "name": "Files",
          "namespace": "Acme.Files", "interface": "IFilesApi",
          "endpoints": [
            { "name": "GetFile", "method": "GET", "path": "/v1/file", "response": "file", "rateLimit": { "requests": 1, "perSeconds": 1 } },
            { "name": "GetThumb", "method": "GET", "path": "/v1/thumb", "response": "file", "rateLimit": { "requests": 1, "perSeconds": 1 } }
          ]
        }
        """;

    [Fact]
    public async Task AReturnTypeTheGeneratedCallCannotRead_BecomesTheOneItReads_KeepingNameParametersAndAttributes()
    {
        var test = CodeFixHarness.Test<ChangeReturnTypeCodeFix>(
            Contract,
            """
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;
            using Refit;

            namespace Acme.Files;

            public interface IFilesApi
            {
                [{|#0:Get("/v1/file")|}]
                Task<Stream> DownloadAsync(CancellationToken cancellationToken = default);

                [Headers("X-Kept: 1")]
                [{|#1:Get("/v1/thumb")|}]
                /* the user's note */ Task<byte[]> GetThumbAsync(CancellationToken token = default);
            }
            """,
            """
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;
            using Refit;

            namespace Acme.Files;

            public interface IFilesApi
            {
                [Get("/v1/file")]
                Task<global::System.Net.Http.HttpResponseMessage> DownloadAsync(CancellationToken cancellationToken = default);

                [Headers("X-Kept: 1")]
                [Get("/v1/thumb")]
                /* the user's note */ Task<global::System.Net.Http.HttpResponseMessage> GetThumbAsync(CancellationToken token = default);
            }
            """,
            afterFixAll: null,
            CodeFixHarness.Expect("CTR019", DiagnosticSeverity.Error, 0),
            CodeFixHarness.Expect("CTR019", DiagnosticSeverity.Error, 1));

        await test.RunAsync();
    }
}
