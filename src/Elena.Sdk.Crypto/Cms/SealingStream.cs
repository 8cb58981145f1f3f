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
    private const int ParallelHashThreshold = 64 * 1024;

    private readonly Stream _output;
    private readonly bool _leaveOpen;
    private readonly SealOptions _options;
    private readonly bool _pss;
    private readonly Aes _aes;
    private readonly ICryptoTransform _encryptor;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] _stage = new byte[ChunkSize + 256];
    private readonly byte[] _cipher = new byte[ChunkSize + 256 + 16];
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
        head.CopyTo(_stage.AsSpan(p)); p += head.Length;
        Ber.IdSignedData.CopyTo(_stage.AsSpan(p)); p += Ber.IdSignedData.Length;
        ReadOnlySpan<byte> signedDataHead = [Ber.ContextConstructed0, 0x80, Ber.Sequence, 0x80, Ber.Integer, 0x01, 0x01, Ber.Set, 0x0F];
        signedDataHead.CopyTo(_stage.AsSpan(p)); p += signedDataHead.Length;
        Ber.Sha256AlgorithmIdentifier.CopyTo(_stage.AsSpan(p)); p += Ber.Sha256AlgorithmIdentifier.Length;
        head.CopyTo(_stage.AsSpan(p)); p += head.Length;
        Ber.IdData.CopyTo(_stage.AsSpan(p)); p += Ber.IdData.Length;
        ReadOnlySpan<byte> contentHead = [Ber.ContextConstructed0, 0x80, Ber.ConstructedOctetString, 0x80];
        contentHead.CopyTo(_stage.AsSpan(p)); p += contentHead.Length;
        _pendingStart = 0;
        _dataStart = p + ChunkHeaderSize;
    }

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
            buffer[..take].CopyTo(_stage.AsSpan(_dataStart + _dataLength));
            _dataLength += take;
            buffer = buffer[take..];
            if (_dataLength == ChunkSize)
            {
                int n = SealChunk();
                _output.Write(_cipher, 0, n);
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
            buffer.Span[..take].CopyTo(_stage.AsSpan(_dataStart + _dataLength));
            _dataLength += take;
            buffer = buffer[take..];
            if (_dataLength == ChunkSize)
            {
                int n = SealChunk();
                await _output.WriteAsync(_cipher.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Closes the current payload chunk: header, hash, encrypt whole blocks; returns the bytes of output in <see cref="_cipher"/>.</summary>
    private int SealChunk()
    {
        int header = Ber.HeaderSize(_dataLength);
        int headerStart = _dataStart - header;
        if (header < ChunkHeaderSize)
        {
            // A shorter final chunk: move the few pending bytes (carry + prefix) up to close the gap.
            int shift = ChunkHeaderSize - header;
            int pendingLength = _dataStart - ChunkHeaderSize - _pendingStart;
            Buffer.BlockCopy(_stage, _pendingStart, _stage, _pendingStart + shift, pendingLength);
            _pendingStart += shift;
        }

        Ber.WriteHeader(_stage.AsSpan(headerStart), Ber.OctetString, _dataLength);
        var data = new ArraySegment<byte>(_stage, _dataStart, _dataLength);
        Task? hashing = _dataLength >= ParallelHashThreshold ? Task.Run(() => _hash.AppendData(data)) : null;
        if (hashing is null)
        {
            _hash.AppendData(data);
        }

        int end = _dataStart + _dataLength;
        int blocks = (end - _pendingStart) / 16 * 16;
        int n = Encrypt(_stage, _pendingStart, blocks);
        int carry = end - _pendingStart - blocks;
        hashing?.GetAwaiter().GetResult();
        Buffer.BlockCopy(_stage, _pendingStart + blocks, _stage, 0, carry);
        _pendingStart = 0;
        _dataStart = carry + ChunkHeaderSize;
        _dataLength = 0;
        _anyChunk = true;
        return n;
    }

    /// <summary>Encrypts whole blocks into <see cref="_cipher"/> behind an OCTET STRING header; returns the total length.</summary>
    private int Encrypt(byte[] source, int offset, int count)
    {
        if (count == 0)
        {
            return 0;
        }

        int header = Ber.WriteHeader(_cipher, Ber.OctetString, count);
        int written = _encryptor.TransformBlock(source, offset, count, _cipher, header);
        return header + written;
    }

    private byte[] Finish()
    {
        if (_dataLength > 0 || !_anyChunk)
        {
            int n = SealChunk();
            if (n > 0)
            {
                _output.Write(_cipher, 0, n);
            }
        }

        // After SealChunk the stage holds only the carry (< 16 bytes) at 0.._dataStart - ChunkHeaderSize.
        int carry = _dataStart - ChunkHeaderSize;
        byte[] digest = _hash.GetHashAndReset();
        byte[] trailer = BuildSignedDataTrailer(digest);
        byte[] plain = new byte[carry + trailer.Length];
        Buffer.BlockCopy(_stage, 0, plain, 0, carry);
        Buffer.BlockCopy(trailer, 0, plain, carry, trailer.Length);
        byte[] last = _encryptor.TransformFinalBlock(plain, 0, plain.Length);

        using var tail = new MemoryStream();
        Span<byte> header = stackalloc byte[6];
        int h = Ber.WriteHeader(header, Ber.OctetString, last.Length);
        tail.Write(header[..h]);
        tail.Write(last);

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
                byte[] tail = Finish();
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
                byte[] tail = Finish();
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
        _encryptor.Dispose();
        _aes.Dispose();
        _hash.Dispose();
        CryptographicOperations.ZeroMemory(_stage);
        if (!_leaveOpen)
        {
            _output.Dispose();
        }
    }
}
