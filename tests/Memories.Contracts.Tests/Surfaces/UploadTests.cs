using Contracts.Runtime;

namespace Memories.Contracts.Tests.Surfaces;

/// <summary>Uploads in one call against the simulator: a file streamed with progress, a stream, a link, and the checks first.</summary>
public sealed class UploadTests : IAsyncLifetime, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("memories-upload-").FullName;
    private SimulatedAccount _account = null!;

    public async Task InitializeAsync() => _account = await SimulatedAccount.StartAsync();

    public async Task DisposeAsync() => await _account.DisposeAsync();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task AFileIsStreamedWithProgressAndItsVideoIsParsedSoonAfter()
    {
        string path = Path.Combine(_folder, "holiday clip.mp4");
        await File.WriteAllBytesAsync(path, new byte[1_500_000]);
        var reports = new List<long>();

        var video = await _account.Api.UploadAsync(path, new UploadOptions { UniqueId = "up", Tags = ["beach", "sun"], TakenAt = new DateTimeOffset(2026, 7, 1, 12, 30, 0, TimeSpan.FromHours(2)) }, new SynchronousProgress(reports.Add));

        Assert.Equal((VideoStatus.Unparsed, "holiday clip.mp4"), (video.VideoStatus, video.VideoName));
        var received = Assert.Single(_account.Simulator.FileUploads);
        Assert.Equal((1_500_000L, "video/mp4", "up", "holiday clip.mp4"), (received.Bytes, received.ContentType, received.UniqueId, received.FileName));
        Assert.Equal(["beach", "sun"], received.Tags);
        Assert.Equal(1_500_000L, reports[^1]);
        Assert.True(reports.Count > 2, $"{reports.Count} progress reports");
        await Task.Delay(400);
        var parsed = await _account.Api.GetVideoAsync(video.VideoNo, "up");
        Assert.Equal(VideoStatus.Parsed, parsed!.Status);
    }

    [Fact]
    public async Task AStreamAndALinkUploadToo()
    {
        using var stream = new MemoryStream(new byte[10_000]);
        var fromStream = await _account.Api.UploadStreamAsync(stream, "clip.MOV");
        var fromLink = await _account.Api.UploadUrlAsync(new Uri("https://cdn.example.com/videos/tour.mp4"), new UploadOptions { CameraModel = "X100" });

        Assert.Equal("tour.mp4", fromLink.VideoName);
        Assert.Equal(stream.Length, stream.Position);
        Assert.Collection(
            _account.Simulator.FileUploads,
            first => Assert.Equal(("video/quicktime", 10_000L), (first.ContentType, first.Bytes)),
            second => Assert.Equal("https://cdn.example.com/videos/tour.mp4", second.Url));
        Assert.NotEqual(fromStream.VideoNo, fromLink.VideoNo);
    }

    [Fact]
    public async Task EveryRefusalNamesItsArgumentAndSendsNothing()
    {
        string video = Path.Combine(_folder, "ok.mp4");
        string text = Path.Combine(_folder, "notes.txt");
        await File.WriteAllBytesAsync(video, [1, 2, 3]);
        await File.WriteAllTextAsync(text, "not a video");

        var refusals = new (Func<Task> Call, string Argument)[]
        {
            (() => _account.Api.UploadAsync(Path.Combine(_folder, "missing.mp4")), "missing.mp4"),
            (() => _account.Api.UploadAsync(text), "path"),
            (() => _account.Api.UploadAsync(""), "path"),
            (() => _account.Api.UploadAsync(video, new UploadOptions { Tags = Enumerable.Range(0, 21).Select(i => "t" + i).ToList() }), "options.Tags"),
            (() => _account.Api.UploadAsync(video, new UploadOptions { Latitude = 1 }), "options.Longitude"),
            (() => _account.Api.UploadAsync(video, new UploadOptions { Callback = new Uri("https://example.com/" + new string('a', 300)) }), "options.Callback"),
            (() => _account.Api.UploadAsync(video, new UploadOptions { CameraModel = new string('c', 201) }), "options.CameraModel"),
            (() => _account.Api.UploadUrlAsync(new Uri("ftp://example.com/a.mp4")), "url"),
            (() => _account.Api.UploadStreamAsync(new MemoryStream(), "clip.webm"), "fileName"),
        };

        foreach (var (call, argument) in refusals)
        {
            var error = await Record.ExceptionAsync(call);
            switch (error)
            {
                case FileNotFoundException missing:
                    Assert.EndsWith(argument, missing.FileName, StringComparison.Ordinal);
                    break;
                case ArgumentException refused:
                    Assert.Equal(argument, refused.ParamName);
                    break;
                default:
                    Assert.Fail($"expected a refusal of {argument}, got {error}");
                    break;
            }
        }

        Assert.Empty(_account.Simulator.Requests);
    }

    [Fact]
    public async Task AFileLargerThanThreeGigabytesIsRefusedWithoutReadingIt()
    {
        string path = Path.Combine(_folder, "huge.mkv");
        await using (var file = File.Create(path))
        {
            file.SetLength(MemoriesUploads.MaxFileBytes + 1);   // sparse: no 3 GB written
        }

        var error = await Assert.ThrowsAsync<ArgumentException>(() => _account.Api.UploadAsync(path));

        Assert.Equal("path", error.ParamName);
        Assert.Contains("3 GB", error.Message, StringComparison.Ordinal);
        Assert.Empty(_account.Simulator.Requests);
    }

    [Fact]
    public async Task TheUploadBudgetRefusalIsTheRateLimitedCode()
    {
        await using var account = await SimulatedAccount.StartAsync(o => o.Intervals[RateBudgets.UploadFamily] = TimeSpan.FromMinutes(1));
        await account.Api.UploadUrlAsync(new Uri("https://cdn.example.com/one.mp4"));

        var error = await Assert.ThrowsAsync<ApiResponseException>(() => account.Api.UploadUrlAsync(new Uri("https://cdn.example.com/two.mp4")));

        Assert.Equal("0429", error.Code);
        Assert.True(error.IsRetryable);
    }

    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
