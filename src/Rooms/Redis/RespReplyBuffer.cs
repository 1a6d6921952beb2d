using System.Text;

namespace KafkaRooms.Rooms.Redis;

/// <summary>
/// What a plain RESP connection received from Redis and has not read yet (the change feed's
/// <c>Reading/RespConnection</c>, <see cref="InlineScriptConnection"/>): a line or a bulk string's
/// body is taken once it is buffered whole; each connection fills the buffer from its socket its
/// own way, blocking or asynchronously.
/// </summary>
internal sealed class RespReplyBuffer(int initialSize)
{
    private byte[] _buffer = new byte[initialSize];
    private int _start;
    private int _end;

    /// <summary>
    /// Takes the next line, without its CRLF, if it is buffered whole; otherwise returns null and
    /// how many unread bytes there must be at least before it can be.
    /// </summary>
    public string? TryTakeLine(out int needed)
    {
        var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
        if (newline < 0)
        {
            needed = _end - _start + 1;
            return null;
        }

        if (newline - _start < 2 || _buffer[newline - 1] != '\r')
        {
            throw new InvalidDataException("Malformed RESP line.");
        }

        var line = Encoding.UTF8.GetString(_buffer, _start, newline - 1 - _start);
        _start = newline + 1;
        needed = 0;
        return line;
    }

    /// <summary>Takes a bulk string's body of <paramref name="length"/> bytes and its CRLF if they are buffered; otherwise null.</summary>
    public string? TryTakeBody(int length)
    {
        if (_end - _start < length + 2)
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(_buffer, _start, length);
        _start += length + 2;
        return text;
    }

    /// <summary>
    /// Where the next received bytes go, making room for <paramref name="unread"/> unread bytes in
    /// all (more than are buffered, so the space is never empty); then <see cref="Received"/>.
    /// </summary>
    public Memory<byte> FreeSpace(int unread)
    {
        if (_buffer.Length - _start < unread)
        {
            var target = unread <= _buffer.Length ? _buffer : new byte[Math.Max(_buffer.Length * 2, unread)];
            Buffer.BlockCopy(_buffer, _start, target, 0, _end - _start);
            _end -= _start;
            _start = 0;
            _buffer = target;
        }

        return _buffer.AsMemory(_end);
    }

    public void Received(int count) => _end += count;
}
