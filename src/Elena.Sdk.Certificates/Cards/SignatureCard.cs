namespace Elena.Sdk.Certificates.Cards;

/// <summary>The state of one PIN.</summary>
public enum PinStatus
{
    /// <summary>The 5-digit transport PIN is set: change it before first use.</summary>
    Transport,

    /// <summary>A personal PIN is set and can be verified.</summary>
    Verifiable,

    /// <summary>Blocked after three wrong entries: unblock with the PUK.</summary>
    Blocked,

    /// <summary>Locked for good (the PUK was entered wrongly too often, or its uses are exhausted): the card must be replaced.</summary>
    LockedForGood,
}

/// <summary>A PIN's state and the tries left.</summary>
/// <param name="Status">The status.</param>
/// <param name="RemainingTries">PIN tries left before it blocks.</param>
/// <param name="RemainingPukTries">PUK tries left before the card locks for good.</param>
public sealed record PinState(PinStatus Status, int RemainingTries, int RemainingPukTries);

/// <summary>What went wrong with a PIN or PUK.</summary>
public enum CardPinError
{
    /// <summary>The PIN was wrong.</summary>
    WrongPin,

    /// <summary>The PIN is blocked.</summary>
    Blocked,

    /// <summary>The transport PIN must be changed first.</summary>
    TransportPinActive,

    /// <summary>The PUK was wrong.</summary>
    WrongPuk,

    /// <summary>The card is locked for good.</summary>
    LockedForGood,

    /// <summary>The new PIN breaks a rule (<see cref="CardPinException.Violation"/>).</summary>
    RuleViolation,

    /// <summary>The card does not support the operation.</summary>
    NotSupported,
}

/// <summary>A PIN or PUK operation failed. The message never contains a PIN or PUK.</summary>
public sealed class CardPinException : Exception
{
    /// <summary>Creates an exception.</summary>
    public CardPinException()
        : this(CardPinError.WrongPin, "The PIN operation failed.")
    {
    }

    /// <summary>Creates an exception.</summary>
    /// <param name="message">The message.</param>
    public CardPinException(string message)
        : this(CardPinError.WrongPin, message)
    {
    }

    /// <summary>Creates an exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public CardPinException(string message, Exception innerException)
        : this(CardPinError.WrongPin, message, null, null, innerException)
    {
    }

    /// <summary>Creates an exception.</summary>
    /// <param name="error">What went wrong.</param>
    /// <param name="message">The message (never a secret).</param>
    /// <param name="remainingTries">Tries left, when known.</param>
    /// <param name="violation">The broken PIN rule, for <see cref="CardPinError.RuleViolation"/>.</param>
    /// <param name="innerException">The cause.</param>
    public CardPinException(CardPinError error, string message, int? remainingTries = null, PinRuleViolation? violation = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Error = error;
        RemainingTries = remainingTries;
        Violation = violation;
    }

    /// <summary>What went wrong.</summary>
    public CardPinError Error { get; }

    /// <summary>Tries left, when known.</summary>
    public int? RemainingTries { get; }

    /// <summary>The broken rule.</summary>
    public PinRuleViolation? Violation { get; }
}

/// <summary>PIN management of a signature card (eHBA-like): change the transport PIN, verify, unblock with the PUK.</summary>
public interface ISignatureCard
{
    /// <summary>The card's ICCSN.</summary>
    string Iccsn { get; }

    /// <summary>The state of a PIN.</summary>
    /// <param name="kind">Which PIN.</param>
    /// <returns>The state.</returns>
    PinState GetPinState(PinKind kind);

    /// <summary>Changes a PIN (from the transport PIN on first use). The new PIN must pass <see cref="PinRules.Check"/>.</summary>
    /// <param name="kind">Which PIN.</param>
    /// <param name="currentPin">The current or transport PIN.</param>
    /// <param name="newPin">The new PIN (6–8 digits, not trivial).</param>
    /// <exception cref="CardPinException">Wrong current PIN, blocked, or a rule violation.</exception>
    void ChangePin(PinKind kind, string currentPin, string newPin);

    /// <summary>Verifies a PIN.</summary>
    /// <param name="kind">Which PIN.</param>
    /// <param name="pin">The PIN.</param>
    /// <exception cref="CardPinException">Wrong (with tries left), blocked, or still the transport PIN.</exception>
    void VerifyPin(PinKind kind, string pin);

    /// <summary>Unblocks a PIN with the PUK and sets a new PIN.</summary>
    /// <param name="kind">Which PIN.</param>
    /// <param name="puk">The PUK.</param>
    /// <param name="newPin">The new PIN.</param>
    /// <exception cref="CardPinException">Wrong PUK (counts; can lock the card for good), or a rule violation.</exception>
    void UnblockPin(PinKind kind, string puk, string newPin);
}
