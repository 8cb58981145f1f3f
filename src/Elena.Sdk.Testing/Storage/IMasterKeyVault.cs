namespace Elena.Sdk.Testing.Storage;

/// <summary>
/// The database master key of the ZSS central store, held in a hardware security module (HSM)
/// [001 §1.3-1.6]. The master key never leaves the vault: callers can only wrap (encrypt) and unwrap
/// (decrypt) per-record session keys with it.
/// </summary>
public interface IMasterKeyVault
{
    /// <summary>Gets a stable, non-secret identifier of the master key (a key check value), recorded with every stored entry.</summary>
    string KeyId { get; }

    /// <summary>Encrypts a session key with the master key.</summary>
    /// <param name="sessionKey">The plain session key (32 bytes for AES-256).</param>
    /// <returns>The wrapped session key; safe to store next to the ciphertext.</returns>
    byte[] WrapKey(ReadOnlySpan<byte> sessionKey);

    /// <summary>Decrypts a session key wrapped by <see cref="WrapKey"/>.</summary>
    /// <param name="wrapped">The wrapped session key.</param>
    /// <returns>The plain session key. Callers should zero it after use.</returns>
    /// <exception cref="System.Security.Cryptography.CryptographicException">
    /// The wrapped key was not produced by this master key or has been altered.
    /// </exception>
    byte[] UnwrapKey(ReadOnlySpan<byte> wrapped);
}
