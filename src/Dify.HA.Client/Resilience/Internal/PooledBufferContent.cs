using System.Buffers;
using System.Net;

namespace Dify.HA.Client.Resilience.Internal;

/// <summary>
/// The body of a blocking JSON answer, read in full into an array rented from <see cref="ArrayPool{T}.Shared"/> and
/// returned to it when the content (the response) is disposed.
/// </summary>
/// <remarks>
/// Why: the pipeline reads a blocking answer in full while its attempt's timeout still runs (so the client's Timeout bounds
/// the body too) and scans it for the ids to pin. <see cref="HttpContent.LoadIntoBufferAsync()"/> does the first but
/// allocates a new array of the body's size per call (≈ 1 KB for a short chat answer); this rents one. The API layer
/// deserializes the answer before it disposes the response, and a reader of a disposed response gets
/// <see cref="ObjectDisposedException"/>, never another call's bytes (the stream checks before each read).
/// </remarks>
internal sealed class PooledBufferContent : HttpContent
{
    private byte[]? _buffer;
    private readonly int _length;

    private PooledBufferContent(byte[] buffer, int length)
    {
        _buffer = buffer;
        _length = length;
    }

    /// <summary>The body bytes (valid until the content is disposed).</summary>
    public ReadOnlySpan<byte> Body => (_buffer ?? throw new ObjectDisposedException(nameof(PooledBufferContent))).AsSpan(0, _length);

    /// <summary>Reads <paramref name="source"/>'s body in full into a pooled buffer and returns content over it; null
    /// (nothing read) when the body is not JSON. The caller disposes <paramref name="source"/> after a non-null result.</summary>
    /// <remarks>Only the media type's charset is carried over, and only when it is not UTF-8 (JSON readers assume UTF-8
    /// without one): the API layer deserializes this content and looks at nothing else, and every header copied would cost
    /// a header store per call.</remarks>
    public static async ValueTask<PooledBufferContent?> TryReadAsync(HttpContent source, CancellationToken cancellationToken)
    {
        var contentType = source.Headers.ContentType;
        if (contentType?.MediaType is not { } mediaType || !mediaType.EndsWith("json", StringComparison.OrdinalIgnoreCase)) return null;

        // Most JSON answers fit; a longer one grows the buffer (rented too).
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBufferBytes);
        var length = 0;
        try
        {
            // The headers are read: returning the body stream involves no I/O (and saves a Task per call).
            var stream = source.ReadAsStream(cancellationToken);
            await using (stream.ConfigureAwait(false))
            {
                while (true)
                {
                    if (length == buffer.Length)
                    {
                        var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, length).CopyTo(bigger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = bigger;
                    }
                    var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                    if (read == 0) break;
                    length += read;
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        var content = new PooledBufferContent(buffer, length);
        if (contentType.CharSet is { Length: > 0 } charset && !IsUtf8(charset)) content.Headers.ContentType = contentType;
        return content;
    }

    private const int InitialBufferBytes = 4096;

    private static bool IsUtf8(string charset)
        => charset.Trim('"').Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Trim('"').Equals("utf8", StringComparison.OrdinalIgnoreCase);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        => stream.WriteAsync(Buffer().AsMemory(0, _length)).AsTask();

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        => stream.WriteAsync(Buffer().AsMemory(0, _length), cancellationToken).AsTask();

    protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        => stream.Write(Buffer(), 0, _length);

    protected override Stream CreateContentReadStream(CancellationToken cancellationToken) => new ReadStream(this);

    protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(new ReadStream(this));

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _buffer, null) is { } buffer) ArrayPool<byte>.Shared.Return(buffer);
        base.Dispose(disposing);
    }

    private byte[] Buffer() => Volatile.Read(ref _buffer) ?? throw new ObjectDisposedException(nameof(PooledBufferContent));

    /// <summary>A read-only, seekable view over the content's buffer that refuses to read once the content is disposed.</summary>
    private sealed class ReadStream(PooledBufferContent owner) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => owner._length;

        public override long Position
        {
            get => _position;
            set => _position = (int)Math.Clamp(value, 0, owner._length);
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var source = owner.Buffer();
            var n = Math.Min(buffer.Length, owner._length - _position);
            if (n <= 0) return 0;
            source.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return ValueTask.FromResult(Read(buffer.Span));
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Task.FromResult(Read(buffer.AsSpan(offset, count)));
        }

        public override long Seek(long offset, SeekOrigin origin)
        {
            Position = origin switch
            {
                SeekOrigin.Begin => offset,
                SeekOrigin.Current => _position + offset,
                _ => owner._length + offset,
            };
            return _position;
        }

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
