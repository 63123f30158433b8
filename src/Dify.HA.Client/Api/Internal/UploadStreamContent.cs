using System.Buffers;
using System.Net;

namespace Dify.HA.Client.Api;

/// <summary>
/// The file part of an upload: copies the caller's stream in chunks, reports the bytes sent and stops a non-seekable
/// stream that outgrows the limit. Never disposes the caller's stream (the caller owns it).
/// </summary>
internal sealed class UploadStreamContent : HttpContent
{
    private const int ChunkSize = 64 * 1024;

    private readonly Stream _source;
    private readonly long _start;
    private readonly long _maxBytes;
    private readonly IProgress<long>? _progress;

    public UploadStreamContent(Stream source, long maxBytes, IProgress<long>? progress)
    {
        _source = source;
        _start = source.CanSeek ? source.Position : 0;
        _maxBytes = maxBytes;
        _progress = progress;
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        // Each attempt starts from where the caller's stream was when the upload was asked for.
        if (_source.CanSeek) _source.Position = _start;
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            long sent = 0;
            int read;
            while ((read = await _source.ReadAsync(buffer.AsMemory(0, ChunkSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                sent += read;
                if (sent > _maxBytes)
                    throw new InvalidOperationException(
                        $"The upload stream is larger than DifyClientOptions.MaxUploadBytes ({_maxBytes} bytes); the upload was stopped. " +
                        "Send a smaller file, or raise MaxUploadBytes if your Dify's UPLOAD_FILE_SIZE_LIMIT allows it.");
                await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                _progress?.Report(sent);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        if (_source.CanSeek)
        {
            length = _source.Length - _start;
            return true;
        }
        length = 0;
        return false;
    }

    // The caller owns the source stream: disposing the request content leaves it open (the base only drops its own buffers).
    protected override void Dispose(bool disposing) => base.Dispose(disposing);
}
