using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Elena.Sdk.Crypto.KeyLists;
using Elena.Sdk.Testing.Extra;
using Elena.Sdk.Testing.Rfv;
using Elena.Sdk.Testing.Zss;
using Elena.Sdk.Transport.Extra;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace Elena.Sdk.Testing.Portal;

/// <summary>Settings of the <see cref="ZssPortal"/>.</summary>
public sealed class ZssPortalOptions
{
    /// <summary>How far a signed request's time may be from the server's clock, either way; nonces are remembered this long. Default 5 minutes.</summary>
    public TimeSpan SignatureWindow { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a browser sign-in link works (once). Default 5 minutes.</summary>
    public TimeSpan SignInLinkLifetime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a browser session lasts. Default 30 minutes.</summary>
    public TimeSpan SessionLifetime { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Whether the test-control endpoint <c>POST /portal/admin/rfv?state=…</c> is served (loopback callers only): it sets
    /// the RFV state and, when set to <see cref="RfvState.Available"/>, finishes the pending files. Default off.
    /// </summary>
    public bool EnableAdmin { get; init; }
}

/// <summary>
/// The ZSS service portal (seed 001 §2.1.1.5, §2.1.1.2) of the reference implementation: a read-only status API
/// (<c>GET /portal/api/files</c>, <c>GET /portal/api/files/{fileId}</c>, JSON) authenticated per employer by a signed
/// request, and server-rendered pages (<c>/portal/</c>, <c>/portal/files/{fileId}</c>) for a browser signed in with a
/// one-time link (<c>POST /portal/api/session</c>). An employer sees only its own files; another employer's file id
/// answers 404. Served in-process (<see cref="CreateHandler"/>), by Kestrel (<see cref="StartAsync"/>, optionally
/// next to a <see cref="ReferenceExtraServer"/> on the same host) or by any ASP.NET Core host (<see cref="InvokeAsync"/>).
/// </summary>
public sealed class ZssPortal
{
    /// <summary>The path prefix of everything the portal serves.</summary>
    public const string PathPrefix = "/portal";

    /// <summary>The name of the browser session cookie.</summary>
    public const string SessionCookie = "elena-portal-session";

    private static readonly JsonSerializerOptions Json = PortalJson.Options;
    private readonly InMemoryZss _zss;
    private readonly ZssPortalOptions _portalOptions;
    private readonly TimeProvider _time;
    private readonly PortalSignature.Verifier _verifier;
    private readonly ConcurrentDictionary<string, (string Employer, DateTimeOffset Until)> _links = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Employer, DateTimeOffset Until)> _sessions = new(StringComparer.Ordinal);
    private readonly string _contentSecurityPolicy;

    /// <summary>Creates the portal.</summary>
    /// <param name="zss">The office whose files it shows.</param>
    /// <param name="options">The options the office was built with (trust anchors, admitted employers, clock).</param>
    /// <param name="portalOptions">The portal's own settings, or <see langword="null"/> for the defaults.</param>
    public ZssPortal(InMemoryZss zss, ZssOptions options, ZssPortalOptions? portalOptions = null)
    {
        ArgumentNullException.ThrowIfNull(zss);
        ArgumentNullException.ThrowIfNull(options);
        _zss = zss;
        _portalOptions = portalOptions ?? new ZssPortalOptions();
        _time = options.TimeProvider;
        _verifier = new PortalSignature.Verifier(CertificateList.FromCertificates(options.TrustAnchors), options.AdmittedEmployers, _time, _portalOptions.SignatureWindow);
        _contentSecurityPolicy = "default-src 'none'; style-src " + PortalPages.StyleHash + "; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    }

    /// <summary>The files of one employer, newest first (what <c>GET /portal/api/files</c> answers).</summary>
    /// <param name="employer">The employer's Betriebsnummer.</param>
    /// <returns>The files.</returns>
    public IReadOnlyList<PortalFileStatus> GetFiles(string employer)
    {
        ArgumentNullException.ThrowIfNull(employer);
        return PortalViews.Files(_zss, employer, _time.GetUtcNow());
    }

    /// <summary>One file of one employer with its records and replies, or <see langword="null"/> when the employer sent no such file.</summary>
    /// <param name="employer">The employer's Betriebsnummer.</param>
    /// <param name="fileId">The office's file id.</param>
    /// <returns>The detail, or <see langword="null"/>.</returns>
    public PortalFileDetail? GetFile(string employer, string fileId)
    {
        ArgumentNullException.ThrowIfNull(employer);
        ArgumentNullException.ThrowIfNull(fileId);
        return PortalViews.File(_zss, employer, fileId, _time.GetUtcNow());
    }

    /// <summary>An in-process handler: <c>new HttpClient(portal.CreateHandler()) { BaseAddress = new Uri("http://zss.invalid/") }</c>. The caller counts as loopback.</summary>
    /// <returns>The handler.</returns>
    public HttpMessageHandler CreateHandler() => new InProcessHandler(this);

    /// <summary>Starts Kestrel on <paramref name="url"/> serving the portal and, when given, the eXTra server at <see cref="ReferenceExtraServer.Path"/>.</summary>
    /// <param name="url">The URL to listen on (default a free port on 127.0.0.1).</param>
    /// <param name="extraServer">The eXTra server to serve on the same host, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running host; dispose it to stop.</returns>
    public async Task<RunningZssPortal> StartAsync(string url = "http://127.0.0.1:0", ReferenceExtraServer? extraServer = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = null);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(PathPrefix, StringComparison.Ordinal))
            {
                await InvokeAsync(context).ConfigureAwait(false);
            }
            else
            {
                await next(context).ConfigureAwait(false);
            }
        });
        if (extraServer is not null)
        {
            app.MapPost(ReferenceExtraServer.Path, async context =>
            {
                var answer = await extraServer.ProcessAsync(context.Request.Body, context.RequestAborted).ConfigureAwait(false);
                context.Response.StatusCode = answer.StatusCode;
                context.Response.ContentType = ExtraXmlWriter.ContentType;
                if (answer.RetryAfter is { } wait)
                {
                    context.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }

                await ExtraXmlWriter.WriteAsync(context.Response.Body, answer.Document, context.RequestAborted).ConfigureAwait(false);
            });
        }

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return new RunningZssPortal(app, new Uri(address + "/"), extraServer is null ? null : new Uri(address + ReferenceExtraServer.Path));
    }

    /// <summary>Serves one request under <see cref="PathPrefix"/> (any ASP.NET Core host can call this).</summary>
    /// <param name="context">The request.</param>
    /// <returns>A task.</returns>
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        var response = context.Response;
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        string path = request.Path.Value ?? string.Empty;
        string method = request.Method;

        if (path.StartsWith(PathPrefix + "/api/", StringComparison.Ordinal))
        {
            await ApiAsync(context, path[(PathPrefix.Length + 5)..], method).ConfigureAwait(false);
            return;
        }

        if (path.StartsWith(PathPrefix + "/admin/", StringComparison.Ordinal))
        {
            await AdminAsync(context, path[(PathPrefix.Length + 7)..], method).ConfigureAwait(false);
            return;
        }

        var text = PortalText.Choose(request.Query["lang"], request.Headers.AcceptLanguage);
        string query = request.Query.ContainsKey("lang") ? "?lang=" + text.Language : string.Empty;
        if (path == PathPrefix + "/signin" && HttpMethods.IsGet(method))
        {
            string token = request.Query["token"].ToString();
            var now = _time.GetUtcNow();
            if (token.Length > 0 && _links.TryRemove(token, out var link) && link.Until >= now)
            {
                string session = NewToken();
                _sessions[session] = (link.Employer, now + _portalOptions.SessionLifetime);
                response.Cookies.Append(SessionCookie, session, new CookieOptions
                {
                    HttpOnly = true,
                    SameSite = SameSiteMode.Strict,
                    Secure = request.IsHttps,
                    Path = PathPrefix,
                    MaxAge = _portalOptions.SessionLifetime,
                });
                response.StatusCode = StatusCodes.Status303SeeOther;
                response.Headers.Location = PathPrefix + "/" + query;
                return;
            }

            await HtmlAsync(context, StatusCodes.Status401Unauthorized, PortalPages.Message(text, text.NotSignedIn, text.SignInHelp, null)).ConfigureAwait(false);
            return;
        }

        if (path == PathPrefix + "/signout" && HttpMethods.IsPost(method))
        {
            if (request.Cookies.TryGetValue(SessionCookie, out var session) && session is not null)
            {
                _sessions.TryRemove(session, out _);
            }

            response.Cookies.Delete(SessionCookie, new CookieOptions { Path = PathPrefix, HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = request.IsHttps });
            await HtmlAsync(context, StatusCodes.Status200OK, PortalPages.Message(text, text.NotSignedIn, text.SignInHelp, null)).ConfigureAwait(false);
            return;
        }

        if (!HttpMethods.IsGet(method) && !HttpMethods.IsHead(method))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        string? employer = SessionEmployer(request);
        if (employer is null)
        {
            await HtmlAsync(context, StatusCodes.Status401Unauthorized, PortalPages.Message(text, text.NotSignedIn, text.SignInHelp, null)).ConfigureAwait(false);
            return;
        }

        if (path is PathPrefix or PathPrefix + "/" or PathPrefix + "/files" or PathPrefix + "/files/")
        {
            await HtmlAsync(context, StatusCodes.Status200OK, PortalPages.FileList(text, employer, GetFiles(employer), query)).ConfigureAwait(false);
            return;
        }

        if (path.StartsWith(PathPrefix + "/files/", StringComparison.Ordinal))
        {
            string fileId = Uri.UnescapeDataString(path[(PathPrefix.Length + 7)..]);
            if (GetFile(employer, fileId) is { } detail)
            {
                await HtmlAsync(context, StatusCodes.Status200OK, PortalPages.FileDetail(text, employer, detail, query)).ConfigureAwait(false);
                return;
            }
        }

        await HtmlAsync(context, StatusCodes.Status404NotFound, PortalPages.Message(text, text.NotFound, text.NotFoundHelp, employer)).ConfigureAwait(false);
    }

    private string? SessionEmployer(HttpRequest request)
    {
        if (!request.Cookies.TryGetValue(SessionCookie, out var session) || session is null || !_sessions.TryGetValue(session, out var entry))
        {
            return null;
        }

        if (entry.Until < _time.GetUtcNow())
        {
            _sessions.TryRemove(session, out _);
            return null;
        }

        return entry.Employer;
    }

    private async Task ApiAsync(HttpContext context, string rest, string method)
    {
        var request = context.Request;
        string pathAndQuery = request.PathBase.Add(request.Path).ToUriComponent() + request.QueryString.ToUriComponent();
        var (employer, failure) = _verifier.Verify(request.Headers.Authorization.ToString(), method, pathAndQuery);
        if (employer is null)
        {
            context.Response.Headers.WWWAuthenticate = PortalSignature.Scheme;
            await JsonAsync(context, StatusCodes.Status401Unauthorized, new PortalProblem(failure!)).ConfigureAwait(false);
            return;
        }

        if (rest == "files" && HttpMethods.IsGet(method))
        {
            await JsonAsync(context, StatusCodes.Status200OK, GetFiles(employer)).ConfigureAwait(false);
            return;
        }

        if (rest.StartsWith("files/", StringComparison.Ordinal) && HttpMethods.IsGet(method))
        {
            string fileId = Uri.UnescapeDataString(rest["files/".Length..]);
            if (GetFile(employer, fileId) is { } detail)
            {
                await JsonAsync(context, StatusCodes.Status200OK, detail).ConfigureAwait(false);
                return;
            }

            await JsonAsync(context, StatusCodes.Status404NotFound, new PortalProblem("No such file.")).ConfigureAwait(false);
            return;
        }

        if (rest == "session" && HttpMethods.IsPost(method))
        {
            var now = _time.GetUtcNow();
            foreach (var (key, value) in _links)
            {
                if (value.Until < now)
                {
                    _links.TryRemove(key, out _);
                }
            }

            string token = NewToken();
            var until = now + _portalOptions.SignInLinkLifetime;
            _links[token] = (employer, until);
            var url = new Uri($"{request.Scheme}://{request.Host.ToUriComponent()}{request.PathBase.ToUriComponent()}{PathPrefix}/signin?token={token}");
            await JsonAsync(context, StatusCodes.Status200OK, new PortalSession(url, until)).ConfigureAwait(false);
            return;
        }

        await JsonAsync(context, StatusCodes.Status404NotFound, new PortalProblem("No such resource.")).ConfigureAwait(false);
    }

    private async Task AdminAsync(HttpContext context, string rest, string method)
    {
        var remote = context.Connection.RemoteIpAddress;
        if (!_portalOptions.EnableAdmin || remote is null || !IPAddress.IsLoopback(remote))
        {
            await JsonAsync(context, StatusCodes.Status404NotFound, new PortalProblem("No such resource.")).ConfigureAwait(false);
            return;
        }

        if (rest != "rfv" || !HttpMethods.IsPost(method))
        {
            await JsonAsync(context, StatusCodes.Status404NotFound, new PortalProblem("No such resource.")).ConfigureAwait(false);
            return;
        }

        if (!Enum.TryParse<RfvState>(context.Request.Query["state"].ToString(), ignoreCase: true, out var state) || !Enum.IsDefined(state))
        {
            await JsonAsync(context, StatusCodes.Status400BadRequest,
                new PortalProblem("Give ?state= one of " + string.Join(", ", Enum.GetNames<RfvState>()) + ".")).ConfigureAwait(false);
            return;
        }

        _zss.Rfv.SetState(state);
        IReadOnlyList<string> released = [];
        if (state == RfvState.Available)
        {
            var finished = await _zss.RetryPendingAsync(context.RequestAborted).ConfigureAwait(false);
            released = [.. finished.Select(f => f.FileId)];
        }

        await JsonAsync(context, StatusCodes.Status200OK, new RfvControlResult(state, released, _zss.PendingFiles)).ConfigureAwait(false);
    }

    private static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private async Task HtmlAsync(HttpContext context, int status, string html)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.ContentSecurityPolicy = _contentSecurityPolicy;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        await context.Response.WriteAsync(html, Encoding.UTF8, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task JsonAsync<T>(HttpContext context, int status, T value)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(context.Response.Body, value, Json, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Serves requests in-process through a <see cref="DefaultHttpContext"/>.</summary>
    private sealed class InProcessHandler(ZssPortal portal) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var uri = request.RequestUri ?? throw new InvalidOperationException("The request has no URI; give the HttpClient a BaseAddress.");
            var context = new DefaultHttpContext();
            context.Request.Method = request.Method.Method;
            context.Request.Scheme = uri.Scheme;
            context.Request.Host = HostString.FromUriComponent(uri);
            context.Request.Path = PathString.FromUriComponent(uri);
            context.Request.QueryString = QueryString.FromUriComponent(uri);
            context.Connection.RemoteIpAddress = IPAddress.Loopback;
            foreach (var header in request.Headers)
            {
                context.Request.Headers[header.Key] = new StringValues([.. header.Value]);
            }

            if (request.Content is not null)
            {
                foreach (var header in request.Content.Headers)
                {
                    context.Request.Headers[header.Key] = new StringValues([.. header.Value]);
                }

                context.Request.Body = await request.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            }

            var body = new MemoryStream();
            context.Response.Body = body;
            context.RequestAborted = cancellationToken;
            if (context.Request.Path.StartsWithSegments(PathPrefix, StringComparison.Ordinal))
            {
                await portal.InvokeAsync(context).ConfigureAwait(false);
            }
            else
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
            }

            var response = new HttpResponseMessage((HttpStatusCode)context.Response.StatusCode)
            {
                RequestMessage = request,
                Content = new ByteArrayContent(body.ToArray()),
            };
            foreach (var header in context.Response.Headers)
            {
                if (!response.Headers.TryAddWithoutValidation(header.Key, (IEnumerable<string?>)header.Value))
                {
                    response.Content.Headers.TryAddWithoutValidation(header.Key, (IEnumerable<string?>)header.Value);
                }
            }

            if (context.Response.ContentType is { } type)
            {
                response.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
            }

            return response;
        }
    }
}

/// <summary>The answer of the loopback-only test control <c>POST /portal/admin/rfv?state=…</c>.</summary>
/// <param name="State">The RFV state now.</param>
/// <param name="Released">Files finished by the retry (when the state was set to Available).</param>
/// <param name="Pending">Files still pending.</param>
public sealed record RfvControlResult(RfvState State, IReadOnlyList<string> Released, IReadOnlyList<string> Pending);

/// <summary>The body of an error answer of the portal API.</summary>
/// <param name="Error">What went wrong (no secret, no personal data).</param>
public sealed record PortalProblem(string Error);

/// <summary>A service portal (and eXTra server) on Kestrel; dispose it to stop.</summary>
public sealed class RunningZssPortal : IAsyncDisposable
{
    private readonly WebApplication _app;

    internal RunningZssPortal(WebApplication app, Uri baseAddress, Uri? extraUrl)
    {
        _app = app;
        BaseAddress = baseAddress;
        ExtraUrl = extraUrl;
    }

    /// <summary>The host's base address (<c>http://127.0.0.1:PORT/</c>); give it to <see cref="PortalClient"/>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The portal's start page (<c>http://127.0.0.1:PORT/portal/</c>).</summary>
    public Uri PortalUrl => new(BaseAddress, ZssPortal.PathPrefix + "/");

    /// <summary>The eXTra endpoint on the same host, when an eXTra server was given.</summary>
    public Uri? ExtraUrl { get; }

    /// <summary>Stops the host.</summary>
    /// <returns>A task.</returns>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
