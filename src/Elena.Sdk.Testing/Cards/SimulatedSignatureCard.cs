using System.Security.Cryptography;
using System.Text;
using Elena.Sdk.Certificates.Cards;

namespace Elena.Sdk.Testing.Cards;

/// <summary>
/// A simulated eHBA-like signature card: PIN.QES and PIN.CH start as 5-digit transport PINs, 3 wrong PINs block, the PUK
/// unblocks (3 wrong PUKs or 10 uses lock the card for good), a batch signature covers at most 254 documents per PIN
/// entry. Unlike SoftHSMv2 it enforces retry counters and lockout.
/// </summary>
public sealed class SimulatedSignatureCard : ISignatureCard, IDisposable
{
    private readonly Dictionary<PinKind, Slot> slots;
    private readonly RSA signingKey = RSA.Create(2048);
    private readonly object gate = new();

    /// <summary>Creates a card.</summary>
    /// <param name="iccsn">The ICCSN.</param>
    /// <param name="transportPinQes">The transport PIN.QES (5 digits).</param>
    /// <param name="transportPinCh">The transport PIN.CH (5 digits).</param>
    /// <param name="pukQes">The PUK of PIN.QES (8 digits).</param>
    /// <param name="pukCh">The PUK of PIN.CH (8 digits).</param>
    public SimulatedSignatureCard(string iccsn, string transportPinQes, string transportPinCh, string pukQes, string pukCh)
    {
        if (!CardIdentifiers.IsValidIccsn(iccsn))
        {
            throw new ArgumentException("The ICCSN must have 20 digits starting with 80.", nameof(iccsn));
        }

        Iccsn = iccsn;
        slots = new()
        {
            [PinKind.Qes] = new Slot(CheckLength(transportPinQes, PinRules.TransportPinLength), CheckLength(pukQes, PinRules.PukLength)),
            [PinKind.CardHolder] = new Slot(CheckLength(transportPinCh, PinRules.TransportPinLength), CheckLength(pukCh, PinRules.PukLength)),
        };
    }

    /// <inheritdoc />
    public string Iccsn { get; }

    /// <summary>The public key of the signature key (to verify batch signatures).</summary>
    public RSA PublicKey => RSA.Create(signingKey.ExportParameters(false));

    /// <inheritdoc />
    public PinState GetPinState(PinKind kind)
    {
        lock (gate)
        {
            var slot = slots[kind];
            return new PinState(slot.Status, slot.PinTries, slot.PukTries);
        }
    }

    /// <inheritdoc />
    public void ChangePin(PinKind kind, string currentPin, string newPin)
    {
        ArgumentNullException.ThrowIfNull(currentPin);
        ArgumentNullException.ThrowIfNull(newPin);
        lock (gate)
        {
            var slot = slots[kind];
            EnsureUsable(slot);
            CheckRule(newPin, currentPin);
            VerifyCore(slot, currentPin);
            slot.Pin = newPin;
            slot.Status = PinStatus.Verifiable;
        }
    }

    /// <inheritdoc />
    public void VerifyPin(PinKind kind, string pin)
    {
        ArgumentNullException.ThrowIfNull(pin);
        lock (gate)
        {
            var slot = slots[kind];
            EnsureUsable(slot);
            if (slot.Status == PinStatus.Transport)
            {
                throw new CardPinException(CardPinError.TransportPinActive, "The transport PIN must be changed to a personal PIN before first use.", slot.PinTries);
            }

            VerifyCore(slot, pin);
        }
    }

    /// <inheritdoc />
    public void UnblockPin(PinKind kind, string puk, string newPin)
    {
        ArgumentNullException.ThrowIfNull(puk);
        ArgumentNullException.ThrowIfNull(newPin);
        lock (gate)
        {
            var slot = slots[kind];
            if (slot.Status == PinStatus.LockedForGood)
            {
                throw new CardPinException(CardPinError.LockedForGood, "The card is locked for good; it must be replaced.", 0);
            }

            CheckRule(newPin, null);
            if (!Same(slot.Puk, puk))
            {
                slot.PukTries--;
                if (slot.PukTries == 0)
                {
                    slot.Status = PinStatus.LockedForGood;
                    throw new CardPinException(CardPinError.LockedForGood, "The PUK was wrong too often; the card is locked for good.", 0);
                }

                throw new CardPinException(CardPinError.WrongPuk, $"The PUK is wrong; {slot.PukTries} tries left before the card locks for good.", slot.PukTries);
            }

            slot.PukTries = PinRules.PukRetries;
            slot.PukUses++;
            slot.Pin = newPin;
            slot.PinTries = PinRules.PinRetries;
            slot.Status = PinStatus.Verifiable;
            if (slot.PukUses >= PinRules.PukUsage)
            {
                slot.PukTries = 0; // the PUK is used up: the next block is final
            }
        }
    }

    /// <summary>Signs up to 254 documents (SHA-256 hashes) with one PIN entry of PIN.QES.</summary>
    /// <param name="pin">PIN.QES.</param>
    /// <param name="documentHashes">The SHA-256 hashes.</param>
    /// <returns>The signatures (RSASSA-PKCS1-v1_5).</returns>
    /// <exception cref="ArgumentException">More than 254 documents.</exception>
    public IReadOnlyList<byte[]> SignBatch(string pin, IReadOnlyList<byte[]> documentHashes)
    {
        ArgumentNullException.ThrowIfNull(documentHashes);
        if (documentHashes.Count > PinRules.MaxBatchSignatures)
        {
            throw new ArgumentException($"One PIN entry covers at most {PinRules.MaxBatchSignatures} documents.", nameof(documentHashes));
        }

        VerifyPin(PinKind.Qes, pin);
        return [.. documentHashes.Select(h => signingKey.SignHash(h, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))];
    }

    /// <inheritdoc />
    public void Dispose() => signingKey.Dispose();

    private static string CheckLength(string value, int length) =>
        value is not null && value.Length == length && value.All(char.IsAsciiDigit)
            ? value
            : throw new ArgumentException($"Expected {length} digits.", nameof(value));

    private static bool Same(string expected, string given) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(given));

    private static void CheckRule(string newPin, string? currentPin)
    {
        if (PinRules.Check(newPin, currentPin) is { } violation)
        {
            throw new CardPinException(CardPinError.RuleViolation, $"The new PIN is not allowed ({violation}).", null, violation);
        }
    }

    private static void EnsureUsable(Slot slot)
    {
        if (slot.Status == PinStatus.LockedForGood)
        {
            throw new CardPinException(CardPinError.LockedForGood, "The card is locked for good; it must be replaced.", 0);
        }

        if (slot.Status == PinStatus.Blocked)
        {
            throw new CardPinException(CardPinError.Blocked, "The PIN is blocked after three wrong entries; unblock it with the PUK.", 0);
        }
    }

    private static void VerifyCore(Slot slot, string pin)
    {
        if (Same(slot.Pin, pin))
        {
            slot.PinTries = PinRules.PinRetries;
            return;
        }

        slot.PinTries--;
        if (slot.PinTries == 0)
        {
            slot.Status = slot.PukTries == 0 ? PinStatus.LockedForGood : PinStatus.Blocked;
            throw new CardPinException(CardPinError.Blocked, "The PIN was wrong three times and is now blocked; unblock it with the PUK.", 0);
        }

        throw new CardPinException(CardPinError.WrongPin, $"The PIN is wrong; {slot.PinTries} tries left.", slot.PinTries);
    }

    private sealed class Slot(string transportPin, string puk)
    {
        public string Pin { get; set; } = transportPin;

        public string Puk { get; } = puk;

        public PinStatus Status { get; set; } = PinStatus.Transport;

        public int PinTries { get; set; } = PinRules.PinRetries;

        public int PukTries { get; set; } = PinRules.PukRetries;

        public int PukUses { get; set; }
    }
}
