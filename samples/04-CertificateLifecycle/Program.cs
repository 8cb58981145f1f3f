// Sample 04: the employer certificate of the ITSG Trust Center — first request, letter, order confirmation, import,
// then renewal while the certificate is still valid. Against the simulated trust center on loopback HTTP.
//
//   dotnet run --project samples/04-CertificateLifecycle [-- <store file to keep>]
//
// 1. Registration portal: the employer identifies itself and gets a GUID for the first request.
// 2. First request: TrustCenterWorkflow makes an RSA-4096 key pair and a PKCS#10 request, keeps both in the encrypted
//    CertificateStore, and sends the request; the trust center answers with an order number.
// 3. The letter comes by post: compare its public-key hash with the software's, enter its unlock code in the portal,
//    send the order confirmation.
// 4. Fetch until issued (two days here), import: certificate and key in the store, the CA next to them.
// 5. Years later, 60 days before expiry: the workflow reports the renewal as due; the renewal is signed with the old
//    key and sealed to the trust center — no GUID, no letter — confirmed, fetched and imported.
//
// The trust center's clock and the workflow's are a FakeTimeProvider so that days and years pass in an instant; in
// production every TimeProvider below is TimeProvider.System (the default) and WaitForCertificateAsync polls.
using Elena.Sdk.Certificates;
using Elena.Sdk.Certificates.Store;
using Elena.Sdk.Certificates.TrustCenter;
using Elena.Sdk.Crypto.Certificates;
using Elena.Sdk.Crypto.KeyLists;
using Elena.Sdk.Testing.TrustCenter;
using Microsoft.Extensions.Time.Testing;

const string EmployerNumber = "33526082";

var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
string? keepStore = args.Length > 0 ? Path.GetFullPath(args[0]) : null;
if (keepStore is not null && File.Exists(keepStore))
{
    // Its certificates come from another (long gone) simulated trust center: start with a new file.
    Console.Error.WriteLine($"{keepStore} exists already; give the path of a new store file.");
    return 2;
}

var work = Directory.CreateTempSubdirectory("elena-sample04-");
string storePath = keepStore ?? Path.Combine(work.FullName, "employer.p12");

// The store password protects the employer's private keys: ask the user for it, or take it from a secret store.
string storePassword = Environment.GetEnvironmentVariable("ELENA_STORE_PASSWORD") ?? "Sample-Store-Pa55word!";

var applicant = new TrustCenterApplicant
{
    Betriebsnummer = EmployerNumber,
    Company = "Bäckerei Sonnenschein & Söhne GmbH",
    Salutation = "Frau",
    FirstName = "Erika",
    LastName = "Müller",
    Street = "Hauptstraße",
    HouseNumber = "5a",
    PostalCode = "10115",
    City = "Berlin",
    Phone = "030 1234567",
    Email = "lohn@example.org",
};

try
{
    using var trustCenter = new SimulatedTrustCenter(new SimulatedTrustCenterOptions { TimeProvider = clock });
    await using var server = await trustCenter.StartServerAsync();
    Console.WriteLine($"Simulated trust center listening on {server.BaseAddress}");

    using var http = new HttpClient();
    var client = new TrustCenterClient(http, new TrustCenterClientOptions
    {
        BaseAddress = server.BaseAddress, // TrustCenterClientOptions.Production or .Test for the ITSG
        RegistrationId = "12345",         // your product's registration with the ITSG
        TestIndicator = true,
        TimeProvider = clock,
    });
    var storeOptions = new CertificateStoreOptions { TimeProvider = clock };
    using var store = CertificateStore.Create(storePath, storePassword, storeOptions); // CertificateStore.Open later on
    var workflow = new TrustCenterWorkflow(store, client, new TrustCenterWorkflowOptions { TimeProvider = clock });
    workflow.RenewalDue += (_, e) => Console.WriteLine($"RenewalDue: certificate {e.Status}, {e.Remaining.TotalDays:F0} days left.");

    // 1. The registration portal hands out the GUID for the first request.
    string guid = trustCenter.Register(EmployerNumber);
    Console.WriteLine($"Registered in the portal; GUID {guid}.");

    // 2. The first request.
    PendingRequest pending = await workflow.StartFirstRequestAsync(applicant, guid);
    Console.WriteLine($"First request sent: order {pending.OrderNumber}; status {workflow.GetStatus()}.");
    Console.WriteLine($"Public-key hash to compare with the letter: {pending.PublicKeyHashForDisplay}");

    // 3. The letter: the user compares the hash and enters the unlock code in the portal; then the order confirmation.
    TrustCenterLetter letter = trustCenter.Letters.Single(l => l.OrderNumber == pending.OrderNumber);
    bool hashMatches = PublicKeyHashes.Matches(letter.PublicKeyHash, pending.PublicKeyHash);
    Console.WriteLine($"Letter for order {letter.OrderNumber}: hash {(hashMatches ? "matches" : "DOES NOT MATCH — stop and call the trust center")}.");
    if (!hashMatches || !trustCenter.EnterUnlockCode(letter.OrderNumber, letter.UnlockCode))
    {
        return 1;
    }

    await workflow.ConfirmOrderAsync();
    Console.WriteLine("Order confirmation sent.");

    // 4. Fetch until issued, then import (TryFetchCertificateAsync imports what it gets).
    StoredCertificate? first = await workflow.TryFetchCertificateAsync();
    Console.WriteLine($"Fetched right away: {(first is null ? "not issued yet" : "issued")}.");
    clock.Advance(TimeSpan.FromDays(2));
    first = await workflow.TryFetchCertificateAsync()
        ?? throw new InvalidOperationException("The certificate was not issued two days after the order confirmation.");
    Console.WriteLine($"Issued and imported: {first.Certificate.Subject}, valid until {first.Certificate.NotAfter:yyyy-MM-dd}; status {workflow.GetStatus()}.");

    // The certificate is in the trust center's complete list, which the acceptance offices use to admit senders.
    var complete = CertificateList.Parse(trustCenter.GetCompleteList());
    bool admitted = complete.Find(PartyId.Betriebsnummer(EmployerNumber), clock.GetUtcNow())?.Thumbprint == first.Certificate.Thumbprint;
    Console.WriteLine($"Listed in {SimulatedTrustCenter.CompleteList}: {admitted}.");

    // 5. Years pass. A daily check (workflow.StartMonitoring(TimeSpan.FromDays(1)) does it on a timer) finds the
    //    renewal due within 90 days of expiry.
    clock.Advance(first.Certificate.NotAfter.ToUniversalTime() - clock.GetUtcNow().UtcDateTime - TimeSpan.FromDays(60));
    var due = workflow.CheckRenewal();
    Console.WriteLine($"{clock.GetUtcNow():yyyy-MM-dd}: status {workflow.GetStatus()}, {due.Count} renewal(s) due.");

    PendingRequest renewal = await workflow.StartRenewalAsync(applicant);
    await workflow.ConfirmOrderAsync();
    Console.WriteLine($"Renewal sent ({renewal.Kind}, order {renewal.OrderNumber}), signed with the current key; letters so far: {trustCenter.Letters.Count}.");
    clock.Advance(TimeSpan.FromDays(2));
    StoredCertificate second = await workflow.TryFetchCertificateAsync()
        ?? throw new InvalidOperationException("The renewed certificate was not issued two days after the order confirmation.");
    Console.WriteLine($"Renewed: valid until {second.Certificate.NotAfter:yyyy-MM-dd}; status {workflow.GetStatus()}; {store.Certificates.Count} certificates in the store.");

    // The store on disk holds both certificates with their keys (older keys still open older replies).
    using (var reopened = CertificateStore.Open(storePath, storePassword, storeOptions))
    {
        var current = reopened.GetCurrent(clock.GetUtcNow());
        using var withKey = current?.GetCertificateWithKey();
        Console.WriteLine($"Reopened the store: {reopened.Certificates.Count} certificates; current one has its key: {withKey?.HasPrivateKey == true}.");
    }

    bool ok = admitted && renewal.Kind == RequestKind.Renewal && workflow.GetStatus() == CertificateStatus.Issued
        && store.GetCurrent(clock.GetUtcNow())?.Certificate.Thumbprint == second.Certificate.Thumbprint;
    Console.WriteLine(ok ? "Done: first request and renewal completed." : "Unexpected state.");
    return ok ? 0 : 1;
}
catch (TrustCenterException e)
{
    // The trust center refused (e.g. unknown GUID, hash mismatch, expired signer for a renewal).
    Console.Error.WriteLine($"The trust center refused: {e.Code} {e.Message}");
    return 1;
}
catch (CertificateWorkflowException e)
{
    // RequestPending, CertificateExpired (renewal too late: first request again), ContactPersonChanged, …
    Console.Error.WriteLine($"Certificate workflow: {e.Error}: {e.Message}");
    return 1;
}
catch (CertificateStoreException e)
{
    // WrongPassword, Corrupt, WriteFailed, NotFound — never the password.
    Console.Error.WriteLine($"Certificate store: {e.Error}: {e.Message}");
    return 1;
}
finally
{
    work.Delete(recursive: true);
}
