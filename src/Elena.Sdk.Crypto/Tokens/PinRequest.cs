namespace Elena.Sdk.Crypto.Tokens;

/// <summary>Why the token asks for the PIN.</summary>
public enum PinRequestReason
{
    /// <summary>The first use of a private key (or the first after <see cref="Pkcs11Token.Logout"/>): a new batch starts.</summary>
    FirstLogin,

    /// <summary>The batch reached <see cref="Pkcs11TokenOptions.MaxSignaturesPerLogin"/> signatures; a new PIN entry starts the next batch.</summary>
    Relogin,

    /// <summary>The PIN entered before was wrong; this is attempt 2 or 3.</summary>
    Retry,
}

/// <summary>
/// What the PIN callback of <see cref="Pkcs11Token.Open"/> is told when the token needs the user PIN. The callback
/// returns the PIN, or <see langword="null"/> or an empty string to cancel (the operation then ends with an
/// <see cref="OperationCanceledException"/>).
/// </summary>
/// <param name="TokenLabel">The token's label, to show to the user.</param>
/// <param name="Attempt">1 for the first entry of this login, 2 and 3 after a wrong PIN.</param>
/// <param name="Reason">Why the PIN is needed.</param>
/// <param name="RemainingTries">
/// Tries left before the token blocks the PIN, when the token tells: 1 when it reports <c>CKF_USER_PIN_FINAL_TRY</c>;
/// otherwise <see langword="null"/> (unknown).
/// </param>
/// <param name="PinCountLow">
/// <see langword="true"/> when the token reports <c>CKF_USER_PIN_COUNT_LOW</c>: a wrong PIN was entered since the last
/// successful login.
/// </param>
public sealed record PinRequest(string TokenLabel, int Attempt, PinRequestReason Reason, int? RemainingTries, bool PinCountLow);
