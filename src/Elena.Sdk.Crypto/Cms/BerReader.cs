namespace Elena.Sdk.Crypto.Cms;

/// <summary>
/// A forward-only BER reader over a stream, for the streaming parts of CMS: headers with definite or indefinite
/// lengths, small elements read whole (for BouncyCastle to parse), and OCTET STRING contents streamed.
/// </summary>
internal sealed class BerReader
{
    private readonly Stream _stream;
    private readonly byte[] _buffer;
    private int _position;
    private int _count;
    private bool _end;

    public BerReader(Stream stream, int bufferSize = 64 * 1024)
    {
        _stream = stream;
        _buffer = new byte[bufferSize];
    }

    private static SecureMessageException Malformed(string what) => new(SecureMessageError.Malformed, $"The message is not a valid CMS structure: {what}.");

    private bool Fill()
    {
        if (_end)
        {
            return false;
        }

        if (_position < _count)
        {
            Buffer.BlockCopy(_buffer, _position, _buffer, 0, _count - _position);
        }

        _count -= _position;
        _position = 0;
        int n = _stream.Read(_buffer, _count, _buffer.Length - _count);
        if (n == 0)
        {
            _end = true;
            return false;
        }

        _count += n;
        return true;
    }

    private byte ReadByte()
    {
        if (_position == _count && !Fill())
        {
            throw Malformed("it ends early");
        }

        return _buffer[_position++];
    }

    /// <summary>The next tag without consuming it, or -1 at the end of the stream.</summary>
    public int PeekTag()
    {
        if (_position == _count && !Fill())
        {
            return -1;
        }

        return _buffer[_position];
    }

    /// <summary>Reads a tag and length; length -1 means indefinite.</summary>
    public (int Tag, long Length) ReadHeader()
    {
        int tag = ReadByte();
        if ((tag & 0x1F) == 0x1F)
        {
            throw Malformed("high tag numbers are not used in CMS");
        }

        int first = ReadByte();
        if (first < 0x80)
        {
            return (tag, first);
        }

        if (first == 0x80)
        {
            if ((tag & 0x20) == 0)
            {
                throw Malformed("a primitive element with indefinite length");
            }

            return (tag, -1);
        }

        int bytes = first & 0x7F;
        if (bytes > 7)
        {
            throw Malformed("a length of more than 7 bytes");
        }

        long length = 0;
        for (int i = 0; i < bytes; i++)
        {
            length = (length << 8) | ReadByte();
        }

        return (tag, length);
    }

    public void Expect(int tag, string what)
    {
        var (actual, _) = ReadHeader();
        if (actual != tag)
        {
            throw Malformed($"expected {what}");
        }
    }

    /// <summary>Expects a constructed element and returns its length (-1 = indefinite).</summary>
    public long ExpectConstructed(int tag, string what)
    {
        var (actual, length) = ReadHeader();
        if (actual != tag)
        {
            throw Malformed($"expected {what}");
        }

        return length;
    }

    /// <summary>Reads <paramref name="length"/> content bytes.</summary>
    public byte[] ReadBytes(long length)
    {
        if (length < 0 || length > 16 * 1024 * 1024)
        {
            throw Malformed("an element is too long");
        }

        var result = new byte[length];
        int done = 0;
        while (done < length)
        {
            if (_position == _count && !Fill())
            {
                throw Malformed("it ends early");
            }

            int take = (int)Math.Min(length - done, _count - _position);
            Buffer.BlockCopy(_buffer, _position, result, done, take);
            _position += take;
            done += take;
        }

        return result;
    }

    /// <summary>Reads an OBJECT IDENTIFIER element and returns its content bytes.</summary>
    public byte[] ReadOid()
    {
        var (tag, length) = ReadHeader();
        if (tag != Ber.Oid || length < 0)
        {
            throw Malformed("expected an object identifier");
        }

        return ReadBytes(length);
    }

    /// <summary>Reads a whole element; indefinite lengths inside are re-encoded as definite lengths.</summary>
    public byte[] ReadElement()
    {
        using var raw = new MemoryStream();
        CopyElement(raw, 0);
        return raw.ToArray();
    }

    private void CopyElement(MemoryStream raw, int depth)
    {
        if (depth > 32)
        {
            throw Malformed("nesting too deep");
        }

        var (tag, length) = ReadHeader();
        if (length >= 0)
        {
            Span<byte> header = stackalloc byte[10];
            header[0] = (byte)tag;
            int h = WriteLength(header[1..], length);
            raw.Write(header[..(1 + h)]);
            raw.Write(ReadBytes(length));
            return;
        }

        // Indefinite: re-encode with a definite length so BouncyCastle gets a DER-like element.
        using var inner = new MemoryStream();
        while (!TryReadEoc())
        {
            CopyElement(inner, depth + 1);
        }

        Span<byte> head = stackalloc byte[10];
        head[0] = (byte)tag;
        int n = WriteLength(head[1..], inner.Length);
        raw.Write(head[..(1 + n)]);
        inner.WriteTo(raw);
    }

    private static int WriteLength(Span<byte> destination, long length)
    {
        if (length < 0x80)
        {
            destination[0] = (byte)length;
            return 1;
        }

        int bytes = 0;
        for (long v = length; v > 0; v >>= 8)
        {
            bytes++;
        }

        destination[0] = (byte)(0x80 | bytes);
        for (int i = 0; i < bytes; i++)
        {
            destination[1 + i] = (byte)(length >> (8 * (bytes - 1 - i)));
        }

        return 1 + bytes;
    }

    /// <summary>Consumes an end-of-contents marker (00 00) if one is next.</summary>
    public bool TryReadEoc()
    {
        if (PeekTag() != 0)
        {
            return false;
        }

        var (_, length) = ReadHeader();
        if (length != 0)
        {
            throw Malformed("a bad end-of-contents marker");
        }

        return true;
    }

    public void ExpectEoc(string what)
    {
        if (!TryReadEoc())
        {
            throw Malformed($"expected the end of {what}");
        }
    }

    /// <summary>Ends an element: an end-of-contents marker for indefinite length; nothing for definite.</summary>
    public void EndConstructed(long length, string what)
    {
        if (length < 0)
        {
            ExpectEoc(what);
        }
    }

    /// <summary>Skips an element.</summary>
    public void Skip() => ReadElement();

    /// <summary>
    /// Reads into <paramref name="destination"/> from the current position, at most <paramref name="max"/> bytes;
    /// returns 0 only at the end of the underlying stream.
    /// </summary>
    public int ReadRaw(Span<byte> destination, long max)
    {
        int want = (int)Math.Min(destination.Length, max);
        if (want == 0)
        {
            return 0;
        }

        if (_position < _count)
        {
            int take = Math.Min(want, _count - _position);
            _buffer.AsSpan(_position, take).CopyTo(destination);
            _position += take;
            return take;
        }

        if (_end)
        {
            return 0;
        }

        // Large reads go straight from the stream into the destination.
        if (want >= _buffer.Length / 2)
        {
            int n = _stream.Read(destination[..want]);
            if (n == 0)
            {
                _end = true;
            }

            return n;
        }

        if (!Fill())
        {
            return 0;
        }

        return ReadRaw(destination, max);
    }

    /// <summary>Opens the content of an OCTET STRING whose header was just read (primitive or constructed, any length form).</summary>
    public Stream OpenOctetString(int tag, long length) => new OctetStringStream(this, tag, length);

    /// <summary>Streams the content of a primitive or constructed OCTET STRING.</summary>
    private sealed class OctetStringStream : ForwardReadStream
    {
        private readonly BerReader _reader;
        private readonly Stack<long> _outer = new(); // remaining bytes of enclosing definite constructed strings (-1 = indefinite)
        private long _remaining; // bytes left in the current primitive segment
        private bool _done;

        public OctetStringStream(BerReader reader, int tag, long length)
        {
            _reader = reader;
            if ((tag & 0x20) == 0)
            {
                _remaining = length;
            }
            else
            {
                _outer.Push(length);
                _remaining = 0;
            }
        }

        public override int Read(Span<byte> buffer)
        {
            while (_remaining == 0)
            {
                if (_done || !NextSegment())
                {
                    _done = true;
                    return 0;
                }
            }

            int n = _reader.ReadRaw(buffer, _remaining);
            if (n == 0)
            {
                throw Malformed("an octet string ends early");
            }

            _remaining -= n;
            return n;
        }

        private bool NextSegment()
        {
            while (_outer.Count > 0)
            {
                long left = _outer.Peek();
                if (left == 0)
                {
                    _outer.Pop();
                    continue;
                }

                if (left < 0 && _reader.TryReadEoc())
                {
                    _outer.Pop();
                    continue;
                }

                var (tag, length) = _reader.ReadHeader();
                if (left > 0)
                {
                    _outer.Pop();
                    _outer.Push(left - HeaderLength(length) - Math.Max(length, 0));
                }

                if ((tag & 0x20) != 0)
                {
                    _outer.Push(length);
                    continue;
                }

                if (tag != Ber.OctetString || length < 0)
                {
                    throw Malformed("a segment of an octet string is not an octet string");
                }

                // The segment's header and content were already subtracted from a definite enclosing count.
                _remaining = length;
                return true;
            }

            return false;
        }

        private static long HeaderLength(long length)
            => length < 0 ? 2 : length < 0x80 ? 2 : 2 + (64 - long.LeadingZeroCount(length) + 7) / 8;

    }
}
