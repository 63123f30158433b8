using Microsoft.AspNetCore.Http;

namespace Dify.HA.Testing.Hosting;

/// <summary>Lets a set number of body bytes through, then aborts the connection (the <c>ResetAfterBytes</c> fault).</summary>
internal sealed class FaultResponseStream(Stream inner, HttpContext http, long budget, EmulatorStats stats) : Stream
{
    private long _remaining = budget;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.Length <= _remaining)
        {
            _remaining -= buffer.Length;
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            return;
        }

        var allowed = (int)_remaining;
        _remaining = 0;
        if (allowed > 0)
            await inner.WriteAsync(buffer[..allowed], cancellationToken).ConfigureAwait(false);
        await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
        stats.OnFault();
        await ConnectionCutter.CutAsync(http).ConfigureAwait(false);
        throw new OperationCanceledException("Connection cut by the ResetAfterBytes fault.");
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
}
