using System.Net.Http.Headers;

namespace Contracts.Runtime.Http;

/// <summary>
/// A file an API answered with: its bytes as a stream read straight from the connection (never
/// buffered whole), its media type, length and the name the server gave it. Disposing it closes the
/// connection. Where the API answered its JSON envelope instead (how it says a download failed),
/// <see cref="ReadAsync"/> raises the business error: it never hands that text over as the file.
/// </summary>
public sealed class FileAnswer : IDisposable, IAsyncDisposable
{
    /// <summary>The most of a JSON answer read to learn its error: an envelope is small, a runaway one is not read whole.</summary>
    private const int MaxEnvelopeBytes = 1 << 20;

    private readonly HttpResponseMessage _response;

    private FileAnswer(HttpResponseMessage response, Stream content)
    {
        _response = response;
        Content = content;
        var headers = response.Content.Headers;
        ContentType = headers.ContentType?.MediaType;
        Length = headers.ContentLength;
        FileName = SafeFileName(headers.ContentDisposition);
    }

    /// <summary>The file's bytes, as they arrive.</summary>
    public Stream Content { get; }

    /// <summary>The media type the server gave (<c>video/mp4</c>), if any.</summary>
    public string? ContentType { get; }

    /// <summary>The length in bytes the server announced, if it did.</summary>
    public long? Length { get; }

    /// <summary>The file name from <c>Content-Disposition</c> (its last path segment only, so it cannot name another folder), if any.</summary>
    public string? FileName { get; }

    /// <summary>Reads an answer that should be a file.</summary>
    /// <param name="response">The answer; this takes it over (and disposes it on failure).</param>
    /// <param name="envelope">How the API's JSON envelope reads, for an answer that is one; null for an API without one.</param>
    /// <param name="cancellationToken">Cancels reading an error answer.</param>
    /// <returns>The file.</returns>
    /// <exception cref="ApiResponseException">The API answered its envelope with an error code.</exception>
    /// <exception cref="ApiHttpException">The API answered an HTTP error without an envelope.</exception>
    /// <exception cref="System.Text.Json.JsonException">The API answered JSON that is no error, where a file was expected.</exception>
    public static async Task<FileAnswer> ReadAsync(HttpResponseMessage response, EnvelopeShape? envelope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        try
        {
            if (IsJson(response.Content.Headers.ContentType))
            {
                byte[] json = await ReadBoundedAsync(response.Content, MaxEnvelopeBytes, cancellationToken).ConfigureAwait(false);
                throw EnvelopeShape.Failure(envelope, json, "a file");
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new ApiHttpException(response.StatusCode, response.ReasonPhrase);
            }

            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return new FileAnswer(response, stream);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Copies the file to <paramref name="destination"/>, reporting the bytes copied so far. A
    /// connection that ends before the announced length is an error, never a shorter file.
    /// </summary>
    /// <param name="destination">Where the bytes go.</param>
    /// <param name="progress">Receives the total bytes copied after each read.</param>
    /// <param name="cancellationToken">Stops the copy.</param>
    /// <returns>How many bytes were copied.</returns>
    /// <exception cref="IOException">The file ended before its announced length.</exception>
    public async Task<long> CopyToAsync(Stream destination, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        byte[] buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(81_920);
        long copied = 0;
        try
        {
            int read;
            while ((read = await Content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                copied += read;
                progress?.Report(copied);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }

        if (Length is { } announced && copied != announced)
        {
            throw new IOException($"The file ended after {copied} of the {announced} bytes the server announced.");
        }

        return copied;
    }

    /// <summary>
    /// Saves the file at <paramref name="path"/>: written to a temporary file beside it and renamed
    /// only once complete, so an interrupted or failed download never leaves a partial file there.
    /// </summary>
    /// <param name="path">The file to write.</param>
    /// <param name="overwrite">Replace a file already at <paramref name="path"/>; otherwise it is kept and this throws.</param>
    /// <param name="progress">Receives the total bytes written after each read.</param>
    /// <param name="cancellationToken">Stops the download; the temporary file is removed.</param>
    /// <returns>How many bytes were written.</returns>
    /// <exception cref="IOException">A file is already at <paramref name="path"/> and <paramref name="overwrite"/> is false, or the file ended early.</exception>
    public async Task<long> SaveAsync(string path, bool overwrite = false, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = Path.GetFullPath(path);
        if (!overwrite && File.Exists(full))
        {
            throw new IOException($"{full} already exists; it was kept.");
        }

        string temporary = Path.Combine(Path.GetDirectoryName(full)!, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N")[..8] + ".partial");
        try
        {
            long written;
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81_920, FileOptions.Asynchronous))
            {
                written = await CopyToAsync(file, progress, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temporary, full, overwrite);
            return written;
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Closes the connection.</summary>
    public void Dispose()
    {
        Content.Dispose();
        _response.Dispose();
    }

    /// <summary>Closes the connection.</summary>
    /// <returns>A task that completes when it is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        await Content.DisposeAsync().ConfigureAwait(false);
        _response.Dispose();
    }

    /// <summary>True for <c>application/json</c>, <c>text/json</c> and <c>*/*+json</c>: the envelope's media types.</summary>
    internal static bool IsJson(MediaTypeHeaderValue? type) =>
        type?.MediaType is { } media
        && (media.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.Equals("text/json", StringComparison.OrdinalIgnoreCase)
            || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    /// <summary>Reads at most <paramref name="limit"/> bytes of a body.</summary>
    internal static async Task<byte[]> ReadBoundedAsync(HttpContent content, int limit, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[16_384];
        int read;
        while (buffer.Length < limit && (read = await stream.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, limit - buffer.Length)), cancellationToken).ConfigureAwait(false)) > 0)
        {
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static string? SafeFileName(ContentDispositionHeaderValue? disposition)
    {
        string? name = disposition?.FileNameStar ?? disposition?.FileName;
        if (name is null)
        {
            return null;
        }

        name = Path.GetFileName(name.Trim().Trim('"').Replace('\\', '/'));
        return name.Length == 0 || name is "." or ".." ? null : name;
    }
}
