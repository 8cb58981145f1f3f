using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Elena.Sdk.Crypto.Certificates;

namespace Elena.Sdk.Certificates.Store;

/// <summary>Settings of a <see cref="CertificateStore"/>.</summary>
public sealed class CertificateStoreOptions
{
    /// <summary>PBKDF2-SHA256 iterations used by default (OWASP 2023 recommendation for PBKDF2-HMAC-SHA256).</summary>
    public const int DefaultIterations = 600_000;

    /// <summary>The lowest iteration count the store accepts.</summary>
    public const int MinimumIterations = 100_000;

    /// <summary>PBKDF2-SHA256 iterations for the key bags and the encrypted certificate bag (default 600,000, at least 100,000).</summary>
    public int Iterations { get; init; } = DefaultIterations;

    /// <summary>The clock (for the time stamps of imported certificates and requests).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>For tests only: a lower iteration count than <see cref="MinimumIterations"/>.</summary>
    internal int? IterationsForTests { get; init; }

    /// <summary>For tests only: wraps the stream the store file is written to (to simulate a crash mid-write).</summary>
    internal Func<Stream, Stream>? WriteInterceptor { get; init; }

    internal int EffectiveIterations => IterationsForTests ?? Iterations;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(TimeProvider);
        if (IterationsForTests is null && Iterations < MinimumIterations)
        {
            throw new ArgumentOutOfRangeException(nameof(Iterations), Iterations, $"The store needs at least {MinimumIterations} PBKDF2 iterations.");
        }
    }
}

/// <summary>
/// The employer's certificate store: one PKCS#12 file holding the issued certificates with their private keys, the CA
/// certificates and at most one pending request with its key pair. Keys are PKCS#8 shrouded with AES-256-CBC and
/// PBKDF2-SHA256; certificates and the store's bookkeeping sit in an AES-256-CBC encrypted safe; the whole file carries
/// an HMAC-SHA-256. Every change is written to a temporary file and renamed over the old one, so a crash mid-write
/// leaves the previous store intact.
/// </summary>
public sealed class CertificateStore : IDisposable
{
    /// <summary>The OID of the secret bag holding the store's bookkeeping (a private arc of this SDK).</summary>
    internal const string MetadataOid = "1.3.6.1.4.1.55555.1.1";

    private const int FormatVersion = 1;

    private readonly List<StoredCertificate> certificates = [];
    private readonly List<X509Certificate2> authorities = [];
    private readonly CertificateStoreOptions options;
    private char[] password;
    private bool disposed;

    private CertificateStore(string path, ReadOnlySpan<char> password, CertificateStoreOptions options)
    {
        FilePath = Path.GetFullPath(path);
        this.password = password.ToArray();
        this.options = options;
    }

    /// <summary>The full path of the store file.</summary>
    public string FilePath { get; }

    /// <summary>The issued certificates, oldest first.</summary>
    public IReadOnlyList<StoredCertificate> Certificates => certificates;

    /// <summary>CA certificates that came with certificate replies.</summary>
    public IReadOnlyList<X509Certificate2> AuthorityCertificates => authorities;

    /// <summary>The pending request, if one was started and its certificate has not been imported yet.</summary>
    public PendingRequest? Pending { get; private set; }

    internal TimeProvider TimeProvider => options.TimeProvider;

    /// <summary>Creates a new, empty store file.</summary>
    /// <param name="path">The file; must not exist.</param>
    /// <param name="password">The store password (not empty).</param>
    /// <param name="options">Settings, or the defaults.</param>
    /// <returns>The store.</returns>
    /// <exception cref="IOException">The file exists.</exception>
    public static CertificateStore Create(string path, ReadOnlySpan<char> password, CertificateStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        CheckPassword(password);
        options ??= new CertificateStoreOptions();
        options.Validate();
        if (File.Exists(path))
        {
            throw new IOException($"The certificate store '{path}' exists already; open it instead.");
        }

        var store = new CertificateStore(path, password, options);
        store.Save();
        return store;
    }

    /// <summary>Opens an existing store.</summary>
    /// <param name="path">The store file.</param>
    /// <param name="password">The store password.</param>
    /// <param name="options">Settings, or the defaults.</param>
    /// <returns>The store.</returns>
    /// <exception cref="CertificateStoreException">
    /// <see cref="CertificateStoreError.WrongPassword"/> (the file is left untouched), <see cref="CertificateStoreError.Corrupt"/> or
    /// <see cref="CertificateStoreError.NotFound"/>.
    /// </exception>
    public static CertificateStore Open(string path, ReadOnlySpan<char> password, CertificateStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        options ??= new CertificateStoreOptions();
        options.Validate();
        byte[] data;
        try
        {
            data = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException e)
        {
            throw new CertificateStoreException(CertificateStoreError.NotFound, $"The certificate store '{path}' does not exist.", e);
        }

        var store = new CertificateStore(path, password, options);
        try
        {
            store.Load(data, password);
        }
        catch
        {
            store.Dispose();
            throw;
        }

        return store;
    }

    /// <summary>
    /// The store password is forgotten: nothing in the store can be recovered (seed 000). Moves the unreadable file aside
    /// (<c>&lt;file&gt;.forgotten-&lt;UTC time&gt;</c>, never deleted) and creates a new empty store, ready for a new first request.
    /// </summary>
    /// <param name="path">The store file.</param>
    /// <param name="newPassword">The new password.</param>
    /// <param name="options">Settings, or the defaults.</param>
    /// <returns>The new empty store.</returns>
    public static CertificateStore StartOver(string path, ReadOnlySpan<char> newPassword, CertificateStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        CheckPassword(newPassword);
        options ??= new CertificateStoreOptions();
        options.Validate();
        if (File.Exists(path))
        {
            string aside = $"{path}.forgotten-{options.TimeProvider.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}";
            File.Move(path, aside, overwrite: false);
        }

        return Create(path, newPassword, options);
    }

    /// <summary>Restores a backup made by <see cref="Backup"/> into a store file (replacing it atomically if it exists).</summary>
    /// <param name="backup">The backup.</param>
    /// <param name="backupPassword">The password given when the backup was made.</param>
    /// <param name="path">The store file to write.</param>
    /// <param name="password">The password of the restored store.</param>
    /// <param name="options">Settings, or the defaults.</param>
    /// <returns>The restored store.</returns>
    /// <exception cref="CertificateStoreException">The backup password is wrong or the backup is damaged; <paramref name="path"/> is untouched.</exception>
    public static CertificateStore Restore(Stream backup, ReadOnlySpan<char> backupPassword, string path, ReadOnlySpan<char> password, CertificateStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(backup);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        CheckPassword(password);
        options ??= new CertificateStoreOptions();
        options.Validate();
        using var buffer = new MemoryStream();
        backup.CopyTo(buffer);
        var store = new CertificateStore(path, password, options);
        try
        {
            store.Load(buffer.ToArray(), backupPassword);
            store.Save();
        }
        catch
        {
            store.Dispose();
            throw;
        }

        return store;
    }

    /// <summary>Writes a backup of the whole store (certificates, keys and a pending request) protected by its own password.</summary>
    /// <param name="destination">Where to write the PKCS#12 backup.</param>
    /// <param name="backupPassword">The backup password.</param>
    public void Backup(Stream destination, ReadOnlySpan<char> backupPassword)
    {
        ArgumentNullException.ThrowIfNull(destination);
        CheckPassword(backupPassword);
        ObjectDisposedException.ThrowIf(disposed, this);
        destination.Write(Encode(backupPassword));
    }

    /// <summary>Changes the store password and rewrites the store.</summary>
    /// <param name="newPassword">The new password.</param>
    public void ChangePassword(ReadOnlySpan<char> newPassword)
    {
        CheckPassword(newPassword);
        ObjectDisposedException.ThrowIf(disposed, this);
        char[] old = password;
        password = newPassword.ToArray();
        try
        {
            Save();
            Array.Clear(old);
        }
        catch
        {
            Array.Clear(password);
            password = old;
            throw;
        }
    }

    /// <summary>The certificate to use now: valid at <paramref name="at"/>, not revoked, with the latest end of validity.</summary>
    /// <param name="at">The time.</param>
    /// <returns>The certificate, or <see langword="null"/>.</returns>
    public StoredCertificate? GetCurrent(DateTimeOffset at) =>
        certificates.Where(c => !c.Revoked && c.Certificate.NotBefore <= at.UtcDateTime && c.Certificate.NotAfter > at.UtcDateTime)
            .MaxBy(c => c.Certificate.NotAfter);

    /// <summary>The certificate with the latest end of validity, valid or not.</summary>
    /// <returns>The certificate, or <see langword="null"/>.</returns>
    public StoredCertificate? GetLatest() => certificates.MaxBy(c => c.Certificate.NotAfter);

    /// <summary>
    /// Discards the pending request and its key pair (an explicit decision of the user: the order at the trust center is
    /// then worthless). Saved at once.
    /// </summary>
    /// <returns>Whether a request was pending.</returns>
    public bool DiscardPending()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (Pending is null)
        {
            return false;
        }

        Pending = null;
        Save();
        return true;
    }

    /// <summary>Marks a certificate as revoked and saves.</summary>
    /// <param name="certificate">The certificate.</param>
    public void MarkRevoked(StoredCertificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        certificate.Revoked = true;
        Save();
    }

    /// <summary>Writes the store atomically (temporary file, then rename).</summary>
    /// <exception cref="CertificateStoreException"><see cref="CertificateStoreError.WriteFailed"/>; the previous file is intact.</exception>
    public void Save()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        byte[] data = Encode(password);
        string directory = Path.GetDirectoryName(FilePath)!;
        string temp = Path.Combine(directory, "." + Path.GetFileName(FilePath) + ".tmp-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)));
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                Stream target = options.WriteInterceptor?.Invoke(file) ?? file;
                target.Write(data);
                target.Flush();
                file.Flush(flushToDisk: true);
            }

            File.Move(temp, FilePath, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new CertificateStoreException(CertificateStoreError.WriteFailed, $"The certificate store '{FilePath}' could not be written; the previous version is intact.", e);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        Array.Clear(password);
        foreach (var c in certificates)
        {
            c.PrivateKey?.Dispose();
        }

        Pending?.PrivateKey?.Dispose();
    }

    internal void SetPending(PendingRequest request)
    {
        if (Pending is not null)
        {
            throw new InvalidOperationException("A request is already pending in the store.");
        }

        Pending = request;
        Save();
    }

    internal void CompletePending(X509Certificate2 certificate, IEnumerable<X509Certificate2> chain)
    {
        var pending = Pending ?? throw new InvalidOperationException("No request is pending.");
        certificates.Add(new StoredCertificate(X509CertificateLoader.LoadCertificate(certificate.RawData), pending.PrivateKey, pending.TokenKey, TimeProvider.GetUtcNow()));
        foreach (var ca in chain)
        {
            if (!authorities.Any(a => a.RawData.AsSpan().SequenceEqual(ca.RawData)))
            {
                authorities.Add(X509CertificateLoader.LoadCertificate(ca.RawData));
            }
        }

        Pending = null;
        Save();
    }

    internal void SaveChanges() => Save();

    private static void CheckPassword(ReadOnlySpan<char> password)
    {
        if (password.IsEmpty || password.IsWhiteSpace())
        {
            throw new ArgumentException("The password must not be empty.", nameof(password));
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private byte[] Encode(ReadOnlySpan<char> secret)
    {
        var pbe = new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, options.EffectiveIterations);
        var keys = new Pkcs12SafeContents();
        var safe = new Pkcs12SafeContents();
        using var metadata = new MemoryStream();
        using (var json = new Utf8JsonWriter(metadata))
        {
            json.WriteStartObject();
            json.WriteNumber("format", FormatVersion);
            json.WriteStartArray("certificates");
            int index = 0;
            foreach (var stored in certificates)
            {
                byte[] keyId = [0x43, (byte)(index >> 8), (byte)index];
                index++;
                var bag = safe.AddCertificate(stored.Certificate);
                bag.Attributes.Add(new Pkcs9LocalKeyId(keyId));
                if (stored.PrivateKey is not null)
                {
                    keys.AddShroudedKey(stored.PrivateKey, secret, pbe).Attributes.Add(new Pkcs9LocalKeyId(keyId));
                }

                json.WriteStartObject();
                json.WriteString("keyId", Convert.ToHexStringLower(keyId));
                json.WriteString("imported", stored.ImportedAt);
                json.WriteBoolean("revoked", stored.Revoked);
                WriteToken(json, stored.TokenKey);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            foreach (var ca in authorities)
            {
                safe.AddCertificate(ca);
            }

            if (Pending is { } pending)
            {
                byte[] keyId = [0x50, 0, 0];
                if (pending.PrivateKey is not null)
                {
                    keys.AddShroudedKey(pending.PrivateKey, secret, pbe).Attributes.Add(new Pkcs9LocalKeyId(keyId));
                }

                json.WriteStartObject("pending");
                json.WriteString("id", pending.Id);
                json.WriteString("keyId", Convert.ToHexStringLower(keyId));
                json.WriteString("party", pending.Party.ToString());
                json.WriteString("kind", pending.Kind.ToString());
                json.WriteBase64String("pkcs10", pending.Pkcs10);
                json.WriteString("created", pending.CreatedAt);
                if (pending.OrderNumber is not null)
                {
                    json.WriteString("order", pending.OrderNumber);
                }

                json.WriteBoolean("confirmed", pending.Confirmed);
                WriteToken(json, pending.TokenKey);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        var asn = new AsnWriter(AsnEncodingRules.DER);
        asn.WriteOctetString(metadata.ToArray());
        safe.AddSecret(new Oid(MetadataOid), asn.Encode());

        var builder = new Pkcs12Builder();
        builder.AddSafeContentsUnencrypted(keys);
        builder.AddSafeContentsEncrypted(safe, secret, pbe);
        builder.SealWithMac(secret, HashAlgorithmName.SHA256, options.EffectiveIterations);
        return builder.Encode();
    }

    private static void WriteToken(Utf8JsonWriter json, TokenKeyReference? token)
    {
        if (token is null)
        {
            return;
        }

        json.WriteStartObject("token");
        json.WriteString("token", token.TokenLabel);
        json.WriteString("label", token.KeyLabel);
        json.WriteString("id", token.KeyIdHex);
        json.WriteEndObject();
    }

    private static TokenKeyReference? ReadToken(JsonElement element) =>
        element.TryGetProperty("token", out var token)
            ? new TokenKeyReference(token.GetProperty("token").GetString()!, token.GetProperty("label").GetString()!, token.GetProperty("id").GetString()!)
            : null;

    private void Load(byte[] data, ReadOnlySpan<char> secret)
    {
        Pkcs12Info info;
        try
        {
            info = Pkcs12Info.Decode(data, out int consumed, skipCopy: true);
            if (consumed != data.Length)
            {
                throw new CryptographicException("Trailing data.");
            }
        }
        catch (CryptographicException e)
        {
            throw Corrupt(e);
        }

        if (info.IntegrityMode != Pkcs12IntegrityMode.Password)
        {
            throw Corrupt(null);
        }

        if (!info.VerifyMac(secret))
        {
            throw new CertificateStoreException(CertificateStoreError.WrongPassword,
                $"The password does not open the certificate store '{FilePath}'. The store is unchanged. Without the password its keys cannot be recovered: "
                + "try again, restore a backup, or start over with a new first request.");
        }

        try
        {
            var keys = new Dictionary<string, RSA>(StringComparer.Ordinal);
            var certs = new Dictionary<string, X509Certificate2>(StringComparer.Ordinal);
            var others = new List<X509Certificate2>();
            JsonDocument? metadata = null;
            foreach (var contents in info.AuthenticatedSafe)
            {
                if (contents.ConfidentialityMode == Pkcs12ConfidentialityMode.Password)
                {
                    contents.Decrypt(secret);
                }

                foreach (var bag in contents.GetBags())
                {
                    string? keyId = LocalKeyId(bag);
                    switch (bag)
                    {
                        case Pkcs12ShroudedKeyBag key when keyId is not null:
                            var rsa = RSA.Create();
                            rsa.ImportEncryptedPkcs8PrivateKey(secret, key.EncryptedPkcs8PrivateKey.Span, out _);
                            keys[keyId] = rsa;
                            break;
                        case Pkcs12CertBag cert when keyId is not null:
                            certs[keyId] = cert.GetCertificate();
                            break;
                        case Pkcs12CertBag cert:
                            others.Add(cert.GetCertificate());
                            break;
                        case Pkcs12SecretBag secretBag when secretBag.GetSecretType().Value == MetadataOid:
                            var reader = new AsnReader(secretBag.SecretValue, AsnEncodingRules.DER);
                            metadata = JsonDocument.Parse(reader.ReadOctetString());
                            break;
                    }
                }
            }

            if (metadata is null)
            {
                throw Corrupt(null);
            }

            using (metadata)
            {
                var root = metadata.RootElement;
                if (root.GetProperty("format").GetInt32() != FormatVersion)
                {
                    throw new CertificateStoreException(CertificateStoreError.Corrupt, $"The certificate store '{FilePath}' has an unknown format version.");
                }

                foreach (var entry in root.GetProperty("certificates").EnumerateArray())
                {
                    string keyId = entry.GetProperty("keyId").GetString()!;
                    var stored = new StoredCertificate(certs[keyId], keys.GetValueOrDefault(keyId), ReadToken(entry), entry.GetProperty("imported").GetDateTimeOffset())
                    {
                        Revoked = entry.GetProperty("revoked").GetBoolean(),
                    };
                    certificates.Add(stored);
                }

                authorities.AddRange(others);
                if (root.TryGetProperty("pending", out var p))
                {
                    string party = p.GetProperty("party").GetString()!;
                    var partyId = party.StartsWith("BN", StringComparison.Ordinal) ? PartyId.Betriebsnummer(party[2..]) : PartyId.Institutionskennzeichen(party[2..]);
                    Pending = new PendingRequest(
                        p.GetProperty("id").GetString()!,
                        partyId,
                        Enum.Parse<RequestKind>(p.GetProperty("kind").GetString()!),
                        p.GetProperty("pkcs10").GetBytesFromBase64(),
                        keys.GetValueOrDefault(p.GetProperty("keyId").GetString()!),
                        ReadToken(p),
                        p.GetProperty("created").GetDateTimeOffset())
                    {
                        OrderNumber = p.TryGetProperty("order", out var order) ? order.GetString() : null,
                        Confirmed = p.GetProperty("confirmed").GetBoolean(),
                    };
                }
            }
        }
        catch (Exception e) when (e is CryptographicException or JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException or AsnContentException)
        {
            throw Corrupt(e);
        }
    }

    private static string? LocalKeyId(Pkcs12SafeBag bag)
    {
        foreach (CryptographicAttributeObject attribute in bag.Attributes)
        {
            if (attribute.Oid?.Value == "1.2.840.113549.1.9.21")
            {
                foreach (AsnEncodedData value in attribute.Values)
                {
                    return Convert.ToHexStringLower(AsnDecoder.ReadOctetString(value.RawData, AsnEncodingRules.BER, out _));
                }
            }
        }

        return null;
    }

    private CertificateStoreException Corrupt(Exception? inner) =>
        new(CertificateStoreError.Corrupt, $"The file '{FilePath}' is not a readable certificate store (damaged or of another format).", inner);
}
