using System.Security.Cryptography;
using System.Text;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Elena.Sdk.Crypto.Tokens;

/// <summary>
/// The process-wide connection to one token: its session, its login state and its signature count. PKCS#11 keeps
/// the login per token and application (a second <c>C_Login</c> gives <c>CKR_USER_ALREADY_LOGGED_IN</c>), and
/// <c>C_Finalize</c> ends every session of a module, so all <see cref="Pkcs11Token"/>s for the same module and slot
/// share one connection, and a module stays loaded while any connection uses it. Every token call runs under
/// <see cref="Gate"/>.
/// </summary>
internal sealed class TokenConnection
{
    /// <summary>PIN entries per login before the login fails.</summary>
    internal const int MaxPinAttempts = 3;

    private static readonly object RegistryGate = new();
    private static readonly Dictionary<string, ModuleEntry> Modules = new(StringComparer.Ordinal);
    private static readonly Dictionary<(string Module, ulong Slot), TokenConnection> Connections = [];

    private readonly ModuleEntry module;
    private readonly ISlot slot;
    private readonly (string Module, ulong Slot) registryKey;
    private ISession? session;
    private int users;
    private volatile bool loggedIn;
    private bool loggedOutByLimit;
    private int signaturesSinceLogin;
    private long loginGeneration;

    private TokenConnection(ModuleEntry module, ISlot slot, ITokenInfo info, (string, ulong) registryKey)
    {
        this.module = module;
        this.slot = slot;
        this.registryKey = registryKey;
        Label = info.Label?.Trim() ?? string.Empty;
        SerialNumber = info.SerialNumber?.Trim() ?? string.Empty;
        ManufacturerId = info.ManufacturerId?.Trim() ?? string.Empty;
        Model = info.Model?.Trim() ?? string.Empty;
    }

    /// <summary>Guards the session and the login state.</summary>
    public object Gate { get; } = new();

    /// <summary>The token label, trimmed.</summary>
    public string Label { get; }

    /// <summary>The token serial number, trimmed.</summary>
    public string SerialNumber { get; }

    /// <summary>The token manufacturer, trimmed.</summary>
    public string ManufacturerId { get; }

    /// <summary>The token model, trimmed.</summary>
    public string Model { get; }

    /// <summary>
    /// Whether this application is logged in to the token (as far as this library knows). Read without the gate, so
    /// that a UI thread can ask while another thread waits in the PIN callback.
    /// </summary>
    public bool LoggedIn => loggedIn;

    /// <summary>Loads the module (once per process) and connects to the token the options name.</summary>
    /// <param name="options">Validated options.</param>
    /// <returns>The shared connection; call <see cref="Release"/> once when done.</returns>
    public static TokenConnection Acquire(Pkcs11TokenOptions options)
    {
        string path = NormalizeModulePath(options.ModulePath);
        lock (RegistryGate)
        {
            var entry = LoadModule(path, options);
            try
            {
                var (foundSlot, info) = FindSlot(entry.Library, options);
                var key = (path, foundSlot.SlotId);
                if (!Connections.TryGetValue(key, out var connection))
                {
                    connection = new TokenConnection(entry, foundSlot, info, key);
                    try
                    {
                        connection.session = connection.OpenSession();
                    }
                    catch (Pkcs11Exception e)
                    {
                        throw TokenErrors.Wrap(e, connection.Label, "opening a session");
                    }

                    Connections.Add(key, connection);
                    entry.Connections++;
                }

                connection.users++;
                return connection;
            }
            finally
            {
                if (entry.Connections == 0)
                {
                    Modules.Remove(path);
                    entry.Library.Dispose();
                }
            }
        }
    }

    /// <summary>Drops one user; the last one logs out, closes the session and (if no other token uses it) unloads the module.</summary>
    public void Release()
    {
        lock (RegistryGate)
        {
            if (--users > 0)
            {
                return;
            }

            Connections.Remove(registryKey);
            lock (Gate)
            {
                if (session is not null)
                {
                    if (loggedIn)
                    {
                        TryLogout();
                    }

                    CloseSession();
                }

                loggedIn = false;
            }

            if (--module.Connections == 0)
            {
                Modules.Remove(registryKey.Module);
                module.Library.Dispose();
            }
        }
    }

    /// <summary>Runs token calls that need no login (finding public objects, reading attributes).</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="operation">What is done, for error messages.</param>
    /// <param name="action">The calls.</param>
    /// <returns>The action's result.</returns>
    /// <exception cref="TokenException">The token reported an error.</exception>
    public T Run<T>(string operation, Func<ISession, T> action)
    {
        lock (Gate)
        {
            try
            {
                return action(Session);
            }
            catch (Pkcs11Exception e)
            {
                throw Fail(e, operation);
            }
        }
    }

    /// <summary>
    /// Runs token calls that use a private key: logs in first when needed (asking the PIN callback), counts
    /// signatures, and logs out when a batch reaches its limit.
    /// </summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="operation">What is done, for error messages.</param>
    /// <param name="pinCallback">Asked for the PIN.</param>
    /// <param name="maxSignaturesPerLogin">The batch limit (card policy).</param>
    /// <param name="isSignature">Whether the action makes one signature.</param>
    /// <param name="action">The calls; gets the session and the login generation (private-object handles are valid within one).</param>
    /// <returns>The action's result.</returns>
    /// <exception cref="TokenException">The token reported an error, or the PIN was wrong three times or is blocked.</exception>
    /// <exception cref="OperationCanceledException">The PIN callback returned no PIN.</exception>
    public T RunPrivate<T>(string operation, Func<PinRequest, string?> pinCallback, int maxSignaturesPerLogin, bool isSignature,
        Func<ISession, long, T> action)
    {
        lock (Gate)
        {
            if (isSignature && loggedIn && signaturesSinceLogin >= maxSignaturesPerLogin)
            {
                EndLogin(byLimit: true);
            }

            for (int round = 0; ; round++)
            {
                EnsureLoggedIn(pinCallback);
                try
                {
                    T result = action(Session, loginGeneration);
                    if (isSignature && ++signaturesSinceLogin >= maxSignaturesPerLogin)
                    {
                        EndLogin(byLimit: true);
                    }

                    return result;
                }
                catch (Pkcs11Exception e) when (e.RV == CKR.CKR_USER_NOT_LOGGED_IN && round == 0)
                {
                    // The token forgot the login (a reader reset, or another part of the application logged out): log in again once.
                    loggedIn = false;
                    loginGeneration++;
                }
                catch (Pkcs11Exception e)
                {
                    throw Fail(e, operation);
                }
            }
        }
    }

    /// <summary>Logs out; the next private-key use asks for the PIN (reason <see cref="PinRequestReason.FirstLogin"/>).</summary>
    /// <exception cref="TokenException">The token reported an error other than "not logged in".</exception>
    public void Logout()
    {
        lock (Gate)
        {
            if (!loggedIn || session is null)
            {
                loggedIn = false;
                return;
            }

            try
            {
                session.Logout();
            }
            catch (Pkcs11Exception e) when (e.RV != CKR.CKR_USER_NOT_LOGGED_IN)
            {
                throw Fail(e, "logout");
            }
            catch (Pkcs11Exception)
            {
                // already logged out
            }
            finally
            {
                loggedIn = false;
                loggedOutByLimit = false;
                signaturesSinceLogin = 0;
                loginGeneration++;
            }
        }
    }

    private ISession Session => session ??= OpenSession();

    /// <summary>
    /// One name per module file (a path to it, or a symbolic link to it), so that the module is loaded once:
    /// <c>C_Finalize</c> through a second copy would end the sessions of the first.
    /// </summary>
    private static string NormalizeModulePath(string modulePath)
    {
        string trimmed = modulePath.Trim();
        if (!trimmed.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal)
            && !trimmed.Contains(Path.AltDirectorySeparatorChar, StringComparison.Ordinal))
        {
            return trimmed; // a library name for the loader's search path
        }

        string full = Path.GetFullPath(trimmed);
        try
        {
            return new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
        }
        catch (IOException)
        {
            return full; // a broken link: loading reports it
        }
    }

    private static ModuleEntry LoadModule(string path, Pkcs11TokenOptions options)
    {
        if (Modules.TryGetValue(path, out var existing))
        {
            return existing;
        }

        var factories = Pkcs11Runtime.Factories;
        string tokenName = options.TokenLabel ?? options.TokenSerial ?? string.Empty;
        IPkcs11Library library;
        try
        {
            library = factories.Pkcs11LibraryFactory.LoadPkcs11Library(factories, path, AppType.MultiThreaded);
        }
        catch (Pkcs11Exception e)
        {
            throw TokenErrors.Wrap(e, tokenName, $"initializing the PKCS#11 module '{path}'");
        }
        catch (Exception e) when (e is UnmanagedException or DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            const string code = "CKR_LIBRARY_LOAD_FAILED";
            throw new TokenException(code, TokenErrors.Message(tokenName, $"loading the PKCS#11 module '{path}'", code), null, e);
        }

        var entry = new ModuleEntry(library);
        Modules.Add(path, entry);
        return entry;
    }

    private static (ISlot Slot, ITokenInfo Info) FindSlot(IPkcs11Library library, Pkcs11TokenOptions options)
    {
        string? label = string.IsNullOrWhiteSpace(options.TokenLabel) ? null : options.TokenLabel.Trim();
        string? serial = string.IsNullOrWhiteSpace(options.TokenSerial) ? null : options.TokenSerial.Trim();
        string wanted = label is not null ? $"labelled '{label}'" : $"with serial number '{serial}'";
        List<ISlot> slots;
        try
        {
            slots = library.GetSlotList(SlotsType.WithTokenPresent);
        }
        catch (Pkcs11Exception e)
        {
            throw TokenErrors.Wrap(e, label ?? serial ?? string.Empty, "listing the slots");
        }

        var matches = new List<(ISlot, ITokenInfo)>();
        var present = new List<string>();
        foreach (var candidate in slots)
        {
            ITokenInfo info;
            try
            {
                info = candidate.GetTokenInfo();
            }
            catch (Pkcs11Exception)
            {
                continue; // a token pulled out while listing, or an unusable slot
            }

            if (!info.TokenFlags.TokenInitialized)
            {
                continue; // an empty slot such as SoftHSM's free one
            }

            string candidateLabel = info.Label?.Trim() ?? string.Empty;
            string candidateSerial = info.SerialNumber?.Trim() ?? string.Empty;
            present.Add($"'{candidateLabel}' (serial {candidateSerial})");
            if ((label is null || candidateLabel == label) && (serial is null || candidateSerial == serial))
            {
                matches.Add((candidate, info));
            }
        }

        if (matches.Count == 0)
        {
            const string code = "CKR_TOKEN_NOT_PRESENT";
            string seen = present.Count == 0 ? "No token is present." : "Present: " + string.Join(", ", present) + ".";
            throw new TokenException(code,
                $"No PKCS#11 token {wanted} is present. Insert the card or token, or check Pkcs11TokenOptions.TokenLabel/TokenSerial. {seen}");
        }

        if (matches.Count > 1)
        {
            throw new ArgumentException(
                $"Several PKCS#11 tokens are {wanted}; set Pkcs11TokenOptions.TokenSerial to choose one. Present: {string.Join(", ", present)}.",
                nameof(options));
        }

        return matches[0];
    }

    private ISession OpenSession()
    {
        try
        {
            return slot.OpenSession(SessionType.ReadWrite);
        }
        catch (Pkcs11Exception e) when (e.RV == CKR.CKR_TOKEN_WRITE_PROTECTED)
        {
            return slot.OpenSession(SessionType.ReadOnly);
        }
    }

    private void EnsureLoggedIn(Func<PinRequest, string?> pinCallback)
    {
        if (loggedIn)
        {
            return;
        }

        var reason = loggedOutByLimit ? PinRequestReason.Relogin : PinRequestReason.FirstLogin;
        var status = ReadPinStatus();
        if (status.Locked)
        {
            throw PinLocked(null);
        }

        Pkcs11Exception? wrongPin = null;
        for (int attempt = 1; attempt <= MaxPinAttempts; attempt++)
        {
            var request = new PinRequest(Label, attempt, attempt == 1 ? reason : PinRequestReason.Retry, status.RemainingTries, status.CountLow);
            string? pin = pinCallback(request);
            if (string.IsNullOrEmpty(pin))
            {
                throw new OperationCanceledException($"The PIN entry for PKCS#11 token '{Label}' was cancelled; the token was not used.");
            }

            byte[] pinBytes = Encoding.UTF8.GetBytes(pin);
            try
            {
                Login(pinBytes);
                loggedIn = true;
                loggedOutByLimit = false;
                signaturesSinceLogin = 0;
                loginGeneration++;
                return;
            }
            catch (Pkcs11Exception e) when (e.RV is CKR.CKR_PIN_INCORRECT or CKR.CKR_PIN_INVALID or CKR.CKR_PIN_LEN_RANGE)
            {
                wrongPin = e;
            }
            catch (Pkcs11Exception e) when (e.RV == CKR.CKR_PIN_LOCKED)
            {
                throw PinLocked(e);
            }
            catch (Pkcs11Exception e)
            {
                throw Fail(e, "login");
            }
            finally
            {
                CryptographicOperations.ZeroMemory(pinBytes);
            }

            status = ReadPinStatus();
            if (status.Locked)
            {
                throw PinLocked(wrongPin);
            }
        }

        throw TokenErrors.Wrap(wrongPin!, Label, $"login ({MaxPinAttempts} wrong PIN entries)", status.RemainingTries);
    }

    private void Login(byte[] pin)
    {
        var current = Session;
        try
        {
            current.Login(CKU.CKU_USER, pin);
        }
        catch (Pkcs11Exception e) when (e.RV == CKR.CKR_USER_ALREADY_LOGGED_IN)
        {
            // Another part of this application is logged in (PKCS#11 keeps one login per token and application).
            // This PIN entry starts a new batch, so log out and in again: that also checks the PIN just entered.
            current.Logout();
            current.Login(CKU.CKU_USER, pin);
        }
    }

    private PinStatus ReadPinStatus()
    {
        try
        {
            return TokenErrors.PinStatusFromFlags(slot.GetTokenInfo().TokenFlags.Flags);
        }
        catch (Pkcs11Exception e)
        {
            throw Fail(e, "reading the token state");
        }
    }

    private TokenException PinLocked(Exception? inner)
    {
        const string code = "CKR_PIN_LOCKED";
        return new TokenException(code, TokenErrors.Message(Label, "login", code), 0, inner);
    }

    private void EndLogin(bool byLimit)
    {
        TryLogout();
        loggedIn = false;
        loggedOutByLimit = byLimit;
        signaturesSinceLogin = 0;
        loginGeneration++;
    }

    private void TryLogout()
    {
        try
        {
            session?.Logout();
        }
        catch (Pkcs11Exception)
        {
            // Not logged in any more, or the token is gone: either way the next use logs in again.
        }
    }

    private void CloseSession()
    {
        try
        {
            session?.Dispose();
        }
        catch (Pkcs11Exception)
        {
            // the token is gone
        }

        session = null;
    }

    private TokenException Fail(Pkcs11Exception error, string operation)
    {
        switch (error.RV)
        {
            case CKR.CKR_SESSION_HANDLE_INVALID:
            case CKR.CKR_SESSION_CLOSED:
            case CKR.CKR_DEVICE_REMOVED:
            case CKR.CKR_TOKEN_NOT_PRESENT:
            case CKR.CKR_TOKEN_NOT_RECOGNIZED:
                // The session is gone: the next call opens a new one and logs in again.
                CloseSession();
                loggedIn = false;
                loginGeneration++;
                break;
            case CKR.CKR_USER_NOT_LOGGED_IN:
                loggedIn = false;
                loginGeneration++;
                break;
        }

        return TokenErrors.Wrap(error, Label, operation);
    }

    private sealed class ModuleEntry(IPkcs11Library library)
    {
        public IPkcs11Library Library { get; } = library;

        public int Connections { get; set; }
    }
}
