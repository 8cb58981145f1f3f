using Elena.Sdk.Certificates.Store;
using Elena.Sdk.Certificates.TrustCenter;
using Elena.Sdk.Testing.TrustCenter;
using Microsoft.Extensions.Time.Testing;

namespace Elena.Sdk.Certificates.Tests.Support;

/// <summary>A simulated trust center (in-process or on loopback Kestrel), a fake clock, a store and the workflow.</summary>
internal sealed class TrustCenterEnvironment : IAsyncDisposable
{
    public const string Bbnr = "12345678";

    private SimulatedTrustCenterServer? server;
    private HttpClient? http;

    private TrustCenterEnvironment(FakeTimeProvider time, SimulatedTrustCenter trustCenter, TempFolder folder)
    {
        Time = time;
        TrustCenter = trustCenter;
        Folder = folder;
    }

    public FakeTimeProvider Time { get; }

    public SimulatedTrustCenter TrustCenter { get; }

    public TempFolder Folder { get; }

    public TrustCenterClient Client { get; private set; } = null!;

    public CertificateStore Store { get; private set; } = null!;

    public TrustCenterWorkflow Workflow { get; private set; } = null!;

    public string StorePath => Folder.File("employer.p12");

    public static TrustCenterApplicant Applicant(string lastName = "Müller") => new()
    {
        Betriebsnummer = Bbnr,
        Company = "Bäckerei Sonnenschein & Söhne GmbH",
        Salutation = "Frau",
        FirstName = "Erika",
        LastName = lastName,
        Street = "Hauptstraße",
        HouseNumber = "5a",
        PostalCode = "10115",
        City = "Berlin",
        Phone = "030 1234567",
        Email = "lohn@example.org",
    };

    public static async Task<TrustCenterEnvironment> StartAsync(bool overLoopback, CertificateReplyFormat format = CertificateReplyFormat.Pkcs7)
    {
        var time = new FakeTimeProvider(StoreTestData.Start);
        var trustCenter = new SimulatedTrustCenter(new SimulatedTrustCenterOptions { TimeProvider = time, ReplyFormat = format });
        var environment = new TrustCenterEnvironment(time, trustCenter, new TempFolder());
        Uri baseAddress;
        if (overLoopback)
        {
            environment.server = await trustCenter.StartServerAsync();
            environment.http = new HttpClient();
            baseAddress = environment.server.BaseAddress;
        }
        else
        {
            environment.http = new HttpClient(trustCenter.CreateHandler());
            baseAddress = new Uri("https://trust.invalid/ostcv2/");
        }

        environment.Client = new TrustCenterClient(environment.http, new TrustCenterClientOptions { BaseAddress = baseAddress, TimeProvider = time, RegistrationId = "12345", TestIndicator = true });
        environment.Store = CertificateStore.Create(environment.StorePath, StoreTestData.Password, StoreTestData.Options(time));
        environment.Workflow = new TrustCenterWorkflow(environment.Store, environment.Client, new TrustCenterWorkflowOptions { KeySize = 2048, TimeProvider = time });
        return environment;
    }

    public void ReplaceStore(CertificateStore store)
    {
        Store.Dispose();
        Store = store;
        Workflow = new TrustCenterWorkflow(store, Client, new TrustCenterWorkflowOptions { KeySize = 2048, TimeProvider = Time });
    }

    /// <summary>First request → letter → unlock → confirmation → delay → fetch: returns the imported certificate.</summary>
    public async Task<StoredCertificate> IssueFirstCertificateAsync()
    {
        string guid = TrustCenter.Register(Bbnr);
        var pending = await Workflow.StartFirstRequestAsync(Applicant(), guid);
        var letter = TrustCenter.Letters.Single(l => l.OrderNumber == pending.OrderNumber);
        Assert.True(TrustCenter.EnterUnlockCode(letter.OrderNumber, letter.UnlockCode));
        await Workflow.ConfirmOrderAsync();
        Time.Advance(TimeSpan.FromDays(2));
        return Assert.IsType<StoredCertificate>(await Workflow.TryFetchCertificateAsync());
    }

    public async ValueTask DisposeAsync()
    {
        Store.Dispose();
        http?.Dispose();
        if (server is not null)
        {
            await server.DisposeAsync();
        }

        TrustCenter.Dispose();
        Folder.Dispose();
    }
}
