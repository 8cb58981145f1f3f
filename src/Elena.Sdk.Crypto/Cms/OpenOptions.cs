using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Elena.Sdk.Crypto.Certificates;
using Elena.Sdk.Crypto.KeyLists;

namespace Elena.Sdk.Crypto;

/// <summary>One of the caller's own certificates with its private key (software or token).</summary>
/// <param name="Certificate">The certificate messages were encrypted for.</param>
/// <param name="PrivateKey">Its private key.</param>
public sealed record DecryptionKey(X509Certificate2 Certificate, RSA PrivateKey);

/// <summary>What the signer of an opened message must satisfy.</summary>
public sealed class VerificationPolicy
{
    /// <summary>The default: trusted chain required, signer valid at signing time.</summary>
    public static VerificationPolicy Default { get; } = new();

    /// <summary>The signer's certificate must chain to one of <see cref="OpenOptions.TrustAnchors"/>. Default true.</summary>
    public bool RequireTrustedSigner { get; init; } = true;

    /// <summary>Accept a signer whose certificate was not valid at the signing time. Default false.</summary>
    public bool AllowExpiredSigner { get; init; }
}

/// <summary>Settings for <see cref="MessageOpener"/>.</summary>
public sealed class OpenOptions
{
    /// <summary>The caller's keys, current and previous (replies may still be encrypted for an older certificate).</summary>
    public required IReadOnlyList<DecryptionKey> DecryptionKeys { get; init; }

    /// <summary>Root certificates a signer must chain to (e.g. the CA certificates of the acceptance-office key list).</summary>
    public IReadOnlyList<X509Certificate2> TrustAnchors { get; init; } = [];

    /// <summary>Intermediate CA certificates for chain building, in addition to those in the message.</summary>
    public IReadOnlyList<X509Certificate2> IntermediateCertificates { get; init; } = [];

    /// <summary>Revocation lists to check the signer against (the one signed by the signer's issuer applies).</summary>
    public IReadOnlyList<CertificateRevocationList> RevocationLists { get; init; } = [];

    /// <summary>The signer policy. Default <see cref="VerificationPolicy.Default"/>.</summary>
    public VerificationPolicy Policy { get; init; } = VerificationPolicy.Default;

    /// <summary>The clock used when a message carries no signing time. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

/// <summary>How the signer's certificate chain was judged.</summary>
public enum ChainStatus
{
    /// <summary>The chain reaches a configured trust anchor.</summary>
    Trusted,

    /// <summary>No trust anchors were configured, and the policy did not require them.</summary>
    NotChecked,

    /// <summary>The chain does not reach a trust anchor (accepted only when the policy allows it).</summary>
    Untrusted,
}

/// <summary>What opening a message established about its signer.</summary>
/// <param name="SignerCertificate">The signer's certificate (from the message).</param>
/// <param name="Signer">The signer's Betriebsnummer or IK from <c>OU=BN…</c>/<c>OU=IK…</c>, if present.</param>
/// <param name="SigningTime">The signing-time attribute, if present.</param>
/// <param name="Scheme">The signature scheme used (<see cref="SignatureScheme.Pss"/> or <see cref="SignatureScheme.Pkcs1"/>).</param>
/// <param name="Chain">How the chain was judged.</param>
/// <param name="RecipientCertificate">Which of the caller's certificates decrypted the message.</param>
public sealed record VerificationResult(
    X509Certificate2 SignerCertificate,
    PartyId? Signer,
    DateTimeOffset? SigningTime,
    SignatureScheme Scheme,
    ChainStatus Chain,
    X509Certificate2 RecipientCertificate);
