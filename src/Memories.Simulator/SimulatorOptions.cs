namespace Memories.Simulator;

/// <summary>How the simulator behaves. Defaults mimic the real service at human pace.</summary>
public sealed class SimulatorOptions
{
    /// <summary>The key the simulator accepts when none is configured. Not a secret: it only opens the local simulator.</summary>
    public const string DefaultApiKey = "sk-mavi-simulator-local";

    /// <summary>The port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>The keys accepted in <c>Authorization</c>; any other answers code 0401.</summary>
    public IReadOnlyList<string> ApiKeys { get; set; } = [DefaultApiKey];

    /// <summary>How long a task "downloads" before its videos appear (the list is empty until then).</summary>
    public TimeSpan DownloadTime { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long each video takes to parse, one after the other, once downloaded.</summary>
    public TimeSpan ParseTimePerVideo { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>
    /// Answers code 0429 when a key sends a budget family's requests faster than the contract's
    /// limit (<c>RateBudgets.Table</c>: task status 1/s, upload 1/min, list 5/s), as the real API does.
    /// </summary>
    public bool EnforceRateLimit { get; set; } = true;

    /// <summary>
    /// Intervals that replace the contract's for some budget families, by family name
    /// (<c>RateBudgets.UploadFamily</c>, say): a test that uploads often sets the upload family's to zero.
    /// </summary>
    public IDictionary<string, TimeSpan> Intervals { get; } = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);

    /// <summary>The clock tasks progress by.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Varies search scores: the same query over the same videos with the same seed answers the same.</summary>
    public int Seed { get; set; }

    /// <summary>How long <c>chat_stream</c> waits before each piece of content (a word), as a model writing does.</summary>
    public TimeSpan ChatWordDelay { get; set; } = TimeSpan.FromMilliseconds(30);

    /// <summary>The most a task's callback is held back, each a random share of it (so callbacks can arrive out of order); none by default.</summary>
    public TimeSpan CallbackDelay { get; set; }

    /// <summary>The share of task callbacks never sent (0 to 1), as the real API's can be lost.</summary>
    public double CallbackLoss { get; set; }

    /// <summary>The share of task callbacks sent twice (0 to 1).</summary>
    public double CallbackDuplication { get; set; }

    /// <summary>How many bytes a downloaded video file has.</summary>
    public long DownloadSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>How fast downloads are sent, in bytes per second; 0 sends as fast as the connection takes them.</summary>
    public long DownloadBytesPerSecond { get; set; }
}

/// <summary>Faults the simulator injects into task-status answers; switchable while it runs.</summary>
public sealed class SimulatorFaults
{
    /// <summary>Every Nth task-status request answers HTTP 503 (0: never).</summary>
    public int ServerErrorEvery { get; set; }

    /// <summary>Every Nth task-status request answers a JSON body cut off halfway (0: never).</summary>
    public int CutOffBodyEvery { get; set; }

    /// <summary>How long each task-status answer is held back.</summary>
    public TimeSpan SlowAnswer { get; set; }

    /// <summary>A download stops after this many bytes and the connection is dropped (0: never).</summary>
    public long CutDownloadAfter { get; set; }

    /// <summary><c>chat_stream</c> drops the connection after this many content events, before its end marker (0: never).</summary>
    public int CutChatAfter { get; set; }
}
