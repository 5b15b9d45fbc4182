using Contracts.Runtime;
using Memories.Simulator;

namespace Memories.Contracts.Tests.Surfaces;

/// <summary>Downloads and deletes in one call against the simulator.</summary>
public sealed class VideoFileTests : IAsyncLifetime, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("memories-download-").FullName;
    private SimulatedAccount _account = null!;
    private IReadOnlyList<string> _videos = [];

    public async Task InitializeAsync()
    {
        _account = await SimulatedAccount.StartAsync();
        _videos = await _account.ParsedVideosAsync("files", "https://www.instagram.com/p/one/", "https://www.instagram.com/p/two/");
    }

    public async Task DisposeAsync() => await _account.DisposeAsync();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task ADownloadWritesEveryByteOfTheFileWithProgress()
    {
        string path = Path.Combine(_folder, "one.mp4");
        long last = 0;

        var file = await _account.Api.DownloadAsync(_videos[0], path, uniqueId: "files", progress: new Progress(b => last = b));

        var expected = new byte[300_000];
        MemoriesSimulator.ContentOf(_videos[0], 0, expected);
        Assert.Equal(expected, await File.ReadAllBytesAsync(path));
        Assert.Equal((_videos[0] + ".mp4", 300_000L, 300_000L), (file.FileName, file.Length, last));
        Assert.Equal(["one.mp4"], Directory.GetFiles(_folder).Select(Path.GetFileName));
    }

    [Fact]
    public async Task AnExistingFileIsKeptUnlessOverwriteAndNoRequestIsSpentOnIt()
    {
        string path = Path.Combine(_folder, "kept.mp4");
        await File.WriteAllTextAsync(path, "mine");
        int before = _account.Simulator.Requests.Count;

        await Assert.ThrowsAsync<IOException>(() => _account.Api.DownloadAsync(_videos[0], path, uniqueId: "files"));
        Assert.Equal("mine", await File.ReadAllTextAsync(path));
        Assert.Equal(before, _account.Simulator.Requests.Count);

        await _account.Api.DownloadAsync(_videos[0], path, overwrite: true, uniqueId: "files");
        Assert.Equal(300_000, new FileInfo(path).Length);
    }

    [Fact]
    public async Task ADownloadCutMidFileLeavesNoFileAtThePath()
    {
        _account.Simulator.Faults.CutDownloadAfter = 100_000;
        string path = Path.Combine(_folder, "cut.mp4");
        try
        {
            var error = await Record.ExceptionAsync(() => _account.Api.DownloadAsync(_videos[1], path, uniqueId: "files"));

            Assert.True(error is IOException or HttpRequestException, error?.ToString());
            Assert.Empty(Directory.GetFiles(_folder));
        }
        finally
        {
            _account.Simulator.Faults.CutDownloadAfter = 0;
        }
    }

    [Fact]
    public async Task AnUnknownVideoIsTheEnvelopesErrorAndNoFile()
    {
        string path = Path.Combine(_folder, "none.mp4");

        var error = await Assert.ThrowsAsync<ApiResponseException>(() => _account.Api.DownloadAsync("VI000000000000000404", path, uniqueId: "files"));

        Assert.Equal("0001", error.Code);
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public async Task ABlobNamedByTheTaskDownloadsTheSameFile()
    {
        var video = (await _account.Api.GetVideoAsync(_videos[1], "files"))!;

        await using var file = await _account.Api.DownloadBlobFileAsync(video.Bucket!, video.Blob!);
        using var copy = new MemoryStream();
        await file.Content.CopyToAsync(copy);

        var expected = new byte[300_000];
        MemoriesSimulator.ContentOf(_videos[1], 0, expected);
        Assert.Equal(expected, copy.ToArray());
    }

    [Fact]
    public async Task DeletedVideosAreGoneAndUnknownNumbersAreNoError()
    {
        await _account.Api.DeleteAsync([_videos[0], "VI000000000000000404"], "files");

        Assert.Null(await _account.Api.GetVideoAsync(_videos[0], "files"));
        Assert.NotNull(await _account.Api.GetVideoAsync(_videos[1], "files"));
    }

    [Fact]
    public async Task ADeleteTheApiWouldRefuseIsRefusedFirst()
    {
        int before = _account.Simulator.Requests.Count;

        var none = await Assert.ThrowsAsync<ArgumentException>(() => _account.Api.DeleteAsync([]));
        var many = await Assert.ThrowsAsync<ArgumentException>(() => _account.Api.DeleteAsync(Enumerable.Range(0, 101).Select(i => "VI" + i).ToList()));
        var blank = await Assert.ThrowsAsync<ArgumentException>(() => _account.Api.DeleteAsync(["VI1", " "]));

        Assert.All([none, many, blank], e => Assert.Equal("videoNos", e.ParamName));
        Assert.Contains("at most 100", many.Message, StringComparison.Ordinal);
        Assert.Equal(before, _account.Simulator.Requests.Count);
    }

    private sealed class Progress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
