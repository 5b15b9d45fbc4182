using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Contracts.Runtime.Polling;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Memories.Contracts.Callbacks;

/// <summary>
/// The application's callback endpoint: checks the secret in the URL, reads the callback, and
/// wakes the waits on the task it names (<see cref="WaitWakeups"/>). A callback is trusted for
/// which task changed, never for its status: the woken wait reads the status from the API.
/// </summary>
public sealed partial class MemoriesCallbacks : Memories.Contracts.DependencyInjection.IMemoriesCallbackTarget
{
    private readonly MemoriesCallbackOptions _options;
    private readonly byte[][] _secretHashes;
    private readonly ILogger _logger;
    private long _accepted;
    private long _refused;

    /// <summary>Created by dependency injection.</summary>
    /// <param name="options">Where the endpoint is and its secrets.</param>
    /// <param name="wakeups">The wake-ups the account's waits listen to.</param>
    /// <param name="logger">Receives one debug entry per callback: the task and the status, never the URL or a secret.</param>
    public MemoriesCallbacks(IOptions<MemoriesCallbackOptions> options, WaitWakeups wakeups, ILogger<MemoriesCallbacks> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(wakeups);
        _options = options.Value;
        Wakeups = wakeups;
        _logger = logger;
        _secretHashes = [.. _options.Secrets.Select(Hash)];
    }

    /// <summary>The wake-ups the callbacks feed; <see cref="PollingOptions.Wakeups"/> of every wait the account's waiter makes.</summary>
    public WaitWakeups Wakeups { get; }

    /// <summary>
    /// The URL to give the API as a task's <c>callback_url</c> (or an upload's <c>callback</c>): the
    /// public base, the path and the current secret. It holds the secret: do not log it.
    /// </summary>
    public Uri Url => _options.UrlWith(_options.Secrets[0]);

    /// <summary>How many callbacks were accepted (202).</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>How many requests were refused: a wrong or missing secret, an oversized or unreadable body.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>A new secret: 256 random bits, base64url.</summary>
    /// <returns>The secret.</returns>
    public static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>
    /// Answers one callback: 404 (and nothing else) for a wrong or missing secret, 413 above
    /// <see cref="MemoriesCallbackOptions.MaxBodyBytes"/>, 400 for a body that is not a callback,
    /// else 202, whether or not a wait here needs it.
    /// </summary>
    /// <param name="context">The request.</param>
    /// <returns>When answered.</returns>
    internal async Task HandleAsync(HttpContext context)
    {
        if (!IsValid(context.Request.RouteValues["secret"] as string))
        {
            Interlocked.Increment(ref _refused);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var body = await ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            Interlocked.Increment(ref _refused);
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        if (!TryRead(body, out string? taskId, out string? videoNo, out string? status))
        {
            Interlocked.Increment(ref _refused);
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        Interlocked.Increment(ref _accepted);
        // A task's callback names the task and, once indexed, the video: the waits on the task
        // confirm that video. An upload's names only the video, which is what its wait is on.
        bool woken = taskId is not null ? Wakeups.Wake(taskId, videoNo) : Wakeups.Wake(videoNo!);
        LogReceived(_logger, taskId ?? "(none)", videoNo ?? "(none)", status ?? "(none)", woken);
        context.Response.StatusCode = StatusCodes.Status202Accepted;
    }

    /// <summary>Whether the URL's secret is one of the valid ones, compared in constant time over fixed-length hashes (no early exit, no length leak).</summary>
    private bool IsValid(string? secret)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length > 512)
        {
            return false;
        }

        var given = Hash(secret);
        bool valid = false;
        foreach (var expected in _secretHashes)
        {
            valid |= CryptographicOperations.FixedTimeEquals(given, expected);
        }

        return valid;
    }

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    /// <summary>The body, or null when it is larger than the limit (read no further than one byte past it).</summary>
    private static async Task<byte[]?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MemoriesCallbackOptions.MaxBodyBytes)
        {
            return null;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(MemoriesCallbackOptions.MaxBodyBytes + 1);
        try
        {
            int length = 0;
            while (length <= MemoriesCallbackOptions.MaxBodyBytes)
            {
                int read = await request.Body.ReadAsync(buffer.AsMemory(length, MemoriesCallbackOptions.MaxBodyBytes + 1 - length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return buffer.AsSpan(0, length).ToArray();
                }

                length += read;
            }

            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Reads a task callback (<see cref="TaskCallback"/>) or an upload's (<see cref="UploadCallback"/>)
    /// with the contract's lenient decoders; unknown fields are ignored. False for anything else.
    /// </summary>
    private static bool TryRead(byte[] body, out string? taskId, out string? videoNo, out string? status)
    {
        taskId = videoNo = status = null;
        try
        {
            var task = JsonSerializer.Deserialize(body, MemoriesJsonContext.Default.TaskCallback);
            if (task?.TaskId is { Length: > 0 } id)
            {
                taskId = id;
                videoNo = task.VideoId;
                status = task.StatusWireValue ?? task.Status?.ToString();
                return true;
            }

            var upload = JsonSerializer.Deserialize(body, MemoriesJsonContext.Default.UploadCallback);
            if (upload?.VideoNo is { Length: > 0 } number)
            {
                videoNo = number;
                status = upload.StatusWireValue ?? upload.Status?.ToString();
                return true;
            }

            return false;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Callback for task {TaskId}, video {VideoNo}: {Status}; woke a wait: {Woken}")]
    private static partial void LogReceived(ILogger logger, string taskId, string videoNo, string status, bool woken);
}
