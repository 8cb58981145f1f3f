using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Elena.Sdk.Crypto.Tokens;

/// <summary>
/// A PKCS#11 token (signature card, USB token, HSM) holding RSA keys and certificates.
/// </summary>
/// <remarks>
/// <para>
/// The token logs in lazily, on the first use of a private key, with the PIN the callback returns; the PIN is handed
/// to the token and not kept. One login serves a batch of up to <see cref="Pkcs11TokenOptions.MaxSignaturesPerLogin"/>
/// signatures; then the token is logged out and the next signature asks the callback again. A wrong PIN asks again
/// (<see cref="PinRequestReason.Retry"/>) up to three entries in all.
/// </para>
/// <para>
/// PKCS#11 keeps one login per token and application, so all <see cref="Pkcs11Token"/> instances for the same module
/// and token in this process share one session, one login and one signature count. The instance is thread-safe; token
/// calls are serialized.
/// </para>
/// </remarks>
public sealed class Pkcs11Token : IDisposable
{
    private readonly TokenConnection connection;
    private readonly Func<PinRequest, string?> pinCallback;
    private int disposed;

    private Pkcs11Token(TokenConnection connection, Func<PinRequest, string?> pinCallback, int maxSignaturesPerLogin, bool allowRawRsaDecryptFallback)
    {
        this.connection = connection;
        this.pinCallback = pinCallback;
        MaxSignaturesPerLogin = maxSignaturesPerLogin;
        AllowRawRsaDecryptFallback = allowRawRsaDecryptFallback;
    }

    /// <summary>The token's label (without PKCS#11's blank padding).</summary>
    public string Label => connection.Label;

    /// <summary>The token's serial number.</summary>
    public string SerialNumber => connection.SerialNumber;

    /// <summary>The token's manufacturer.</summary>
    public string ManufacturerId => connection.ManufacturerId;

    /// <summary>The token's model.</summary>
    public string Model => connection.Model;

    /// <summary>Whether the application is logged in to the token now.</summary>
    public bool IsLoggedIn => connection.LoggedIn;

    /// <summary>The batch limit: signatures per PIN entry.</summary>
    public int MaxSignaturesPerLogin { get; }

    internal bool AllowRawRsaDecryptFallback { get; }

    /// <summary>Loads the PKCS#11 module (once per process) and opens the token the options name.</summary>
    /// <param name="options">Module and token; copied.</param>
    /// <param name="pinCallback">
    /// Returns the user PIN when the token needs it (see <see cref="PinRequest"/>), or <see langword="null"/> or an empty
    /// string to cancel.
    /// </param>
    /// <returns>The open token; dispose it when done.</returns>
    /// <exception cref="ArgumentException">The options are incomplete, or several tokens match them.</exception>
    /// <exception cref="TokenException">
    /// The module could not be loaded (<c>CKR_LIBRARY_LOAD_FAILED</c>), no matching token is present
    /// (<c>CKR_TOKEN_NOT_PRESENT</c>), or the module reported another error.
    /// </exception>
    public static Pkcs11Token Open(Pkcs11TokenOptions options, Func<PinRequest, string?> pinCallback)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(pinCallback);
        options.Validate();
        var connection = TokenConnection.Acquire(options);
        return new Pkcs11Token(connection, pinCallback, options.MaxSignaturesPerLogin, options.AllowRawRsaDecryptFallback);
    }

    /// <summary>
    /// Lists the RSA keys: those with a public-key object on the token and, once logged in, also private keys without one.
    /// Does not log in.
    /// </summary>
    /// <returns>The keys, ordered by label and id.</returns>
    /// <exception cref="TokenException">The token reported an error.</exception>
    public IReadOnlyList<Pkcs11KeyInfo> ListKeys()
    {
        ThrowIfDisposed();
        return connection.Run("listing keys", session =>
        {
            var certificateIds = P11Objects.Find(session, CKO.CKO_CERTIFICATE, null, null)
                .Select(c => Convert.ToHexStringLower(c.Id)).Where(id => id.Length > 0).ToHashSet(StringComparer.Ordinal);
            var keys = new Dictionary<string, Pkcs11KeyInfo>(StringComparer.Ordinal);
            foreach (var key in P11Objects.Find(session, CKO.CKO_PUBLIC_KEY, null, null)
                .Concat(P11Objects.Find(session, CKO.CKO_PRIVATE_KEY, null, null)))
            {
                string idHex = Convert.ToHexStringLower(key.Id);
                string mergeKey = idHex.Length > 0 ? "id:" + idHex : "label:" + key.Label;
                if (!keys.ContainsKey(mergeKey))
                {
                    keys[mergeKey] = new Pkcs11KeyInfo(key.Label, idHex, BitLength(key.Modulus),
                        idHex.Length > 0 && certificateIds.Contains(idHex));
                }
            }

            return (IReadOnlyList<Pkcs11KeyInfo>)keys.Values
                .OrderBy(k => k.Label, StringComparer.Ordinal).ThenBy(k => k.IdHex, StringComparer.Ordinal).ToList();
        });
    }

    /// <summary>
    /// Gets an RSA key by label and/or id (<c>CKA_ID</c>); with neither, the token's only key. The public key comes
    /// from the token's public-key object or certificate without a login; only when neither exists does this log in
    /// to read it from the private key.
    /// </summary>
    /// <param name="label">The key's <c>CKA_LABEL</c>, or <see langword="null"/>.</param>
    /// <param name="id">The key's <c>CKA_ID</c>, or <see langword="null"/>.</param>
    /// <returns>The key; use it wherever an <see cref="RSA"/> private key is expected.</returns>
    /// <exception cref="ArgumentException">Several keys match.</exception>
    /// <exception cref="CryptographicException">No key matches.</exception>
    /// <exception cref="TokenException">The token reported an error.</exception>
    public Pkcs11RsaKey GetKey(string? label = null, byte[]? id = null)
    {
        ThrowIfDisposed();
        string what = Describe(label, id);
        var found = connection.Run("finding a key", session =>
        {
            var publicKeys = P11Objects.Find(session, CKO.CKO_PUBLIC_KEY, label, id).Where(k => k.Modulus is not null && k.Exponent is not null).ToList();
            if (publicKeys.Count > 0)
            {
                return ToKeyMaterial(Single(publicKeys, what, "keys"));
            }

            var certificates = P11Objects.Find(session, CKO.CKO_CERTIFICATE, label, id)
                .Select(c => (Object: c, Parameters: RsaPublicParameters(c.Value)))
                .Where(c => c.Parameters is not null).ToList();
            if (certificates.Count > 0)
            {
                var distinct = certificates.DistinctBy(c => Convert.ToHexString(c.Parameters!.Value.Modulus!)).ToList();
                var chosen = Single(distinct.Select(c => c.Object).ToList(), what, "keys");
                var parameters = distinct.First(c => ReferenceEquals(c.Object, chosen)).Parameters!.Value;
                return new KeyMaterial(chosen.Label, chosen.Id, parameters.Modulus!, parameters.Exponent!);
            }

            return (KeyMaterial?)null;
        });

        found ??= connection.RunPrivate("finding a key", pinCallback, MaxSignaturesPerLogin, isSignature: false, (session, _) =>
        {
            var privateKeys = P11Objects.Find(session, CKO.CKO_PRIVATE_KEY, label, id).Where(k => k.Modulus is not null && k.Exponent is not null).ToList();
            if (privateKeys.Count == 0)
            {
                throw new CryptographicException($"PKCS#11 token '{Label}' holds no RSA key {what}.");
            }

            return ToKeyMaterial(Single(privateKeys, what, "keys"));
        });

        return new Pkcs11RsaKey(this, found.Value.Label, found.Value.Id, found.Value.Modulus, found.Value.Exponent);
    }

    /// <summary>Gets the X.509 certificate with the label and/or id (<c>CKA_ID</c>); with neither, the token's only one. Does not log in.</summary>
    /// <param name="label">The certificate's <c>CKA_LABEL</c>, or <see langword="null"/>.</param>
    /// <param name="id">The certificate's <c>CKA_ID</c> (the same as its key's), or <see langword="null"/>.</param>
    /// <returns>
    /// The certificate (without private key), or <see langword="null"/> when none matches. When several match with
    /// the same id (a renewed certificate), the one with the latest <c>NotBefore</c>.
    /// </returns>
    /// <exception cref="ArgumentException">Certificates of several keys match.</exception>
    /// <exception cref="TokenException">The token reported an error.</exception>
    public X509Certificate2? GetCertificate(string? label = null, byte[]? id = null)
    {
        ThrowIfDisposed();
        var values = connection.Run("finding a certificate", session =>
            P11Objects.Find(session, CKO.CKO_CERTIFICATE, label, id).Where(c => c.Value is { Length: > 0 }).ToList());
        if (values.Count == 0)
        {
            return null;
        }

        if (values.Select(v => Convert.ToHexString(v.Id)).Distinct(StringComparer.Ordinal).Count() > 1)
        {
            throw new ArgumentException(
                $"Certificates of several keys on PKCS#11 token '{Label}' match {Describe(label, id)}: "
                + string.Join(", ", values.Select(v => $"'{v.Label}' (id {Convert.ToHexStringLower(v.Id)})")) + ". Pass the label or id.",
                label is null ? nameof(id) : nameof(label));
        }

        var certificates = values.Select(v => X509CertificateLoader.LoadCertificate(v.Value!)).ToList();
        var newest = certificates.MaxBy(c => c.NotBefore)!;
        foreach (var other in certificates.Where(c => !ReferenceEquals(c, newest)))
        {
            other.Dispose();
        }

        return newest;
    }

    /// <summary>
    /// Generates an RSA key pair on the token (token objects; the private key sensitive and not extractable, for
    /// signing, decryption and unwrapping). Logs in when needed.
    /// </summary>
    /// <param name="label">The label for both keys; must not be in use.</param>
    /// <param name="bits">Modulus length: 2048 to 16384, a multiple of 8.</param>
    /// <param name="id">The <c>CKA_ID</c> for both keys (and later the certificate); default 16 random bytes.</param>
    /// <returns>The new key.</returns>
    /// <exception cref="ArgumentException">The label or id is empty or in use, or the size is out of range.</exception>
    /// <exception cref="TokenException">The token reported an error.</exception>
    /// <exception cref="OperationCanceledException">The PIN callback returned no PIN.</exception>
    public Pkcs11RsaKey GenerateRsaKey(string label, int bits, byte[]? id = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        if (bits is < 2048 or > 16384 || bits % 8 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(bits), bits, "The key size must be 2048 to 16384 bits, a multiple of 8.");
        }

        if (id is { Length: 0 })
        {
            throw new ArgumentException("The id must not be empty; pass null for a random id.", nameof(id));
        }

        ThrowIfDisposed();
        byte[] keyId = id is null ? RandomNumberGenerator.GetBytes(16) : (byte[])id.Clone();
        var material = connection.RunPrivate("generating an RSA key", pinCallback, MaxSignaturesPerLogin, isSignature: false, (session, _) =>
        {
            foreach (var objectClass in new[] { CKO.CKO_PUBLIC_KEY, CKO.CKO_PRIVATE_KEY })
            {
                if (P11Objects.Find(session, objectClass, label, null).Count > 0)
                {
                    throw new ArgumentException($"PKCS#11 token '{Label}' already holds a key labelled '{label}'.", nameof(label));
                }

                if (P11Objects.Find(session, objectClass, null, keyId).Count > 0)
                {
                    throw new ArgumentException($"PKCS#11 token '{Label}' already holds a key with id {Convert.ToHexStringLower(keyId)}.", nameof(id));
                }
            }

            var factory = Pkcs11Runtime.Factories.ObjectAttributeFactory;
            var publicTemplate = new List<IObjectAttribute>
            {
                factory.Create(CKA.CKA_TOKEN, true),
                factory.Create(CKA.CKA_PRIVATE, false),
                factory.Create(CKA.CKA_LABEL, label),
                factory.Create(CKA.CKA_ID, keyId),
                factory.Create(CKA.CKA_ENCRYPT, true),
                factory.Create(CKA.CKA_VERIFY, true),
                factory.Create(CKA.CKA_WRAP, true),
                factory.Create(CKA.CKA_MODULUS_BITS, (ulong)bits),
                factory.Create(CKA.CKA_PUBLIC_EXPONENT, new byte[] { 0x01, 0x00, 0x01 }),
            };
            var privateTemplate = new List<IObjectAttribute>
            {
                factory.Create(CKA.CKA_TOKEN, true),
                factory.Create(CKA.CKA_PRIVATE, true),
                factory.Create(CKA.CKA_LABEL, label),
                factory.Create(CKA.CKA_ID, keyId),
                factory.Create(CKA.CKA_SENSITIVE, true),
                factory.Create(CKA.CKA_EXTRACTABLE, false),
                factory.Create(CKA.CKA_SIGN, true),
                factory.Create(CKA.CKA_DECRYPT, true),
                factory.Create(CKA.CKA_UNWRAP, true),
            };
            try
            {
                using var mechanism = Pkcs11Runtime.Factories.MechanismFactory.Create(CKM.CKM_RSA_PKCS_KEY_PAIR_GEN);
                session.GenerateKeyPair(mechanism, publicTemplate, privateTemplate, out IObjectHandle _, out IObjectHandle _);
            }
            finally
            {
                P11Objects.DisposeAll(publicTemplate);
                P11Objects.DisposeAll(privateTemplate);
            }

            var created = P11Objects.Find(session, CKO.CKO_PUBLIC_KEY, label, keyId);
            if (created.Count != 1 || created[0].Modulus is null || created[0].Exponent is null)
            {
                throw new CryptographicException($"PKCS#11 token '{Label}' generated the key '{label}' but its public key cannot be read.");
            }

            return ToKeyMaterial(created[0]);
        });

        return new Pkcs11RsaKey(this, material.Label, material.Id, material.Modulus, material.Exponent);
    }

    /// <summary>
    /// Stores an X.509 certificate on the token (a public token object), normally with the <c>CKA_ID</c> of its key.
    /// Storing the same certificate with the same id again does nothing. Logs in when needed.
    /// </summary>
    /// <param name="certificate">The certificate (its private key, if any, is not stored).</param>
    /// <param name="label">The certificate's label.</param>
    /// <param name="id">The <c>CKA_ID</c>, the same as the key's.</param>
    /// <exception cref="ArgumentException">The label or id is empty.</exception>
    /// <exception cref="TokenException">The token reported an error.</exception>
    /// <exception cref="OperationCanceledException">The PIN callback returned no PIN.</exception>
    public void ImportCertificate(X509Certificate2 certificate, string label, byte[] id)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        ArgumentNullException.ThrowIfNull(id);
        if (id.Length == 0)
        {
            throw new ArgumentException("The id must not be empty.", nameof(id));
        }

        ThrowIfDisposed();
        byte[] der = certificate.RawData;
        byte[] keyId = (byte[])id.Clone();
        connection.RunPrivate("storing a certificate", pinCallback, MaxSignaturesPerLogin, isSignature: false, (session, _) =>
        {
            if (P11Objects.Find(session, CKO.CKO_CERTIFICATE, null, keyId).Any(c => c.Value is not null && c.Value.AsSpan().SequenceEqual(der)))
            {
                return true;
            }

            var factory = Pkcs11Runtime.Factories.ObjectAttributeFactory;
            P11Objects.Create(session,
            [
                factory.Create(CKA.CKA_CLASS, CKO.CKO_CERTIFICATE),
                factory.Create(CKA.CKA_CERTIFICATE_TYPE, CKC.CKC_X_509),
                factory.Create(CKA.CKA_TOKEN, true),
                factory.Create(CKA.CKA_PRIVATE, false),
                factory.Create(CKA.CKA_MODIFIABLE, true),
                factory.Create(CKA.CKA_LABEL, label),
                factory.Create(CKA.CKA_ID, keyId),
                factory.Create(CKA.CKA_SUBJECT, certificate.SubjectName.RawData),
                factory.Create(CKA.CKA_ISSUER, certificate.IssuerName.RawData),
                factory.Create(CKA.CKA_SERIAL_NUMBER, DerInteger(certificate.SerialNumberBytes.Span)),
                factory.Create(CKA.CKA_VALUE, der),
            ]);
            return true;
        });
    }

    /// <summary>Logs out: the next private-key use asks for the PIN and starts a new batch.</summary>
    /// <exception cref="TokenException">The token reported an error.</exception>
    public void Logout()
    {
        ThrowIfDisposed();
        connection.Logout();
    }

    /// <summary>Closes this handle; the last handle on the token logs out and closes the session.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            connection.Release();
        }
    }

    /// <summary>Signs on the token (counts towards the batch limit).</summary>
    internal byte[] Sign(Pkcs11RsaKey key, byte[] input, bool pss)
    {
        ThrowIfDisposed();
        return connection.RunPrivate("signing", pinCallback, MaxSignaturesPerLogin, isSignature: true, (session, generation) =>
        {
            var handle = key.PrivateHandle(session, generation);
            var factories = Pkcs11Runtime.Factories;
            if (pss)
            {
                using var parameters = factories.MechanismParamsFactory.CreateCkRsaPkcsPssParams(
                    (ulong)CKM.CKM_SHA256, (ulong)CKG.CKG_MGF1_SHA256, (ulong)SHA256.HashSizeInBytes);
                using var mechanism = factories.MechanismFactory.Create(CKM.CKM_RSA_PKCS_PSS, parameters);
                return session.Sign(mechanism, handle, input);
            }

            using var pkcs1 = factories.MechanismFactory.Create(CKM.CKM_RSA_PKCS);
            return session.Sign(pkcs1, handle, input);
        });
    }

    /// <summary>Decrypts on the token with PKCS#1 v1.5 or OAEP-SHA256 (with the raw fallback when allowed).</summary>
    internal byte[] Decrypt(Pkcs11RsaKey key, byte[] ciphertext, bool oaepSha256)
    {
        ThrowIfDisposed();
        string operation = oaepSha256 ? "RSA-OAEP (SHA-256) decryption" : "RSA PKCS#1 v1.5 decryption";
        return connection.RunPrivate(operation, pinCallback, MaxSignaturesPerLogin, isSignature: false, (session, generation) =>
        {
            var handle = key.PrivateHandle(session, generation);
            var factories = Pkcs11Runtime.Factories;
            if (!oaepSha256)
            {
                using var pkcs1 = factories.MechanismFactory.Create(CKM.CKM_RSA_PKCS);
                return session.Decrypt(pkcs1, handle, ciphertext);
            }

            try
            {
                using var parameters = factories.MechanismParamsFactory.CreateCkRsaPkcsOaepParams(
                    (ulong)CKM.CKM_SHA256, (ulong)CKG.CKG_MGF1_SHA256, (ulong)CKZ.CKZ_DATA_SPECIFIED, null);
                using var mechanism = factories.MechanismFactory.Create(CKM.CKM_RSA_PKCS_OAEP, parameters);
                return session.Decrypt(mechanism, handle, ciphertext);
            }
            catch (Pkcs11Exception e) when (e.RV is CKR.CKR_ARGUMENTS_BAD or CKR.CKR_MECHANISM_INVALID or CKR.CKR_MECHANISM_PARAM_INVALID)
            {
                if (!AllowRawRsaDecryptFallback)
                {
                    string code = TokenErrors.Name(e.RV);
                    throw new TokenException(code,
                        $"PKCS#11 token '{Label}': {operation} failed with {code}. The token does not support RSA-OAEP with SHA-256. "
                        + "Tokens used for ELENA have to support it; for a test token such as SoftHSM 2.6 set "
                        + "Pkcs11TokenOptions.AllowRawRsaDecryptFallback.", null, e);
                }
            }

            // Test tokens only (AllowRawRsaDecryptFallback): raw RSA on the token, OAEP decoding in software.
            using var raw = factories.MechanismFactory.Create(CKM.CKM_RSA_X_509);
            return SoftwareOaep.DecodeSha256(session.Decrypt(raw, handle, ciphertext), key.ModulusBytes);
        });
    }

    /// <summary>Finds the private key of a key on the token (caller holds the connection gate and is logged in).</summary>
    internal IObjectHandle FindPrivateKey(ISession session, string label, byte[] id, byte[] modulus)
    {
        var candidates = id.Length > 0
            ? P11Objects.Find(session, CKO.CKO_PRIVATE_KEY, null, id)
            : P11Objects.Find(session, CKO.CKO_PRIVATE_KEY, label, null);
        var match = candidates.FirstOrDefault(c => c.Modulus is not null && c.Modulus.AsSpan().SequenceEqual(modulus))
            ?? candidates.FirstOrDefault(c => c.Modulus is null);
        return match?.Handle ?? throw new CryptographicException(
            $"PKCS#11 token '{Label}' holds no private key for the key {Describe(label.Length > 0 ? label : null, id.Length > 0 ? id : null)}.");
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);

    private static KeyMaterial ToKeyMaterial(P11Object key) => new(key.Label, key.Id, key.Modulus!, key.Exponent!);

    private static P11Object Single(List<P11Object> found, string what, string kind)
    {
        if (found.Count > 1)
        {
            throw new ArgumentException(
                $"Several {kind} match {what}: "
                + string.Join(", ", found.Select(f => $"'{f.Label}' (id {Convert.ToHexStringLower(f.Id)})")) + ". Pass the label or id.");
        }

        return found[0];
    }

    private static RSAParameters? RsaPublicParameters(byte[]? der)
    {
        if (der is not { Length: > 0 })
        {
            return null;
        }

        try
        {
            using var certificate = X509CertificateLoader.LoadCertificate(der);
            using var rsa = certificate.GetRSAPublicKey();
            return rsa?.ExportParameters(false);
        }
        catch (CryptographicException)
        {
            return null; // not a certificate .NET can read: ignore it
        }
    }

    private static int BitLength(byte[]? modulus)
    {
        if (modulus is not { Length: > 0 })
        {
            return 0;
        }

        return ((modulus.Length - 1) * 8) + (32 - System.Numerics.BitOperations.LeadingZeroCount((uint)modulus[0]));
    }

    private static string Describe(string? label, byte[]? id) => (label, id) switch
    {
        (null, null) => "(any)",
        (not null, null) => $"labelled '{label}'",
        (null, not null) => $"with id {Convert.ToHexStringLower(id)}",
        _ => $"labelled '{label}' with id {Convert.ToHexStringLower(id!)}",
    };

    /// <summary>The INTEGER TLV of a certificate serial number, its content bytes kept as the certificate has them.</summary>
    private static byte[] DerInteger(ReadOnlySpan<byte> content)
    {
        if (content.IsEmpty)
        {
            return [0x02, 0x01, 0x00];
        }

        byte[] length = content.Length < 0x80 ? [(byte)content.Length]
            : content.Length <= 0xFF ? [0x81, (byte)content.Length]
            : [0x82, (byte)(content.Length >> 8), (byte)content.Length];
        return [0x02, .. length, .. content];
    }

    private readonly record struct KeyMaterial(string Label, byte[] Id, byte[] Modulus, byte[] Exponent);
}
