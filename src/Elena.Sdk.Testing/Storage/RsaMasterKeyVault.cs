using System.Security.Cryptography;

namespace Elena.Sdk.Testing.Storage;

/// <summary>
/// A master-key vault whose key is an RSA key pair — typically a non-extractable key on an HSM through
/// <c>Elena.Sdk.Crypto.Tokens.Pkcs11RsaKey</c>: session keys are wrapped with the public key and unwrapped on the
/// token, so the master key never leaves the HSM.
/// </summary>
public sealed class RsaMasterKeyVault : IMasterKeyVault
{
    private readonly RSA _key;
    private readonly RSAEncryptionPadding _padding;

    /// <summary>Creates the vault.</summary>
    /// <param name="key">The master key pair (software <see cref="RSA"/> or a token key).</param>
    /// <param name="keyId">An id for the key (e.g. the token label and key label).</param>
    /// <param name="padding">The wrapping padding; default RSAES-OAEP with SHA-256.</param>
    public RsaMasterKeyVault(RSA key, string keyId, RSAEncryptionPadding? padding = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrWhiteSpace(keyId);
        _key = key;
        _padding = padding ?? RSAEncryptionPadding.OaepSHA256;
        KeyId = keyId;
    }

    /// <inheritdoc />
    public string KeyId { get; }

    /// <inheritdoc />
    public byte[] WrapKey(ReadOnlySpan<byte> sessionKey)
    {
        if (sessionKey.IsEmpty)
        {
            throw new ArgumentException("The session key is empty.", nameof(sessionKey));
        }

        return _key.Encrypt(sessionKey.ToArray(), _padding);
    }

    /// <inheritdoc />
    public byte[] UnwrapKey(ReadOnlySpan<byte> wrapped) => _key.Decrypt(wrapped.ToArray(), _padding);
}
