// Sample 03: send files by eXTra, fetch the replies, open and classify them, acknowledge — with durable client state.
//
//   dotnet run --project samples/03-ExtraSendFetch [-- <number of employees> [<state database file>]]
//
// 1. Starts the reference central storage office (ZSS) behind its eXTra server on loopback (Kestrel, 127.0.0.1).
// 2. Builds and seals a monthly file (two of its employees are unknown to the pension insurance's register, so their
//    records come back rejected) and a number-request file (DSVV), and sends both with ExtraClient.SendAsync:
//    the synchronous answer is the acceptance receipt. Every sent file goes into the send log first.
// 3. Fetches the replies with ReplyInbox over a SQLite ClientStateStore: fetched, stored, acknowledged to the office,
//    then handed to the payroll once — a crash at any point loses nothing and handles nothing twice.
// 4. Prints each reply: kind, the file it answers, rejected records with their DBFE codes, numbers assigned.
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Elena.Sdk.Crypto;
using Elena.Sdk.Crypto.KeyLists;
using Elena.Sdk.Records.Identifiers;
using Elena.Sdk.Records.Models;
using Elena.Sdk.Testing;
using Elena.Sdk.Testing.Data;
using Elena.Sdk.Testing.Dsrv;
using Elena.Sdk.Testing.Extra;
using Elena.Sdk.Testing.Rfv;
using Elena.Sdk.Testing.Storage;
using Elena.Sdk.Testing.Zss;
using Elena.Sdk.Transport.Extra;
using Elena.Sdk.Transport.Replies;
using Elena.Sdk.Transport.State;
using TransportChannel = Elena.Sdk.Transport.Replies.ReplyChannel;

const string EmployerNumber = "33526082";
const int UnknownEmployees = 2;

int employees = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50;
string? stateFile = args.Length > 1 ? Path.GetFullPath(args[1]) : null;
if (employees <= UnknownEmployees)
{
    Console.Error.WriteLine($"Give more than {UnknownEmployees} employees.");
    return 2;
}

if (stateFile is not null && File.Exists(stateFile))
{
    // Its fetch cursor belongs to another (long gone) reference office: start with a new file.
    Console.Error.WriteLine($"{stateFile} exists already; give the path of a new state database.");
    return 2;
}

var work = Directory.CreateTempSubdirectory("elena-sample03-");
try
{
    // Keys and certificates. In production: the employer's certificate and key from the CertificateStore (sample 04),
    // the office certificate from the acceptance-office key list, the trust anchors from its CA certificates.
    var pki = TestPki.Create(EmployerNumber);

    // 1. The reference ZSS: DSRV register, RFV, encrypted store, report log — and its eXTra server on loopback.
    var master = new DsrvMasterData();
    var dsrv = new InMemoryDsrv(master, TimeProvider.System);
    var zssOptions = new ZssOptions
    {
        Keys = [new DecryptionKey(pki.Office, pki.Office.GetRSAPrivateKey()!)],
        AdmittedEmployers = CertificateList.FromCertificates([pki.Employer]), // gesamt.agv: who may send
        TrustAnchors = [pki.Root],
    };
    var zss = new InMemoryZss(zssOptions, new InMemoryRfv(dsrv, TimeProvider.System), dsrv,
        new EncryptedRecordStore(new InMemoryMasterKeyVault(), TimeProvider.System), new ReportLog());
    await using var server = await new ReferenceExtraServer(zss, zssOptions).StartAsync();
    Console.WriteLine($"Reference eXTra server listening on {server.Url}");

    // The client: the employer certificate (with key) signs fetch and acknowledge requests and opens the replies.
    using var http = new HttpClient { BaseAddress = server.Url };
    var client = new ExtraClient(http, new ExtraClientOptions
    {
        EmployerCertificate = pki.Employer,
        OfficeCertificate = pki.OfficePublic,
        TrustAnchors = [pki.Root],
        EmployerName = "Demo Arbeitgeber GmbH",
        Product = "Demo Lohn 1.0",
        Manufacturer = "Demo Software GmbH",
    });

    // Durable client state (send log, fetch cursor, replies until handled): SQLite here, PostgreSQL for many workers.
    string database = stateFile ?? Path.Combine(work.FullName, "elena-state.db");
    await using var state = await ClientStateStore.OpenAsync($"Data Source={database}");

    // 2. The monthly file (MVDS) and a number-request file (DSVV).
    var monthly = SyntheticFileGenerator.Generate(new SyntheticFileOptions { EarningsRecords = employees, Employer = EmployerNumber, Seed = 3, FileNumber = 1 }).ToList();
    foreach (var employee in monthly.OfType<EarningsRecord>().Skip(UnknownEmployees))
    {
        master.Add(DsrvPerson.FromRecord(employee)); // the register knows everyone but the first two
    }

    // Number requests for three new employees: the register knows the first two (their numbers come back, GDMQ 02);
    // the third has no number yet (GDMQ 24: ask the health insurer through DEÜV).
    var numberRequests = SyntheticFileGenerator.Generate(new SyntheticFileOptions { NumberRequests = 3, Employer = EmployerNumber, Seed = 4, FileNumber = 2 }).ToList();
    foreach (var (request, index) in numberRequests.OfType<NumberRequestRecord>().Take(2).Select((r, i) => (r, i)))
    {
        master.Add(KnownPerson(request, serial: index + 1));
    }

    var sends = new List<(string FileNumber, string SendId)>();
    foreach (var (records, fileName, procedure) in new[]
    {
        (monthly, "EENA0000001", ExtraUris.ProcedureMvds),
        (numberRequests, "EENA0000002", ExtraUris.ProcedureDsvv),
    })
    {
        byte[] plain = ToFile(records);
        string fileNumber = ((FileHeader)records[0]).FileNumber!.Value.ToString("D6", CultureInfo.InvariantCulture); // VOSZ DTNR as written
        string requestId = ExtraClient.NewRequestId(); // keep it with the file: a re-send with it is never a second submission

        // The send log first (seed 001 §2.1.1.1 d): one entry per record, the whole file in one transaction.
        await state.RecordSentFileAsync(new MemoryStream(plain), new SentFileInfo { SendId = requestId, Channel = TransportChannel.Extra });

        using var sealedFile = new MemoryStream();
        var sealer = new MessageSealer(new SealOptions { SignerCertificate = pki.Employer, SignerKey = pki.Employer.GetRSAPrivateKey()! });
        await sealer.SealAsync(new MemoryStream(plain), sealedFile, pki.OfficePublic);
        sealedFile.Position = 0;

        Reply receipt = await client.SendAsync(sealedFile, new ExtraSendOptions { RequestId = requestId, FileName = fileName, Procedure = procedure, PayloadBytes = plain.Length });
        Console.WriteLine($"Sent {fileName} (file {fileNumber}, {records.Count} records, {sealedFile.Length:N0} bytes sealed): {receipt.Kind}{(receipt.Reason is null ? "" : " — " + receipt.Reason)}");
        if (receipt.Kind != ReplyKind.AcceptanceReceipt)
        {
            return 1;
        }

        await state.RecordReceiptAsync(requestId);
        sends.Add((fileNumber, requestId));
    }

    // 3. + 4. Fetch, store, acknowledge, handle. Run this on a timer in production (the office keeps replies 120 days).
    var inbox = new ReplyInbox(state, client, ReferenceParties.CentralStorageOffice, EmployerNumber);
    var kinds = new List<ReplyKind>();
    int numbersAssigned = 0;
    var outcome = await inbox.RunOnceAsync((stored, _) =>
    {
        kinds.Add(stored.Reply.Kind);
        numbersAssigned += stored.Reply.File?.Numbers.Count ?? 0;
        Print(stored.Reply);
        return Task.CompletedTask;
    });
    Console.WriteLine($"Inbox: {outcome.Fetched} fetched, {outcome.Stored} stored, {outcome.Acknowledged} acknowledged, {outcome.Handled} handled.");

    var again = await inbox.RunOnceAsync((_, _) => Task.CompletedTask);
    Console.WriteLine($"Second run: {again.Fetched} fetched (everything was acknowledged); replies left on the server: {zss.ServerReplies.Count}.");

    foreach (var (fileNumber, sendId) in sends)
    {
        var sent = await state.GetSentFileStateAsync(EmployerNumber, fileNumber);
        Console.WriteLine($"File {fileNumber} (send {sendId}): {sent?.Status}, {sent?.Replies.Count} stored replies.");
    }

    bool expected = kinds.Contains(ReplyKind.RecordRejection) && kinds.Contains(ReplyKind.NumberAssignment) && numbersAssigned == 2
        && again.Fetched == 0 && zss.ServerReplies.Count == 0;
    Console.WriteLine(expected ? "Done: every reply fetched, stored, acknowledged and handled once." : "Unexpected replies.");
    return expected ? 0 : 1;
}
catch (ExtraServiceException e)
{
    // The server's flag code (E90, E96, …), transient ("retry later") or halt.
    Console.Error.WriteLine($"The eXTra server refused: {e.Code} {e.Reason} (transient: {e.IsTransient}, halt: {e.IsHalt}).");
    return 1;
}
catch (SecureMessageException e)
{
    Console.Error.WriteLine($"A reply could not be opened ({e.Error}): {e.Message}");
    return 1;
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools(); // release the database file before the folder goes
    work.Delete(recursive: true);
}

// What the payroll does with a reply: here, print it.
static void Print(Reply reply)
{
    string fileNumber = reply.FileNumber ?? reply.File?.AnsweredFileNumber ?? "(not named in the reply)";
    Console.WriteLine($"Reply {reply.Id}: {reply.Kind} for file {fileNumber}{(reply.Reason is null ? "" : " — " + reply.Reason)}");
    if (reply.File is not { } file)
    {
        return;
    }

    // Record numbers are positions in the reply file (the office's VOSZ is 1, the employer's VOSZ 2, the DSKO 3);
    // the personnel reference (AZVU) leads back to the employee.
    foreach (var record in file.AnsweredRecords.Where(r => r.Errors.Count > 0))
    {
        string codes = string.Join(", ", record.Errors.Select(e => $"{e.Code}{(ReplyFile.IsError(e) ? "" : " (notice)")}"));
        string reference = record.Record is ElenaRecord employeeRecord ? $" (personnel reference {employeeRecord.PersonnelReference.Trim()})" : "";
        Console.WriteLine($"  record {record.Number} {record.RecordType}: {codes}{reference}");
    }

    foreach (var number in file.Numbers)
    {
        Console.WriteLine($"  number for personnel reference {number.PersonnelReference.Trim()}: {number.InsuranceNumber}");
    }
}

// A person the pension insurance's register knows, with an insurance number, matching a number request.
static DsrvPerson KnownPerson(NumberRequestRecord request, int serial)
{
    var name = request.Name!;
    var birth = request.Birth!;
    var address = request.Address!;
    string birthName = DsrvMasterData.Normalize(birth.BirthName.Length > 0 ? birth.BirthName : name.FamilyName);
    char initial = birthName.Length > 0 && char.IsAsciiLetterUpper(birthName[0]) ? birthName[0] : 'X';
    var birthDate = birth.BirthDate!.Value;
    return new DsrvPerson
    {
        InsuranceNumber = InsuranceNumber.Create("65", birthDate, initial, birth.Sex == "W" ? 50 + serial : serial),
        FamilyName = name.FamilyName,
        FirstName = name.FirstName,
        BirthName = birth.BirthName,
        BirthDate = birthDate,
        Sex = birth.Sex,
        PlaceOfBirth = birth.PlaceOfBirth,
        PostalCode = address.PostalCode,
        Town = address.Town,
        Street = address.Street,
    };
}

// A record file as the office expects it: ISO-8859-1, one record per line, CR LF.
static byte[] ToFile(IEnumerable<RecordModel> records)
{
    var text = new StringBuilder();
    foreach (var record in records)
    {
        text.Append(Encoding.Latin1.GetString(record.ToBytes())).Append("\r\n");
    }

    return Encoding.Latin1.GetBytes(text.ToString());
}

/// <summary>A test CA with the office (ZSS) and employer certificates; the ITSG Trust Center's role in production.</summary>
internal sealed record TestPki(X509Certificate2 Root, X509Certificate2 Office, X509Certificate2 OfficePublic, X509Certificate2 Employer)
{
    public static TestPki Create(string employerNumber)
    {
        using var rootKey = RSA.Create(2048);
        var rootRequest = new CertificateRequest("CN=Sample Test CA, O=ITSG TrustCenter fuer Arbeitgeber, C=DE", rootKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        var root = rootRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
        var office = Issue(root, "ZSS", ReferenceParties.CentralStorageOffice);
        return new TestPki(root, office, X509CertificateLoader.LoadCertificate(office.RawData), Issue(root, "Demo Arbeitgeber GmbH", employerNumber));
    }

    private static X509Certificate2 Issue(X509Certificate2 root, string name, string betriebsnummer)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}, OU=BN{betriebsnummer}, O=ITSG TrustCenter fuer Arbeitgeber, C=DE", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.Create(root, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(3), RandomNumberGenerator.GetBytes(8));
        return certificate.CopyWithPrivateKey(key);
    }
}
