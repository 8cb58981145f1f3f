using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Elena.Sdk.Crypto;
using Elena.Sdk.Crypto.KeyLists;
using Elena.Sdk.Records.Identifiers;
using Elena.Sdk.Records.Models;
using Elena.Sdk.Testing.Data;
using Elena.Sdk.Testing.Dsrv;
using Elena.Sdk.Testing.Extra;
using Elena.Sdk.Testing.Portal;
using Elena.Sdk.Testing.Rfv;
using Elena.Sdk.Testing.Storage;
using Elena.Sdk.Testing.Zss;
using Elena.Sdk.Transport.Extra;
using Elena.Sdk.Transport.Replies;
using Microsoft.Extensions.Time.Testing;

namespace Elena.Sdk.Testing.Tests.Portal;

/// <summary>
/// A reference ZSS with its eXTra server and service portal on one loopback Kestrel host, two admitted employers and
/// one stranger (certified by the same root, not admitted); a fake clock shared by office and clients.
/// </summary>
public sealed class PortalTestEnvironment : IAsyncDisposable
{
    public const string EmployerA = "33526082";
    public const string EmployerB = "19278293";
    public const string StrangerNumber = "12345671";
    public static readonly DateTimeOffset Start = new(2011, 2, 3, 9, 0, 0, TimeSpan.Zero);

    // Keys are slow to make: shared by every environment of the test run.
    private static readonly X509Certificate2 SharedRoot = CreateRoot();
    private static readonly X509Certificate2 SharedOffice = Issue("ZSS", ReferenceParties.CentralStorageOffice);
    private static readonly X509Certificate2 SharedA = Issue("Employer A", EmployerA);
    private static readonly X509Certificate2 SharedB = Issue("Employer B", EmployerB);
    private static readonly X509Certificate2 SharedStranger = Issue("Stranger", StrangerNumber);

    private readonly HashSet<string> _known = new(StringComparer.Ordinal);
    private readonly List<HttpClient> _clients = [];
    private RunningZssPortal? _running;

    public PortalTestEnvironment()
    {
        Dsrv = new InMemoryDsrv(Master, Clock, seed: 1);
        Rfv = new InMemoryRfv(Dsrv, Clock, seed: 1);
        Options = new ZssOptions
        {
            Keys = [new DecryptionKey(SharedOffice, SharedOffice.GetRSAPrivateKey()!)],
            AdmittedEmployers = CertificateList.FromCertificates([SharedA, SharedB]),
            TrustAnchors = [SharedRoot],
            TimeProvider = Clock,
        };
        Zss = new InMemoryZss(Options, Rfv, Dsrv, new EncryptedRecordStore(new InMemoryMasterKeyVault(7), Clock), new ReportLog());
        Extra = new ReferenceExtraServer(Zss, Options);
        Portal = new ZssPortal(Zss, Options, new ZssPortalOptions { EnableAdmin = true });
    }

    public FakeTimeProvider Clock { get; } = new(Start);

    public DsrvMasterData Master { get; } = new();

    public InMemoryDsrv Dsrv { get; }

    public InMemoryRfv Rfv { get; }

    public ZssOptions Options { get; }

    public InMemoryZss Zss { get; }

    public ReferenceExtraServer Extra { get; }

    public ZssPortal Portal { get; }

    public X509Certificate2 Root => SharedRoot;

    public X509Certificate2 A => SharedA;

    public X509Certificate2 B => SharedB;

    public X509Certificate2 Stranger => SharedStranger;

    public Uri BaseAddress => _running!.BaseAddress;

    public Uri PortalUrl => _running!.PortalUrl;

    public static async Task<PortalTestEnvironment> StartAsync()
    {
        var environment = new PortalTestEnvironment();
        environment._running = await environment.Portal.StartAsync(extraServer: environment.Extra);
        return environment;
    }

    public HttpClient Http()
    {
        var http = new HttpClient { BaseAddress = BaseAddress };
        _clients.Add(http);
        return http;
    }

    public PortalClient PortalClient(X509Certificate2 employer, TimeProvider? clock = null)
        => new(Http(), new PortalClientOptions { Certificate = employer, TimeProvider = clock ?? Clock });

    public ExtraClient ExtraClient(X509Certificate2 employer)
    {
        var http = new HttpClient { BaseAddress = _running!.ExtraUrl };
        _clients.Add(http);
        return new ExtraClient(http, new ExtraClientOptions
        {
            EmployerCertificate = employer,
            OfficeCertificate = X509CertificateLoader.LoadCertificate(SharedOffice.RawData),
            TrustAnchors = [SharedRoot],
            EmployerName = "Portal Test Arbeitgeber GmbH",
            RetryDelay = TimeSpan.FromMilliseconds(10),
        });
    }

    /// <summary>A plain record file of <paramref name="employer"/>; persons of MVDS are known to the DSRV unless <paramref name="known"/> is false.</summary>
    public byte[] File(string employer, int mvds = 0, int dsvv = 0, int seed = 5, bool known = true, int fileNumber = 1)
    {
        var records = SyntheticFileGenerator.Generate(new SyntheticFileOptions
        {
            EarningsRecords = mvds, NumberRequests = dsvv, Employer = employer, Seed = seed, FileNumber = fileNumber,
        }).ToList();
        if (known)
        {
            foreach (var record in records.OfType<EarningsRecord>().Where(r => _known.Add(r.InsuranceNumber)))
            {
                Master.Add(DsrvPerson.FromRecord(record));
            }

            // A DSVV carries no number: the DSRV knows the person by name and birth under a number made from them.
            int index = 0;
            foreach (var request in records.OfType<NumberRequestRecord>())
            {
                var birth = request.Birth!;
                string name = birth.BirthName.Length > 0 ? birth.BirthName : request.Name!.FamilyName;
                char initial = char.ToUpperInvariant(name[0]) is var c and >= 'A' and <= 'Z' ? c : 'X';
                Master.Add(new DsrvPerson
                {
                    InsuranceNumber = InsuranceNumber.Create("12", birth.BirthDate!.Value, initial, (birth.Sex == "W" ? 50 : 0) + (fileNumber * 10 % 50) + index++),
                    FamilyName = request.Name!.FamilyName,
                    FirstName = request.Name.FirstName,
                    BirthName = birth.BirthName,
                    BirthDate = birth.BirthDate.Value,
                    Sex = birth.Sex,
                    PlaceOfBirth = birth.PlaceOfBirth,
                    PostalCode = request.Address?.PostalCode ?? string.Empty,
                    Town = request.Address?.Town ?? string.Empty,
                    Street = request.Address?.Street ?? string.Empty,
                    IsCivilServant = request.IsCivilServant == true,
                });
            }
        }

        return Encoding.Latin1.GetBytes(string.Concat(records.Select(r => Encoding.Latin1.GetString(r.ToBytes()) + "\r\n")));
    }

    /// <summary>Puts a letter into PERSGR (numeric) of the file's first MVDS: a field error, DBFE <c>MVDSz02</c>.</summary>
    public static byte[] WithFieldErrorInFirstMvds(byte[] file)
    {
        int first = Encoding.Latin1.GetString(file).IndexOf("\nMVDS", StringComparison.Ordinal) + 1;
        Assert.True(first > 0);
        var copy = (byte[])file.Clone();
        copy[first + 162] = (byte)'X';
        return copy;
    }

    /// <summary>Seals a file for the office and sends it over eXTra on the shared host; returns the acceptance receipt.</summary>
    public async Task<Reply> SendAsync(X509Certificate2 employer, byte[] payload)
    {
        var sealer = new MessageSealer(new SealOptions { SignerCertificate = employer, SignerKey = employer.GetRSAPrivateKey()! });
        var sealedFile = new MemoryStream();
        await sealer.SealAsync(new MemoryStream(payload), sealedFile, SharedOffice);
        sealedFile.Position = 0;
        var reply = await ExtraClient(employer).SendAsync(sealedFile, new ExtraSendOptions { RequestId = Transport.Extra.ExtraClient.NewRequestId(), FileName = "EENA0000001" });
        Assert.Equal(ReplyKind.AcceptanceReceipt, reply.Kind);
        return reply;
    }

    /// <summary>Sets the RFV state through the loopback-only test control, as <c>elena zss rfv</c> does.</summary>
    public async Task<string> SetRfvAsync(RfvState state)
    {
        using var response = await Http().PostAsync(new Uri(BaseAddress, $"/portal/admin/rfv?state={state}"), null);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return body;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var http in _clients)
        {
            http.Dispose();
        }

        if (_running is not null)
        {
            await _running.DisposeAsync();
        }
    }

    private static X509Certificate2 CreateRoot()
    {
        var request = new CertificateRequest("CN=Portal Test Root, C=DE", RSA.Create(2048), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero));
    }

    private static X509Certificate2 Issue(string name, string bn)
    {
        var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}, OU=BN{bn}, O=ITSG TrustCenter fuer Arbeitgeber, C=DE", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        using var cert = request.Create(SharedRoot.SubjectName, X509SignatureGenerator.CreateForRSA(SharedRoot.GetRSAPrivateKey()!, RSASignaturePadding.Pkcs1),
            new DateTimeOffset(2010, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2090, 1, 1, 0, 0, 0, TimeSpan.Zero), RandomNumberGenerator.GetBytes(8));
        return cert.CopyWithPrivateKey(key);
    }
}
