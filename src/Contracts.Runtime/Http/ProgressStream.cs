namespace Contracts.Runtime.Http;

/// <summary>
/// A read-only view of a stream that reports how many bytes have been read through it so far, so
/// that an upload can say how far it has got without buffering the file.
/// </summary>
/// <remarks>The inner stream stays the caller's: disposing this view leaves it open.</remarks>
public sealed class ProgressStream : Stream
{
    private readonly Stream _inner;
    private readonly IProgress<long> _progress;
    private long _read;

    /// <summary>Creates the view.</summary>
    /// <param name="inner">The stream to read.</param>
    /// <param name="progress">Receives the total bytes read after each read that returned any.</param>
    public ProgressStream(Stream inner, IProgress<long> progress)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(progress);
        _inner = inner;
        _progress = progress;
    }

    /// <summary>The bytes read through this view so far.</summary>
    public long BytesRead => Interlocked.Read(ref _read);

    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanSeek => _inner.CanSeek;

    /// <inheritdoc/>
    public override bool CanWrite => false;

    /// <inheritdoc/>
    public override long Length => _inner.Length;

    /// <inheritdoc/>
    public override long Position
    {
        get => _inner.Position;
        set => _inner.Position = value;
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => Count(_inner.Read(buffer, offset, count));

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer) => Count(_inner.Read(buffer));

    /// <inheritdoc/>
    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Count(await _inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken).ConfigureAwait(false));

    /// <inheritdoc/>
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        Count(await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);

    /// <inheritdoc/>
    public override void Flush()
    {
    }

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException("The view is read-only.");

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("The view is read-only.");

    private int Count(int read)
    {
        if (read > 0)
        {
            _progress.Report(Interlocked.Add(ref _read, read));
        }

        return read;
    }
}
