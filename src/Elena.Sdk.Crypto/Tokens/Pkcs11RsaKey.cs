using System.Security.Cryptography;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Elena.Sdk.Crypto.Tokens;

/// <summary>
/// An RSA key whose private half stays on a PKCS#11 token. It is an <see cref="RSA"/>, so it serves wherever an RSA
/// private key is expected (<c>CmsSigner</c>, <c>EnvelopedCms.Decrypt</c>, <c>X509SignatureGenerator</c>, …).
/// </summary>
/// <remarks>
/// Signing supports SHA-256 only, with PKCS#1 v1.5 (<c>CKM_RSA_PKCS</c> over the DigestInfo) or PSS
/// (<c>CKM_RSA_PKCS_PSS</c>, MGF1-SHA-256, 32-byte salt). Decryption supports PKCS#1 v1.5 and OAEP with SHA-256.
/// Public-key operations (verify, encrypt, export of the public parameters) run in software. Each signature counts
/// towards the token's <see cref="Pkcs11TokenOptions.MaxSignaturesPerLogin"/>. Disposing the key does not close the token.
/// </remarks>
public sealed class Pkcs11RsaKey : RSA
{
    private static readonly byte[] Sha256DigestInfoPrefix =
        [0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20];

    private readonly Pkcs11Token token;
    private readonly byte[] id;
    private readonly byte[] modulus;
    private readonly byte[] exponent;
    private IObjectHandle? privateHandle;
    private long privateHandleGeneration = -1;
    private volatile bool disposed;

    internal Pkcs11RsaKey(Pkcs11Token token, string label, byte[] id, byte[] modulus, byte[] exponent)
    {
        this.token = token;
        Label = label;
        this.id = (byte[])id.Clone();
        this.modulus = (byte[])modulus.Clone();
        this.exponent = (byte[])exponent.Clone();
        int bits = ((modulus.Length - 1) * 8) + (32 - System.Numerics.BitOperations.LeadingZeroCount((uint)modulus[0]));
        LegalKeySizesValue = [new KeySizes(bits, bits, 0)];
        KeySizeValue = bits;
    }

    /// <summary>The key's <c>CKA_LABEL</c> (empty when it has none).</summary>
    public string Label { get; }

    /// <summary>The key's <c>CKA_ID</c> as lower-case hex (empty when it has none).</summary>
    public string IdHex => Convert.ToHexStringLower(id);

    /// <summary>The key's <c>CKA_ID</c> (a copy; empty when it has none).</summary>
    /// <returns>The id bytes.</returns>
    public byte[] GetId() => (byte[])id.Clone();

    /// <summary>The label of the token the key is on.</summary>
    public string TokenLabel => token.Label;

    internal int ModulusBytes => modulus.Length;

    /// <summary>Exports the public key (modulus and exponent); the private key cannot be exported.</summary>
    /// <param name="includePrivateParameters">Must be <see langword="false"/>.</param>
    /// <returns>The public parameters.</returns>
    /// <exception cref="CryptographicException"><paramref name="includePrivateParameters"/> is <see langword="true"/>.</exception>
    public override RSAParameters ExportParameters(bool includePrivateParameters)
    {
        if (includePrivateParameters)
        {
            throw new CryptographicException(
                $"The private key '{Label}' is on PKCS#11 token '{token.Label}' and cannot be exported (sensitive, not extractable).");
        }

        return new RSAParameters { Modulus = (byte[])modulus.Clone(), Exponent = (byte[])exponent.Clone() };
    }

    /// <summary>Not supported: a token key cannot be replaced.</summary>
    /// <param name="parameters">Ignored.</param>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override void ImportParameters(RSAParameters parameters) =>
        throw new NotSupportedException("A key on a PKCS#11 token cannot be replaced; generate a new key on the token instead.");

    /// <summary>Signs a SHA-256 hash on the token.</summary>
    /// <param name="hash">The 32-byte SHA-256 hash.</param>
    /// <param name="hashAlgorithm">Must be SHA-256.</param>
    /// <param name="padding">PKCS#1 v1.5 or PSS (MGF1-SHA-256, salt length 32).</param>
    /// <returns>The signature (modulus length).</returns>
    /// <exception cref="CryptographicException">The hash algorithm or padding is not supported.</exception>
    /// <exception cref="ArgumentException">The hash is not 32 bytes long.</exception>
    /// <exception cref="TokenException">The token reported an error, or the PIN was wrong three times or is blocked.</exception>
    /// <exception cref="OperationCanceledException">The PIN callback returned no PIN.</exception>
    public override byte[] SignHash(byte[] hash, HashAlgorithmName hashAlgorithm, RSASignaturePadding padding)
    {
        ArgumentNullException.ThrowIfNull(hash);
        ArgumentNullException.ThrowIfNull(padding);
        if (hashAlgorithm != HashAlgorithmName.SHA256)
        {
            throw new CryptographicException(
                $"The PKCS#11 token key signs SHA-256 hashes only; '{hashAlgorithm.Name ?? "(none)"}' is not supported.");
        }

        if (hash.Length != SHA256.HashSizeInBytes)
        {
            throw new ArgumentException($"A SHA-256 hash has {SHA256.HashSizeInBytes} bytes, not {hash.Length}.", nameof(hash));
        }

        ObjectDisposedException.ThrowIf(disposed, this);
        if (padding.Mode == RSASignaturePaddingMode.Pss)
        {
            return token.Sign(this, hash, pss: true);
        }

        if (padding.Mode == RSASignaturePaddingMode.Pkcs1)
        {
            byte[] digestInfo = [.. Sha256DigestInfoPrefix, .. hash];
            return token.Sign(this, digestInfo, pss: false);
        }

        throw new CryptographicException($"The signature padding '{padding}' is not supported; use PKCS#1 v1.5 or PSS.");
    }

    /// <summary>Verifies a signature with the public key (in software).</summary>
    /// <param name="hash">The hash.</param>
    /// <param name="signature">The signature.</param>
    /// <param name="hashAlgorithm">The hash algorithm.</param>
    /// <param name="padding">The padding.</param>
    /// <returns>Whether the signature is valid.</returns>
    public override bool VerifyHash(byte[] hash, byte[] signature, HashAlgorithmName hashAlgorithm, RSASignaturePadding padding)
    {
        using var publicKey = CreatePublicKey();
        return publicKey.VerifyHash(hash, signature, hashAlgorithm, padding);
    }

    /// <summary>Encrypts with the public key (in software).</summary>
    /// <param name="data">The plaintext.</param>
    /// <param name="padding">The padding.</param>
    /// <returns>The ciphertext.</returns>
    public override byte[] Encrypt(byte[] data, RSAEncryptionPadding padding)
    {
        using var publicKey = CreatePublicKey();
        return publicKey.Encrypt(data, padding);
    }

    /// <summary>
    /// Decrypts on the token: PKCS#1 v1.5 (<c>CKM_RSA_PKCS</c>) or OAEP with SHA-256 and MGF1-SHA-256
    /// (<c>CKM_RSA_PKCS_OAEP</c>; see <see cref="Pkcs11TokenOptions.AllowRawRsaDecryptFallback"/> for test tokens).
    /// </summary>
    /// <param name="data">The ciphertext (modulus length).</param>
    /// <param name="padding"><see cref="RSAEncryptionPadding.Pkcs1"/> or <see cref="RSAEncryptionPadding.OaepSHA256"/>.</param>
    /// <returns>The plaintext.</returns>
    /// <exception cref="CryptographicException">The padding is not supported, or the ciphertext has the wrong length or padding.</exception>
    /// <exception cref="TokenException">The token reported an error, or the PIN was wrong three times or is blocked.</exception>
    /// <exception cref="OperationCanceledException">The PIN callback returned no PIN.</exception>
    public override byte[] Decrypt(byte[] data, RSAEncryptionPadding padding)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(padding);
        bool oaep;
        if (padding == RSAEncryptionPadding.Pkcs1)
        {
            oaep = false;
        }
        else if (padding == RSAEncryptionPadding.OaepSHA256)
        {
            oaep = true;
        }
        else
        {
            throw new CryptographicException($"The encryption padding '{padding}' is not supported by the PKCS#11 token key; use PKCS#1 v1.5 or OAEP with SHA-256.");
        }

        if (data.Length != modulus.Length)
        {
            throw new CryptographicException($"The ciphertext has {data.Length} bytes; this {KeySize}-bit key needs exactly {modulus.Length}.");
        }

        ObjectDisposedException.ThrowIf(disposed, this);
        return token.Decrypt(this, data, oaep);
    }

    /// <summary>The private key's handle for this login (the caller holds the token gate).</summary>
    internal IObjectHandle PrivateHandle(ISession session, long loginGeneration)
    {
        if (privateHandle is null || privateHandleGeneration != loginGeneration)
        {
            privateHandle = token.FindPrivateKey(session, Label, id, modulus);
            privateHandleGeneration = loginGeneration;
        }

        return privateHandle;
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        disposed = true;
        base.Dispose(disposing);
    }

    private RSA CreatePublicKey() => RSA.Create(new RSAParameters { Modulus = modulus, Exponent = exponent });
}
