namespace Memories.Contracts;

/// <summary>Downloading and deleting videos in one call, each checked before a request is spent.</summary>
public static class MemoriesVideos
{
    /// <summary>The most videos one delete request takes.</summary>
    public const int MaxDeletes = 100;

    /// <summary>Downloads a video's file into a stream, as it arrives; the stream is not closed. (Every argument is written out: the path overload has the optional ones.)</summary>
    /// <param name="api">The client.</param>
    /// <param name="videoNo">The video.</param>
    /// <param name="destination">Where the bytes go.</param>
    /// <param name="uniqueId">The namespace it was uploaded under.</param>
    /// <param name="progress">Receives the bytes received so far.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>The file's name (from <c>Content-Disposition</c>, when sent), type and length written.</returns>
    /// <exception cref="ArgumentException">An argument the API would refuse; nothing was sent.</exception>
    /// <exception cref="global::Contracts.Runtime.ApiResponseException">The API answered its envelope with an error code instead of the file.</exception>
    public static async Task<DownloadedFile> DownloadAsync(this IMemoriesApi api, string videoNo, Stream destination, string uniqueId, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        MemoriesArguments.NotBlank(videoNo, nameof(videoNo));
        MemoriesArguments.NotBlank(uniqueId, nameof(uniqueId));
        ArgumentNullException.ThrowIfNull(destination);
        if (!destination.CanWrite)
        {
            throw new ArgumentException("The destination stream cannot be written.", nameof(destination));
        }

        await using var file = await api.DownloadFileAsync(new DownloadRequest { VideoNo = videoNo, UniqueId = uniqueId }, cancellationToken).ConfigureAwait(false);
        long written = await CopyAsync(file.Content, destination, progress, cancellationToken).ConfigureAwait(false);
        if (file.Length is { } length && written != length)
        {
            throw new IOException($"The download of {videoNo} ended after {written:N0} of {length:N0} bytes.");
        }

        return new DownloadedFile(file.FileName, file.ContentType, written);
    }

    /// <summary>
    /// Downloads a video's file to a path: the bytes go to a temporary file beside it, renamed to the
    /// path only once complete, so a failed or interrupted download never leaves a partial file there.
    /// </summary>
    /// <param name="api">The client.</param>
    /// <param name="videoNo">The video.</param>
    /// <param name="path">Where the file goes.</param>
    /// <param name="overwrite">Replace a file already at <paramref name="path"/>; without it, such a file is an error before any request.</param>
    /// <param name="uniqueId">The namespace it was uploaded under.</param>
    /// <param name="progress">Receives the bytes received so far.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>The file's name as the API sent it, type and length.</returns>
    /// <exception cref="IOException">A file is at <paramref name="path"/> and <paramref name="overwrite"/> is false, or the download broke off.</exception>
    public static async Task<DownloadedFile> DownloadAsync(this IMemoriesApi api, string videoNo, string path, bool overwrite = false, string uniqueId = "default", IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        MemoriesArguments.NotBlank(videoNo, nameof(videoNo));
        MemoriesArguments.NotBlank(path, nameof(path));
        string full = Path.GetFullPath(path);
        if (!overwrite && File.Exists(full))
        {
            throw new IOException($"'{path}' already exists; pass overwrite to replace it.");
        }

        if (Directory.Exists(full))
        {
            throw new ArgumentException($"'{path}' is a directory; give a file's path.", nameof(path));
        }

        string temporary = Path.Combine(Path.GetDirectoryName(full)!, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N")[..8] + ".part");
        try
        {
            DownloadedFile downloaded;
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.Asynchronous))
            {
                downloaded = await api.DownloadAsync(videoNo, stream, uniqueId, progress, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temporary, full, overwrite);
            return downloaded;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Deletes videos; numbers the API does not know are not an error (it answers success for them too).</summary>
    /// <param name="api">The client.</param>
    /// <param name="videoNos">1 to 100 video numbers.</param>
    /// <param name="uniqueId">The namespace they were uploaded under.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when the API has answered success.</returns>
    /// <exception cref="ArgumentException">An argument the API would refuse; nothing was sent.</exception>
    /// <exception cref="global::Contracts.Runtime.ApiResponseException">The API refused it (its code says why).</exception>
    public static async Task DeleteAsync(this IMemoriesApi api, IReadOnlyCollection<string> videoNos, string uniqueId = "default", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        MemoriesArguments.VideoNumbers(videoNos, MaxDeletes, nameof(videoNos));
        MemoriesArguments.NotBlank(uniqueId, nameof(uniqueId));
        string[] body = videoNos.ToArray();
        await MemoriesCalls.SendAsync(() => api.DeleteVideosAsync(body, uniqueId, cancellationToken), "POST /serve/api/v1/delete_videos", cancellationToken).ConfigureAwait(false);
    }

    private static async Task<long> CopyAsync(Stream source, Stream destination, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        // Large reads: a 1 GB download in 80 KB pieces spends as much time in system calls as in copying.
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1024 * 1024);
        try
        {
            long total = 0;
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                total += read;
                progress?.Report(total);
            }

            return total;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

/// <summary>What a download wrote.</summary>
/// <param name="FileName">The name the API gave the file (only its last segment), when it sent one.</param>
/// <param name="ContentType">The file's content type, when sent.</param>
/// <param name="Length">How many bytes were written.</param>
public sealed record DownloadedFile(string? FileName, string? ContentType, long Length);
