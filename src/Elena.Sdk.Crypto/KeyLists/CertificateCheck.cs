using System.Security.Cryptography.X509Certificates;

namespace Elena.Sdk.Crypto.KeyLists;

/// <summary>The outcome of <see cref="CertificateList.Check"/>.</summary>
public enum CertificateCheckStatus
{
    /// <summary>The chain is trusted, every certificate in it is valid at the given time, and the CRL (if any) does not revoke it.</summary>
    Valid,

    /// <summary>The certificate, or a CA certificate in its chain, is not valid yet at the given time.</summary>
    NotYetValid,

    /// <summary>The certificate, or a CA certificate in its chain, has expired at the given time.</summary>
    Expired,

    /// <summary>
    /// No chain to a root of the list could be built: unknown issuer, a signature that does not verify, an issuer
    /// that may not sign certificates, or no self-signed root at the end.
    /// </summary>
    UntrustedChain,

    /// <summary>The CRL revokes the certificate at or before the given time.</summary>
    Revoked,

    /// <summary>
    /// The CRL cannot be used: it is not from the certificate's issuer, its signature does not verify with the
    /// issuer's key, the issuer may not sign CRLs, or it was out of date (next update before the given time).
    /// </summary>
    CrlInvalid,
}

/// <summary>The result of checking a certificate against a <see cref="CertificateList"/>.</summary>
/// <param name="Status">The outcome.</param>
/// <param name="Chain">
/// The certificates from the checked certificate up to the root, each signed by the next. Complete for every status
/// except <see cref="CertificateCheckStatus.UntrustedChain"/>, where it holds the longest part that could be built
/// (at least the certificate itself).
/// </param>
/// <param name="Reason">A human-readable explanation (English; names certificates by subject).</param>
public sealed record CertificateCheck(CertificateCheckStatus Status, IReadOnlyList<X509Certificate2> Chain, string Reason)
{
    /// <summary>Whether <see cref="Status"/> is <see cref="CertificateCheckStatus.Valid"/>.</summary>
    public bool IsValid => Status == CertificateCheckStatus.Valid;
}
