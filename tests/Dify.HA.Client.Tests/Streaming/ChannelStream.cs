using System.Text;
using System.Threading.Channels;

namespace Dify.HA.Client.Tests.Streaming;

/// <summary>A stream the test writes to while the reader waits: reads block until data (or completion) arrives.</summary>
internal sealed class ChannelStream : Stream
{
    private readonly Channel<byte[]> _channel = Channel.CreateUnbounded<byte[]>();
    private byte[] _current = [];
    private int _offset;

    /// <summary>Released each time a read starts (the reader re-armed its idle timer just before).</summary>
    public SemaphoreSlim ReadStarted { get; } = new(0);

    public void Write(string text) => _channel.Writer.TryWrite(Encoding.UTF8.GetBytes(text));

    public void Complete() => _channel.Writer.TryComplete();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ReadStarted.Release();
        while (_offset == _current.Length)
        {
            if (!await _channel.Reader.WaitToReadAsync(cancellationToken)) return 0;
            if (_channel.Reader.TryRead(out var next))
            {
                _current = next;
                _offset = 0;
            }
        }

        var n = Math.Min(buffer.Length, _current.Length - _offset);
        _current.AsMemory(_offset, n).CopyTo(buffer);
        _offset += n;
        return n;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
