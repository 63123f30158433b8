namespace Dify.HA.Client;

/// <summary>
/// A binary answer read as it arrives (a file preview, synthesized audio). Dispose it to release the connection.
/// </summary>
public sealed class DifyBinaryContent : IDisposable, IAsyncDisposable
{
    private readonly HttpResponseMessage _response;

    internal DifyBinaryContent(HttpResponseMessage response, Stream content)
    {
        _response = response;
        Content = content;
        ContentType = response.Content.Headers.ContentType?.MediaType;
        ContentLength = response.Content.Headers.ContentLength;
        FileName = response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"');
    }

    /// <summary>The bytes, read from the network as the caller reads the stream.</summary>
    public Stream Content { get; }

    /// <summary>The media type the server declared (e.g. <c>audio/mpeg</c>, <c>image/png</c>), if any.</summary>
    public string? ContentType { get; }

    /// <summary>The length the server declared, if any.</summary>
    public long? ContentLength { get; }

    /// <summary>The file name from <c>Content-Disposition</c>, if any.</summary>
    public string? FileName { get; }

    /// <summary>Reads the whole content into memory.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The bytes.</returns>
    public async Task<byte[]> ReadAllBytesAsync(CancellationToken cancellationToken = default)
    {
        using var buffer = new MemoryStream();
        await Content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    /// <summary>Releases the stream and the connection.</summary>
    public void Dispose()
    {
        Content.Dispose();
        _response.Dispose();
    }

    /// <summary>Releases the stream and the connection.</summary>
    /// <returns>A task that completes when released.</returns>
    public async ValueTask DisposeAsync()
    {
        await Content.DisposeAsync().ConfigureAwait(false);
        _response.Dispose();
    }
}
