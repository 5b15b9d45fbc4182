using System.Net;
using System.Security.Cryptography;
using Acme.Everything;
using Contracts.Generated.Tests.Infrastructure;
using Contracts.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Contracts.Generated.Tests;

/// <summary>A <c>"response": "file"</c> endpoint: the bytes as a stream the caller owns, or the API's error when it answered its envelope instead.</summary>
public sealed class FileAnswerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("file-answer-").FullName;

    [Fact]
    public async Task TheFileIsReadAsItArrives_WithItsTypeLengthAndName()
    {
        byte[] first = RandomNumberGenerator.GetBytes(64 * 1024), rest = RandomNumberGenerator.GetBytes(100_000);
        var firstChunkRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await AcmeServer.StartAsync(app => app.MapGet("/v2/jobs/{id}/log", async (HttpContext context) =>
        {
            context.Response.ContentType = "video/mp4";
            context.Response.ContentLength = first.Length + rest.Length;
            context.Response.Headers.ContentDisposition = "attachment; filename=\"clip.mp4\"";
            await context.Response.Body.WriteAsync(first);
            await context.Response.Body.FlushAsync();

            // The rest is sent only once the client has read the first chunk: a client that read the
            // whole answer before handing it over would wait here forever.
            await firstChunkRead.Task.WaitAsync(TimeSpan.FromMinutes(1));
            await context.Response.Body.WriteAsync(rest);
        }));

        await using var file = await server.Api.DownloadLogFileAsync(3);
        byte[] head = new byte[first.Length];
        await file.Content.ReadExactlyAsync(head);
        firstChunkRead.SetResult();
        using var remainder = new MemoryStream();
        await file.Content.CopyToAsync(remainder);

        Assert.Equal(first, head);
        Assert.Equal(rest, remainder.ToArray());
        Assert.Equal("video/mp4", file.ContentType);
        Assert.Equal(first.Length + rest.Length, file.Length);
        Assert.Equal("clip.mp4", file.FileName);
    }

    [Theory]
    [InlineData("attachment; filename=\"../../etc/passwd\"", "passwd")]
    [InlineData("attachment; filename=\"..\\\\..\\\\boot.ini\"", "boot.ini")]
    [InlineData("attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf", "résumé.pdf")]
    [InlineData("attachment; filename=\"..\"", null)]
    [InlineData("inline", null)]
    public async Task TheFileNameIsOnlyItsLastSegment_NeverAPath(string disposition, string? expected)
    {
        await using var server = await AcmeServer.StartAsync(app => app.MapGet("/v2/jobs/{id}/log", (HttpContext context) =>
        {
            context.Response.Headers.ContentDisposition = disposition;
            return Results.Bytes([1, 2, 3], "application/octet-stream");
        }));

        await using var file = await server.Api.DownloadLogFileAsync(3);

        Assert.Equal(expected, file.FileName);
    }

    [Fact]
    public async Task TheEnvelopeInPlaceOfTheFileIsTheApisError_NeverTheFile()
    {
        await using var server = await AcmeServer.StartAsync(app => app.MapGet("/v2/jobs/{id}/log", () =>
            Results.Text(AcmeServer.Reply("null", code: "E_AUTH", message: "bad key"), "application/json; charset=utf-8")));

        var error = await Assert.ThrowsAsync<ApiResponseException>(() => server.Api.DownloadLogFileAsync(3));

        Assert.Equal("E_AUTH", error.Code);
        Assert.Equal(BusinessCodeCategory.Unauthorized, error.BusinessCode.Category);
        Assert.Equal("bad key", error.ApiMessage);
    }

    [Fact]
    public async Task JsonThatIsNoErrorIsNotTakenForTheFile()
    {
        await using var server = await AcmeServer.StartAsync(app => app.MapGet("/v2/jobs/{id}/log", () =>
            Results.Text(AcmeServer.Reply("\"here is your file\""), "application/json")));

        var error = await Assert.ThrowsAnyAsync<System.Text.Json.JsonException>(() => server.Api.DownloadLogFileAsync(3));

        Assert.Contains("where a file was expected", error.Message);
    }

    [Fact]
    public async Task AnHttpErrorWithoutTheEnvelopeIsAnHttpError()
    {
        await using var server = await AcmeServer.StartAsync(app => app.MapGet("/v2/jobs/{id}/log", () =>
            Results.Text("<html>503 Service Temporarily Unavailable</html>", "text/html", statusCode: 503)));

        var error = await Assert.ThrowsAsync<ApiHttpException>(() => server.Api.DownloadLogFileAsync(3));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
    }

    [Fact]
    public async Task SavingAFileCutShortFails_AndLeavesNothingBehind()
    {
        await using var server = await AcmeServer.StartAsync(app => app.MapGet("/v2/jobs/{id}/log", async (HttpContext context) =>
        {
            context.Response.ContentType = "application/octet-stream";
            context.Response.ContentLength = 1_000_000;
            await context.Response.Body.WriteAsync(new byte[300_000]);
            await context.Response.Body.FlushAsync();
            context.Abort();
        }));
        string path = Path.Combine(_folder, "log.bin");

        await using var file = await server.Api.DownloadLogFileAsync(3);
        await Assert.ThrowsAnyAsync<IOException>(() => file.SaveAsync(path));

        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public async Task SavingWritesTheWholeFile_ReportsProgress_AndKeepsAFileAlreadyThere()
    {
        byte[] bytes = RandomNumberGenerator.GetBytes(500_000);
        await using var server = await AcmeServer.StartAsync(app => app.MapGet("/v2/jobs/{id}/log", () => Results.Bytes(bytes, "application/octet-stream")));
        string path = Path.Combine(_folder, "log.bin");
        var reports = new List<long>();

        await using (var file = await server.Api.DownloadLogFileAsync(3))
        {
            Assert.Equal(bytes.Length, await file.SaveAsync(path, progress: new ProgressTo(reports.Add)));
        }

        Assert.Equal(bytes, await File.ReadAllBytesAsync(path));
        Assert.Equal(bytes.Length, reports[^1]);
        Assert.Equal(reports.Order(), reports);

        await using (var again = await server.Api.DownloadLogFileAsync(3))
        {
            await File.WriteAllTextAsync(path, "mine");
            await Assert.ThrowsAsync<IOException>(() => again.SaveAsync(path));
        }

        Assert.Equal("mine", await File.ReadAllTextAsync(path));
        Assert.Single(Directory.GetFiles(_folder));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private sealed class ProgressTo(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
