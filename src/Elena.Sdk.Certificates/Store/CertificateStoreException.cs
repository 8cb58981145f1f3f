namespace Elena.Sdk.Certificates.Store;

/// <summary>Why a certificate store could not be read or written.</summary>
public enum CertificateStoreError
{
    /// <summary>The password does not open the store. The file is unchanged; without the password nothing in it can be recovered.</summary>
    WrongPassword,

    /// <summary>The file is not a certificate store of this SDK, or it is damaged.</summary>
    Corrupt,

    /// <summary>Writing the store failed; the previous store file is intact.</summary>
    WriteFailed,

    /// <summary>The store file does not exist.</summary>
    NotFound,
}

/// <summary>A certificate store could not be opened or saved. The message never contains the password or key material.</summary>
public sealed class CertificateStoreException : Exception
{
    /// <summary>Creates an exception with a generic message.</summary>
    public CertificateStoreException()
        : this(CertificateStoreError.Corrupt, "The certificate store cannot be used.")
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">The message.</param>
    public CertificateStoreException(string message)
        : this(CertificateStoreError.Corrupt, message)
    {
    }

    /// <summary>Creates an exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public CertificateStoreException(string message, Exception innerException)
        : this(CertificateStoreError.Corrupt, message, innerException)
    {
    }

    /// <summary>Creates an exception.</summary>
    /// <param name="error">What went wrong.</param>
    /// <param name="message">The message (never a secret).</param>
    /// <param name="innerException">The cause, if any.</param>
    public CertificateStoreException(CertificateStoreError error, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Error = error;
    }

    /// <summary>What went wrong.</summary>
    public CertificateStoreError Error { get; }
}
