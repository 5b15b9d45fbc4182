namespace Contracts.Runtime.Http;

/// <summary>
/// A file sent as one part of a multipart request: a stream the caller owns (read once, from its
/// current position, never buffered whole), the file name the server is told, and its content type.
/// </summary>
public sealed class FilePart
{
    /// <summary>Creates the part.</summary>
    /// <param name="content">The file's bytes; the caller opens it, and disposes it after the request.</param>
    /// <param name="fileName">The name the server is told (not a local path).</param>
    /// <param name="contentType">Its media type (<c>video/mp4</c>); null to let the server guess from the name.</param>
    /// <exception cref="ArgumentException">The stream cannot be read, or the name is empty.</exception>
    public FilePart(Stream content, string fileName, string? contentType = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        if (!content.CanRead)
        {
            throw new ArgumentException("The file's stream cannot be read.", nameof(content));
        }

        Content = content;
        FileName = fileName;
        ContentType = contentType;
    }

    /// <summary>The file's bytes.</summary>
    public Stream Content { get; }

    /// <summary>The name the server is told.</summary>
    public string FileName { get; }

    /// <summary>The media type, if known.</summary>
    public string? ContentType { get; }

    /// <summary>How many bytes remain to be sent, when the stream can tell; null otherwise.</summary>
    public long? Length => Content.CanSeek ? Content.Length - Content.Position : null;

    /// <inheritdoc/>
    public override string ToString() => FileName;
}
