namespace Memories.Contracts;

/// <summary>
/// Uploads in one call: a file by path or stream (streamed, never buffered, with progress), or a
/// link the server fetches. Everything the API would refuse is refused first, by argument name:
/// an upload costs the account's one request per minute.
/// </summary>
public static class MemoriesUploads
{
    /// <summary>The largest file the API takes: 3 GB.</summary>
    public const long MaxFileBytes = 3L * 1024 * 1024 * 1024;

    /// <summary>The most tags one video takes.</summary>
    public const int MaxTags = 20;

    private static readonly Dictionary<string, string> VideoTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".mp4"] = "video/mp4",
        [".avi"] = "video/x-msvideo",
        [".mkv"] = "video/x-matroska",
        [".mov"] = "video/quicktime",
    };

    /// <summary>Uploads a video file.</summary>
    /// <param name="api">The client.</param>
    /// <param name="path">The file: .mp4, .avi, .mkv or .mov, at most 3 GB.</param>
    /// <param name="options">What to send beside it.</param>
    /// <param name="progress">Receives the bytes sent so far.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>The new video (not parsed yet).</returns>
    /// <exception cref="ArgumentException">The file or an option would be refused; nothing was sent.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be read.</exception>
    public static async Task<UploadedVideo> UploadAsync(this IMemoriesApi api, string path, UploadOptions? options = null, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        MemoriesArguments.NotBlank(path, nameof(path));
        string contentType = ContentTypeOf(path, nameof(path));
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new FileNotFoundException($"There is no file '{path}' to upload.", path);
        }

        if (file.Length > MaxFileBytes)
        {
            throw new ArgumentException($"'{path}' is {file.Length:N0} bytes; the API takes files of at most 3 GB ({MaxFileBytes:N0} bytes).", nameof(path));
        }

        var form = Form(options, nameof(options));
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return await SendAsync(api, form with { File = new global::Contracts.Runtime.Http.FilePart(stream, file.Name, contentType) }, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Uploads a video from a stream, which is read to its end and not closed.</summary>
    /// <param name="api">The client.</param>
    /// <param name="content">The video's bytes.</param>
    /// <param name="fileName">Its name: .mp4, .avi, .mkv or .mov.</param>
    /// <param name="options">What to send beside it.</param>
    /// <param name="progress">Receives the bytes sent so far.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>The new video (not parsed yet).</returns>
    /// <exception cref="ArgumentException">The stream, name or an option would be refused; nothing was sent.</exception>
    public static Task<UploadedVideo> UploadStreamAsync(this IMemoriesApi api, Stream content, string fileName, UploadOptions? options = null, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(content);
        MemoriesArguments.NotBlank(fileName, nameof(fileName));
        string contentType = ContentTypeOf(fileName, nameof(fileName));
        if (!content.CanRead)
        {
            throw new ArgumentException("The stream cannot be read.", nameof(content));
        }

        if (content.CanSeek && content.Length - content.Position > MaxFileBytes)
        {
            throw new ArgumentException($"The stream holds {content.Length - content.Position:N0} bytes; the API takes files of at most 3 GB.", nameof(content));
        }

        var form = Form(options, nameof(options));
        return SendAsync(api, form with { File = new global::Contracts.Runtime.Http.FilePart(content, Path.GetFileName(fileName), contentType) }, progress, cancellationToken);
    }

    /// <summary>Uploads a video the server fetches from a link (mp4, or m3u8 with absolute inner paths; at most 1 GB).</summary>
    /// <param name="api">The client.</param>
    /// <param name="url">The video's address, fetched without credentials.</param>
    /// <param name="options">What to send beside it.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The new video (not parsed yet).</returns>
    /// <exception cref="ArgumentException">The link or an option would be refused; nothing was sent.</exception>
    public static async Task<UploadedVideo> UploadUrlAsync(this IMemoriesApi api, Uri url, UploadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        MemoriesArguments.HttpUrl(url, nameof(url));
        var form = Form(options, nameof(options));
        var request = new UploadUrlForm
        {
            Url = url,
            UniqueId = form.UniqueId,
            Callback = form.Callback,
            DatetimeTaken = form.DatetimeTaken,
            CameraModel = form.CameraModel,
            Latitude = form.Latitude,
            Longitude = form.Longitude,
            Tags = form.Tags,
            RetainOriginalVideo = form.RetainOriginalVideo,
            VideoTranscriptionPrompt = form.VideoTranscriptionPrompt,
        };
        return await MemoriesCalls.SendAsync(() => api.UploadUrlAsync(request, cancellationToken), "POST /serve/api/v1/upload_url", cancellationToken).ConfigureAwait(false)
            ?? throw new System.Text.Json.JsonException("POST /serve/api/v1/upload_url answered success without a video.");
    }

    /// <summary>The content type a video file is sent with, told from its extension.</summary>
    /// <param name="fileName">The file's name or path.</param>
    /// <returns>The content type, or null when the API does not take the type.</returns>
    public static string? VideoContentType(string fileName) =>
        VideoTypes.TryGetValue(Path.GetExtension(fileName ?? string.Empty), out var type) ? type : null;

    private static string ContentTypeOf(string fileName, string name) =>
        VideoContentType(fileName)
            ?? throw new ArgumentException($"'{fileName}' is not a video type the API takes: .mp4, .avi, .mkv or .mov.", name);

    // Sent once: a stream read to its end cannot be sent again, so 0429 is the caller's to retry.
    private static async Task<UploadedVideo> SendAsync(IMemoriesApi api, UploadForm form, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var response = await MemoriesCalls.SendOnceAsync(() => api.UploadAsync(form, progress, cancellationToken), "POST /serve/api/v1/upload").ConfigureAwait(false);
        return response.EnsureSuccess().Data
            ?? throw new System.Text.Json.JsonException("POST /serve/api/v1/upload answered success without a video.");
    }

    private static UploadForm Form(UploadOptions? options, string name)
    {
        options ??= new UploadOptions();
        MemoriesArguments.NotBlank(options.UniqueId, name + "." + nameof(UploadOptions.UniqueId));
        if (options.Callback is { } callback)
        {
            MemoriesArguments.HttpUrl(callback, name + "." + nameof(UploadOptions.Callback), maxLength: 299);
        }

        if (options.CameraModel is { Length: > 200 } camera)
        {
            throw new ArgumentException($"The camera model is {camera.Length} characters long; the API takes at most 200.", name + "." + nameof(UploadOptions.CameraModel));
        }

        if (options.Tags is { } tags)
        {
            if (tags.Count > MaxTags)
            {
                throw new ArgumentException($"{tags.Count} tags given; the API takes at most {MaxTags}.", name + "." + nameof(UploadOptions.Tags));
            }

            if (tags.Any(string.IsNullOrWhiteSpace))
            {
                throw new ArgumentException("A tag is empty.", name + "." + nameof(UploadOptions.Tags));
            }
        }

        MemoriesArguments.Place(options.Latitude, options.Longitude, name + "." + nameof(UploadOptions.Latitude), name + "." + nameof(UploadOptions.Longitude));
        return new UploadForm
        {
            File = null!,
            UniqueId = options.UniqueId,
            Callback = options.Callback,
            DatetimeTaken = options.TakenAt is { } taken ? MemoriesArguments.WireDateTime(taken) : null,
            CameraModel = options.CameraModel,
            Latitude = options.Latitude,
            Longitude = options.Longitude,
            Tags = options.Tags ?? [],
            RetainOriginalVideo = options.RetainOriginalVideo,
            VideoTranscriptionPrompt = options.TranscriptionPrompt,
        };
    }
}
