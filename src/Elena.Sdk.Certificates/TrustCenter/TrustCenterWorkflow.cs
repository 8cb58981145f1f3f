using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Elena.Sdk.Certificates.Store;
using Elena.Sdk.Crypto.Certificates;
using Elena.Sdk.Crypto.KeyLists;
using Elena.Sdk.Crypto.Tokens;

namespace Elena.Sdk.Certificates.TrustCenter;

/// <summary>Settings of a <see cref="TrustCenterWorkflow"/>.</summary>
public sealed class TrustCenterWorkflowOptions
{
    /// <summary>The default RSA key size (ITSG practice since the 2024 key change).</summary>
    public const int DefaultKeySize = 4096;

    /// <summary>The renewal window: a certificate ending within it is <see cref="CertificateStatus.ExpiringSoon"/>.</summary>
    public static readonly TimeSpan DefaultRenewalWindow = TimeSpan.FromDays(90);

    /// <summary>RSA key size for new key pairs (2048 to 16384; default 4096).</summary>
    public int KeySize { get; init; } = DefaultKeySize;

    /// <summary>The renewal window (default 90 days).</summary>
    public TimeSpan RenewalWindow { get; init; } = DefaultRenewalWindow;

    /// <summary>The name of the acceptance list holding the trust center's encryption certificate.</summary>
    public string AcceptanceListName { get; init; } = "annahme-sha256.agv";

    /// <summary>The clock.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

/// <summary>Raised when a certificate enters the renewal window or has expired.</summary>
/// <param name="certificate">The certificate.</param>
/// <param name="status">Its status.</param>
/// <param name="remaining">Time left until it expires (negative when expired).</param>
public sealed class RenewalDueEventArgs(StoredCertificate certificate, CertificateStatus status, TimeSpan remaining) : EventArgs
{
    /// <summary>The certificate.</summary>
    public StoredCertificate Certificate { get; } = certificate;

    /// <summary><see cref="CertificateStatus.ExpiringSoon"/> (renew now) or <see cref="CertificateStatus.Expired"/> (first request needed).</summary>
    public CertificateStatus Status { get; } = status;

    /// <summary>Time left until it expires.</summary>
    public TimeSpan Remaining { get; } = remaining;
}

/// <summary>
/// The employer certificate lifecycle over a <see cref="CertificateStore"/> and a <see cref="TrustCenterClient"/>:
/// first request, order confirmation, polling, import, renewal and expiry monitoring (seed 000, procedure §7).
/// </summary>
public sealed class TrustCenterWorkflow
{
    private readonly CertificateStore store;
    private readonly TrustCenterClient client;
    private readonly TrustCenterWorkflowOptions options;

    /// <summary>Creates the workflow.</summary>
    /// <param name="store">The open store.</param>
    /// <param name="client">The trust center client.</param>
    /// <param name="options">Settings.</param>
    public TrustCenterWorkflow(CertificateStore store, TrustCenterClient client, TrustCenterWorkflowOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(client);
        this.store = store;
        this.client = client;
        this.options = options ?? new TrustCenterWorkflowOptions();
        if (this.options.KeySize is < 2048 or > 16384 || this.options.KeySize % 8 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), this.options.KeySize, "The key size must be 2048 to 16384 bits, a multiple of 8.");
        }
    }

    /// <summary>Raised by <see cref="CheckRenewal"/> for each certificate that is expiring soon or expired.</summary>
    public event EventHandler<RenewalDueEventArgs>? RenewalDue;

    /// <summary>The store.</summary>
    public CertificateStore Store => store;

    /// <summary>
    /// First request: makes a new key pair (in software, or on <paramref name="token"/>) and a PKCS#10 request with the
    /// ITSG subject, keeps both as the pending request in the store, sends the application with the GUID and keeps the
    /// order number.
    /// </summary>
    /// <param name="applicant">The applicant.</param>
    /// <param name="registrationGuid">The GUID from the ITSG registration portal.</param>
    /// <param name="token">A PKCS#11 token to generate the key on, or <see langword="null"/> for a software key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The pending request (order number set; show <see cref="PendingRequest.PublicKeyHashForDisplay"/> to the user).
    /// A pending first request that has no order number yet (its application was refused or never answered) is sent
    /// again with the same key pair.</returns>
    /// <exception cref="CertificateWorkflowException"><see cref="CertificateWorkflowError.RequestPending"/>: no second key pair is made.</exception>
    /// <exception cref="TrustCenterException">The trust center refused the application (the pending request stays, without order number).</exception>
    public async Task<PendingRequest> StartFirstRequestAsync(TrustCenterApplicant applicant, string registrationGuid, Pkcs11Token? token = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(applicant);
        if (string.IsNullOrWhiteSpace(registrationGuid))
        {
            throw new ArgumentException("A first request needs the GUID from the ITSG registration portal.", nameof(registrationGuid));
        }

        PendingRequest pending;
        if (store.Pending is { OrderNumber: null, Kind: RequestKind.First } unsent && unsent.Party.Value == applicant.Betriebsnummer)
        {
            pending = unsent; // the application never reached the trust center: send it again with the same key pair
        }
        else
        {
            EnsureNothingPending();
            pending = CreatePending(applicant, RequestKind.First, token);
            store.SetPending(pending);
        }

        pending.OrderNumber = await client.SendApplicationAsync(applicant, pending.Pkcs10, registrationGuid, cancellationToken).ConfigureAwait(false);
        store.SaveChanges();
        return pending;
    }

    /// <summary>
    /// Renewal while the current certificate is valid and the contact person is unchanged: a new key pair, the
    /// application signed with the current key and sealed to the trust center, no GUID.
    /// </summary>
    /// <param name="applicant">The applicant (same contact person as the current certificate).</param>
    /// <param name="token">The token holding the current key and/or generating the new one.</param>
    /// <param name="trustCenterCertificate">The trust center's encryption certificate; default: fetched from the acceptance list.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The pending renewal with its order number.</returns>
    /// <exception cref="CertificateWorkflowException">
    /// <see cref="CertificateWorkflowError.RequestPending"/>, <see cref="CertificateWorkflowError.CertificateExpired"/>,
    /// <see cref="CertificateWorkflowError.ContactPersonChanged"/> or <see cref="CertificateWorkflowError.NoCertificate"/> (the last three: make a first request).
    /// </exception>
    public async Task<PendingRequest> StartRenewalAsync(TrustCenterApplicant applicant, Pkcs11Token? token = null, X509Certificate2? trustCenterCertificate = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(applicant);
        EnsureNothingPending();
        var now = options.TimeProvider.GetUtcNow();
        var current = store.GetCurrent(now);
        if (current is null)
        {
            var latest = store.GetLatest();
            throw latest is not null && latest.Certificate.NotAfter <= now.UtcDateTime
                ? new CertificateWorkflowException(CertificateWorkflowError.CertificateExpired,
                    "The certificate has expired; a renewal is no longer possible. Make a first request with a new GUID from the ITSG registration portal.")
                : new CertificateWorkflowException(CertificateWorkflowError.NoCertificate, "There is no valid certificate to renew; make a first request.");
        }

        string? contact = current.Certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        if (!string.Equals(contact, TrustCenterApplicant.ToPrintable(applicant.LastName), StringComparison.Ordinal)
            || PartyId.FromCertificate(current.Certificate)?.Value != applicant.Betriebsnummer)
        {
            throw new CertificateWorkflowException(CertificateWorkflowError.ContactPersonChanged,
                "The contact person (or employer) differs from the current certificate; a renewal is not allowed. Make a first request.");
        }

        trustCenterCertificate ??= await GetTrustCenterCertificateAsync(applicant.Betriebsnummer, now, cancellationToken).ConfigureAwait(false);
        RSA signerKey = KeyOf(current.TokenKey, current.PrivateKey, token);
        var pending = CreatePending(applicant, RequestKind.Renewal, token);
        store.SetPending(pending);
        pending.OrderNumber = await client.SendRenewalAsync(applicant, pending.Pkcs10, current.Certificate, signerKey, trustCenterCertificate, cancellationToken).ConfigureAwait(false);
        store.SaveChanges();
        return pending;
    }

    /// <summary>Step 2: sends the order confirmation with the SHA-256 public-key hash of the pending request.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    public async Task ConfirmOrderAsync(CancellationToken cancellationToken = default)
    {
        var pending = RequireOrdered();
        await client.SendOrderConfirmationAsync(pending.OrderNumber!, pending.Party.Value, pending.PublicKeyHash, cancellationToken).ConfigureAwait(false);
        pending.Confirmed = true;
        store.SaveChanges();
    }

    /// <summary>Step 3, once: asks for the certificate and imports it when it is there.</summary>
    /// <param name="token">The token holding the pending key, if it is on one (the certificate is stored there too).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The imported certificate, or <see langword="null"/> while it is not issued yet (poll again later).</returns>
    public async Task<StoredCertificate?> TryFetchCertificateAsync(Pkcs11Token? token = null, CancellationToken cancellationToken = default)
    {
        var pending = RequireOrdered();
        byte[]? reply = await client.FetchCertificateAsync(pending.OrderNumber!, pending.Party.Value, cancellationToken).ConfigureAwait(false);
        return reply is null ? null : ImportReply(reply, token);
    }

    /// <summary>Polls (step 3) every <paramref name="interval"/> on the workflow's <see cref="TimeProvider"/> until the certificate is issued, then imports it.</summary>
    /// <param name="interval">The polling interval (the OSTC gives none; hours are sensible for a first request).</param>
    /// <param name="token">The token holding the pending key, if it is on one.</param>
    /// <param name="cancellationToken">Stops polling.</param>
    /// <returns>The imported certificate.</returns>
    public async Task<StoredCertificate> WaitForCertificateAsync(TimeSpan interval, Pkcs11Token? token = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        while (true)
        {
            var stored = await TryFetchCertificateAsync(token, cancellationToken).ConfigureAwait(false);
            if (stored is not null)
            {
                return stored;
            }

            await Task.Delay(interval, options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Imports a certificate reply (PKCS#7 certs-only, DER, PEM or base64 text) for the pending request: only a
    /// certificate whose public key equals the pending key is taken; CA certificates in the reply are kept too.
    /// </summary>
    /// <param name="reply">The reply file.</param>
    /// <param name="token">The token holding the pending key, if it is on one.</param>
    /// <returns>The stored certificate.</returns>
    /// <exception cref="CertificateWorkflowException">
    /// <see cref="CertificateWorkflowError.NoPendingRequest"/>, <see cref="CertificateWorkflowError.ReplyUnreadable"/> or
    /// <see cref="CertificateWorkflowError.ReplyDoesNotMatch"/>; the store is unchanged.
    /// </exception>
    public StoredCertificate ImportReply(ReadOnlySpan<byte> reply, Pkcs11Token? token = null)
    {
        var pending = store.Pending ?? throw new CertificateWorkflowException(CertificateWorkflowError.NoPendingRequest,
            "No request is pending in the store, so there is no key pair for this certificate reply.");
        var certificates = ParseReply(reply);
        byte[] expected = pending.PublicKey.ExportRSAPublicKey();
        var own = certificates.FirstOrDefault(c => c.GetRSAPublicKey() is { } key && key.ExportRSAPublicKey().AsSpan().SequenceEqual(expected)
            && PartyId.FromCertificate(c) == pending.Party);
        if (own is null)
        {
            throw new CertificateWorkflowException(CertificateWorkflowError.ReplyDoesNotMatch,
                $"The certificate reply holds no certificate for the pending key pair (hash {pending.PublicKeyHashForDisplay}); it belongs to another request.");
        }

        if (pending.TokenKey is { } reference)
        {
            if (token is null)
            {
                throw new CertificateWorkflowException(CertificateWorkflowError.TokenRequired, $"The pending key is on the token '{reference.TokenLabel}'; open it to import the certificate.");
            }

            token.ImportCertificate(own, reference.KeyLabel, Convert.FromHexString(reference.KeyIdHex));
        }

        store.CompletePending(own, certificates.Where(c => !ReferenceEquals(c, own) && IsAuthority(c)));
        return store.Certificates[^1];
    }

    /// <summary>The status of one certificate now.</summary>
    /// <param name="certificate">The certificate.</param>
    /// <returns>The status.</returns>
    public CertificateStatus GetStatus(StoredCertificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var now = options.TimeProvider.GetUtcNow();
        if (certificate.Revoked)
        {
            return CertificateStatus.Revoked;
        }

        var end = new DateTimeOffset(certificate.Certificate.NotAfter.ToUniversalTime());
        return end <= now ? CertificateStatus.Expired
            : end - now <= options.RenewalWindow ? CertificateStatus.ExpiringSoon
            : CertificateStatus.Issued;
    }

    /// <summary>The overall status: the current certificate's, else <see cref="CertificateStatus.Pending"/> when a request is pending, else the latest certificate's.</summary>
    /// <returns>The status, or <see langword="null"/> for an empty store.</returns>
    public CertificateStatus? GetStatus()
    {
        var current = store.GetCurrent(options.TimeProvider.GetUtcNow());
        if (current is not null)
        {
            return GetStatus(current);
        }

        if (store.Pending is not null)
        {
            return CertificateStatus.Pending;
        }

        var latest = store.GetLatest();
        return latest is null ? null : GetStatus(latest);
    }

    /// <summary>Checks every certificate and raises <see cref="RenewalDue"/> for the newest one when it is expiring soon or expired and nothing newer is valid.</summary>
    /// <returns>The raised notifications.</returns>
    public IReadOnlyList<RenewalDueEventArgs> CheckRenewal()
    {
        var now = options.TimeProvider.GetUtcNow();
        var raised = new List<RenewalDueEventArgs>();
        var latest = store.Certificates.Where(c => !c.Revoked).MaxBy(c => c.Certificate.NotAfter);
        if (latest is null || store.Pending is not null)
        {
            return raised;
        }

        var status = GetStatus(latest);
        if (status is CertificateStatus.ExpiringSoon or CertificateStatus.Expired)
        {
            var args = new RenewalDueEventArgs(latest, status, new DateTimeOffset(latest.Certificate.NotAfter.ToUniversalTime()) - now);
            raised.Add(args);
            RenewalDue?.Invoke(this, args);
        }

        return raised;
    }

    /// <summary>Calls <see cref="CheckRenewal"/> now and then every <paramref name="interval"/> on the workflow's <see cref="TimeProvider"/>.</summary>
    /// <param name="interval">The interval (e.g. one day).</param>
    /// <returns>Dispose to stop.</returns>
    public IDisposable StartMonitoring(TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        return options.TimeProvider.CreateTimer(_ => CheckRenewal(), null, TimeSpan.Zero, interval);
    }

    internal static List<X509Certificate2> ParseReply(ReadOnlySpan<byte> reply)
    {
        byte[] data = reply.ToArray();
        string text = Encoding.ASCII.GetString(data).Trim();
        if (text.Length > 0 && !text.StartsWith("-----", StringComparison.Ordinal) && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=' or '\r' or '\n'))
        {
            try
            {
                data = Convert.FromBase64String(text);
            }
            catch (FormatException)
            {
                // not base64 after all: try the bytes as they are
            }
        }

        try
        {
            var cms = new SignedCms();
            cms.Decode(data);
            if (cms.Certificates.Count > 0)
            {
                return [.. cms.Certificates];
            }
        }
        catch (CryptographicException)
        {
            // not PKCS#7: try a single certificate
        }

        try
        {
            return [X509CertificateLoader.LoadCertificate(data)];
        }
        catch (CryptographicException e)
        {
            throw new CertificateWorkflowException(CertificateWorkflowError.ReplyUnreadable,
                "The certificate reply cannot be read: it is neither a PKCS#7 certificate file nor an X.509 certificate. Fetch it again from the trust center.", e);
        }
    }

    private static bool IsAuthority(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509BasicConstraintsExtension>().Any(b => b.CertificateAuthority);

    private static RSA KeyOf(TokenKeyReference? reference, RSA? softwareKey, Pkcs11Token? token)
    {
        if (reference is null)
        {
            return softwareKey ?? throw new CertificateWorkflowException(CertificateWorkflowError.NoCertificate, "The current certificate has no private key in the store.");
        }

        if (token is null)
        {
            throw new CertificateWorkflowException(CertificateWorkflowError.TokenRequired, $"The key is on the token '{reference.TokenLabel}'; open it to sign.");
        }

        return token.GetKey(reference.KeyLabel, Convert.FromHexString(reference.KeyIdHex));
    }

    private async Task<X509Certificate2> GetTrustCenterCertificateAsync(string betriebsnummer, DateTimeOffset now, CancellationToken cancellationToken)
    {
        byte[] list = await client.GetListAsync(options.AcceptanceListName, betriebsnummer, cancellationToken).ConfigureAwait(false);
        return CertificateList.Parse(list).Find(PartyId.Betriebsnummer(OstcXml.TrustCenterBetriebsnummer), now)
            ?? throw new TrustCenterException(TrustCenterCodes.Malformed, $"The list {options.AcceptanceListName} holds no valid certificate of the trust center (BN{OstcXml.TrustCenterBetriebsnummer}).");
    }

    private void EnsureNothingPending()
    {
        if (store.Pending is { } pending)
        {
            throw new CertificateWorkflowException(CertificateWorkflowError.RequestPending,
                $"A request is already pending in the certificate store (order {pending.OrderNumber ?? "not yet sent"}, created {pending.CreatedAt:yyyy-MM-dd}). "
                + "Import its certificate, or discard it explicitly before a new key pair is made.");
        }
    }

    private PendingRequest RequireOrdered() =>
        store.Pending is { OrderNumber: not null } pending
            ? pending
            : throw new CertificateWorkflowException(CertificateWorkflowError.NoPendingRequest, "No request with an order number is pending in the store.");

    private PendingRequest CreatePending(TrustCenterApplicant applicant, RequestKind kind, Pkcs11Token? token)
    {
        var subject = applicant.SubjectName();
        RSA key;
        TokenKeyReference? reference = null;
        RSA? softwareKey = null;
        string id = Guid.NewGuid().ToString("N");
        if (token is null)
        {
            softwareKey = RSA.Create(options.KeySize);
            key = softwareKey;
        }
        else
        {
            string label = $"elena-{applicant.Betriebsnummer}-{id[..8]}";
            var tokenKey = token.GenerateRsaKey(label, options.KeySize);
            reference = new TokenKeyReference(token.Label, label, tokenKey.IdHex);
            key = tokenKey;
        }

        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        byte[] pkcs10 = request.CreateSigningRequest();
        return new PendingRequest(id, PartyId.Betriebsnummer(applicant.Betriebsnummer), kind, pkcs10, softwareKey, reference, options.TimeProvider.GetUtcNow());
    }
}
