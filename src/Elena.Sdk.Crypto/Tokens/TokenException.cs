using System.Security.Cryptography;

namespace Elena.Sdk.Crypto.Tokens;

/// <summary>
/// A PKCS#11 token or its module reported an error. <see cref="ReturnCode"/> names the PKCS#11 return value; the
/// message says what to do. The message never contains a PIN.
/// </summary>
public sealed class TokenException : CryptographicException
{
    /// <summary>Creates the exception with return code <c>CKR_GENERAL_ERROR</c>.</summary>
    public TokenException()
        : this("CKR_GENERAL_ERROR", "The PKCS#11 token reported an error.")
    {
    }

    /// <summary>Creates the exception with return code <c>CKR_GENERAL_ERROR</c>.</summary>
    /// <param name="message">What happened and what to do.</param>
    public TokenException(string message)
        : this("CKR_GENERAL_ERROR", message)
    {
    }

    /// <summary>Creates the exception with return code <c>CKR_GENERAL_ERROR</c>.</summary>
    /// <param name="message">What happened and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public TokenException(string message, Exception innerException)
        : this("CKR_GENERAL_ERROR", message, null, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="returnCode">The PKCS#11 return value's name, such as <c>CKR_PIN_INCORRECT</c>.</param>
    /// <param name="message">What happened and what to do; never a PIN.</param>
    /// <param name="remainingTries">PIN tries left when known (0 = blocked, 1 = final try), else <see langword="null"/>.</param>
    /// <param name="innerException">The cause, or <see langword="null"/>.</param>
    public TokenException(string returnCode, string message, int? remainingTries = null, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrEmpty(returnCode);
        ReturnCode = returnCode;
        RemainingTries = remainingTries;
    }

    /// <summary>
    /// The PKCS#11 return value's name, such as <c>CKR_PIN_INCORRECT</c>, <c>CKR_PIN_LOCKED</c> or
    /// <c>CKR_TOKEN_NOT_PRESENT</c>; <c>CKR_LIBRARY_LOAD_FAILED</c> when the module could not be loaded; a vendor
    /// value as hex (<c>0x80000001</c>).
    /// </summary>
    public string ReturnCode { get; }

    /// <summary>
    /// PIN tries left when the token tells: 0 when it reports <c>CKF_USER_PIN_LOCKED</c>, 1 when it reports
    /// <c>CKF_USER_PIN_FINAL_TRY</c>; otherwise <see langword="null"/> (unknown).
    /// </summary>
    public int? RemainingTries { get; }
}
