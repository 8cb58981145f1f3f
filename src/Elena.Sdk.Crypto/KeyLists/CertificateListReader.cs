using System.Buffers;
using System.Buffers.Text;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Elena.Sdk.Crypto.KeyLists;

/// <summary>
/// Splits a certificate list into blocks and decodes them. A block is one of: blank-line separated base64 text
/// (the ITSG format; lines may be wrapped), a PEM <c>CERTIFICATE</c> block, or one binary DER certificate (starts
/// with byte <c>0x30</c>). The kinds may be mixed in one file.
/// </summary>
internal static class CertificateListReader
{
    private const byte Sequence = 0x30;

    public static List<X509Certificate2> Read(ReadOnlySpan<byte> data)
    {
        var certificates = new List<X509Certificate2>();
        int position = data.StartsWith("\uFEFF"u8) ? 3 : 0;
        int block = 0;
        while (true)
        {
            position = SkipWhitespace(data, position);
            if (position >= data.Length)
            {
                return certificates;
            }

            block++;
            var context = new BlockContext(block, position);
            if (data[position] == Sequence)
            {
                position += ReadDerCertificate(data[position..], context, certificates);
            }
            else if (data[position..].StartsWith("-----BEGIN "u8))
            {
                position += ReadPem(data[position..], context, certificates);
            }
            else
            {
                position += ReadBase64Block(data[position..], context, certificates);
            }
        }
    }

    /// <summary>Reads one DER certificate at the start of <paramref name="data"/>; returns its length.</summary>
    private static int ReadDerCertificate(ReadOnlySpan<byte> data, BlockContext context, List<X509Certificate2> certificates)
    {
        int length;
        try
        {
            AsnDecoder.ReadEncodedValue(data, AsnEncodingRules.BER, out _, out _, out length);
        }
        catch (AsnContentException e)
        {
            throw context.Fail("the binary DER certificate is truncated or malformed.", e);
        }

        certificates.Add(Load(data[..length], context));
        return length;
    }

    private static int ReadPem(ReadOnlySpan<byte> data, BlockContext context, List<X509Certificate2> certificates)
    {
        ReadOnlySpan<byte> begin = "-----BEGIN "u8;
        int lineEnd = data.IndexOf((byte)'\n');
        var firstLine = lineEnd < 0 ? data : data[..lineEnd];
        int labelEnd = firstLine[begin.Length..].IndexOf("-----"u8);
        if (labelEnd < 0)
        {
            throw context.Fail("the PEM header line is malformed.");
        }

        var label = firstLine.Slice(begin.Length, labelEnd);
        if (!label.SequenceEqual("CERTIFICATE"u8) && !label.SequenceEqual("X509 CERTIFICATE"u8))
        {
            throw context.Fail("the PEM block is not a certificate.");
        }

        if (firstLine[(begin.Length + labelEnd + 5)..].IndexOfAnyExcept(" \t\r"u8) >= 0)
        {
            throw context.Fail("the PEM header line is malformed.");
        }

        int bodyStart = lineEnd < 0 ? data.Length : lineEnd + 1;
        Span<byte> endMarker = stackalloc byte[9 + label.Length + 5];
        "-----END "u8.CopyTo(endMarker);
        label.CopyTo(endMarker[9..]);
        "-----"u8.CopyTo(endMarker[(9 + label.Length)..]);
        int bodyLength = data[bodyStart..].IndexOf(endMarker);
        if (bodyLength < 0)
        {
            throw context.Fail("the PEM block has no END line.");
        }

        DecodeBase64Certificates(data.Slice(bodyStart, bodyLength), context, certificates);
        return bodyStart + bodyLength + endMarker.Length;
    }

    /// <summary>Reads base64 lines up to a blank line, a PEM header line, binary DER or the end; returns the bytes consumed.</summary>
    private static int ReadBase64Block(ReadOnlySpan<byte> data, BlockContext context, List<X509Certificate2> certificates)
    {
        int position = 0;
        while (position < data.Length)
        {
            var rest = data[position..];
            int lineLength = rest.IndexOf((byte)'\n');
            var line = lineLength < 0 ? rest : rest[..lineLength];
            if (position > 0 && (line.IndexOfAnyExcept(" \t\r\f\v"u8) < 0 || line.TrimStart(" \t"u8).StartsWith("-----BEGIN "u8) || StartsBinaryDer(rest)))
            {
                break;
            }

            position += lineLength < 0 ? rest.Length : lineLength + 1;
        }

        DecodeBase64Certificates(data[..position], context, certificates);
        return position;
    }

    /// <summary>Decodes base64 text (whitespace ignored) holding one or more concatenated DER certificates.</summary>
    private static void DecodeBase64Certificates(ReadOnlySpan<byte> text, BlockContext context, List<X509Certificate2> certificates)
    {
        byte[] compact = ArrayPool<byte>.Shared.Rent(Math.Max(text.Length, 4));
        byte[] decoded = ArrayPool<byte>.Shared.Rent(Math.Max(Base64.GetMaxDecodedFromUtf8Length(text.Length), 4));
        try
        {
            int count = 0;
            foreach (byte b in text)
            {
                if (IsWhitespace(b))
                {
                    continue;
                }

                if (!IsBase64(b))
                {
                    throw context.Fail("the base64 text contains a character outside the base64 alphabet.");
                }

                compact[count++] = b;
            }

            if (count == 0)
            {
                throw context.Fail("the block holds no base64 text.");
            }

            var status = Base64.DecodeFromUtf8(compact.AsSpan(0, count), decoded, out int consumed, out int written);
            if (status != OperationStatus.Done || consumed != count)
            {
                throw context.Fail("the base64 text is invalid (wrong length or padding).");
            }

            var der = decoded.AsSpan(0, written);
            if (der.IsEmpty || der[0] != Sequence)
            {
                throw context.Fail("the decoded data is not a DER certificate.");
            }

            while (!der.IsEmpty)
            {
                if (der[0] != Sequence)
                {
                    throw context.Fail("the decoded data has trailing bytes after the certificate.");
                }

                der = der[ReadDerCertificate(der, context, certificates)..];
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(compact);
            ArrayPool<byte>.Shared.Return(decoded);
        }
    }

    private static X509Certificate2 Load(ReadOnlySpan<byte> der, BlockContext context)
    {
        try
        {
            return X509CertificateLoader.LoadCertificate(der);
        }
        catch (CryptographicException e)
        {
            throw context.Fail("the data is not an X.509 certificate.", e);
        }
    }

    /// <summary>
    /// Whether binary DER starts here: a SEQUENCE with a long-form length (every certificate is longer than 127 bytes).
    /// Base64 text never holds a byte above 0x7F, so a base64 line starting with <c>0</c> is not mistaken for it.
    /// </summary>
    private static bool StartsBinaryDer(ReadOnlySpan<byte> data) => data.Length > 1 && data[0] == Sequence && data[1] is >= 0x81 and <= 0x84;

    private static int SkipWhitespace(ReadOnlySpan<byte> data, int position)
    {
        while (position < data.Length && IsWhitespace(data[position]))
        {
            position++;
        }

        return position;
    }

    private static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)'\f' or (byte)'\v';

    private static bool IsBase64(byte b) => char.IsAsciiLetterOrDigit((char)b) || b is (byte)'+' or (byte)'/' or (byte)'=';

    private readonly record struct BlockContext(int Block, long Offset)
    {
        public CertificateListException Fail(string problem, Exception? inner = null) => new(Block, Offset, problem, inner);
    }
}
