namespace Elena.Sdk.Crypto.Tokens;

/// <summary>Which PKCS#11 module and token <see cref="Pkcs11Token.Open"/> uses, and the token's card policy.</summary>
/// <remarks>
/// Set <see cref="ModulePath"/> and at least one of <see cref="TokenLabel"/> and <see cref="TokenSerial"/>. When both are
/// set, the token has to match both.
/// </remarks>
public sealed class Pkcs11TokenOptions
{
    /// <summary>The default of <see cref="MaxSignaturesPerLogin"/>: 254 signatures per PIN entry.</summary>
    public const int DefaultMaxSignaturesPerLogin = 254;

    /// <summary>
    /// Path (or library name) of the token vendor's PKCS#11 module, for example
    /// <c>/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so</c> or <c>/usr/lib/softhsm/libsofthsm2.so</c>.
    /// </summary>
    public string ModulePath { get; set; } = string.Empty;

    /// <summary>The token's label (compared without the blank padding PKCS#11 adds), or <see langword="null"/>.</summary>
    public string? TokenLabel { get; set; }

    /// <summary>The token's serial number (compared trimmed), or <see langword="null"/>.</summary>
    public string? TokenSerial { get; set; }

    /// <summary>
    /// How many signatures one PIN entry allows (card policy; default 254, the batch signature of up to 254 documents
    /// per PIN entry). After this many signatures the token is logged out and the next signature asks for the PIN
    /// again. Decryptions do not count.
    /// </summary>
    public int MaxSignaturesPerLogin { get; set; } = DefaultMaxSignaturesPerLogin;

    /// <summary>
    /// Test tokens only (default <see langword="false"/>). When <see langword="true"/> and the token rejects
    /// <c>CKM_RSA_PKCS_OAEP</c> with SHA-256 (<c>CKR_ARGUMENTS_BAD</c>, <c>CKR_MECHANISM_INVALID</c> or
    /// <c>CKR_MECHANISM_PARAM_INVALID</c>, as SoftHSM 2.6 does), the ciphertext is decrypted with raw RSA
    /// (<c>CKM_RSA_X_509</c>) on the token and the OAEP padding is removed in software. Without this option such a
    /// token error is raised as a <see cref="TokenException"/>. Never enable it for production tokens.
    /// </summary>
    public bool AllowRawRsaDecryptFallback { get; set; }

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">A required setting is missing or out of range.</exception>
    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(ModulePath))
        {
            throw new ArgumentException("Pkcs11TokenOptions.ModulePath must name the PKCS#11 module of the token.", nameof(ModulePath));
        }

        if (string.IsNullOrWhiteSpace(TokenLabel) && string.IsNullOrWhiteSpace(TokenSerial))
        {
            throw new ArgumentException("Set Pkcs11TokenOptions.TokenLabel or TokenSerial to choose the token.", nameof(TokenLabel));
        }

        if (MaxSignaturesPerLogin < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSignaturesPerLogin), MaxSignaturesPerLogin,
                "Pkcs11TokenOptions.MaxSignaturesPerLogin must be at least 1.");
        }
    }
}
