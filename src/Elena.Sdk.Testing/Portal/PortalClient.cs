using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Elena.Sdk.Testing.Portal;

/// <summary>Settings of a <see cref="PortalClient"/>.</summary>
public sealed class PortalClientOptions
{
    /// <summary>The employer certificate the requests are signed with (it must be admitted at the office).</summary>
    public required X509Certificate2 Certificate { get; init; }

    /// <summary>The certificate's private key (software, or a token key as <see cref="RSA"/>); default the certificate's own key.</summary>
    public RSA? Key { get; init; }

    /// <summary>The clock the signing time is taken from. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

/// <summary>
/// The employer's client of the ZSS service portal API: signs each request with the employer certificate
/// (docs/decisions.md PO1) and returns the portal's DTOs. The <see cref="HttpClient"/>'s base address is the
/// host (<c>http://127.0.0.1:PORT/</c>, as <c>elena serve</c> prints after <c>portal:</c>, or any URL on it).
/// </summary>
public sealed class PortalClient
{
    private readonly HttpClient _http;
    private readonly X509Certificate2 _certificate;
    private readonly RSA _key;
    private readonly TimeProvider _time;

    /// <summary>Creates the client.</summary>
    /// <param name="http">The HTTP client; its <see cref="HttpClient.BaseAddress"/> names the host.</param>
    /// <param name="options">The employer certificate and key, clock.</param>
    public PortalClient(HttpClient http, PortalClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        if (http.BaseAddress is null)
        {
            throw new ArgumentException("Give the HttpClient a BaseAddress (the portal host, e.g. http://127.0.0.1:5000/).", nameof(http));
        }

        _http = http;
        _certificate = options.Certificate ?? throw new ArgumentException("A certificate is required.", nameof(options));
        _key = options.Key ?? options.Certificate.GetRSAPrivateKey()
            ?? throw new ArgumentException("The certificate has no RSA private key; give PortalClientOptions.Key.", nameof(options));
        _time = options.TimeProvider;
    }

    /// <summary>Creates the client for a certificate with its private key.</summary>
    /// <param name="http">The HTTP client; its <see cref="HttpClient.BaseAddress"/> names the host.</param>
    /// <param name="certificate">The employer certificate with its private key.</param>
    public PortalClient(HttpClient http, X509Certificate2 certificate)
        : this(http, new PortalClientOptions { Certificate = certificate })
    {
    }

    /// <summary>The employer's files, newest first.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The files.</returns>
    /// <exception cref="HttpRequestException">The portal refused the request (e.g. 401 for an unadmitted certificate).</exception>
    public async Task<IReadOnlyList<PortalFileStatus>> GetFilesAsync(CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Get, "files", cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync<List<PortalFileStatus>>(PortalJson.Options, cancellationToken).ConfigureAwait(false) ?? [];
    }

    /// <summary>One file with its records and replies, or <see langword="null"/> when the employer sent no such file.</summary>
    /// <param name="fileId">The office's file id (the ResponseID of the acceptance receipt).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The detail, or <see langword="null"/>.</returns>
    /// <exception cref="HttpRequestException">The portal refused the request.</exception>
    public async Task<PortalFileDetail?> GetFileAsync(string fileId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileId);
        using var response = await SendAsync(HttpMethod.Get, "files/" + Uri.EscapeDataString(fileId), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync<PortalFileDetail>(PortalJson.Options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A one-time browser sign-in link for the employer's pages.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The link and when it expires.</returns>
    /// <exception cref="HttpRequestException">The portal refused the request.</exception>
    public async Task<PortalSession> CreateSessionAsync(CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Post, "session", cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync<PortalSession>(PortalJson.Options, cancellationToken).ConfigureAwait(false)
            ?? throw new HttpRequestException("The portal answered an empty session.");
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string resource, CancellationToken cancellationToken)
    {
        var uri = new Uri(_http.BaseAddress!, ZssPortal.PathPrefix + "/api/" + resource);
        using var request = new HttpRequestMessage(method, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue(PortalSignature.Scheme,
            PortalSignature.Create(method.Method, uri.PathAndQuery, _certificate, _key, _time.GetUtcNow()));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        string reason = response.ReasonPhrase ?? string.Empty;
        try
        {
            if (await response.Content.ReadFromJsonAsync<PortalProblem>(PortalJson.Options, cancellationToken).ConfigureAwait(false) is { } problem)
            {
                reason = problem.Error;
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // Not the portal's error body: keep the reason phrase.
        }

        throw new HttpRequestException($"The portal answered {(int)response.StatusCode}: {reason}", null, response.StatusCode);
    }
}
