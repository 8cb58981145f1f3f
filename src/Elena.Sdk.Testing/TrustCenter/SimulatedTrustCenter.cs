using System.Collections.Concurrent;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Xml.Linq;
using Elena.Sdk.Certificates.Store;
using Elena.Sdk.Certificates.TrustCenter;
using Elena.Sdk.Crypto;
using Elena.Sdk.Crypto.Certificates;

namespace Elena.Sdk.Testing.TrustCenter;

/// <summary>The reply format of issued certificates.</summary>
public enum CertificateReplyFormat
{
    /// <summary>PKCS#7 certs-only with the certificate and the CA.</summary>
    Pkcs7,

    /// <summary>The bare DER certificate.</summary>
    Der,
}

/// <summary>Settings of a <see cref="SimulatedTrustCenter"/>.</summary>
public sealed class SimulatedTrustCenterOptions
{
    /// <summary>The clock (issuing delays and validity).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Time from the later of unlock and order confirmation (renewal: confirmation) until the certificate can be fetched.</summary>
    public TimeSpan IssueDelay { get; init; } = TimeSpan.FromDays(2);

    /// <summary>Validity of issued certificates (default 3 years).</summary>
    public TimeSpan CertificateValidity { get; init; } = TimeSpan.FromDays(3 * 365);

    /// <summary>Key size of the CA and the trust center's own key (test speed; default 2048).</summary>
    public int AuthorityKeySize { get; init; } = 2048;

    /// <summary>The reply format.</summary>
    public CertificateReplyFormat ReplyFormat { get; init; } = CertificateReplyFormat.Pkcs7;

    /// <summary>Acceptance-office certificates to publish in the acceptance list next to the trust center's own.</summary>
    public IReadOnlyList<X509Certificate2> AcceptanceOfficeCertificates { get; init; } = [];
}

/// <summary>The letter the trust center sends by post for a first request: the unlock code and the public-key hash.</summary>
/// <param name="OrderNumber">The order number.</param>
/// <param name="Betriebsnummer">The employer.</param>
/// <param name="UnlockCode">The unlock code to enter in the registration portal.</param>
/// <param name="PublicKeyHash">The hash in groups of four, to compare with the software's.</param>
/// <param name="SentAt">When it was sent.</param>
public sealed record TrustCenterLetter(string OrderNumber, string Betriebsnummer, string UnlockCode, string PublicKeyHash, DateTimeOffset SentAt);

/// <summary>
/// A simulated ITSG Trust Center speaking OSTC v2 (eXTra 1.1) in-process (<see cref="CreateHandler"/>) or over loopback
/// HTTP (<see cref="StartServerAsync"/>). It has a registration portal (<see cref="Register"/>, <see cref="EnterUnlockCode"/>),
/// sends letters (<see cref="Letters"/>), issues certificates from a test CA after a delay on the <see cref="TimeProvider"/>,
/// and publishes the acceptance list (with its own encryption certificate <c>OU=BN17046976</c>) and <c>gesamt-sha256.agv</c>
/// (every certificate it issued plus the CA), so the reference ZSS admits what it issued.
/// </summary>
public sealed class SimulatedTrustCenter : IDisposable
{
    /// <summary>The acceptance list name.</summary>
    public const string AcceptanceList = "annahme-sha256.agv";

    /// <summary>The complete list name.</summary>
    public const string CompleteList = "gesamt-sha256.agv";

    private readonly SimulatedTrustCenterOptions options;
    private readonly ConcurrentDictionary<string, string> registrations = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Order> orders = new(StringComparer.Ordinal);
    private readonly List<TrustCenterLetter> letters = [];
    private readonly List<X509Certificate2> issued = [];
    private readonly HashSet<string> revoked = new(StringComparer.OrdinalIgnoreCase);
    private readonly object gate = new();
    private readonly RSA caKey;
    private readonly RSA ownKey;
    private int orderSequence = 100_000;
    private long serialSequence = 1000;

    /// <summary>Creates the trust center with a fresh test CA.</summary>
    /// <param name="options">Settings.</param>
    public SimulatedTrustCenter(SimulatedTrustCenterOptions? options = null)
    {
        this.options = options ?? new SimulatedTrustCenterOptions();
        var now = this.options.TimeProvider.GetUtcNow();
        caKey = RSA.Create(this.options.AuthorityKeySize);
        var caRequest = new CertificateRequest("CN=Elena Test Trust Center CA, O=ITSG TrustCenter fuer Arbeitgeber, C=DE", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        Authority = caRequest.CreateSelfSigned(now.AddYears(-1), now.AddYears(20));

        ownKey = RSA.Create(this.options.AuthorityKeySize);
        var ownRequest = new CertificateRequest($"CN=ITSG Trust Center, OU=BN{OstcXml.TrustCenterBetriebsnummer}, O=ITSG TrustCenter fuer Arbeitgeber, C=DE", ownKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        AddEndEntityExtensions(ownRequest);
        using var own = ownRequest.Create(Authority, now.AddDays(-1), now.AddYears(10), NextSerial());
        OwnCertificate = own.CopyWithPrivateKey(ownKey);
    }

    /// <summary>The test CA certificate (the trust anchor for everything issued here).</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>The trust center's own encryption certificate (<c>OU=BN17046976</c>) with its key.</summary>
    public X509Certificate2 OwnCertificate { get; }

    /// <summary>The letters sent so far.</summary>
    public IReadOnlyList<TrustCenterLetter> Letters
    {
        get
        {
            lock (gate)
            {
                return [.. letters];
            }
        }
    }

    /// <summary>Every certificate issued so far.</summary>
    public IReadOnlyList<X509Certificate2> IssuedCertificates
    {
        get
        {
            lock (gate)
            {
                return [.. issued];
            }
        }
    }

    /// <summary>Registration portal: identifies the employer and returns the GUID the software needs for a first request.</summary>
    /// <param name="betriebsnummer">The employer.</param>
    /// <returns>The GUID.</returns>
    public string Register(string betriebsnummer)
    {
        PartyId.Betriebsnummer(betriebsnummer);
        string guid = Guid.NewGuid().ToString();
        registrations[guid] = betriebsnummer;
        return guid;
    }

    /// <summary>Registration portal: the employer enters the unlock code from the letter.</summary>
    /// <param name="orderNumber">The order number.</param>
    /// <param name="unlockCode">The code.</param>
    /// <returns>Whether the code was right.</returns>
    public bool EnterUnlockCode(string orderNumber, string unlockCode)
    {
        if (!orders.TryGetValue(orderNumber, out var order) || order.UnlockCode is null
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(order.UnlockCode), Encoding.ASCII.GetBytes(unlockCode)))
        {
            return false;
        }

        order.UnlockedAt ??= options.TimeProvider.GetUtcNow();
        return true;
    }

    /// <summary>Revokes a certificate it issued (renewals signed with it are refused afterwards).</summary>
    /// <param name="certificate">The certificate.</param>
    public void Revoke(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        lock (gate)
        {
            revoked.Add(certificate.SerialNumber);
        }
    }

    /// <summary>The acceptance list: the trust center's certificate, the acceptance-office certificates and the CA.</summary>
    /// <returns>The list file (base64 DER blocks separated by blank lines).</returns>
    public byte[] GetAcceptanceList() => WriteList([OwnCertificate, .. options.AcceptanceOfficeCertificates, Authority]);

    /// <summary>The complete list: every certificate issued and not revoked, plus the CA.</summary>
    /// <returns>The list file.</returns>
    public byte[] GetCompleteList()
    {
        lock (gate)
        {
            return WriteList([.. issued.Where(c => !revoked.Contains(c.SerialNumber)), Authority]);
        }
    }

    /// <summary>An in-process handler speaking the protocol; use with <c>new HttpClient(handler) { BaseAddress = … }</c> and any base address.</summary>
    /// <returns>The handler.</returns>
    public HttpMessageHandler CreateHandler() => new Handler(this);

    /// <summary>Starts a Kestrel server on a loopback port; its <see cref="SimulatedTrustCenterServer.BaseAddress"/> ends with <c>/ostcv2/</c>.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server; dispose it to stop.</returns>
    public Task<SimulatedTrustCenterServer> StartServerAsync(CancellationToken cancellationToken = default) => SimulatedTrustCenterServer.StartAsync(this, cancellationToken);

    /// <summary>Answers one OSTC request (the endpoint is taken from the request's data type).</summary>
    /// <param name="requestXml">The eXTra request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The eXTra response.</returns>
    public async Task<byte[]> HandleAsync(byte[] requestXml, CancellationToken cancellationToken = default)
    {
        var now = options.TimeProvider.GetUtcNow();
        OstcResponse response;
        try
        {
            var request = OstcXml.ReadRequest(requestXml);
            response = request.DataType switch
            {
                OstcXml.DataTypeApplication => await ApplyAsync(request, now, cancellationToken).ConfigureAwait(false),
                OstcXml.DataTypeOrder => Confirm(request, now),
                OstcXml.DataTypeCertificate => Fetch(request, now),
                OstcXml.DataTypeList => List(request),
                _ => Error(TrustCenterCodes.Malformed, "Unknown data type."),
            };
        }
        catch (FormatException e)
        {
            response = Error(TrustCenterCodes.Malformed, "The request cannot be read: " + e.Message);
        }
        catch (RefusedException e)
        {
            response = Error(e.Code, e.Message);
        }

        return OstcXml.WriteResponse(response, now);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        caKey.Dispose();
        ownKey.Dispose();
        Authority.Dispose();
        OwnCertificate.Dispose();
    }

    private static OstcResponse Error(string code, string text) =>
        new(OstcXml.ClassError, code, [new OstcFlag(code == TrustCenterCodes.NotYetIssued ? OstcXml.WeightWarning : OstcXml.WeightError, code, text)], null);

    private static byte[] WriteList(IEnumerable<X509Certificate2> certificates) =>
        Encoding.ASCII.GetBytes(string.Join("\r\n\r\n", certificates.Select(c => Convert.ToBase64String(c.RawData))) + "\r\n");

    private static void AddEndEntityExtensions(CertificateRequest request)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation | X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
    }

    private static string Text(XElement parent, string name) =>
        parent.Element(name)?.Value ?? throw new FormatException($"Element {name} is missing.");

    private byte[] NextSerial()
    {
        long serial = Interlocked.Increment(ref serialSequence);
        return new BigInteger(serial).ToByteArray(isUnsigned: true, isBigEndian: true);
    }

    private async Task<OstcResponse> ApplyAsync(OstcRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        byte[] inner = request.Body;
        X509Certificate2? signer = null;
        if (request.Encrypted)
        {
            var opener = new MessageOpener(new OpenOptions
            {
                DecryptionKeys = [new DecryptionKey(OwnCertificate, ownKey)],
                TrustAnchors = [Authority],
                TimeProvider = options.TimeProvider,
            });
            using var payload = new MemoryStream();
            try
            {
                using var sealedBody = new MemoryStream(inner);
                var result = await opener.OpenAsync(sealedBody, payload, cancellationToken).ConfigureAwait(false);
                signer = result.SignerCertificate;
            }
            catch (SecureMessageException e) when (e.Error == SecureMessageError.ExpiredSigner)
            {
                throw new RefusedException(TrustCenterCodes.SignerExpired, "The renewal is signed with an expired certificate; a first request is needed.");
            }
            catch (SecureMessageException e) when (e.Error is SecureMessageError.UntrustedSigner or SecureMessageError.BadSignature or SecureMessageError.RevokedSigner)
            {
                throw new RefusedException(TrustCenterCodes.SignerUnknown, "The renewal is not signed by a certificate of this trust center.");
            }
            catch (SecureMessageException)
            {
                throw new RefusedException(TrustCenterCodes.CannotDecrypt, "The encrypted application cannot be opened.");
            }

            inner = payload.ToArray();
        }

        var application = OstcXml.ReadInner(inner);
        if (application.Name != "OSTCAntrag")
        {
            throw new FormatException("The body is not an OSTCAntrag.");
        }

        var applicant = application.Element("Antragsteller") ?? throw new FormatException("Antragsteller is missing.");
        var info = application.Element("Antragsinfo") ?? throw new FormatException("Antragsinfo is missing.");
        string ikBn = Text(applicant, "IK_BN");
        if (!ikBn.StartsWith("BN", StringComparison.Ordinal) || ikBn[2..] != request.SenderId)
        {
            throw new RefusedException(TrustCenterCodes.Malformed, "IK_BN does not match the sender.");
        }

        string bbnr = request.SenderId;
        string? guid = info.Element("GUID")?.Value;
        byte[] pkcs10 = Convert.FromBase64String(Text(info, "Requestschlüssel"));
        CertificateRequest csr;
        try
        {
            csr = CertificateRequest.LoadSigningRequest(pkcs10, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.Default, RSASignaturePadding.Pkcs1);
        }
        catch (CryptographicException)
        {
            throw new RefusedException(TrustCenterCodes.Malformed, "The PKCS#10 request is invalid or its signature does not verify.");
        }

        if (PartyIdFromName(csr.SubjectName) != bbnr)
        {
            throw new RefusedException(TrustCenterCodes.Malformed, "The request's subject does not carry OU=BN of the sender.");
        }

        if (signer is null)
        {
            if (string.IsNullOrWhiteSpace(guid))
            {
                throw new RefusedException(TrustCenterCodes.GuidMissing, "A first request needs the GUID from the registration portal.");
            }

            if (!registrations.TryGetValue(guid, out var registered) || registered != bbnr)
            {
                throw new RefusedException(TrustCenterCodes.GuidUnknown, "The GUID is not known for this Betriebsnummer.");
            }
        }
        else
        {
            if (guid is not null)
            {
                throw new RefusedException(TrustCenterCodes.GuidInRenewal, "A renewal must not carry a GUID.");
            }

            bool known;
            lock (gate)
            {
                known = issued.Any(c => c.RawData.AsSpan().SequenceEqual(signer.RawData)) && !revoked.Contains(signer.SerialNumber);
            }

            if (!known || PartyId.FromCertificate(signer)?.Value != bbnr)
            {
                throw new RefusedException(TrustCenterCodes.SignerUnknown, "The renewal is signed by a certificate this trust center did not issue to this employer, or one that was revoked.");
            }
        }

        string orderNumber = Interlocked.Increment(ref orderSequence).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var order = new Order(orderNumber, bbnr, pkcs10, PublicKeyHashes.Compute(csr.PublicKey.GetRSAPublicKey()!), signer is not null, now);
        if (!order.IsRenewal)
        {
            order.UnlockCode = Convert.ToHexString(RandomNumberGenerator.GetBytes(4));
            lock (gate)
            {
                letters.Add(new TrustCenterLetter(orderNumber, bbnr, order.UnlockCode, PublicKeyHashes.Group(order.Hash), now));
            }
        }

        orders[orderNumber] = order;
        return new OstcResponse("Auftragsnummer", orderNumber, [new OstcFlag(OstcXml.WeightOk, "OSTC-I00", "Application accepted.")], null);
    }

    private OstcResponse Confirm(OstcRequest request, DateTimeOffset now)
    {
        var document = OstcXml.ReadInner(request.Body);
        var order = FindOrder(Text(document, "Auftragsnummer"), Text(document, "BNR"), request.SenderId);
        if (!PublicKeyHashes.Matches(Text(document, "hash"), order.Hash))
        {
            throw new RefusedException(TrustCenterCodes.HashMismatch, "The hash does not match the public key of the request.");
        }

        order.ConfirmedAt ??= now;
        return new OstcResponse("Auftragsbestätigung", order.Number, [new OstcFlag(OstcXml.WeightOk, "OSTC-I00", "Order confirmed.")], null);
    }

    private OstcResponse Fetch(OstcRequest request, DateTimeOffset now)
    {
        var document = OstcXml.ReadInner(request.Body);
        var order = FindOrder(Text(document, "Auftragsnummer"), Text(document, "BNR"), request.SenderId);
        DateTimeOffset? readyFrom = order.ConfirmedAt is null ? null
            : order.IsRenewal ? order.ConfirmedAt
            : order.UnlockedAt is null ? null
            : order.UnlockedAt > order.ConfirmedAt ? order.UnlockedAt : order.ConfirmedAt;
        if (readyFrom is null || now < readyFrom + options.IssueDelay)
        {
            return Error(TrustCenterCodes.NotYetIssued, "The certificate is not issued yet.");
        }

        lock (gate)
        {
            if (order.Certificate is null)
            {
                var csr = CertificateRequest.LoadSigningRequest(order.Pkcs10, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.Default, RSASignaturePadding.Pkcs1);
                AddEndEntityExtensions(csr);
                csr.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Authority, true, false));
                order.Certificate = csr.Create(Authority, now.AddMinutes(-1), now + options.CertificateValidity, NextSerial());
                issued.Add(order.Certificate);
            }
        }

        byte[] body = options.ReplyFormat == CertificateReplyFormat.Der
            ? order.Certificate.RawData
            : new X509Certificate2Collection { order.Certificate, Authority }.Export(X509ContentType.Pkcs7)!;
        return new OstcResponse("Zertifikat", order.Number, [new OstcFlag(OstcXml.WeightOk, "OSTC-I00", "Certificate issued.")], body);
    }

    private OstcResponse List(OstcRequest request)
    {
        var document = OstcXml.ReadInner(request.Body);
        return Text(document, "Liste") switch
        {
            AcceptanceList => new OstcResponse("Liste", AcceptanceList, [], GetAcceptanceList()),
            CompleteList => new OstcResponse("Liste", CompleteList, [], GetCompleteList()),
            _ => Error(TrustCenterCodes.UnknownList, "Unknown list."),
        };
    }

    private Order FindOrder(string number, string bnr, string sender)
    {
        if (!orders.TryGetValue(number, out var order) || order.Betriebsnummer != bnr || bnr != sender)
        {
            throw new RefusedException(TrustCenterCodes.UnknownOrder, "Unknown order number.");
        }

        return order;
    }

    private static string? PartyIdFromName(X500DistinguishedName name)
    {
        foreach (var rdn in name.EnumerateRelativeDistinguishedNames())
        {
            if (rdn.GetSingleElementType().Value == "2.5.4.11" && rdn.GetSingleElementValue() is { } ou && ou.StartsWith("BN", StringComparison.Ordinal))
            {
                return ou[2..];
            }
        }

        return null;
    }

    private sealed class Order(string number, string betriebsnummer, byte[] pkcs10, string hash, bool isRenewal, DateTimeOffset createdAt)
    {
        public string Number { get; } = number;

        public string Betriebsnummer { get; } = betriebsnummer;

        public byte[] Pkcs10 { get; } = pkcs10;

        public string Hash { get; } = hash;

        public bool IsRenewal { get; } = isRenewal;

        public DateTimeOffset CreatedAt { get; } = createdAt;

        public string? UnlockCode { get; set; }

        public DateTimeOffset? UnlockedAt { get; set; }

        public DateTimeOffset? ConfirmedAt { get; set; }

        public X509Certificate2? Certificate { get; set; }
    }

    private sealed class RefusedException(string code, string message) : Exception(message)
    {
        public string Code { get; } = code;
    }

    private sealed class Handler(SimulatedTrustCenter trustCenter) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method != HttpMethod.Post || request.Content is null)
            {
                return new HttpResponseMessage(System.Net.HttpStatusCode.MethodNotAllowed);
            }

            byte[] body = await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            byte[] answer = await trustCenter.HandleAsync(body, cancellationToken).ConfigureAwait(false);
            var content = new ByteArrayContent(answer);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/xml") { CharSet = "ISO-8859-1" };
            return new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = content, RequestMessage = request };
        }
    }
}
