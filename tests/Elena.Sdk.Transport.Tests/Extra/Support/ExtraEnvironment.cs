using Elena.Sdk.Transport.Tests.Support;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Elena.Sdk.Crypto;
using Elena.Sdk.Crypto.KeyLists;
using Elena.Sdk.Records.Models;
using Elena.Sdk.Testing;
using Elena.Sdk.Testing.Data;
using Elena.Sdk.Testing.Dsrv;
using Elena.Sdk.Testing.Extra;
using Elena.Sdk.Testing.Rfv;
using Elena.Sdk.Testing.Storage;
using Elena.Sdk.Testing.Zss;
using Elena.Sdk.Transport.Extra;

namespace Elena.Sdk.Transport.Tests.Extra.Support;

/// <summary>A test CA, the ZSS, one admitted employer, one employer that is not admitted, the reference ZSS and its eXTra server.</summary>
public sealed class ExtraEnvironment
{
    public const string EmployerNumber = "33526082";
    public const string StrangerNumber = "12345671";

    // Keys are slow to make: shared by every environment of the test run.
    private static readonly X509Certificate2 SharedRoot = TestCertificates.CreateRoot("eXTra Test Root");
    private static readonly X509Certificate2 SharedOffice = TestCertificates.Issue(SharedRoot, "ZSS", ReferenceParties.CentralStorageOffice);
    private static readonly X509Certificate2 SharedEmployer = TestCertificates.Issue(SharedRoot, "Employer", EmployerNumber);
    private static readonly X509Certificate2 SharedStranger = TestCertificates.Issue(SharedRoot, "Stranger", StrangerNumber);

    public ExtraEnvironment()
    {
        var time = TimeProvider.System;
        Dsrv = new InMemoryDsrv(Master, time, seed: 1);
        Options = new ZssOptions
        {
            Keys = [new DecryptionKey(Office, Office.GetRSAPrivateKey()!)],
            AdmittedEmployers = CertificateList.FromCertificates([Employer]),
            TrustAnchors = [Root],
            TimeProvider = time,
        };
        Zss = new InMemoryZss(Options, new InMemoryRfv(Dsrv, time, seed: 1), Dsrv, new EncryptedRecordStore(new InMemoryMasterKeyVault(7), time), new ReportLog());
        Server = new ReferenceExtraServer(Zss, Options);
    }

    public X509Certificate2 Root => SharedRoot;

    public X509Certificate2 Office => SharedOffice;

    public X509Certificate2 Employer => SharedEmployer;

    public X509Certificate2 Stranger => SharedStranger;

    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    public DsrvMasterData Master { get; } = new();

    public InMemoryDsrv Dsrv { get; }

    public ZssOptions Options { get; }

    public InMemoryZss Zss { get; }

    public ReferenceExtraServer Server { get; }

    /// <summary>Client options for an employer (default the admitted one), office certificate without its key.</summary>
    public ExtraClientOptions ClientOptions(X509Certificate2? employer = null) => new()
    {
        EmployerCertificate = employer ?? Employer,
        OfficeCertificate = X509CertificateLoader.LoadCertificate(Office.RawData),
        TrustAnchors = [Root],
        EmployerName = "Demo Arbeitgeber GmbH",
        RetryDelay = TimeSpan.FromMilliseconds(10),
    };

    /// <summary>A client on the in-process handler, optionally through extra handlers (outermost first).</summary>
    public ExtraClient Client(ExtraClientOptions? options = null, params DelegatingHandler[] handlers)
        => new(new HttpClient(Chain(Server.CreateHandler(), handlers)) { BaseAddress = new Uri("http://zss.invalid" + ReferenceExtraServer.Path) }, options ?? ClientOptions());

    public static HttpMessageHandler Chain(HttpMessageHandler inner, DelegatingHandler[] handlers)
    {
        for (int i = handlers.Length - 1; i >= 0; i--)
        {
            handlers[i].InnerHandler = inner;
            inner = handlers[i];
        }

        return inner;
    }

    /// <summary>A generated file (VERBEST J, FERUECK K); persons are registered with the DSRV unless <paramref name="known"/> is false.</summary>
    public byte[] File(int mvds = 0, int dsvv = 0, int seed = 5, bool known = true, int fileNumber = 1)
    {
        var records = SyntheticFileGenerator.Generate(new SyntheticFileOptions
        {
            EarningsRecords = mvds, NumberRequests = dsvv, Employer = EmployerNumber, Seed = seed, FileNumber = fileNumber,
        }).ToList();
        if (known)
        {
            foreach (var record in records.OfType<EarningsRecord>().Where(r => _known.Add(r.InsuranceNumber)))
            {
                Master.Add(DsrvPerson.FromRecord(record));
            }
        }

        return Encoding.Latin1.GetBytes(string.Concat(records.Select(r => Encoding.Latin1.GetString(r.ToBytes()) + "\r\n")));
    }

    public MemoryStream Seal(byte[] payload, X509Certificate2? signer = null)
    {
        signer ??= Employer;
        var sealer = new MessageSealer(new SealOptions { SignerCertificate = signer, SignerKey = signer.GetRSAPrivateKey()! });
        var output = new MemoryStream();
        sealer.SealAsync(new MemoryStream(payload), output, Office).GetAwaiter().GetResult();
        output.Position = 0;
        return output;
    }

    public static ExtraSendOptions Send(string? requestId = null, string fileName = "EENA0000001")
        => new() { RequestId = requestId ?? ExtraClient.NewRequestId(), FileName = fileName };
}

/// <summary>Records every request and response body that passes (for schema checks and --save-xml style logs).</summary>
public sealed class RecordingHandler : DelegatingHandler
{
    public List<(byte[] Request, byte[] Response, int Status)> Exchanges { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        byte[] body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var copy = new ByteArrayContent(body);
        if (request.Content is not null)
        {
            foreach (var header in request.Content.Headers)
            {
                copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        request.Content = copy;
        var response = await base.SendAsync(request, cancellationToken);
        byte[] answer = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var replaced = new ByteArrayContent(answer);
        foreach (var header in response.Content.Headers)
        {
            replaced.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        response.Content = replaced;
        lock (Exchanges)
        {
            Exchanges.Add((body, answer, (int)response.StatusCode));
        }

        return response;
    }
}

/// <summary>Lets a request reach the server, then throws away the response as a dropped connection would (the first <c>Count</c> times).</summary>
public sealed class LoseResponseHandler(int count) : DelegatingHandler
{
    private int _left = count;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (Interlocked.Decrement(ref _left) >= 0)
        {
            response.Dispose();
            throw new HttpRequestException("The connection was reset before the response arrived (simulated).");
        }

        return response;
    }
}

/// <summary>Keeps every log entry (level, event id, message).</summary>
public sealed class ListLogger<T> : Microsoft.Extensions.Logging.ILogger<T>
{
    public List<(Microsoft.Extensions.Logging.LogLevel Level, int EventId, string Message)> Entries { get; } = [];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

    public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (Entries)
        {
            Entries.Add((logLevel, eventId.Id, formatter(state, exception)));
        }
    }
}
