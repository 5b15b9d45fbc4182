namespace Memories.Contracts;

/// <summary>
/// Reads a response body as it arrives and masks every occurrence of the API key in it. Only a
/// tail that could still become the key is held back between reads, so an event stream's events
/// pass through as soon as they arrive (an event ends with a blank line, which no key begins).
/// </summary>
internal sealed class KeyScrubbingStream(Stream inner, byte[] key, byte[] mask) : Stream
{
    private byte[] _ready = [];
    private int _readyOffset;
    private byte[] _held = [];
    private bool _ended;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_readyOffset == _ready.Length)
        {
            if (_ended)
            {
                return 0;
            }

            var chunk = new byte[Math.Max(buffer.Length, key.Length * 2)];
            int read = await inner.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
            Scrub(read == 0 ? [] : chunk.AsSpan(0, read), endOfStream: read == 0);
            _ended = read == 0;
        }

        int count = Math.Min(buffer.Length, _ready.Length - _readyOffset);
        _ready.AsSpan(_readyOffset, count).CopyTo(buffer.Span);
        _readyOffset += count;
        return count;
    }

    /// <summary>Masks the key in what was held and what arrived; holds back a tail that is the start of the key.</summary>
    private void Scrub(ReadOnlySpan<byte> arrived, bool endOfStream)
    {
        var text = new byte[_held.Length + arrived.Length];
        _held.CopyTo(text, 0);
        arrived.CopyTo(text.AsSpan(_held.Length));
        using var output = new MemoryStream(text.Length);
        var rest = text.AsSpan();
        int index;
        while ((index = rest.IndexOf(key)) >= 0)
        {
            output.Write(rest[..index]);
            output.Write(mask);
            rest = rest[(index + key.Length)..];
        }

        int hold = endOfStream ? 0 : PartialKeyAtEnd(rest);
        output.Write(rest[..^hold]);
        _held = rest[^hold..].ToArray();
        _ready = output.ToArray();
        _readyOffset = 0;
    }

    /// <summary>The length of the longest end of <paramref name="text"/> that is a start of the key.</summary>
    private int PartialKeyAtEnd(ReadOnlySpan<byte> text)
    {
        for (int length = Math.Min(key.Length - 1, text.Length); length > 0; length--)
        {
            if (text[^length..].SequenceEqual(key.AsSpan(0, length)))
            {
                return length;
            }
        }

        return 0;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
