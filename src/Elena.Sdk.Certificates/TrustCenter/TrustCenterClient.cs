using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using Elena.Sdk.Crypto.Certificates;
using Elena.Sdk.Crypto;

namespace Elena.Sdk.Certificates.TrustCenter;

/// <summary>Settings of a <see cref="TrustCenterClient"/>.</summary>
public sealed class TrustCenterClientOptions
{
    /// <summary>The production OSTC v2 base address.</summary>
    public static readonly Uri Production = new("https://www.itsg-trust.de/ostcv2/");

    /// <summary>The OSTC v2 test base address.</summary>
    public static readonly Uri Test = new("https://www.itsg-trust.de/ostcv2test/");

    /// <summary>The OSTC base address (ends with a slash); default <see cref="Production"/>.</summary>
    public Uri BaseAddress { get; init; } = Production;

    /// <summary>Product name sent in the eXTra header.</summary>
    public string Product { get; init; } = "Elena.Sdk";

    /// <summary>Manufacturer sent in the eXTra header.</summary>
    public string Manufacturer { get; init; } = "Elena.Sdk contributors";

    /// <summary>The 5-digit registration id the OSTC assigned to the software.</summary>
    public string RegistrationId { get; init; } = "00000";

    /// <summary>Whether to mark requests as test (<c>TestIndicator</c> PROCESS).</summary>
    public bool TestIndicator { get; init; }

    /// <summary>The clock.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

/// <summary>The ITSG Trust Center online interface OSTC v2 (eXTra 1.1 over HTTPS POST), one method per step.</summary>
public sealed class TrustCenterClient
{
    private readonly HttpClient http;
    private readonly TrustCenterClientOptions options;

    /// <summary>Creates a client.</summary>
    /// <param name="http">The HTTP client (its handler can be the simulated trust center's).</param>
    /// <param name="options">Settings.</param>
    public TrustCenterClient(HttpClient http, TrustCenterClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        this.http = http;
        this.options = options ?? new TrustCenterClientOptions();
        if (this.options.RegistrationId is not { Length: 5 } || !this.options.RegistrationId.All(char.IsAsciiDigit))
        {
            throw new ArgumentException("The registration id must have 5 digits.", nameof(options));
        }
    }

    /// <summary>Step 1 for a first request: sends the application with the registration-portal GUID (unencrypted).</summary>
    /// <param name="applicant">The applicant.</param>
    /// <param name="pkcs10">The DER PKCS#10 request.</param>
    /// <param name="registrationGuid">The GUID from the registration portal.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The order number.</returns>
    public async Task<string> SendApplicationAsync(TrustCenterApplicant applicant, byte[] pkcs10, string registrationGuid, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(applicant);
        ArgumentNullException.ThrowIfNull(pkcs10);
        ArgumentException.ThrowIfNullOrWhiteSpace(registrationGuid);
        var inner = OstcXml.WriteInner(applicant.ToApplication(pkcs10, registrationGuid, options.TimeProvider.GetUtcNow()));
        var response = await SendAsync(OstcXml.DataTypeApplication, applicant.Betriebsnummer, applicant.Company, inner, encrypted: false, cancellationToken).ConfigureAwait(false);
        return response.ResponseId;
    }

    /// <summary>
    /// Step 1 for a renewal: the application (no GUID) signed with the current certificate and sealed to the trust
    /// center's certificate (<c>OU=BN17046976</c> from the acceptance list).
    /// </summary>
    /// <param name="applicant">The applicant.</param>
    /// <param name="pkcs10">The DER PKCS#10 request of the new key.</param>
    /// <param name="signerCertificate">The current certificate.</param>
    /// <param name="signerKey">Its private key (software or token).</param>
    /// <param name="trustCenterCertificate">The trust center's encryption certificate.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The order number.</returns>
    public async Task<string> SendRenewalAsync(TrustCenterApplicant applicant, byte[] pkcs10, X509Certificate2 signerCertificate, RSA signerKey,
        X509Certificate2 trustCenterCertificate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(applicant);
        ArgumentNullException.ThrowIfNull(pkcs10);
        ArgumentNullException.ThrowIfNull(signerCertificate);
        ArgumentNullException.ThrowIfNull(signerKey);
        ArgumentNullException.ThrowIfNull(trustCenterCertificate);
        var inner = OstcXml.WriteInner(applicant.ToApplication(pkcs10, null, options.TimeProvider.GetUtcNow()));
        var sealer = new MessageSealer(new SealOptions { SignerCertificate = signerCertificate, SignerKey = signerKey, TimeProvider = options.TimeProvider });
        using var sealedBody = new MemoryStream();
        using (var payload = new MemoryStream(inner))
        {
            await sealer.SealAsync(payload, sealedBody, trustCenterCertificate, cancellationToken).ConfigureAwait(false);
        }

        var response = await SendAsync(OstcXml.DataTypeApplication, applicant.Betriebsnummer, applicant.Company, sealedBody.ToArray(), encrypted: true, cancellationToken).ConfigureAwait(false);
        return response.ResponseId;
    }

    /// <summary>Step 2: the order confirmation with the public-key hash.</summary>
    /// <param name="orderNumber">The order number.</param>
    /// <param name="betriebsnummer">The employer.</param>
    /// <param name="publicKeyHash">SHA-256 of the DER RSAPublicKey, hex.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    public async Task SendOrderConfirmationAsync(string orderNumber, string betriebsnummer, string publicKeyHash, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderNumber);
        ArgumentException.ThrowIfNullOrWhiteSpace(publicKeyHash);
        var inner = OstcXml.WriteInner(new XElement("OSTCAuftrag",
            new XElement("Auftragsnummer", orderNumber), new XElement("BNR", PartyId.Betriebsnummer(betriebsnummer).Value), new XElement("hash", publicKeyHash)));
        await SendAsync(OstcXml.DataTypeOrder, betriebsnummer, betriebsnummer, inner, encrypted: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Step 3: asks for the certificate.</summary>
    /// <param name="orderNumber">The order number.</param>
    /// <param name="betriebsnummer">The employer.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The certificate reply (PKCS#7 certs-only or DER), or <see langword="null"/> while it is not issued yet.</returns>
    public async Task<byte[]?> FetchCertificateAsync(string orderNumber, string betriebsnummer, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderNumber);
        var inner = OstcXml.WriteInner(new XElement("OSTCSchlüssel",
            new XElement("Auftragsnummer", orderNumber), new XElement("BNR", PartyId.Betriebsnummer(betriebsnummer).Value)));
        var response = await SendAsync(OstcXml.DataTypeCertificate, betriebsnummer, betriebsnummer, inner, encrypted: false, cancellationToken, allowNotYet: true).ConfigureAwait(false);
        return response.Flags.Any(f => f.Code == TrustCenterCodes.NotYetIssued) ? null : response.Body;
    }

    /// <summary>Step 4: downloads a certificate list (<c>annahme-sha256.agv</c>, <c>gesamt-sha256.agv</c>, …).</summary>
    /// <param name="name">The list name.</param>
    /// <param name="betriebsnummer">The asking employer.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The list file.</returns>
    public async Task<byte[]> GetListAsync(string name, string betriebsnummer, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var inner = OstcXml.WriteInner(new XElement("OSTCListe", new XElement("Liste", name)));
        var response = await SendAsync(OstcXml.DataTypeList, betriebsnummer, betriebsnummer, inner, encrypted: false, cancellationToken).ConfigureAwait(false);
        return response.Body ?? throw new TrustCenterException(TrustCenterCodes.Malformed, "The list response has no body.");
    }

    private async Task<OstcResponse> SendAsync(string dataType, string sender, string senderName, byte[] body, bool encrypted, CancellationToken cancellationToken, bool allowNotYet = false)
    {
        var request = new OstcRequest(dataType, sender, senderName, Guid.NewGuid().ToString(), options.TimeProvider.GetUtcNow(), body, encrypted);
        byte[] xml = OstcXml.WriteRequest(request, options.Product, options.Manufacturer, options.RegistrationId, options.TestIndicator);
        using var content = new ByteArrayContent(xml);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/xml") { CharSet = "ISO-8859-1" };
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(options.BaseAddress, OstcXml.Endpoint(dataType))) { Content = content };
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/xml"));
        message.Headers.ExpectContinue = false;
        using var reply = await http.SendAsync(message, cancellationToken).ConfigureAwait(false);
        byte[] answer = await reply.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (!reply.IsSuccessStatusCode && answer.Length == 0)
        {
            throw new HttpRequestException($"The trust center answered HTTP {(int)reply.StatusCode}.", null, reply.StatusCode);
        }

        OstcResponse response;
        try
        {
            response = OstcXml.ReadResponse(answer);
        }
        catch (FormatException e)
        {
            throw new TrustCenterException(TrustCenterCodes.Malformed, "The trust center's answer is not an OSTC response.", e);
        }

        if (allowNotYet && response.Flags.Any(f => f.Code == TrustCenterCodes.NotYetIssued))
        {
            return response;
        }

        if (response.IsError)
        {
            var flag = response.Flags.FirstOrDefault(f => f.IsError) ?? new OstcFlag(OstcXml.WeightError, "TC-UNKNOWN", "The trust center rejected the request.");
            throw new TrustCenterException(flag.Code, flag.Text);
        }

        return response;
    }
}
