using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Elena.Sdk.Crypto;

/// <summary>Which RSA signature scheme the sealer uses.</summary>
public enum SignatureScheme
{
    /// <summary>RSASSA-PSS when the signer certificate itself is PSS-signed, PKCS#1 v1.5 otherwise (SECON practice).</summary>
    FromCertificate,

    /// <summary>Always RSASSA-PSS (SHA-256, MGF1-SHA-256, salt 32).</summary>
    Pss,

    /// <summary>Always PKCS#1 v1.5 with SHA-256.</summary>
    Pkcs1,
}

/// <summary>Settings for <see cref="MessageSealer"/>: who signs, how, and whether the sender can read its own message.</summary>
public sealed class SealOptions
{
    /// <summary>The signer's certificate (the employer's certificate from the ITSG Trust Center).</summary>
    public required X509Certificate2 SignerCertificate { get; init; }

    /// <summary>
    /// The signer's private key: a software key (<see cref="RSA"/> from PKCS#12 or PEM) or a token key
    /// (<c>Pkcs11RsaKey</c>). Only used to sign the 32-byte digest of the signed attributes.
    /// </summary>
    public required RSA SignerKey { get; init; }

    /// <summary>The signature scheme. Default <see cref="SignatureScheme.FromCertificate"/>.</summary>
    public SignatureScheme Signature { get; init; } = SignatureScheme.FromCertificate;

    /// <summary>Also encrypt for the signer's own certificate, so the sender can open what it sent. Default false.</summary>
    public bool EncryptToSelf { get; init; }

    /// <summary>Further certificates to include in the SignedData (e.g. the signer's CA chain).</summary>
    public IReadOnlyList<X509Certificate2> AdditionalCertificates { get; init; } = [];

    /// <summary>The clock for the signing-time attribute. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
