using Memories.Simulator;

namespace Memories.Contracts.Tests.Surfaces;

/// <summary>
/// The simulator on loopback with every budget family opened (these tests are about what each call
/// sends and reads, not its pace), and a plain client of it: no DI, so no client-side spacing.
/// </summary>
internal sealed class SimulatedAccount : IAsyncDisposable
{
    public const string Key = "sk-mavi-surfaces-5f3e0c";

    private readonly HttpClient _http;

    private SimulatedAccount(MemoriesSimulator simulator)
    {
        Simulator = simulator;
        _http = new HttpClient(new RawAuthorizationHandler(() => Key) { InnerHandler = new HttpClientHandler() }) { BaseAddress = simulator.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Api = MemoriesApi.Create(_http);
    }

    public MemoriesSimulator Simulator { get; }

    public IMemoriesApi Api { get; }

    public static async Task<SimulatedAccount> StartAsync(Action<SimulatorOptions>? configure = null)
    {
        var options = new SimulatorOptions
        {
            ApiKeys = [Key],
            DownloadTime = TimeSpan.FromMilliseconds(100),
            ParseTimePerVideo = TimeSpan.FromMilliseconds(200),
            ChatWordDelay = TimeSpan.FromMilliseconds(1),
            DownloadSize = 300_000,
        };
        foreach (var budget in RateBudgets.Table.Families)
        {
            options.Intervals[budget.Family] = TimeSpan.Zero;
        }

        configure?.Invoke(options);
        return new SimulatedAccount(await MemoriesSimulator.StartAsync(options));
    }

    /// <summary>Creates a task of the given posts and waits until all its videos are parsed.</summary>
    public async Task<IReadOnlyList<string>> ParsedVideosAsync(string uniqueId, params string[] urls)
    {
        string task = Simulator.CreateTask(urls, uniqueId);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var videos = (await Api.GetVideoIdsByTaskIdAsync(task, uniqueId)).EnsureSuccess().Data!.Videos;
            if (videos.Count == urls.Length && videos.All(v => v.Status == VideoStatus.Parsed))
            {
                return videos.Select(v => v.VideoNo).ToList();
            }

            Assert.True(DateTime.UtcNow < deadline, "the simulated task never finished");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Simulator.DisposeAsync();
    }
}
