using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using Elena.Sdk.Crypto;
using Elena.Sdk.Crypto.Certificates;
using Elena.Sdk.Testing.Replies;
using Elena.Sdk.Testing.Zss;
using Elena.Sdk.Transport.Extra;
using Elena.Sdk.Transport.Replies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Elena.Sdk.Testing.Extra;

/// <summary>Whether the reference eXTra server takes requests.</summary>
public enum ExtraServerAvailability
{
    /// <summary>Requests are processed.</summary>
    Available,

    /// <summary>Every request gets "retry later" (<c>SERVICE_TEMPORARILY_UNAVAILABLE</c>, http 503 with Retry-After).</summary>
    RetryLater,

    /// <summary>Every request gets "halt" (<c>SERVICE_PERMANENTLY_UNAVAILABLE</c>, http 503).</summary>
    Halted,
}

/// <summary>The status, body and Retry-After of one answer of the server.</summary>
/// <param name="StatusCode">The http status code.</param>
/// <param name="Document">The eXTra response or error.</param>
/// <param name="RetryAfter">The Retry-After, if any.</param>
public sealed record ExtraServerAnswer(int StatusCode, ExtraDocument Document, TimeSpan? RetryAfter = null);

/// <summary>
/// The reference eXTra server of the central storage office, over an <see cref="InMemoryZss"/>: send (one package per
/// file) → <see cref="InMemoryZss.SubmitAsync"/> and the synchronous receipt or rejection; fetch (a DataRequest
/// sealed to the office) → the ZSS's server replies for the authenticated employer, each sealed to the employer;
/// acknowledge (a sealed ConfirmationOfReceipt) → <see cref="InMemoryZss.Acknowledge"/>. Sends are idempotent per
/// sender and RequestID. Served in-process (<see cref="CreateHandler"/>) or by Kestrel (<see cref="StartAsync"/>).
/// </summary>
public sealed class ReferenceExtraServer
{
    /// <summary>The path requests are posted to.</summary>
    public const string Path = "/extra";

    private readonly InMemoryZss _zss;
    private readonly ZssOptions _options;
    private readonly MessageOpener _opener;
    private readonly MessageSealer _sealer;
    private readonly ConcurrentDictionary<(string Sender, string RequestId), Task<ExtraPackage>> _sends = new();
    private readonly ConcurrentDictionary<long, byte[]> _sealedReplies = new();
    private int _transportIds;

    /// <summary>Creates the server.</summary>
    /// <param name="zss">The office.</param>
    /// <param name="options">The options the office was built with (keys, admitted employers, trust anchors, clock).</param>
    public ReferenceExtraServer(InMemoryZss zss, ZssOptions options)
    {
        ArgumentNullException.ThrowIfNull(zss);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Keys.Count == 0)
        {
            throw new ArgumentException("The office needs at least one key to sign replies.", nameof(options));
        }

        _zss = zss;
        _options = options;
        _opener = new MessageOpener(new OpenOptions { DecryptionKeys = options.Keys, TrustAnchors = options.TrustAnchors, TimeProvider = options.TimeProvider });
        _sealer = new MessageSealer(new SealOptions
        {
            SignerCertificate = options.Keys[0].Certificate,
            SignerKey = options.Keys[0].PrivateKey,
            TimeProvider = options.TimeProvider,
        });
    }

    /// <summary>Whether requests are processed; switch it to make the server answer "retry later" or "halt".</summary>
    public ExtraServerAvailability Availability { get; set; }

    /// <summary>The Retry-After of "retry later". Default 1 s.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many requests reached the server (any kind, any outcome).</summary>
    public int RequestCount => Volatile.Read(ref _requests);

    private int _requests;

    /// <summary>An in-process handler: <c>new HttpClient(server.CreateHandler()) { BaseAddress = new Uri("http://zss.invalid/extra") }</c>. The request body is streamed to the server through a pipe.</summary>
    /// <returns>The handler.</returns>
    public HttpMessageHandler CreateHandler() => new InProcessHandler(this);

    /// <summary>Starts Kestrel on <paramref name="url"/> (default a free port on 127.0.0.1).</summary>
    /// <param name="url">The URL to listen on.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server; dispose it to stop.</returns>
    public async Task<RunningExtraServer> StartAsync(string url = "http://127.0.0.1:0", CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = null);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost(Path, async context =>
        {
            var answer = await ProcessAsync(context.Request.Body, context.RequestAborted).ConfigureAwait(false);
            context.Response.StatusCode = answer.StatusCode;
            context.Response.ContentType = ExtraXmlWriter.ContentType;
            if (answer.RetryAfter is { } wait)
            {
                context.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }

            await ExtraXmlWriter.WriteAsync(context.Response.Body, answer.Document, context.RequestAborted).ConfigureAwait(false);
        });
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RunningExtraServer(app, new Uri(address.TrimEnd('/') + Path));
    }

    /// <summary>Processes one request body (any host can call this).</summary>
    /// <param name="requestBody">The posted XML, read once, streamed.</param>
    /// <param name="cancellationToken">Cancels processing.</param>
    /// <returns>The answer.</returns>
    public async Task<ExtraServerAnswer> ProcessAsync(Stream requestBody, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requestBody);
        Interlocked.Increment(ref _requests);
        switch (Availability)
        {
            case ExtraServerAvailability.RetryLater:
                return Error(503, ExtraErrorReason.ServiceTemporarilyUnavailable, ExtraFlagCodes.RetryLater, "Service temporarily unavailable; retry later.", null, RetryAfter);
            case ExtraServerAvailability.Halted:
                return Error(503, ExtraErrorReason.ServicePermanentlyUnavailable, ExtraFlagCodes.Halt, "Halt: send nothing until further notice.", null);
        }

        var bodies = new Dictionary<ExtraPackageKey, MemoryStream>();
        var duplicates = new Dictionary<ExtraPackageKey, Task<ExtraPackage>>();
        var fresh = new Dictionary<ExtraPackageKey, TaskCompletionSource<ExtraPackage>>();
        ExtraDocument request;

        // Not disposed: that would close the host's request stream.
        var buffered = new BufferedStream(requestBody, 64 * 1024);
        try
        {
            request = await ExtraXmlReader.ReadAsync(buffered, package =>
            {
                var key = new ExtraPackageKey(package.Header.Sender.Id, package.Header.Request.RequestId, bodies.Count + duplicates.Count);
                var pending = new TaskCompletionSource<ExtraPackage>(TaskCreationOptions.RunContinuationsAsynchronously);
                var existing = _sends.GetOrAdd((key.Sender, key.RequestId), pending.Task);
                if (existing != pending.Task)
                {
                    // A re-send of a RequestID already taken: its data is not kept, the original answer is repeated.
                    duplicates[key] = existing;
                    return null;
                }

                fresh[key] = pending;

                // The sender's size hint (DataTransforms OutputData) sizes the buffer once, up to 64 MiB.
                long hint = package.Transforms.Where(t => t.OutputBytes is not null).Select(t => t.OutputBytes!.Value).DefaultIfEmpty(0).Max();
                var body = new MemoryStream((int)Math.Clamp(hint, 0, 64L * 1024 * 1024));
                bodies[key] = body;
                return body;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (FormatException ex)
        {
            Abandon(fresh);
            return Error(400, ExtraErrorReason.InvalidRequest, ExtraFlagCodes.SchemaInvalid, ex.Message, null);
        }

        try
        {
            if (request.Kind != ExtraDocumentKind.Request || request.Header is null)
            {
                Abandon(fresh);
                return Error(400, ExtraErrorReason.InvalidRequest, ExtraFlagCodes.SchemaInvalid, "Expected an eXTra request (Transport).", null);
            }

            string requestId = request.Header.Request.RequestId;
            if (!HeaderIsLatin1(request.Header) || request.Packages.Any(p => !HeaderIsLatin1(p.Header)))
            {
                Abandon(fresh);
                return Error(400, ExtraErrorReason.InvalidRequest, ExtraFlagCodes.WrongCharacterSet,
                    "Wrong character set in the transport header (not ISO 8859-1).", requestId);
            }

            if (string.IsNullOrWhiteSpace(requestId))
            {
                Abandon(fresh);
                return Error(400, ExtraErrorReason.InvalidRequest, ExtraFlagCodes.SchemaInvalid, "The transport header has no RequestID.", null);
            }

            if (request.Packages.Count > 0)
            {
                return await SendAsync(request, bodies, duplicates, fresh, cancellationToken).ConfigureAwait(false);
            }

            string dataType = request.Header.Request.DataType ?? string.Empty;
            if (dataType.Equals(ExtraUris.DataTypeRequest, StringComparison.OrdinalIgnoreCase))
            {
                return await FetchAsync(request, cancellationToken).ConfigureAwait(false);
            }

            if (dataType.Equals(ExtraUris.DataTypeConfirmation, StringComparison.OrdinalIgnoreCase))
            {
                return await AcknowledgeAsync(request, cancellationToken).ConfigureAwait(false);
            }

            return Error(400, ExtraErrorReason.InvalidRequest, ExtraFlagCodes.SchemaInvalid,
                "Unknown request: expected packages (send), DataType DataRequest (fetch) or ConfirmationOfReceipt (acknowledge).", requestId);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A fault of the office itself: the request may succeed later. The text names no data of the request.
            Abandon(fresh);
            return Error(500, ExtraErrorReason.ServiceFailure, ServiceFailureCode, $"Technical error in the office ({ex.GetType().Name}).",
                request.Header?.Request.RequestId);
        }
        catch
        {
            Abandon(fresh);
            throw;
        }
    }

    /// <summary>The flag code of a technical error of the office (DSRV status D08: technical error in the connector).</summary>
    public const string ServiceFailureCode = "D08";

    private readonly record struct ExtraPackageKey(string Sender, string RequestId, int Index);

    /// <summary>Forgets RequestIDs registered by a request that failed before its packages were processed.</summary>
    private void Abandon(Dictionary<ExtraPackageKey, TaskCompletionSource<ExtraPackage>> fresh)
    {
        foreach (var (key, pending) in fresh)
        {
            if (!pending.Task.IsCompleted)
            {
                _sends.TryRemove(new KeyValuePair<(string, string), Task<ExtraPackage>>((key.Sender, key.RequestId), pending.Task));
                pending.TrySetCanceled();
            }
        }
    }

    private async Task<ExtraServerAnswer> SendAsync(ExtraDocument request, Dictionary<ExtraPackageKey, MemoryStream> bodies,
        Dictionary<ExtraPackageKey, Task<ExtraPackage>> duplicates, Dictionary<ExtraPackageKey, TaskCompletionSource<ExtraPackage>> fresh, CancellationToken cancellationToken)
    {
        var answers = new List<ExtraPackage>();
        for (int i = 0; i < request.Packages.Count; i++)
        {
            var package = request.Packages[i];
            var key = new ExtraPackageKey(package.Header.Sender.Id, package.Header.Request.RequestId, i);
            if (duplicates.TryGetValue(key, out var original))
            {
                answers.Add(await original.WaitAsync(cancellationToken).ConfigureAwait(false));
                continue;
            }

            if (!bodies.TryGetValue(key, out var body) || body.Length == 0)
            {
                var missing = PackageAnswer(package, "-", ExtraReport.Of(ExtraFlagCodes.BodyMissing, "The package carries no file.", ExtraWeight.Error), null, null);
                if (fresh.TryGetValue(key, out var none))
                {
                    _sends.TryRemove(new KeyValuePair<(string, string), Task<ExtraPackage>>((key.Sender, key.RequestId), none.Task));
                    none.TrySetResult(missing);
                }

                answers.Add(missing);
                continue;
            }

            var pending = fresh[key];
            try
            {
                body.Position = 0;
                var result = await _zss.SubmitAsync(body, SubmissionChannel.Extra, cancellationToken).ConfigureAwait(false);
                var first = result.Replies[0];
                var report = first.Kind == ReplyKind.AcceptanceReceipt
                    ? ExtraReport.Of(ExtraFlagCodes.PackageOk, "Annahmebestätigung: file accepted.")
                    : ExtraReport.Of(ExtraFlagCodes.PackageRejected, first.Reason ?? "The file could not be taken.", ExtraWeight.Error);
                var answer = PackageAnswer(package, result.FileId, report, first.Kind, first.MailSubject);

                // Only a RequestID whose sender is the file's signer is remembered: nobody else can claim it.
                if (_zss.GetStatus(result.FileId, package.Header.Sender.Id) is null)
                {
                    _sends.TryRemove(new KeyValuePair<(string, string), Task<ExtraPackage>>((key.Sender, key.RequestId), pending.Task));
                }

                pending.TrySetResult(answer);
                answers.Add(answer);
            }
            catch (Exception ex)
            {
                _sends.TryRemove(new KeyValuePair<(string, string), Task<ExtraPackage>>((key.Sender, key.RequestId), pending.Task));
                pending.TrySetException(ex);
                throw;
            }
            finally
            {
                await body.DisposeAsync().ConfigureAwait(false);
            }
        }

        return new ExtraServerAnswer(200, Response(request, ExtraReport.Of(ExtraFlagCodes.TransportAccepted, "Transport accepted."), answers));
    }

    private ExtraPackage PackageAnswer(ExtraPackage package, string responseId, ExtraReport report, ReplyKind? kind, string? subject) => new()
    {
        Header = package.Header with { Response = new ExtraResponseDetails(responseId, _options.TimeProvider.GetUtcNow(), report) },
        DataSource = new ExtraDataContainer
        {
            Name = package.DataSource?.Name is { Length: > 0 } name ? name : "UNKNOWN",
            DataSetType = kind is { } k ? ExtraReplyKinds.ToUri(k) : null,
            DataSetName = subject,
        },
    };

    /// <summary>Opens a sealed DataRequest/ConfirmationOfReceipt and authenticates its signer (admitted, and the transport sender).</summary>
    private async Task<(string? Employer, X509Certificate2? Signer, object? Message, ExtraServerAnswer? Failure)> AuthenticateAsync(ExtraDocument request, CancellationToken cancellationToken)
    {
        string requestId = request.Header!.Request.RequestId;
        if (request.DataBytes is not { Length: > 0 } data)
        {
            return request.DataRequest is not null || request.Confirmation is not null
                ? (null, null, null, Error(403, ExtraErrorReason.InvalidRequest, ExtraFlagCodes.NotAuthenticated,
                    "Fetch and acknowledge requests must be sealed to the acceptance office (seed 004 §3.3.1.2).", requestId))
                : (null, null, null, Error(400, ExtraErrorReason.InvalidRequest, ExtraFlagCodes.BodyMissing, "The request carries no sealed message.", requestId));
        }

        using var plain = new MemoryStream();
        VerificationResult verification;
        try
        {
            verification = await _opener.OpenAsync(new MemoryStream(data.ToArray(), writable: false), plain, cancellationToken).ConfigureAwait(false);
        }
        catch (SecureMessageException ex)
        {
            return (null, null, null, Error(403, ExtraErrorReason.InvalidRequest, ExtraFlagCodes.NotAuthenticated,
                $"The sealed request could not be opened ({ex.Error}).", requestId));
        }

        string? employer = verification.Signer is { Kind: PartyIdKind.Betriebsnummer } id ? id.Value : null;
        if (employer is null || !_options.AdmittedEmployers.IsAdmitted(verification.SignerCertificate, _options.TimeProvider.GetUtcNow()))
        {
            return (null, null, null, Error(403, ExtraErrorReason.InvalidRequest, ExtraFlagCodes.NotAuthenticated,
                "The signer's certificate is not in the list of admitted employer certificates.", requestId));
        }

        if (!string.Equals(employer, request.Header.Sender.Id, StringComparison.Ordinal))
        {
            return (null, null, null, Error(403, ExtraErrorReason.InvalidRequest, ExtraFlagCodes.NotAuthenticated,
                "The transport sender is not the signer of the sealed request.", requestId));
        }

        try
        {
            return (employer, verification.SignerCertificate, ExtraXmlReader.ReadMessage(plain.ToArray()), null);
        }
        catch (FormatException ex)
        {
            return (null, null, null, Error(400, ExtraErrorReason.InvalidRequest, ExtraFlagCodes.SchemaInvalid, ex.Message, requestId));
        }
    }

    private async Task<ExtraServerAnswer> FetchAsync(ExtraDocument request, CancellationToken cancellationToken)
    {
        var (employer, signer, message, failure) = await AuthenticateAsync(request, cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            return failure;
        }

        string requestId = request.Header!.Request.RequestId;
        if (message is not ExtraDataRequest query || !query.Property.Equals(ExtraUris.PropertyResponseId, StringComparison.OrdinalIgnoreCase)
            || !long.TryParse(query.Value, NumberStyles.None, CultureInfo.InvariantCulture, out long value))
        {
            return Error(400, ExtraErrorReason.InvalidRequest, ExtraFlagCodes.SchemaInvalid,
                "A fetch is a DataRequest on the ResponseID with a numeric value.", requestId);
        }

        int max = Math.Clamp(query.MaximumPackages ?? 100, 1, 1000);
        var selected = _zss.ServerReplies
            .Where(r => r.Employer == employer && r.Reply.File is not null && query.Operator switch
            {
                ExtraOperator.EQ => r.Id == value,
                ExtraOperator.GT => r.Id > value,
                ExtraOperator.GE => r.Id >= value,
                ExtraOperator.LT => r.Id < value,
                _ => r.Id <= value,
            })
            .OrderBy(r => r.Id)
            .Take(max)
            .ToList();
        if (selected.Count == 0)
        {
            return new ExtraServerAnswer(200, Response(request, ExtraReport.Of(ExtraFlagCodes.NothingToFetch, "No data available."), []));
        }

        var now = _options.TimeProvider.GetUtcNow();
        var recipient = _options.AdmittedEmployers.Find(PartyId.Betriebsnummer(employer!), now) ?? signer!;
        var packages = new List<ExtraPackage>();
        foreach (var reply in selected)
        {
            byte[] sealedReply = await SealAsync(reply, recipient, cancellationToken).ConfigureAwait(false);
            _zss.MarkFetched(reply.Id);
            packages.Add(new ExtraPackage
            {
                Header = request.Header with
                {
                    Response = new ExtraResponseDetails(reply.Id.ToString(CultureInfo.InvariantCulture), reply.CreatedAt,
                        ExtraReport.Of(ExtraFlagCodes.PackageOk, "Erfolgreicher Endestatus")),
                },
                Transforms =
                [
                    new ExtraTransform("Compression", 1, ExtraUris.CompressionNone, reply.Reply.File!.Length, reply.Reply.File.Length),
                    new ExtraTransform("Signature", 2, ExtraUris.SignaturePkcs7),
                    new ExtraTransform("Encryption", 3, ExtraUris.EncryptionPkcs7, null, sealedReply.Length),
                ],
                DataSource = new ExtraDataContainer
                {
                    Name = (request.Header.TestIndicator?.EndsWith("PROCESS", StringComparison.OrdinalIgnoreCase) == true ? "TENA0" : "EENA0")
                           + (reply.Id % 1_000_000).ToString("D6", CultureInfo.InvariantCulture),
                    Created = reply.CreatedAt,
                    Encoding = "I1",
                    DataSetType = ExtraReplyKinds.ToUri(reply.Reply.Kind),
                    DataSetName = reply.Reply.MailSubject,
                },
                Body = ExtraBody.FromBytes(sealedReply),
            });
        }

        return new ExtraServerAnswer(200, Response(request, ExtraReport.Of(ExtraFlagCodes.TransportOk, "TransportEbene: Antwort ok"), packages));
    }

    private async Task<byte[]> SealAsync(ServerReply reply, X509Certificate2 recipient, CancellationToken cancellationToken)
    {
        if (_sealedReplies.TryGetValue(reply.Id, out var cached))
        {
            return cached;
        }

        using var output = new MemoryStream();
        await _sealer.SealAsync(new MemoryStream(reply.Reply.File!, writable: false), output, recipient, cancellationToken).ConfigureAwait(false);
        return _sealedReplies.GetOrAdd(reply.Id, output.ToArray());
    }

    private async Task<ExtraServerAnswer> AcknowledgeAsync(ExtraDocument request, CancellationToken cancellationToken)
    {
        var (employer, _, message, failure) = await AuthenticateAsync(request, cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            return failure;
        }

        if (message is not ExtraConfirmation confirmation || confirmation.ResponseIds.Count == 0)
        {
            return Error(400, ExtraErrorReason.InvalidRequest, ExtraFlagCodes.SchemaInvalid,
                "An acknowledgement is a ConfirmationOfReceipt listing ResponseIDs.", request.Header!.Request.RequestId);
        }

        var mine = _zss.ServerReplies.Where(r => r.Employer == employer).Select(r => r.Id).ToHashSet();
        foreach (string id in confirmation.ResponseIds)
        {
            // An id already confirmed, unknown or not this employer's is not an error (and is left alone).
            if (long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out long replyId) && mine.Contains(replyId))
            {
                _zss.Acknowledge(replyId);
                _sealedReplies.TryRemove(replyId, out _);
            }
        }

        return new ExtraServerAnswer(200, Response(request, ExtraReport.Of(ExtraFlagCodes.ConfirmationAccepted, "Empfangsquittung angenommen."), []));
    }

    private ExtraDocument Response(ExtraDocument request, ExtraReport report, IReadOnlyList<ExtraPackage> packages) => new()
    {
        Kind = ExtraDocumentKind.Response,
        Profile = string.IsNullOrEmpty(request.Profile) ? ExtraUris.ElenaProfile : request.Profile,
        Header = request.Header! with { Response = new ExtraResponseDetails(NextTransportId(), _options.TimeProvider.GetUtcNow(), report) },
        Packages = packages,
    };

    private string NextTransportId() => "A" + Interlocked.Increment(ref _transportIds).ToString("D12", CultureInfo.InvariantCulture);

    private ExtraServerAnswer Error(int status, ExtraErrorReason reason, string code, string text, string? requestId, TimeSpan? retryAfter = null)
        => new(status, new ExtraDocument
        {
            Kind = ExtraDocumentKind.Error,
            Error = new ExtraError(reason, requestId is { Length: > 0 } && ExtraXmlWriter.IsLatin1(requestId) ? requestId : null, NextTransportId(),
                _options.TimeProvider.GetUtcNow(), ExtraReport.Of(code, text, ExtraWeight.Error)),
        }, retryAfter);

    private static bool HeaderIsLatin1(ExtraHeader header)
        => new[]
        {
            header.Sender.Id, header.Sender.Name, header.Receiver.Id, header.Receiver.Name, header.Request.RequestId, header.Request.Product,
            header.Request.Manufacturer, header.Request.Procedure, header.Request.DataType, header.Request.Scenario, header.TestIndicator,
        }.All(v => v is null || ExtraXmlWriter.IsLatin1(v));

    /// <summary>Serves requests in-process: the request body streams through a pipe while the server reads it.</summary>
    private sealed class InProcessHandler(ReferenceExtraServer server) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method != HttpMethod.Post || request.Content is null)
            {
                return new HttpResponseMessage(HttpStatusCode.MethodNotAllowed) { RequestMessage = request };
            }

            var pipe = new Pipe();
            var producer = Task.Run(async () =>
            {
                Exception? failure = null;
                try
                {
                    await using var sink = pipe.Writer.AsStream(leaveOpen: true);
                    await request.Content.CopyToAsync(sink, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    failure = ex;
                }

                await pipe.Writer.CompleteAsync(failure).ConfigureAwait(false);
            }, cancellationToken);

            ExtraServerAnswer answer;
            await using (var source = pipe.Reader.AsStream())
            {
                try
                {
                    answer = await server.ProcessAsync(source, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    await pipe.Reader.CompleteAsync().ConfigureAwait(false);
                    await producer.ConfigureAwait(false);
                }
            }

            using var body = new MemoryStream();
            await ExtraXmlWriter.WriteAsync(body, answer.Document, cancellationToken).ConfigureAwait(false);
            var response = new HttpResponseMessage((HttpStatusCode)answer.StatusCode)
            {
                RequestMessage = request,
                Content = new ByteArrayContent(body.ToArray()),
            };
            response.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ExtraXmlWriter.ContentType);
            if (answer.RetryAfter is { } wait)
            {
                response.Headers.RetryAfter = new RetryConditionHeaderValue(wait);
            }

            return response;
        }
    }
}

/// <summary>A reference eXTra server running on Kestrel; dispose it to stop.</summary>
public sealed class RunningExtraServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    internal RunningExtraServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The eXTra endpoint (<c>http://127.0.0.1:PORT/extra</c>).</summary>
    public Uri Url { get; }

    /// <summary>Stops the server.</summary>
    /// <returns>A task.</returns>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
