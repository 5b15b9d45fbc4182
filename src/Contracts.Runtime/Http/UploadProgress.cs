using System.ComponentModel;

namespace Contracts.Runtime.Http;

/// <summary>
/// Counts the bytes sent of every file of one multipart request and reports their total, so that
/// an upload of several files reports one figure. Generated multipart calls read each file through
/// <see cref="Track"/>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class UploadProgress
{
    private readonly IProgress<long>? _total;
    private long _sent;

    /// <summary>Creates the counter.</summary>
    /// <param name="total">Receives the bytes sent of all the request's files so far; null to count nothing.</param>
    public UploadProgress(IProgress<long>? total)
    {
        _total = total;
    }

    /// <summary>
    /// The file's stream as the request reads it: a view that counts what is read and, unlike the
    /// stream itself, is not closed with the request's content, since the caller owns the file.
    /// </summary>
    /// <param name="file">The file.</param>
    /// <returns>What to send.</returns>
    public Stream Track(FilePart file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return new ProgressStream(file.Content, _total is null ? NoProgress.Instance : new Delta(this));
    }

    private sealed class NoProgress : IProgress<long>
    {
        public static readonly NoProgress Instance = new();

        public void Report(long value)
        {
        }
    }

    private sealed class Delta(UploadProgress owner) : IProgress<long>
    {
        private long _seen;

        public void Report(long value)
        {
            long added = value - _seen;
            _seen = value;
            owner._total!.Report(Interlocked.Add(ref owner._sent, added));
        }
    }
}
