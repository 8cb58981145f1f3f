namespace Elena.Sdk.Certificates.TrustCenter;

/// <summary>Why a step of the certificate workflow cannot be done (the failure cases of seed 000).</summary>
public enum CertificateWorkflowError
{
    /// <summary>A request is already pending in the store: finish it, or discard it explicitly (<c>CertificateStore.DiscardPending</c>) before a new key pair is made.</summary>
    RequestPending,

    /// <summary>No request is pending (or it has no order number yet).</summary>
    NoPendingRequest,

    /// <summary>The certificate has expired: a renewal is impossible, make a first request with a new registration-portal GUID.</summary>
    CertificateExpired,

    /// <summary>The contact person changed: a renewal is impossible, make a first request.</summary>
    ContactPersonChanged,

    /// <summary>There is no certificate to renew: make a first request.</summary>
    NoCertificate,

    /// <summary>The certificate reply cannot be read (neither PKCS#7 certs-only nor an X.509 certificate).</summary>
    ReplyUnreadable,

    /// <summary>The certificate reply holds no certificate for the pending key pair.</summary>
    ReplyDoesNotMatch,

    /// <summary>The key is on a PKCS#11 token, and no token was given.</summary>
    TokenRequired,
}

/// <summary>A step of the certificate workflow cannot be done; <see cref="Error"/> says what to do instead.</summary>
public sealed class CertificateWorkflowException : InvalidOperationException
{
    /// <summary>Creates an exception.</summary>
    public CertificateWorkflowException()
        : this(CertificateWorkflowError.NoPendingRequest, "The certificate workflow cannot continue.")
    {
    }

    /// <summary>Creates an exception.</summary>
    /// <param name="message">The message.</param>
    public CertificateWorkflowException(string message)
        : this(CertificateWorkflowError.NoPendingRequest, message)
    {
    }

    /// <summary>Creates an exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public CertificateWorkflowException(string message, Exception innerException)
        : this(CertificateWorkflowError.NoPendingRequest, message, innerException)
    {
    }

    /// <summary>Creates an exception.</summary>
    /// <param name="error">The case.</param>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public CertificateWorkflowException(CertificateWorkflowError error, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Error = error;
    }

    /// <summary>The case.</summary>
    public CertificateWorkflowError Error { get; }
}
