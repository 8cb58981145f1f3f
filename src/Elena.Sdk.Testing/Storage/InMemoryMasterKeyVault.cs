using System.Security.Cryptography;
using System.Text;

namespace Elena.Sdk.Testing.Storage;

/// <summary>
/// A software stand-in for the HSM holding the ZSS database master key: an AES-256 key kept in process
/// memory and never exposed by any member. Session keys are wrapped with AES-256-GCM (random 12-byte nonce,
/// 16-byte tag); the wrapped form is <c>nonce ‖ ciphertext ‖ tag</c> (60 bytes for a 32-byte session key).
/// AES-GCM rather than RFC 3394 key wrap because .NET ships it natively and its tag detects a wrong master key
/// or a tampered wrapped key. For tests and the reference implementation only; production uses an HSM (PKCS#11).
/// </summary>
public sealed class InMemoryMasterKeyVault : IMasterKeyVault, IDisposable
{
    /// <summary>Length of the AES-GCM nonce in a wrapped key, in bytes.</summary>
    public const int NonceSize = 12;

    /// <summary>Length of the AES-GCM tag in a wrapped key, in bytes.</summary>
    public const int TagSize = 16;

    private const int MasterKeySize = 32;
    private static readonly byte[] WrapContext = Encoding.ASCII.GetBytes("ELENA ZSS session key wrap v1");

    private readonly byte[] _masterKey;
    private bool _disposed;

    /// <summary>Creates a vault with a fresh master key from <see cref="RandomNumberGenerator"/>.</summary>
    public InMemoryMasterKeyVault()
    {
        _masterKey = RandomNumberGenerator.GetBytes(MasterKeySize);
        KeyId = ComputeKeyId(_masterKey);
    }

    /// <summary>
    /// Creates a vault whose master key is derived deterministically from <paramref name="seed"/> (HKDF-SHA-256),
    /// so tests can reproduce a vault. Never use a seeded vault for real data.
    /// </summary>
    /// <param name="seed">The seed; the same seed gives the same master key.</param>
    public InMemoryMasterKeyVault(int seed)
    {
        var ikm = BitConverter.GetBytes(seed);
        _masterKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, MasterKeySize, salt: WrapContext, info: Encoding.ASCII.GetBytes("master key"));
        KeyId = ComputeKeyId(_masterKey);
    }

    /// <inheritdoc />
    public string KeyId { get; }

    private readonly Lock _cipherGate = new();
    private AesGcm? _cipher;

    /// <inheritdoc />
    public byte[] WrapKey(ReadOnlySpan<byte> sessionKey)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (sessionKey.IsEmpty)
        {
            throw new ArgumentException("The session key is empty.", nameof(sessionKey));
        }

        var wrapped = new byte[NonceSize + sessionKey.Length + TagSize];
        var nonce = wrapped.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        lock (_cipherGate)
        {
            // One cipher instance for the master key (AesGcm is not thread-safe, hence the lock).
            _cipher ??= new AesGcm(_masterKey, TagSize);
            _cipher.Encrypt(nonce, sessionKey, wrapped.AsSpan(NonceSize, sessionKey.Length), wrapped.AsSpan(NonceSize + sessionKey.Length), WrapContext);
        }

        return wrapped;
    }

    /// <inheritdoc />
    public byte[] UnwrapKey(ReadOnlySpan<byte> wrapped)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (wrapped.Length <= NonceSize + TagSize)
        {
            throw new CryptographicException("The wrapped key is too short.");
        }

        var keyLength = wrapped.Length - NonceSize - TagSize;
        var key = new byte[keyLength];
        using var aes = new AesGcm(_masterKey, TagSize);
        try
        {
            aes.Decrypt(wrapped[..NonceSize], wrapped.Slice(NonceSize, keyLength), wrapped[(NonceSize + keyLength)..], key, WrapContext);
        }
        catch
        {
            CryptographicOperations.ZeroMemory(key);
            throw;
        }

        return key;
    }

    /// <summary>Zeroes the master key; the vault cannot be used afterwards.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            lock (_cipherGate)
            {
                _cipher?.Dispose();
                _cipher = null;
            }

            CryptographicOperations.ZeroMemory(_masterKey);
            _disposed = true;
        }
    }

    private static string ComputeKeyId(byte[] masterKey)
    {
        var mac = HMACSHA256.HashData(masterKey, Encoding.ASCII.GetBytes("ELENA ZSS key id"));
        return "mk-" + Convert.ToHexStringLower(mac.AsSpan(0, 8));
    }
}
