using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Elena.Sdk.Crypto;
using Elena.Sdk.Crypto.Certificates;
using Elena.Sdk.Transport.Replies;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Elena.Sdk.Transport.Extra;

/// <summary>
/// The employer's eXTra client for the central storage office: send a sealed file (the synchronous response is the
/// acceptance receipt or a rejection), fetch replies (<c>ResponseID GT last</c>), fetch one again (<c>EQ</c>) and
/// acknowledge them. Fetch and acknowledge requests are sealed to the office, which is how it authenticates the
/// employer (seed 004 §3.3.1.2). Transient failures and "retry later" are retried with the same RequestID; a "halt"
/// stops all requests for <see cref="ExtraClientOptions.HaltPause"/>.
/// </summary>
/// <remarks>
/// Works with <c>IHttpClientFactory</c> (<c>services.AddElenaExtraClient(…)</c>). The client retries by itself
/// because it can rebuild a streamed request and keeps the RequestID, which makes a re-send idempotent at the server.
/// </remarks>
public sealed class ExtraClient : Elena.Sdk.Transport.State.IReplySource
{
    private readonly HttpClient _http;
    private readonly ExtraClientOptions _options;
    private readonly X509Certificate2 _employer;
    private readonly RSA _employerKey;
    private readonly X509Certificate2 _office;
    private readonly string _employerNumber;
    private readonly string _officeNumber;
    private readonly MessageSealer _sealer;
    private readonly MessageOpener _opener;
    private readonly object _gate = new();
    private readonly ILogger _logger;
    private DateTimeOffset? _haltedUntil;

    /// <summary>Creates the client.</summary>
    /// <param name="httpClient">The http client (its <see cref="HttpClient.BaseAddress"/> is the server unless <see cref="ExtraClientOptions.Endpoint"/> is absolute).</param>
    /// <param name="options">Keys, certificates, identities, retry settings; validated and copied.</param>
    /// <param name="logger">Where retries, halts and exchanges are logged (event ids in <see cref="ExtraLogEvents"/>); optional.</param>
    /// <exception cref="ArgumentException">An option is missing or inconsistent (the message says which).</exception>
    public ExtraClient(HttpClient httpClient, ExtraClientOptions options, ILogger<ExtraClient>? logger = null)
    {
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        _http = httpClient;
        _employer = options.EmployerCertificate ?? throw new ArgumentException("ExtraClientOptions.EmployerCertificate is required.", nameof(options));
        _office = options.OfficeCertificate ?? throw new ArgumentException("ExtraClientOptions.OfficeCertificate is required.", nameof(options));
        _employerKey = options.EmployerKey ?? _employer.GetRSAPrivateKey()
            ?? throw new ArgumentException("Give ExtraClientOptions.EmployerKey or an employer certificate with its RSA private key.", nameof(options));
        _employerNumber = options.EmployerNumber ?? BetriebsnummerOf(_employer)
            ?? throw new ArgumentException("The employer certificate names no Betriebsnummer (OU=BN…); set ExtraClientOptions.EmployerNumber.", nameof(options));
        _officeNumber = options.OfficeNumber ?? BetriebsnummerOf(_office)
            ?? throw new ArgumentException("The office certificate names no Betriebsnummer (OU=BN…); set ExtraClientOptions.OfficeNumber.", nameof(options));
        if (options.MaxAttempts < 1)
        {
            throw new ArgumentException("ExtraClientOptions.MaxAttempts must be at least 1.", nameof(options));
        }

        if (_http.BaseAddress is null && options.Endpoint is not { IsAbsoluteUri: true })
        {
            throw new ArgumentException("Set HttpClient.BaseAddress or an absolute ExtraClientOptions.Endpoint.", nameof(options));
        }

        foreach (var (name, value) in (IEnumerable<(string, string?)>)[("EmployerName", options.EmployerName), ("OfficeName", options.OfficeName), ("Product", options.Product), ("Manufacturer", options.Manufacturer)])
        {
            if (value is not null && !ExtraXmlWriter.IsLatin1(value))
            {
                throw new ArgumentException($"ExtraClientOptions.{name} holds a character outside ISO 8859-1, which the transport header does not allow.", nameof(options));
            }
        }

        _options = new ExtraClientOptions
        {
            EmployerCertificate = _employer,
            EmployerKey = _employerKey,
            OfficeCertificate = _office,
            TrustAnchors = [.. options.TrustAnchors],
            EmployerNumber = _employerNumber,
            EmployerName = options.EmployerName,
            OfficeNumber = _officeNumber,
            OfficeName = options.OfficeName,
            Endpoint = options.Endpoint,
            Product = options.Product,
            Manufacturer = options.Manufacturer,
            IsTest = options.IsTest,
            ContactEmail = options.ContactEmail,
            MaxAttempts = options.MaxAttempts,
            RetryDelay = options.RetryDelay,
            MaxRetryAfter = options.MaxRetryAfter,
            HaltPause = options.HaltPause,
            TimeProvider = options.TimeProvider,
        };
        _sealer = new MessageSealer(new SealOptions { SignerCertificate = _employer, SignerKey = _employerKey, TimeProvider = options.TimeProvider });
        _opener = new MessageOpener(new OpenOptions
        {
            DecryptionKeys = [new DecryptionKey(_employer, _employerKey)],
            TrustAnchors = _options.TrustAnchors,
            TimeProvider = options.TimeProvider,
        });
    }

    /// <summary>A new RequestID: 20 digits of UTC time (<c>yyyyMMddHHmmssfff</c>) and 3 random digits, as in the ELENA samples.</summary>
    /// <param name="timeProvider">The clock; default the system clock.</param>
    /// <returns>The id.</returns>
    public static string NewRequestId(TimeProvider? timeProvider = null)
        => (timeProvider ?? TimeProvider.System).GetUtcNow().ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture)
           + RandomNumberGenerator.GetInt32(1000).ToString("D3", CultureInfo.InvariantCulture);

    /// <summary>
    /// Sends one sealed file (one package). The base64 is streamed from <paramref name="sealedFile"/>; a seekable stream
    /// can be re-sent after a transient failure (with the same RequestID, so the server keeps one submission).
    /// </summary>
    /// <param name="sealedFile">The CMS file, from its current position; not disposed.</param>
    /// <param name="send">RequestID, file name, procedure.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>The synchronous reply: <see cref="ReplyKind.AcceptanceReceipt"/> or <see cref="ReplyKind.Rejection"/> (with <see cref="Reply.Reason"/>).</returns>
    /// <exception cref="ExtraServiceException">The server refused the request (service error, halt, or retry later after all attempts).</exception>
    public async Task<Reply> SendAsync(Stream sealedFile, ExtraSendOptions send, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sealedFile);
        ArgumentNullException.ThrowIfNull(send);
        if (string.IsNullOrWhiteSpace(send.RequestId) || string.IsNullOrWhiteSpace(send.FileName))
        {
            throw new ArgumentException("A send needs a RequestId and a FileName.", nameof(send));
        }

        long start = sealedFile.CanSeek ? sealedFile.Position : -1;
        long? sealedBytes = sealedFile.CanSeek ? sealedFile.Length - start : null;
        var now = _options.TimeProvider.GetUtcNow();
        var document = new ExtraDocument
        {
            Kind = ExtraDocumentKind.Request,
            Header = Header(send.RequestId, null, null, ExtraUris.ScenarioAcknowledgement, now),
            Packages =
            [
                new ExtraPackage
                {
                    Header = Header(send.RequestId, send.Procedure, ExtraUris.DataTypeSend, ExtraUris.ScenarioAcknowledgement, now),
                    ContactEmail = _options.ContactEmail,
                    Transforms = Transforms(send.PayloadBytes, sealedBytes),
                    DataSource = new ExtraDataContainer { Name = send.FileName, Created = send.Created, Encoding = "I1" },
                    Body = ExtraBody.FromStream(sealedFile),
                },
            ],
        };

        var response = await PostAsync(
            "send",
            attempt =>
            {
                if (attempt > 1)
                {
                    if (start < 0)
                    {
                        return null; // a stream that cannot be rewound cannot be sent again
                    }

                    sealedFile.Position = start;
                }

                return new DocumentContent(document);
            },
            (_, _) => null,
            cancellationToken).ConfigureAwait(false);

        var package = response.Document.Packages.Count > 0 ? response.Document.Packages[0] : null;
        var report = package?.Header.Response?.Report ?? response.Document.Header?.Response?.Report;
        bool rejected = report is null || report.HighestWeight == ExtraWeight.Error;
        var heading = ReplySubjects.TryParse(package?.DataSource?.DataSetName, out var parsed) ? parsed : null;
        return new Reply
        {
            Kind = rejected ? ReplyKind.Rejection : ReplyKind.AcceptanceReceipt,
            Channel = ReplyChannel.Extra,
            Id = package?.Header.Response?.ResponseId ?? response.Document.Header?.Response?.ResponseId ?? string.Empty,
            OfficeNumber = heading?.Office ?? _officeNumber,
            EmployerNumber = heading?.Employer ?? _employerNumber,
            FileNumber = heading?.FileNumber,
            ReceivedAt = _options.TimeProvider.GetUtcNow(),
            Reason = rejected ? report?.Flags.FirstOrDefault(f => f.Weight == ExtraWeight.Error)?.Text ?? "The server gave no report." : null,
        };
    }

    /// <summary>Fetches the replies after <paramref name="lastResponseId"/> (<c>ResponseID GT last</c>), opened and parsed. Nothing to fetch is an empty list.</summary>
    /// <param name="lastResponseId">The last ResponseID fetched and stored; <see langword="null"/> for everything on the server.</param>
    /// <param name="maximumPackages">At most this many replies. Default 100.</param>
    /// <param name="cancellationToken">Cancels the fetch.</param>
    /// <returns>The replies in ResponseID order; acknowledge them once stored.</returns>
    /// <exception cref="ExtraServiceException">The server refused the request.</exception>
    /// <exception cref="SecureMessageException">A reply file could not be opened or was not signed by the office.</exception>
    public Task<IReadOnlyList<Reply>> FetchAsync(string? lastResponseId, int maximumPackages = 100, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maximumPackages, 1);
        return FetchCoreAsync(new ExtraDataRequest(ExtraOperator.GT, lastResponseId ?? "0", maximumPackages), cancellationToken);
    }

    /// <summary>Fetches one reply again (<c>ResponseID EQ id</c>), e.g. after losing it before it was stored.</summary>
    /// <param name="responseId">The ResponseID.</param>
    /// <param name="cancellationToken">Cancels the fetch.</param>
    /// <returns>The reply, or <see langword="null"/> when the server no longer has it (acknowledged or sent on paper).</returns>
    public async Task<Reply?> FetchAgainAsync(string responseId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(responseId);
        var replies = await FetchCoreAsync(new ExtraDataRequest(ExtraOperator.EQ, responseId, 1), cancellationToken).ConfigureAwait(false);
        return replies.Count > 0 ? replies[0] : null;
    }

    /// <summary>Acknowledges fetched replies: they leave the server. Acknowledging an id again is success.</summary>
    /// <param name="responseIds">The ResponseIDs (any number; sent in batches of 1,000).</param>
    /// <param name="cancellationToken">Cancels the acknowledgement.</param>
    /// <returns>A task.</returns>
    /// <exception cref="ExtraServiceException">The server refused the request.</exception>
    public async Task AcknowledgeAsync(IEnumerable<string> responseIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(responseIds);
        foreach (var batch in responseIds.Distinct(StringComparer.Ordinal).Chunk(1000))
        {
            byte[] body = ExtraXmlWriter.WriteConfirmation(new ExtraConfirmation(batch));
            var document = await SealedRequestAsync(body, ExtraUris.DataTypeConfirmation, ExtraUris.ScenarioAcknowledgement, cancellationToken).ConfigureAwait(false);
            await PostAsync("acknowledge", _ => new DocumentContent(document), (_, _) => null, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<IReadOnlyList<Reply>> FetchCoreAsync(ExtraDataRequest query, CancellationToken cancellationToken)
    {
        byte[] body = ExtraXmlWriter.WriteDataRequest(query);
        var document = await SealedRequestAsync(body, ExtraUris.DataTypeRequest, ExtraUris.ScenarioResponse, cancellationToken).ConfigureAwait(false);
        var response = await PostAsync(
            "fetch",
            _ => new DocumentContent(document),
            (package, files) =>
            {
                // Each package's sealed reply goes to a temporary file, deleted when closed.
                var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920,
                    FileOptions.DeleteOnClose | FileOptions.Asynchronous);
                files.Add(file);
                return file;
            },
            cancellationToken).ConfigureAwait(false);
        try
        {
            var replies = new List<Reply>();
            int next = 0;
            foreach (var package in response.Document.Packages)
            {
                var details = package.Header.Response;
                if (details is null)
                {
                    continue;
                }

                if (!package.HasBody || package.BodyLength == 0)
                {
                    // A package without data: "ask again later" (skip), or a technical error return (a rejection of the file it names).
                    if (details.Report.HighestWeight == ExtraWeight.Error)
                    {
                        replies.Add(new Reply
                        {
                            Kind = ReplyKind.Rejection,
                            Channel = ReplyChannel.Extra,
                            Id = details.ResponseId,
                            OfficeNumber = _officeNumber,
                            EmployerNumber = _employerNumber,
                            ReceivedAt = _options.TimeProvider.GetUtcNow(),
                            Reason = details.Report.Flags.FirstOrDefault(f => f.Weight == ExtraWeight.Error)?.Text,
                        });
                    }

                    if (package.HasBody)
                    {
                        next++;
                    }

                    continue;
                }

                var sealedReply = response.Files[next++];
                sealedReply.Position = 0;
                replies.Add(await OpenReplyAsync(package, details, sealedReply, cancellationToken).ConfigureAwait(false));
            }

            return replies;
        }
        finally
        {
            foreach (var file in response.Files)
            {
                await file.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<Reply> OpenReplyAsync(ExtraPackage package, ExtraResponseDetails details, Stream sealedReply, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream();
        var verification = await _opener.OpenAsync(sealedReply, content, cancellationToken).ConfigureAwait(false);
        if (verification.Signer?.Value != _officeNumber)
        {
            throw new SecureMessageException(SecureMessageError.UntrustedSigner,
                $"Reply {details.ResponseId} is not signed by the acceptance office {_officeNumber}.");
        }

        byte[] bytes = content.ToArray();
        var file = ReplyFile.Parse(bytes);
        ReplyKind kind;
        string? fileNumber = file.AnsweredFileNumber;
        if (ReplySubjects.TryParse(package.DataSource?.DataSetName, out var heading))
        {
            kind = heading.Kind;
            fileNumber = heading.FileNumber ?? fileNumber;
        }
        else if (!ExtraReplyKinds.TryParse(package.DataSource?.DataSetType, out kind))
        {
            kind = ExtraReplyKinds.Infer(file);
        }

        return new Reply
        {
            Kind = kind,
            Channel = ReplyChannel.Extra,
            Id = details.ResponseId,
            OfficeNumber = file.OfficeNumber.Length > 0 ? file.OfficeNumber : _officeNumber,
            EmployerNumber = file.EmployerNumber.Length > 0 ? file.EmployerNumber : _employerNumber,
            FileNumber = fileNumber,
            ReceivedAt = _options.TimeProvider.GetUtcNow(),
            Content = bytes,
            File = file,
            Reason = kind == ReplyKind.FileRejection ? details.Report.Flags.FirstOrDefault(f => f.Weight == ExtraWeight.Error)?.Text : null,
        };
    }

    private async Task<ExtraDocument> SealedRequestAsync(byte[] body, string dataType, string scenario, CancellationToken cancellationToken)
    {
        using var sealedBody = new MemoryStream();
        await _sealer.SealAsync(new MemoryStream(body), sealedBody, _office, cancellationToken).ConfigureAwait(false);
        byte[] sealedBytes = sealedBody.ToArray();
        return new ExtraDocument
        {
            Kind = ExtraDocumentKind.Request,
            Header = Header(NewRequestId(_options.TimeProvider), ExtraUris.ProcedureMvds, dataType, scenario, _options.TimeProvider.GetUtcNow()),
            ContactEmail = _options.ContactEmail,
            Transforms = Transforms(body.Length, sealedBytes.Length),
            Data = ExtraBody.FromBytes(sealedBytes),
        };
    }

    private ExtraHeader Header(string requestId, string? procedure, string? dataType, string scenario, DateTimeOffset now) => new()
    {
        TestIndicator = _options.IsTest ? ExtraUris.TestProcess : ExtraUris.TestNone,
        Sender = new ExtraParty(_employerNumber, _options.EmployerName),
        Receiver = new ExtraParty(_officeNumber, _options.OfficeName),
        Request = new ExtraRequestDetails
        {
            RequestId = requestId,
            TimeStamp = now,
            Product = _options.Product,
            Manufacturer = _options.Manufacturer,
            Procedure = procedure,
            DataType = dataType,
            Scenario = scenario,
        },
    };

    /// <summary>The transforms of a sealed payload: no compression; signed (SHA-256, CMS) then encrypted (CMS).</summary>
    private static IReadOnlyList<ExtraTransform> Transforms(long? payloadBytes, long? sealedBytes) =>
    [
        new ExtraTransform("Compression", 1, ExtraUris.CompressionNone, payloadBytes, payloadBytes),
        new ExtraTransform("Signature", 2, ExtraUris.SignaturePkcs7),
        new ExtraTransform("Encryption", 3, ExtraUris.EncryptionPkcs7, null, sealedBytes),
    ];

    private sealed record Exchange(ExtraDocument Document, List<Stream> Files);

    /// <summary>
    /// Posts a request and reads the answer, retrying transient failures and "retry later" with a fresh content built by
    /// <paramref name="content"/> (null = cannot be sent again). An <c>ExtraError</c> becomes an <see cref="ExtraServiceException"/>.
    /// </summary>
    private async Task<Exchange> PostAsync(string operation, Func<int, HttpContent?> content, Func<ExtraPackage, List<Stream>, Stream?> packageBody, CancellationToken cancellationToken)
    {
        var time = _options.TimeProvider;
        lock (_gate)
        {
            if (_haltedUntil is { } until && time.GetUtcNow() < until)
            {
                throw new ExtraServiceException(ExtraErrorReason.ServicePermanentlyUnavailable, ExtraFlagCodes.Halt,
                    $"The server said halt; nothing is sent before {until:u}.", isTransient: false);
            }
        }

        TimeSpan delay = _options.RetryDelay;
        for (int attempt = 1; ; attempt++)
        {
            using var body = content(attempt) ?? throw new InvalidOperationException(
                "The request failed and its stream cannot be rewound to send it again; pass a seekable stream to retry.");
            using var request = new HttpRequestMessage(HttpMethod.Post, _options.Endpoint ?? new Uri(string.Empty, UriKind.Relative)) { Content = body };
            var files = new List<Stream>();
            long started = time.GetTimestamp();
            string reason = "no answer";
            TimeSpan? wait;
            ExtraServiceException? failure;
            try
            {
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                ExtraDocument? document = null;
                if (IsXml(response))
                {
                    await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                    try
                    {
                        document = await ExtraXmlReader.ReadAsync(stream, p => packageBody(p, files), cancellationToken).ConfigureAwait(false);
                    }
                    catch (FormatException) when (!response.IsSuccessStatusCode)
                    {
                        document = null;
                    }
                }

                if (document is { Kind: not ExtraDocumentKind.Error } && response.IsSuccessStatusCode)
                {
                    if (_logger.IsEnabled(LogLevel.Debug))
                    {
                        var flags = document.Header?.Response?.Report.Flags;
                        string flag = flags is { Count: > 0 } ? flags[0].Code : "-";
                        long milliseconds = (long)time.GetElapsedTime(started).TotalMilliseconds;
                        ExtraLog.Exchanged(_logger, operation, (int)response.StatusCode, flag, milliseconds);
                    }

                    return new Exchange(document, files);
                }

                var retryAfter = RetryAfter(response, time);
                if (document?.Error is { } error)
                {
                    var flag = error.Report.Flags.Count > 0 ? error.Report.Flags[0] : new ExtraFlag(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), string.Empty, ExtraWeight.Error);
                    if (error.Reason == ExtraErrorReason.ServicePermanentlyUnavailable)
                    {
                        var until = time.GetUtcNow() + _options.HaltPause;
                        lock (_gate)
                        {
                            _haltedUntil = until;
                        }

                        ExtraLog.Halted(_logger, flag.Code, until);

                        throw new ExtraServiceException(error.Reason, flag.Code, flag.Text, isTransient: false, retryAfter, (int)response.StatusCode);
                    }

                    bool transient = error.Reason is ExtraErrorReason.ServiceTemporarilyUnavailable or ExtraErrorReason.ServiceFailure;
                    failure = new ExtraServiceException(error.Reason, flag.Code, flag.Text, transient, retryAfter, (int)response.StatusCode);
                    reason = flag.Code;
                    if (!transient)
                    {
                        throw failure;
                    }
                }
                else
                {
                    int status = (int)response.StatusCode;
                    bool transient = status >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
                    failure = new ExtraServiceException(transient ? ExtraErrorReason.ServiceTemporarilyUnavailable : ExtraErrorReason.InvalidRequest,
                        status.ToString(CultureInfo.InvariantCulture), response.ReasonPhrase ?? "The server did not answer with eXTra.", transient, retryAfter, status);
                    reason = "http " + status.ToString(CultureInfo.InvariantCulture);
                    if (!transient)
                    {
                        throw failure;
                    }
                }

                wait = retryAfter;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                foreach (var file in files)
                {
                    await file.DisposeAsync().ConfigureAwait(false);
                }

                if (attempt >= _options.MaxAttempts)
                {
                    throw;
                }

                failure = null;
                wait = null;
                reason = ex.GetType().Name;
            }
            catch
            {
                foreach (var file in files)
                {
                    await file.DisposeAsync().ConfigureAwait(false);
                }

                throw;
            }

            foreach (var file in files)
            {
                await file.DisposeAsync().ConfigureAwait(false);
            }

            if (failure is not null && (attempt >= _options.MaxAttempts || wait > _options.MaxRetryAfter))
            {
                throw failure;
            }

            ExtraLog.Retrying(_logger, operation, attempt, reason, wait ?? delay);
            await Task.Delay(wait ?? delay, time, cancellationToken).ConfigureAwait(false);
            delay += delay;
        }
    }

    private static bool IsXml(HttpResponseMessage response)
        => response.Content.Headers.ContentType?.MediaType is { } media && media.Contains("xml", StringComparison.OrdinalIgnoreCase);

    private static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        return header?.Date is { } date ? (date - time.GetUtcNow()) is { Ticks: > 0 } d ? d : TimeSpan.Zero : null;
    }

    private static string? BetriebsnummerOf(X509Certificate2 certificate)
        => PartyId.FromCertificate(certificate) is { Kind: PartyIdKind.Betriebsnummer } id ? id.Value : null;

    /// <summary>A request body written by the strict writer while it is sent (chunked; the base64 is never in memory).</summary>
    private sealed class DocumentContent : HttpContent
    {
        private readonly ExtraDocument _document;

        public DocumentContent(ExtraDocument document)
        {
            _document = document;
            Headers.ContentType = MediaTypeHeaderValue.Parse(ExtraXmlWriter.ContentType);
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
            => ExtraXmlWriter.WriteAsync(stream, _document);

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
            => ExtraXmlWriter.WriteAsync(stream, _document, cancellationToken);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    /// <inheritdoc />
    async Task<IReadOnlyList<Elena.Sdk.Transport.State.FetchedReply>> Elena.Sdk.Transport.State.IReplySource.FetchAsync(string? afterId, int max, CancellationToken cancellationToken)
        => [.. (await FetchAsync(afterId, max, cancellationToken).ConfigureAwait(false)).Select(r => new Elena.Sdk.Transport.State.FetchedReply(r.Id, r))];

    /// <inheritdoc />
    Task Elena.Sdk.Transport.State.IReplySource.AcknowledgeAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
        => AcknowledgeAsync(ids, cancellationToken);
}
