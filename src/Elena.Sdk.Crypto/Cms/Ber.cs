namespace Elena.Sdk.Crypto.Cms;

/// <summary>The few BER/DER encodings the streaming CMS writer needs, and object identifiers.</summary>
internal static class Ber
{
    public const byte Sequence = 0x30;
    public const byte Set = 0x31;
    public const byte OctetString = 0x04;
    public const byte ConstructedOctetString = 0x24;
    public const byte Oid = 0x06;
    public const byte Integer = 0x02;
    public const byte ContextConstructed0 = 0xA0;
    public const byte ContextConstructed1 = 0xA1;
    public const byte ContextPrimitive0 = 0x80;

    // DER encodings of the object identifiers (tag + length + value).
    public static ReadOnlySpan<byte> IdData => [0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x01];

    public static ReadOnlySpan<byte> IdSignedData => [0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02];

    public static ReadOnlySpan<byte> IdEnvelopedData => [0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x03];

    /// <summary>AlgorithmIdentifier { id-sha256, NULL }.</summary>
    public static ReadOnlySpan<byte> Sha256AlgorithmIdentifier => [0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00];

    /// <summary>The DER header of a primitive element with a definite length.</summary>
    public static int WriteHeader(Span<byte> destination, byte tag, int length)
    {
        destination[0] = tag;
        if (length < 0x80)
        {
            destination[1] = (byte)length;
            return 2;
        }

        int bytes = length <= 0xFF ? 1 : length <= 0xFFFF ? 2 : length <= 0xFFFFFF ? 3 : 4;
        destination[1] = (byte)(0x80 | bytes);
        for (int i = 0; i < bytes; i++)
        {
            destination[2 + i] = (byte)(length >> (8 * (bytes - 1 - i)));
        }

        return 2 + bytes;
    }

    /// <summary>The size of a header for a given content length.</summary>
    public static int HeaderSize(int length) => length < 0x80 ? 2 : length <= 0xFF ? 3 : length <= 0xFFFF ? 4 : length <= 0xFFFFFF ? 5 : 6;
}
