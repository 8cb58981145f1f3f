using System.Globalization;
using Net.Pkcs11Interop.Common;

namespace Elena.Sdk.Crypto.Tokens;

/// <summary>The PIN state a token reports in its <c>CK_TOKEN_INFO</c> flags.</summary>
/// <param name="RemainingTries">0 when blocked, 1 on the final try, else <see langword="null"/> (unknown).</param>
/// <param name="CountLow">A wrong PIN was entered since the last successful login.</param>
internal readonly record struct PinStatus(int? RemainingTries, bool CountLow)
{
    /// <summary>The PIN is blocked.</summary>
    public bool Locked => RemainingTries == 0;
}

/// <summary>Turns PKCS#11 return values and token flags into <see cref="TokenException"/>s with advice.</summary>
internal static class TokenErrors
{
    /// <summary><c>CKF_USER_PIN_COUNT_LOW</c>.</summary>
    internal const ulong UserPinCountLow = 0x00010000;

    /// <summary><c>CKF_USER_PIN_FINAL_TRY</c>.</summary>
    internal const ulong UserPinFinalTry = 0x00020000;

    /// <summary><c>CKF_USER_PIN_LOCKED</c>.</summary>
    internal const ulong UserPinLocked = 0x00040000;

    /// <summary>Reads the PIN state from the <c>flags</c> field of <c>CK_TOKEN_INFO</c>.</summary>
    /// <param name="tokenFlags">The token flags.</param>
    /// <returns>Remaining tries (0 locked, 1 final try, else unknown) and the count-low flag.</returns>
    internal static PinStatus PinStatusFromFlags(ulong tokenFlags)
    {
        int? remaining = (tokenFlags & UserPinLocked) != 0 ? 0
            : (tokenFlags & UserPinFinalTry) != 0 ? 1
            : null;
        return new PinStatus(remaining, (tokenFlags & UserPinCountLow) != 0);
    }

    /// <summary>The PKCS#11 name of a return value, or hex for vendor values.</summary>
    /// <param name="rv">The return value.</param>
    /// <returns>For example <c>CKR_PIN_INCORRECT</c> or <c>0x80000001</c>.</returns>
    internal static string Name(CKR rv) =>
        Enum.IsDefined(rv) ? rv.ToString() : "0x" + ((ulong)rv).ToString("X8", CultureInfo.InvariantCulture);

    /// <summary>Wraps a Pkcs11Interop error.</summary>
    /// <param name="error">The error.</param>
    /// <param name="tokenLabel">The token (for the message).</param>
    /// <param name="operation">What was done, for example "signing".</param>
    /// <param name="remainingTries">PIN tries left when known.</param>
    /// <returns>The exception to throw.</returns>
    internal static TokenException Wrap(Pkcs11Exception error, string tokenLabel, string operation, int? remainingTries = null)
    {
        string code = Name(error.RV);
        return new TokenException(code, Message(tokenLabel, operation, code, remainingTries), remainingTries, error);
    }

    /// <summary>Builds the message: what failed, the return code, and what to do.</summary>
    /// <param name="tokenLabel">The token.</param>
    /// <param name="operation">What was done.</param>
    /// <param name="code">The return code's name.</param>
    /// <param name="remainingTries">PIN tries left when known.</param>
    /// <returns>The message.</returns>
    internal static string Message(string tokenLabel, string operation, string code, int? remainingTries = null) =>
        $"PKCS#11 token '{tokenLabel}': {operation} failed with {code}. {Advice(code, remainingTries)}";

    private static string Advice(string code, int? remainingTries) => code switch
    {
        "CKR_PIN_INCORRECT" => "The PIN is wrong. Check the PIN and try again; "
            + (remainingTries == 1
                ? "the next wrong PIN blocks the token."
                : "the token may block the PIN after further wrong entries."),
        "CKR_PIN_LOCKED" => "The user PIN is blocked. Unblock it with the PUK or the security officer PIN (with the tool "
            + "of the card issuer or token vendor), then try again.",
        "CKR_PIN_EXPIRED" => "The PIN has expired. Change it with the token vendor's tool, then try again.",
        "CKR_PIN_INVALID" or "CKR_PIN_LEN_RANGE" => "The PIN has characters or a length the token does not accept. Check the PIN.",
        "CKR_USER_PIN_NOT_INITIALIZED" => "The token has no user PIN yet. Initialize the PIN with the token vendor's tool.",
        "CKR_TOKEN_NOT_PRESENT" or "CKR_DEVICE_REMOVED" or "CKR_TOKEN_NOT_RECOGNIZED" =>
            "Insert the card or token (check the reader and its connection) and try again.",
        "CKR_SESSION_HANDLE_INVALID" or "CKR_SESSION_CLOSED" =>
            "The connection to the token was lost (was the card removed?). Try again; the PIN is asked for again.",
        "CKR_USER_NOT_LOGGED_IN" => "The token needs a login for this. Try again; the PIN is asked for again.",
        "CKR_KEY_FUNCTION_NOT_PERMITTED" or "CKR_KEY_TYPE_INCONSISTENT" =>
            "The key may not be used for this (its CKA_SIGN or CKA_DECRYPT attribute forbids it). Use the key meant for it.",
        "CKR_MECHANISM_INVALID" or "CKR_MECHANISM_PARAM_INVALID" or "CKR_ARGUMENTS_BAD" =>
            "The token does not support this algorithm or these parameters.",
        "CKR_ENCRYPTED_DATA_INVALID" or "CKR_ENCRYPTED_DATA_LEN_RANGE" =>
            "The data was not encrypted for this key, or it is damaged.",
        "CKR_TOKEN_WRITE_PROTECTED" or "CKR_SESSION_READ_ONLY" => "The token is write-protected; objects cannot be created on it.",
        "CKR_DEVICE_MEMORY" => "The token is full. Delete objects that are no longer needed.",
        "CKR_LIBRARY_LOAD_FAILED" => "Check Pkcs11TokenOptions.ModulePath: it has to name the token vendor's PKCS#11 module "
            + "(a .so or .dll file) for this platform, and the module's own dependencies have to be installed.",
        _ => "See the documentation of the token's PKCS#11 module for this return value.",
    };
}
