namespace Elena.Sdk.Certificates;

/// <summary>Where an employer certificate stands (computed from the store and a <see cref="TimeProvider"/>).</summary>
public enum CertificateStatus
{
    /// <summary>A request was sent; the certificate has not been issued or imported yet.</summary>
    Pending,

    /// <summary>Issued and valid for more than the renewal window.</summary>
    Issued,

    /// <summary>Valid, but it ends within the renewal window (90 days): renew now.</summary>
    ExpiringSoon,

    /// <summary>Its validity has ended: only a first request helps.</summary>
    Expired,

    /// <summary>Revoked by the trust center.</summary>
    Revoked,
}
