using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.LowLevelAPI80;

namespace Elena.Sdk.Certificates.Cards;

/// <summary>
/// PIN management of a PKCS#11 token used as a signature card: change PIN (<c>C_SetPIN</c>), verify (<c>C_Login</c>),
/// unblock with the security-officer PIN as PUK (<c>C_Login(CKU_SO)</c> + <c>C_InitPIN</c>). The token's user PIN stands
/// for one <see cref="PinKind"/>. Retry counters come from the token's flags; SoftHSMv2 never locks a PIN
/// (deps.md §1), real cards do. Supported on Linux and macOS (64-bit <c>CK_ULONG</c>).
/// </summary>
public sealed class Pkcs11SignatureCard : ISignatureCard, IDisposable
{
    private const ulong FlagCountLow = 0x00010000;
    private const ulong FlagFinalTry = 0x00020000;
    private const ulong FlagLocked = 0x00040000;
    private const ulong FlagToBeChanged = 0x00080000;
    private const ulong FlagSoLocked = 0x00400000;
    private const ulong FlagSoCountLow = 0x00100000;
    private const ulong FlagSoFinalTry = 0x00200000;
    private const ulong SessionReadWrite = 0x2;
    private const ulong SessionSerial = 0x4;

    private readonly Pkcs11Library library;
    private readonly ulong slot;
    private readonly PinKind kind;
    private readonly bool initialized;
    private readonly object gate = new();
    private bool disposed;

    /// <summary>Opens the token with the given label.</summary>
    /// <param name="modulePath">The PKCS#11 module.</param>
    /// <param name="tokenLabel">The token label.</param>
    /// <param name="iccsn">The card's ICCSN (20 digits, <c>80…</c>).</param>
    /// <param name="kind">Which PIN the token's user PIN stands for.</param>
    public Pkcs11SignatureCard(string modulePath, string tokenLabel, string iccsn, PinKind kind = PinKind.Qes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modulePath);
        ArgumentException.ThrowIfNullOrWhiteSpace(tokenLabel);
        if (!CardIdentifiers.IsValidIccsn(iccsn))
        {
            throw new ArgumentException("The ICCSN must have 20 digits starting with 80.", nameof(iccsn));
        }

        if (OperatingSystem.IsWindows() || IntPtr.Size != 8)
        {
            throw new PlatformNotSupportedException("Pkcs11SignatureCard needs a 64-bit Unix platform.");
        }

        Iccsn = iccsn;
        this.kind = kind;
        EnsureLibdlResolver();
        library = new Pkcs11Library(modulePath);
        var rv = library.C_Initialize(new CK_C_INITIALIZE_ARGS { Flags = 0x2 }); // CKF_OS_LOCKING_OK
        if (rv is not (CKR.CKR_OK or CKR.CKR_CRYPTOKI_ALREADY_INITIALIZED))
        {
            library.Dispose();
            throw Error(rv, "C_Initialize");
        }

        initialized = rv == CKR.CKR_OK;
        slot = FindSlot(tokenLabel);
    }

    /// <inheritdoc />
    public string Iccsn { get; }

    /// <inheritdoc />
    public PinState GetPinState(PinKind kind)
    {
        EnsureKind(kind);
        lock (gate)
        {
            var info = new CK_TOKEN_INFO();
            Check(library.C_GetTokenInfo(slot, ref info), "C_GetTokenInfo");
            ulong flags = info.Flags;
            var status = (flags & FlagSoLocked) != 0 && (flags & FlagLocked) != 0 ? PinStatus.LockedForGood
                : (flags & FlagLocked) != 0 ? PinStatus.Blocked
                : (flags & FlagToBeChanged) != 0 ? PinStatus.Transport
                : PinStatus.Verifiable;
            int tries = status is PinStatus.Blocked or PinStatus.LockedForGood ? 0 : (flags & FlagFinalTry) != 0 ? 1 : (flags & FlagCountLow) != 0 ? 2 : PinRules.PinRetries;
            int pukTries = (flags & FlagSoLocked) != 0 ? 0 : (flags & FlagSoFinalTry) != 0 ? 1 : (flags & FlagSoCountLow) != 0 ? 2 : PinRules.PukRetries;
            return new PinState(status, tries, pukTries);
        }
    }

    /// <inheritdoc />
    public void ChangePin(PinKind kind, string currentPin, string newPin)
    {
        EnsureKind(kind);
        ArgumentNullException.ThrowIfNull(currentPin);
        ArgumentNullException.ThrowIfNull(newPin);
        if (PinRules.Check(newPin, currentPin) is { } violation)
        {
            throw new CardPinException(CardPinError.RuleViolation, $"The new PIN is not allowed ({violation}).", null, violation);
        }

        WithSession(session =>
        {
            byte[] oldBytes = Encoding.ASCII.GetBytes(currentPin);
            byte[] newBytes = Encoding.ASCII.GetBytes(newPin);
            var rv = library.C_SetPIN(session, oldBytes, (ulong)oldBytes.Length, newBytes, (ulong)newBytes.Length);
            ThrowPinError(rv, "C_SetPIN", puk: false);
        });
    }

    /// <inheritdoc />
    public void VerifyPin(PinKind kind, string pin)
    {
        EnsureKind(kind);
        ArgumentNullException.ThrowIfNull(pin);
        WithSession(session =>
        {
            byte[] bytes = Encoding.ASCII.GetBytes(pin);
            var rv = library.C_Login(session, CKU.CKU_USER, bytes, (ulong)bytes.Length);
            ThrowPinError(rv, "C_Login", puk: false);
            library.C_Logout(session);
        });
    }

    /// <inheritdoc />
    public void UnblockPin(PinKind kind, string puk, string newPin)
    {
        EnsureKind(kind);
        ArgumentNullException.ThrowIfNull(puk);
        ArgumentNullException.ThrowIfNull(newPin);
        if (PinRules.Check(newPin) is { } violation)
        {
            throw new CardPinException(CardPinError.RuleViolation, $"The new PIN is not allowed ({violation}).", null, violation);
        }

        WithSession(session =>
        {
            byte[] pukBytes = Encoding.ASCII.GetBytes(puk);
            var rv = library.C_Login(session, CKU.CKU_SO, pukBytes, (ulong)pukBytes.Length);
            ThrowPinError(rv, "C_Login(SO)", puk: true);
            try
            {
                byte[] newBytes = Encoding.ASCII.GetBytes(newPin);
                Check(library.C_InitPIN(session, newBytes, (ulong)newBytes.Length), "C_InitPIN");
            }
            finally
            {
                library.C_Logout(session);
            }
        });
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        if (initialized)
        {
            library.C_Finalize(IntPtr.Zero);
        }

        library.Dispose();
    }

    private static void EnsureLibdlResolver()
    {
        try
        {
            NativeLibrary.SetDllImportResolver(typeof(Pkcs11Library).Assembly, Resolve);
        }
        catch (InvalidOperationException)
        {
            // already set (Elena.Sdk.Crypto or the host application)
        }

        static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path) =>
            name == "libdl" && NativeLibrary.TryLoad("libdl.so.2", assembly, path, out IntPtr handle) ? handle : IntPtr.Zero;
    }

    private static CardPinException Error(CKR rv, string function) =>
        new(CardPinError.NotSupported, $"The PKCS#11 token reported {rv} in {function}.");

    private static void Check(CKR rv, string function)
    {
        if (rv != CKR.CKR_OK)
        {
            throw Error(rv, function);
        }
    }

    private void ThrowPinError(CKR rv, string function, bool puk)
    {
        switch (rv)
        {
            case CKR.CKR_OK:
                return;
            case CKR.CKR_PIN_INCORRECT when puk:
                var state = GetPinState(kind);
                throw new CardPinException(CardPinError.WrongPuk, $"The PUK is wrong ({rv}); {state.RemainingPukTries} tries left as the token reports them.", state.RemainingPukTries);
            case CKR.CKR_PIN_INCORRECT:
                int tries = GetPinState(kind).RemainingTries;
                throw new CardPinException(CardPinError.WrongPin, $"The PIN is wrong ({rv}); {tries} tries left as the token reports them.", tries);
            case CKR.CKR_PIN_LOCKED when puk:
                throw new CardPinException(CardPinError.LockedForGood, $"The PUK is locked ({rv}); the card is locked for good.", 0);
            case CKR.CKR_PIN_LOCKED:
                throw new CardPinException(CardPinError.Blocked, $"The PIN is blocked ({rv}); unblock it with the PUK.", 0);
            case CKR.CKR_PIN_LEN_RANGE or CKR.CKR_PIN_INVALID:
                throw new CardPinException(CardPinError.RuleViolation, $"The token refused the new PIN ({rv}).");
            default:
                throw Error(rv, function);
        }
    }

    private void EnsureKind(PinKind requested)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (requested != kind)
        {
            throw new CardPinException(CardPinError.NotSupported, $"This token holds only the {kind} PIN.");
        }
    }

    private void WithSession(Action<ulong> action)
    {
        lock (gate)
        {
            ulong session = 0;
            Check(library.C_OpenSession(slot, SessionSerial | SessionReadWrite, IntPtr.Zero, IntPtr.Zero, ref session), "C_OpenSession");
            try
            {
                action(session);
            }
            finally
            {
                library.C_CloseSession(session);
            }
        }
    }

    private ulong FindSlot(string label)
    {
        ulong count = 0;
        Check(library.C_GetSlotList(true, null, ref count), "C_GetSlotList");
        ulong[] slots = new ulong[count];
        Check(library.C_GetSlotList(true, slots, ref count), "C_GetSlotList");
        foreach (ulong candidate in slots.Take((int)count))
        {
            var info = new CK_TOKEN_INFO();
            if (library.C_GetTokenInfo(candidate, ref info) == CKR.CKR_OK && Encoding.UTF8.GetString(info.Label).TrimEnd(' ', '\0') == label)
            {
                return candidate;
            }
        }

        Dispose();
        throw new CardPinException(CardPinError.NotSupported, $"No PKCS#11 token labelled '{label}' is present.");
    }
}
