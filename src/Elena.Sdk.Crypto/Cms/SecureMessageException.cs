using System.Security.Cryptography;

namespace Elena.Sdk.Crypto;

/// <summary>Why a sealed message was rejected.</summary>
public enum SecureMessageError
{
    /// <summary>The message is not a well-formed CMS EnvelopedData holding a SignedData.</summary>
    Malformed,

    /// <summary>None of the configured keys is a recipient of the message.</summary>
    NotARecipient,

    /// <summary>The content cipher is not AES-256-CBC (the only one the profile allows), or a key transport or digest algorithm is not supported.</summary>
    UnsupportedAlgorithm,

    /// <summary>The content does not match its signature (message digest), or the encrypted content was altered.</summary>
    Tampered,

    /// <summary>The signature over the signed attributes does not verify with the signer's certificate.</summary>
    BadSignature,

    /// <summary>The signer's certificate was not valid at the signing time.</summary>
    ExpiredSigner,

    /// <summary>The signer's certificate does not chain to a configured trust anchor.</summary>
    UntrustedSigner,

    /// <summary>The signer's certificate is on a revocation list.</summary>
    RevokedSigner,
}

/// <summary>A sealed message could not be opened or verified. The message says why; it never contains key material or content.</summary>
public sealed class SecureMessageException : CryptographicException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="error">The reason.</param>
    /// <param name="message">What happened and what to do.</param>
    /// <param name="inner">The underlying exception, if any.</param>
    public SecureMessageException(SecureMessageError error, string message, Exception? inner = null)
        : base(message, inner)
    {
        Error = error;
    }

    /// <summary>The reason.</summary>
    public SecureMessageError Error { get; }
}
