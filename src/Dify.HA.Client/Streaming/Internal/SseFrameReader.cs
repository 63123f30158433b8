using System.Buffers;

namespace Dify.HA.Client.Streaming.Internal;

/// <summary>
/// Splits bytes into Server-Sent Events frames (WHATWG rules: LF, CRLF or CR line ends, <c>:</c> comments,
/// <c>field: value</c> with one optional space, multi-line <c>data:</c> joined with LF, a leading UTF-8 BOM skipped).
/// </summary>
/// <remarks>
/// Why our own and not only <c>System.Net.ServerSentEvents.SseParser</c>: SseParser never surfaces a frame without
/// data, so <c>event: ping</c> is invisible (we count pings and the idle timeout must see them), and it cannot tell a
/// clean end from a frame cut by EOF. Zero copies on the hot path: a single-line <c>data:</c> payload (what Dify always
/// sends) is handed out as a slice of the read buffer; only multi-line data is joined into a second pooled buffer.
/// The bytes of the frame being assembled stay in the buffer until the frame is dispatched, so slices stay valid.
/// </remarks>
internal sealed class SseFrameReader : IDisposable
{
    private const int InitialBufferSize = 16 * 1024;
    private const int MinimumReadSize = 4 * 1024;

    private readonly int _maxFrameBytes;
    private byte[] _buffer;
    private int _start;        // first byte not yet split into lines
    private int _end;          // end of the bytes read
    private int _frameStart;   // first byte the current frame still needs (data slices point after it)
    private bool _bomChecked;
    private bool _skipLeadingLf; // the last line ended with CR at the end of the buffer: a following LF belongs to it

    // The data of the frame being assembled: a slice of _buffer (one line) or _joined (several lines).
    private bool _hasData;
    private int _dataOffset;
    private int _dataLength;
    private byte[]? _joined;
    private int _joinedLength;
    private bool _isJoined;
    private bool _eventIsPing;

    public SseFrameReader(int maxFrameBytes)
    {
        _maxFrameBytes = maxFrameBytes;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialBufferSize, Math.Max(maxFrameBytes, 1024)));
    }

    /// <summary>Whether bytes of an unfinished frame (a partial line or data without its blank line) are held.</summary>
    public bool HasPendingFrame => _hasData || _end > _start;

    /// <summary>The memory the next read should fill. Compacts or grows the buffer as needed.</summary>
    public Memory<byte> GetReadMemory()
    {
        if (_frameStart > 0)
        {
            // Keep only the frame in progress; move it to the front so that slices of it stay addressable.
            var keep = _end - _frameStart;
            if (keep > 0) Buffer.BlockCopy(_buffer, _frameStart, _buffer, 0, keep);
            _start -= _frameStart;
            _dataOffset -= _frameStart;
            _end = keep;
            _frameStart = 0;
        }

        if (_buffer.Length - _end < MinimumReadSize)
        {
            if (_end >= _maxFrameBytes)
                throw new DifyStreamFormatException($"A stream event is larger than the limit of {_maxFrameBytes} bytes.");
            var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)_buffer.Length * 2, (long)_maxFrameBytes + MinimumReadSize));
            Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }

        return _buffer.AsMemory(_end);
    }

    /// <summary>Records that a read put <paramref name="count"/> bytes into the memory from <see cref="GetReadMemory"/>.</summary>
    public void Advance(int count) => _end += count;

    /// <summary>Finds the next frame in the bytes read so far.</summary>
    /// <param name="payload">The frame's data (valid until the next call) when <see cref="SseFrameKind.Data"/> is returned.</param>
    /// <param name="endOfStream">True once the stream has ended: a last line without its line end is processed.</param>
    public SseFrameKind TryReadFrame(out ReadOnlySpan<byte> payload, bool endOfStream = false)
    {
        payload = default;
        if (!_bomChecked && !SkipBom(endOfStream)) return SseFrameKind.NeedMoreData;

        while (true)
        {
            var span = _buffer.AsSpan(_start, _end - _start);
            if (_skipLeadingLf && span.Length > 0)
            {
                _skipLeadingLf = false;
                if (span[0] == (byte)'\n')
                {
                    _start++;
                    span = span[1..];
                }
            }

            var lineStart = _start;
            int lineLength;
            var eol = span.IndexOfAny((byte)'\n', (byte)'\r');
            if (eol < 0)
            {
                if (!endOfStream || span.IsEmpty) return SseFrameKind.NeedMoreData;

                // The stream ended inside a line: process it as a line so that a complete last frame is not lost.
                lineLength = span.Length;
                _start = _end;
            }
            else
            {
                lineLength = eol;
                if (span[eol] == (byte)'\r')
                {
                    if (eol + 1 < span.Length)
                    {
                        _start += span[eol + 1] == (byte)'\n' ? eol + 2 : eol + 1;
                    }
                    else
                    {
                        _start += eol + 1;
                        _skipLeadingLf = true;
                    }
                }
                else
                {
                    _start += eol + 1;
                }
            }

            if (lineLength == 0)
            {
                var kind = Dispatch(out payload);
                if (kind != SseFrameKind.NeedMoreData) return kind;
                continue;
            }

            ProcessLine(lineStart, lineLength);
            if (!_hasData || _isJoined) _frameStart = _start; // nothing in the buffer to keep any more
        }
    }

    /// <summary>At the end of the stream: hands out data assembled without its closing blank line.</summary>
    public SseFrameKind TryReadLastFrame(out ReadOnlySpan<byte> payload)
    {
        var kind = TryReadFrame(out payload, endOfStream: true);
        if (kind != SseFrameKind.NeedMoreData) return kind;
        return Dispatch(out payload);
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        if (_joined is not null)
        {
            ArrayPool<byte>.Shared.Return(_joined);
            _joined = null;
        }
    }

    private SseFrameKind Dispatch(out ReadOnlySpan<byte> payload)
    {
        payload = default;
        var kind = SseFrameKind.NeedMoreData;
        if (_hasData)
        {
            payload = _isJoined ? _joined.AsSpan(0, _joinedLength) : _buffer.AsSpan(_dataOffset, _dataLength);
            kind = SseFrameKind.Data;
        }
        else if (_eventIsPing)
        {
            kind = SseFrameKind.Ping;
        }

        _hasData = false;
        _isJoined = false;
        _joinedLength = 0;
        _eventIsPing = false;
        _frameStart = _start;
        return kind;
    }

    private void ProcessLine(int offset, int length)
    {
        var line = _buffer.AsSpan(offset, length);
        if (line[0] == (byte)':') return; // a comment

        var colon = line.IndexOf((byte)':');
        var name = colon < 0 ? line : line[..colon];
        var valueOffset = colon < 0 ? offset + length : offset + colon + 1;
        if (colon >= 0 && valueOffset < offset + length && _buffer[valueOffset] == (byte)' ') valueOffset++;
        var valueLength = offset + length - valueOffset;

        if (name.SequenceEqual("data"u8))
        {
            AppendData(valueOffset, valueLength);
        }
        else if (name.SequenceEqual("event"u8))
        {
            _eventIsPing = _buffer.AsSpan(valueOffset, valueLength).SequenceEqual("ping"u8);
        }

        // id, retry and unknown fields are ignored: Dify sends none of them.
    }

    private void AppendData(int offset, int length)
    {
        if (!_hasData)
        {
            _hasData = true;
            _dataOffset = offset;
            _dataLength = length;
            return;
        }

        // A second data line: join with LF into a separate buffer, as SSE says.
        if (!_isJoined)
        {
            _isJoined = true;
            _joinedLength = 0;
            AppendJoined(_buffer.AsSpan(_dataOffset, _dataLength));
        }

        AppendJoined("\n"u8);
        AppendJoined(_buffer.AsSpan(offset, length));
    }

    private void AppendJoined(ReadOnlySpan<byte> bytes)
    {
        var needed = _joinedLength + bytes.Length;
        if (needed > _maxFrameBytes)
            throw new DifyStreamFormatException($"A stream event is larger than the limit of {_maxFrameBytes} bytes.");
        if (_joined is null || _joined.Length < needed)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, Math.Max(1024, (_joined?.Length ?? 0) * 2)));
            if (_joined is not null)
            {
                _joined.AsSpan(0, _joinedLength).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(_joined);
            }

            _joined = bigger;
        }

        bytes.CopyTo(_joined.AsSpan(_joinedLength));
        _joinedLength = needed;
    }

    private bool SkipBom(bool endOfStream)
    {
        var available = _buffer.AsSpan(_start, _end - _start);
        ReadOnlySpan<byte> bom = [0xEF, 0xBB, 0xBF];
        if (available.Length < bom.Length && !endOfStream && bom.StartsWith(available)) return false; // wait for 3 bytes
        if (available.StartsWith(bom)) _start += bom.Length;
        _bomChecked = true;
        _frameStart = _start;
        return true;
    }
}
