using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.X509;
using CmsAttribute = Org.BouncyCastle.Asn1.Cms.Attribute;

namespace Elena.Sdk.Crypto.Cms;

/// <summary>
/// Write-only stream that signs and encrypts in one pass: the payload is hashed and, wrapped as the content of
/// a SignedData (BER, indefinite lengths), encrypted with AES-256-CBC into the content of an EnvelopedData that
/// goes to the output as it is produced. Disposing the stream signs the digest and finishes both structures.
/// Memory is bounded by the chunk size (1 MiB).
/// </summary>
internal sealed class SealingStream : Stream
{
    internal const int ChunkSize = 1 << 20;
    private const int ChunkHeaderSize = 5; // 04 83 xx xx xx for a full 1 MiB chunk
    private const int BufferSize = ChunkSize + 256 + 16;

    private readonly Stream _output;
    private readonly bool _leaveOpen;
    private readonly SealOptions _options;
    private readonly bool _pss;
    private readonly Aes _aes;
    private readonly ICryptoTransform _encryptor;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    // Two stages and two cipher buffers: while one chunk is encrypted on a worker thread, the caller fills the
    // other stage and the finished chunk is hashed and written out. Pooled, cleared on return (they hold plaintext).
    private readonly byte[][] _stages = [Rent(), Rent()];
    private readonly byte[][] _ciphers = [Rent(), Rent()];
    private int _current;
    private Task<int>? _encrypting; // encryption of the previous chunk into _ciphers[1 - _current]
    private int _pendingStart;   // first plaintext byte not yet encrypted
    private int _dataStart;      // where the current chunk's payload begins (after its reserved header)
    private int _dataLength;     // payload bytes in the current chunk
    private bool _anyChunk;
    private bool _completed;

    public SealingStream(Stream output, bool leaveOpen, SealOptions options, IReadOnlyList<X509Certificate2> recipients)
    {
        _output = output;
        _leaveOpen = leaveOpen;
        _options = options;
        _pss = options.Signature switch
        {
            SignatureScheme.Pss => true,
            SignatureScheme.Pkcs1 => false,
            _ => CmsAlgorithms.IsPssCertificate(options.SignerCertificate),
        };

        byte[] key = RandomNumberGenerator.GetBytes(32);
        byte[] iv = RandomNumberGenerator.GetBytes(16);
        _aes = Aes.Create();
        _aes.Key = key;
        _encryptor = _aes.CreateEncryptor(key, iv);
        var recipientInfos = new Asn1EncodableVector();
        foreach (var recipient in recipients)
        {
            recipientInfos.Add(CmsAlgorithms.KeyTransport(recipient, key));
        }

        CryptographicOperations.ZeroMemory(key);
        var contentAlgorithm = new AlgorithmIdentifier(CmsAlgorithms.Aes256Cbc, new DerOctetString(iv));

        // ContentInfo { envelopedData, [0] EnvelopedData { version 0, recipientInfos, EncryptedContentInfo { data, aes256-CBC(iv), [0] … } } }
        using var prefix = new MemoryStream();
        prefix.Write([Ber.Sequence, 0x80]);
        prefix.Write(Ber.IdEnvelopedData);
        prefix.Write([Ber.ContextConstructed0, 0x80, Ber.Sequence, 0x80, Ber.Integer, 0x01, 0x00]);
        prefix.Write(new DerSet(recipientInfos).GetEncoded(Asn1Encodable.Der));
        prefix.Write([Ber.Sequence, 0x80]);
        prefix.Write(Ber.IdData);
        prefix.Write(contentAlgorithm.GetEncoded(Asn1Encodable.Der));
        prefix.Write([Ber.ContextConstructed0, 0x80]);
        _output.Write(prefix.GetBuffer(), 0, (int)prefix.Length);

        // Plaintext: ContentInfo { signedData, [0] SignedData { version 1, { sha256 }, { data, [0] OCTET STRING (constructed) … } } }
        int p = 0;
        ReadOnlySpan<byte> head = [Ber.Sequence, 0x80];
        head.CopyTo(Stage.AsSpan(p)); p += head.Length;
        Ber.IdSignedData.CopyTo(Stage.AsSpan(p)); p += Ber.IdSignedData.Length;
        ReadOnlySpan<byte> signedDataHead = [Ber.ContextConstructed0, 0x80, Ber.Sequence, 0x80, Ber.Integer, 0x01, 0x01, Ber.Set, 0x0F];
        signedDataHead.CopyTo(Stage.AsSpan(p)); p += signedDataHead.Length;
        Ber.Sha256AlgorithmIdentifier.CopyTo(Stage.AsSpan(p)); p += Ber.Sha256AlgorithmIdentifier.Length;
        head.CopyTo(Stage.AsSpan(p)); p += head.Length;
        Ber.IdData.CopyTo(Stage.AsSpan(p)); p += Ber.IdData.Length;
        ReadOnlySpan<byte> contentHead = [Ber.ContextConstructed0, 0x80, Ber.ConstructedOctetString, 0x80];
        contentHead.CopyTo(Stage.AsSpan(p)); p += contentHead.Length;
        _pendingStart = 0;
        _dataStart = p + ChunkHeaderSize;
    }

    private byte[] Stage => _stages[_current];

    private static byte[] Rent() => System.Buffers.ArrayPool<byte>.Shared.Rent(BufferSize);

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => !_completed;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush() => _output.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => _output.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        while (!buffer.IsEmpty)
        {
            int take = Math.Min(buffer.Length, ChunkSize - _dataLength);
            buffer[..take].CopyTo(Stage.AsSpan(_dataStart + _dataLength));
            _dataLength += take;
            buffer = buffer[take..];
            if (_dataLength == ChunkSize)
            {
                var (previous, length) = SealChunk();
                _output.Write(previous, 0, length);
                _hash.AppendData(_stages[1 - _current], _lastDataStart, _lastDataLength);
            }
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        while (!buffer.IsEmpty)
        {
            int take = Math.Min(buffer.Length, ChunkSize - _dataLength);
            buffer.Span[..take].CopyTo(Stage.AsSpan(_dataStart + _dataLength));
            _dataLength += take;
            buffer = buffer[take..];
            if (_dataLength == ChunkSize)
            {
                var (previous, length) = SealChunk();
                await _output.WriteAsync(previous.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
                _hash.AppendData(_stages[1 - _current], _lastDataStart, _lastDataLength);
            }
        }
    }

    private int _lastDataStart;
    private int _lastDataLength;

    /// <summary>
    /// Closes the current payload chunk and starts its encryption on a worker thread. Returns the previous chunk's
    /// ciphertext (ready to write) and switches to the other stage. The caller then hashes the closed chunk
    /// (<see cref="_lastDataStart"/>, <see cref="_lastDataLength"/> in the previous stage) while it is encrypted.
    /// </summary>
    private (byte[] Previous, int Length) SealChunk()
    {
        var stage = Stage;
        int header = Ber.HeaderSize(_dataLength);
        int headerStart = _dataStart - header;
        if (header < ChunkHeaderSize)
        {
            // A shorter final chunk: move the few pending bytes (carry + prefix) up to close the gap.
            int shift = ChunkHeaderSize - header;
            int pendingLength = _dataStart - ChunkHeaderSize - _pendingStart;
            Buffer.BlockCopy(stage, _pendingStart, stage, _pendingStart + shift, pendingLength);
            _pendingStart += shift;
        }

        Ber.WriteHeader(stage.AsSpan(headerStart), Ber.OctetString, _dataLength);
        int end = _dataStart + _dataLength;
        int blocks = (end - _pendingStart) / 16 * 16;
        int carry = end - _pendingStart - blocks;

        // The previous encryption read the other stage and wrote the other cipher buffer: wait before reusing them.
        int previousLength = _encrypting?.GetAwaiter().GetResult() ?? 0;
        int next = 1 - _current;
        Buffer.BlockCopy(stage, _pendingStart + blocks, _stages[next], 0, carry);
        int start = _pendingStart;
        var cipher = _ciphers[_current];
        _encrypting = blocks >= 64 * 1024
            ? Task.Run(() => Encrypt(stage, start, blocks, cipher))
            : Task.FromResult(Encrypt(stage, start, blocks, cipher));

        _lastDataStart = _dataStart;
        _lastDataLength = _dataLength;
        _current = next;
        _pendingStart = 0;
        _dataStart = carry + ChunkHeaderSize;
        _dataLength = 0;
        _anyChunk = true;
        return (_ciphers[next], previousLength);
    }

    /// <summary>Encrypts whole blocks into <paramref name="cipher"/> behind an OCTET STRING header; returns the total length.</summary>
    private int Encrypt(byte[] source, int offset, int count, byte[] cipher)
    {
        if (count == 0)
        {
            return 0;
        }

        int header = Ber.WriteHeader(cipher, Ber.OctetString, count);
        int written = _encryptor.TransformBlock(source, offset, count, cipher, header);
        return header + written;
    }

    /// <summary>Closes the last chunk, signs, and returns the remaining output (after writing what was pending).</summary>
    private byte[] Finish(Action<byte[], int> write)
    {
        if (_dataLength > 0 || !_anyChunk)
        {
            var (previous, length) = SealChunk();
            write(previous, length);
            _hash.AppendData(_stages[1 - _current], _lastDataStart, _lastDataLength);
        }

        int last = _encrypting?.GetAwaiter().GetResult() ?? 0;
        _encrypting = null;
        write(_ciphers[1 - _current], last);

        // The current stage holds only the carry (< 16 bytes) at 0.._dataStart - ChunkHeaderSize.
        int carry = _dataStart - ChunkHeaderSize;
        byte[] digest = _hash.GetHashAndReset();
        byte[] trailer = BuildSignedDataTrailer(digest);
        byte[] plain = new byte[carry + trailer.Length];
        Buffer.BlockCopy(Stage, 0, plain, 0, carry);
        Buffer.BlockCopy(trailer, 0, plain, carry, trailer.Length);
        byte[] final = _encryptor.TransformFinalBlock(plain, 0, plain.Length);

        using var tail = new MemoryStream();
        Span<byte> header = stackalloc byte[6];
        int h = Ber.WriteHeader(header, Ber.OctetString, final.Length);
        tail.Write(header[..h]);
        tail.Write(final);

        // End of encryptedContent [0], EncryptedContentInfo, EnvelopedData, [0], ContentInfo.
        tail.Write(new byte[10]);
        return tail.ToArray();
    }

    private byte[] BuildSignedDataTrailer(byte[] digest)
    {
        var certificate = _options.SignerCertificate;
        var signingTime = _options.TimeProvider.GetUtcNow().UtcDateTime;
        var signedAttributes = new DerSet(new Asn1EncodableVector
        {
            new CmsAttribute(CmsAttributes.ContentType, new DerSet(CmsObjectIdentifiers.Data)),
            new CmsAttribute(CmsAttributes.SigningTime, new DerSet(new Org.BouncyCastle.Asn1.Cms.Time(signingTime))),
            new CmsAttribute(CmsAttributes.MessageDigest, new DerSet(new DerOctetString(digest))),
        });
        byte[] signature = _options.SignerKey.SignData(signedAttributes.GetEncoded(Asn1Encodable.Der), HashAlgorithmName.SHA256,
            _pss ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1);
        var signerInfo = new SignerInfo(
            new SignerIdentifier(CmsAlgorithms.IssuerAndSerial(certificate)),
            CmsAlgorithms.Sha256,
            signedAttributes,
            _pss ? CmsAlgorithms.RsassaPss : CmsAlgorithms.Sha256WithRsa,
            new DerOctetString(signature),
            null);

        var certificates = new Asn1EncodableVector { Asn1Object.FromByteArray(certificate.RawData) };
        foreach (var extra in _options.AdditionalCertificates)
        {
            certificates.Add(Asn1Object.FromByteArray(extra.RawData));
        }

        using var trailer = new MemoryStream();
        trailer.Write(new byte[6]); // end of OCTET STRING, [0] eContent, EncapsulatedContentInfo
        trailer.Write(new DerTaggedObject(false, 0, new DerSet(certificates)).GetEncoded(Asn1Encodable.Der));
        trailer.Write(new DerSet(signerInfo).GetEncoded(Asn1Encodable.Der));
        trailer.Write(new byte[6]); // end of SignedData, [0], ContentInfo
        return trailer.ToArray();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_completed)
        {
            _completed = true;
            try
            {
                byte[] tail = Finish((buffer, length) => _output.Write(buffer, 0, length));
                _output.Write(tail);
                _output.Flush();
            }
            finally
            {
                Release();
            }
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_completed)
        {
            _completed = true;
            try
            {
                var pending = new List<byte[]>(2);
                byte[] tail = Finish((buffer, length) => pending.Add(buffer.AsSpan(0, length).ToArray()));
                foreach (var part in pending)
                {
                    await _output.WriteAsync(part).ConfigureAwait(false);
                }

                await _output.WriteAsync(tail).ConfigureAwait(false);
                await _output.FlushAsync().ConfigureAwait(false);
            }
            finally
            {
                Release();
            }
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }

    private void Release()
    {
        try
        {
            _encrypting?.GetAwaiter().GetResult();
        }
        catch (CryptographicException)
        {
            // Already failing; the buffers are released below either way.
        }

        _encryptor.Dispose();
        _aes.Dispose();
        _hash.Dispose();
        foreach (var buffer in _stages.Concat(_ciphers))
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
        if (!_leaveOpen)
        {
            _output.Dispose();
        }
    }
}
