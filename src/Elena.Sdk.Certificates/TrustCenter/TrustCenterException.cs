namespace Elena.Sdk.Certificates.TrustCenter;

/// <summary>The trust center rejected a request (an eXTra flag with weight ERROR), or answered with something unreadable.</summary>
public sealed class TrustCenterException : Exception
{
    /// <summary>Creates an exception.</summary>
    public TrustCenterException()
        : this("TC-UNKNOWN", "The trust center rejected the request.")
    {
    }

    /// <summary>Creates an exception.</summary>
    /// <param name="message">The message.</param>
    public TrustCenterException(string message)
        : this("TC-UNKNOWN", message)
    {
    }

    /// <summary>Creates an exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public TrustCenterException(string message, Exception innerException)
        : this("TC-UNKNOWN", message, innerException)
    {
    }

    /// <summary>Creates an exception with the trust center's code.</summary>
    /// <param name="code">The flag code.</param>
    /// <param name="message">The flag text.</param>
    /// <param name="innerException">The cause.</param>
    public TrustCenterException(string code, string message, Exception? innerException = null)
        : base($"{code}: {message}", innerException)
    {
        Code = code;
    }

    /// <summary>The trust center's flag code (see <see cref="TrustCenterCodes"/>).</summary>
    public string Code { get; }
}

/// <summary>The flag codes the simulated trust center uses (the real OSTC codes are not public; docs/decisions.md CE4).</summary>
public static class TrustCenterCodes
{
    /// <summary>A first request without the registration-portal GUID.</summary>
    public const string GuidMissing = "OSTC-E01";

    /// <summary>A renewal carrying a GUID.</summary>
    public const string GuidInRenewal = "OSTC-E02";

    /// <summary>The GUID is not known for this Betriebsnummer.</summary>
    public const string GuidUnknown = "OSTC-E03";

    /// <summary>The renewal is signed by an expired certificate.</summary>
    public const string SignerExpired = "OSTC-E04";

    /// <summary>The renewal is signed by a certificate the trust center did not issue, a revoked one, or one of another employer.</summary>
    public const string SignerUnknown = "OSTC-E05";

    /// <summary>The hash of the order confirmation does not match the request's public key.</summary>
    public const string HashMismatch = "OSTC-E06";

    /// <summary>Unknown order number (or one of another employer).</summary>
    public const string UnknownOrder = "OSTC-E07";

    /// <summary>The request is malformed (XML, PKCS#10 signature, subject).</summary>
    public const string Malformed = "OSTC-E08";

    /// <summary>The encrypted renewal cannot be opened.</summary>
    public const string CannotDecrypt = "OSTC-E09";

    /// <summary>Unknown list name.</summary>
    public const string UnknownList = "OSTC-E10";

    /// <summary>The certificate is not issued yet (poll again later); not an error of the caller.</summary>
    public const string NotYetIssued = "OSTC-W01";
}
