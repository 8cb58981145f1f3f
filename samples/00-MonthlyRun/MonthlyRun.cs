using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Elena.Sdk.Certificates.Store;
using Elena.Sdk.Certificates.TrustCenter;
using Elena.Sdk.Crypto;
using Elena.Sdk.Crypto.Certificates;
using Elena.Sdk.Crypto.KeyLists;
using Elena.Sdk.Records.Models;
using Elena.Sdk.Records.Validation;
using Elena.Sdk.Records.Writing;
using Elena.Sdk.Testing;
using Elena.Sdk.Testing.Data;
using Elena.Sdk.Testing.Dsrv;
using Elena.Sdk.Testing.Extra;
using Elena.Sdk.Testing.Rfv;
using Elena.Sdk.Testing.Storage;
using Elena.Sdk.Testing.TrustCenter;
using Elena.Sdk.Testing.Zss;
using Elena.Sdk.Transport.Extra;
using Elena.Sdk.Transport.Replies;
using Elena.Sdk.Transport.State;
using TransportChannel = Elena.Sdk.Transport.Replies.ReplyChannel;

namespace Elena.Sdk.Samples.MonthlyRun;

/// <summary>What to run.</summary>
/// <param name="Employees">Number of employees (one MVDS each).</param>
/// <param name="Seed">Seed of the synthetic payroll.</param>
/// <param name="Faulty">Employees the DSRV does not know as reported (rejected).</param>
/// <param name="Notices">Employees reported under a retired insurance number (stored with a notice).</param>
/// <param name="Keep">Keep the work folder instead of deleting it.</param>
/// <param name="KeySize">RSA key size of the employer's key pair.</param>
internal sealed record RunOptions(int Employees, int Seed, int Faulty, int Notices, bool Keep, int KeySize = TrustCenterWorkflowOptions.DefaultKeySize);

/// <summary>The run did not go as expected; the message says where.</summary>
internal sealed class RunFailedException(string message) : Exception(message);

/// <summary>
/// One monthly ELENA run of an employer against the in-process reference implementation, through the SDK's public
/// APIs only: certificate, monthly file, seal, send, processing at the ZSS, replies fetched and acknowledged.
/// </summary>
internal sealed class MonthlyRun
{
    /// <summary>Exit code: the run went as expected.</summary>
    public const int Success = 0;

    /// <summary>Exit code: something came back other than expected (the differences are listed).</summary>
    public const int Unexpected = 1;

    /// <summary>Exit code: wrong command line.</summary>
    public const int UsageError = 2;

    /// <summary>The employer's Betriebsnummer.</summary>
    public const string EmployerNumber = "33526082";

    /// <summary>The employer's company name (certificate and eXTra header).</summary>
    public const string Company = "Baeckerei Sonnenschein GmbH";

    /// <summary>The file's name on the wire (eXTra DataSource).</summary>
    public const string TransferName = "EENA0000001";

    private readonly RunOptions _options;
    private readonly TextWriter _output;
    private readonly SampleClock _clock = new();
    private readonly ProgressDisplay _progress;
    private readonly RunSummary _summary = new();
    private readonly List<string> _differences = [];

    public MonthlyRun(RunOptions options, TextWriter output, bool interactive)
    {
        _options = options;
        _output = output;
        _progress = new ProgressDisplay(output, interactive, _clock);
    }

    /// <summary>Runs all steps in a fresh temporary folder and prints the summary.</summary>
    /// <returns>The exit code: <see cref="Success"/> only when everything came back as expected.</returns>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("elena-monthly-run-");
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ELENA monthly run: {_options.Employees:N0} employees, seed {_options.Seed}, {_options.Faulty} faulty, {_options.Notices} with notices"));
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Started {_clock.GetUtcNow():yyyy-MM-dd HH:mm:ss} UTC; work folder {folder.FullName}{(_options.Keep ? " (kept)" : " (deleted at the end)")}"));
        try
        {
            await RunStepsAsync(folder.FullName, cancellationToken).ConfigureAwait(false);
        }
        catch (RunFailedException ex)
        {
            _output.WriteLine();
            _output.WriteLine("Stopped: " + ex.Message);
            _differences.Add(ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // An SDK error (trust center, store, seal, eXTra, reply): its message names what failed, never a secret or
            // a record's content; the summary shows how far the run got.
            _output.WriteLine();
            _output.WriteLine($"Stopped: {ex.GetType().Name}: {ex.Message}");
            _differences.Add($"the run stopped with {ex.GetType().Name}: {ex.Message}");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (!_options.Keep)
            {
                try
                {
                    folder.Delete(recursive: true);
                }
                catch (IOException ex)
                {
                    _output.WriteLine($"Could not delete the work folder: {ex.Message}");
                }
            }
        }

        using (var process = Process.GetCurrentProcess())
        {
            _summary.PeakMemoryBytes = process.PeakWorkingSet64;
        }

        _summary.Write(_output);
        _output.WriteLine();
        if (_differences.Count == 0)
        {
            _output.WriteLine("Result: everything came back as expected (exit code 0).");
            return Success;
        }

        _output.WriteLine($"Result: {_differences.Count} difference(s) from what was expected (exit code 1):");
        foreach (string difference in _differences)
        {
            _output.WriteLine("  - " + difference);
        }

        return Unexpected;
    }

    private async Task RunStepsAsync(string folder, CancellationToken cancellationToken)
    {
        // ---- 1. Certificate ------------------------------------------------------------------------------------
        Step(1, "Certificate: first request at the trust center (simulated ITSG trust center, in-process)");
        var started = Mark();

        // The receiving side's own certificate (from a reference CA), published in the trust center's acceptance list.
        using var office = ReferenceOffice.Create(_clock.GetUtcNow());
        using var trustCenter = new SimulatedTrustCenter(new SimulatedTrustCenterOptions
        {
            TimeProvider = _clock,
            AcceptanceOfficeCertificates = [office.PublicCertificate, office.PublicAuthority],
        });
        using var trustCenterHttp = new HttpClient(trustCenter.CreateHandler());
        var trustCenterClient = new TrustCenterClient(trustCenterHttp, new TrustCenterClientOptions
        {
            BaseAddress = new Uri("https://trustcenter.invalid/ostcv2/"),
            Product = "Elena.Sdk monthly run sample",
            RegistrationId = "12345",
            TestIndicator = true,
            TimeProvider = _clock,
        });

        // The store password would come from the user or a secret store; here it is random and never shown.
        string storePassword = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        using var store = CertificateStore.Create(Path.Combine(folder, "employer.p12"), storePassword, new CertificateStoreOptions { TimeProvider = _clock });
        var workflow = new TrustCenterWorkflow(store, trustCenterClient, new TrustCenterWorkflowOptions { KeySize = _options.KeySize, TimeProvider = _clock });

        string guid = trustCenter.Register(EmployerNumber);
        Detail($"registration portal: GUID issued for Betriebsnummer {EmployerNumber}");
        Detail($"first request: generating the RSA-{_options.KeySize} key pair (kept in the encrypted store, PKCS#12), sending the PKCS#10 request ...");
        var pending = await workflow.StartFirstRequestAsync(Applicant(), guid, cancellationToken: cancellationToken).ConfigureAwait(false);
        Detail($"first request accepted: order number {pending.OrderNumber}");
        var letter = trustCenter.Letters.SingleOrDefault(l => l.OrderNumber == pending.OrderNumber)
                     ?? throw new RunFailedException("The trust center sent no letter for the order.");
        if (letter.PublicKeyHash != pending.PublicKeyHashForDisplay)
        {
            throw new RunFailedException("The public-key hash on the trust center's letter does not match the request.");
        }

        if (!trustCenter.EnterUnlockCode(letter.OrderNumber, letter.UnlockCode))
        {
            throw new RunFailedException("The registration portal refused the unlock code from the letter.");
        }

        Detail($"letter by post: hash {letter.PublicKeyHash[..19]} ... matches the request; unlock code entered in the portal");
        await workflow.ConfirmOrderAsync(cancellationToken).ConfigureAwait(false);
        if (await workflow.TryFetchCertificateAsync(cancellationToken: cancellationToken).ConfigureAwait(false) is not null)
        {
            throw new RunFailedException("The trust center issued the certificate before its issuing delay.");
        }

        Detail("order confirmation sent; the certificate is not issued yet");
        _clock.Advance(TimeSpan.FromDays(2));
        Detail($"two days later (the run's clock moves ahead to {_clock.GetUtcNow():yyyy-MM-dd}):");
        var issued = await workflow.TryFetchCertificateAsync(cancellationToken: cancellationToken).ConfigureAwait(false)
                     ?? throw new RunFailedException("The trust center did not issue the certificate after two days.");
        using var employer = issued.GetCertificateWithKey();
        _summary.EmployerNumber = EmployerNumber;
        _summary.Company = Company;
        _summary.CertificateSerial = employer.SerialNumber;
        Detail($"certificate issued and imported: serial {employer.SerialNumber}, valid until {employer.NotAfter.ToUniversalTime():yyyy-MM-dd}, status {workflow.GetStatus(issued)}");

        byte[] acceptanceListFile = await trustCenterClient.GetListAsync(SimulatedTrustCenter.AcceptanceList, EmployerNumber, cancellationToken).ConfigureAwait(false);
        var acceptanceList = CertificateList.Parse(acceptanceListFile);
        var officeCertificate = acceptanceList.Find(PartyId.Betriebsnummer(ReferenceParties.CentralStorageOffice), _clock.GetUtcNow())
                                ?? throw new RunFailedException("The acceptance list holds no certificate of the ZSS.");
        Detail($"key list {SimulatedTrustCenter.AcceptanceList}: ZSS certificate for Betriebsnummer {ReferenceParties.CentralStorageOffice}");

        // The ZSS loads the trust center's complete list (gesamt.agv) every day: only employers in it are admitted.
        var admitted = CertificateList.Parse(trustCenter.GetCompleteList());
        if (!admitted.IsAdmitted(employer, _clock.GetUtcNow()))
        {
            throw new RunFailedException("The employer's certificate is not in the trust center's complete list.");
        }

        Detail($"complete list {SimulatedTrustCenter.CompleteList}: the reference ZSS admits the employer's certificate");
        Done("1 Certificate", started);

        // ---- 2. Monthly file -----------------------------------------------------------------------------------
        var now = _clock.GetUtcNow();
        var month = new DateOnly(now.Year, now.Month, 1).AddMonths(-1);
        _summary.ReportingMonth = month;
        _summary.Employees = _options.Employees;
        Step(2, string.Create(CultureInfo.InvariantCulture, $"Monthly file for {month:yyyy-MM}: VOSZ, DSKO, {_options.Employees:N0} MVDS, NCSZ (synthetic payroll), validated"));
        started = Mark();
        var master = new DsrvMasterData();
        var plan = new EmployeePlan(_options.Employees, _options.Faulty, _options.Notices);
        string plainPath = Path.Combine(folder, TransferName + ".txt");
        long built = 0;
        using var building = _progress.Start("building", _options.Employees, ProgressUnit.Records, () => Interlocked.Read(ref built));
        await using (var file = new FileStream(plainPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous))
        await using (var writer = new RecordWriter(file))
        {
            // One record at a time: the file goes to disk, only the few special employees are remembered.
            foreach (var record in SyntheticFileGenerator.Generate(new SyntheticFileOptions
            {
                EarningsRecords = _options.Employees,
                Seed = _options.Seed,
                ReportingMonth = month,
                Employer = EmployerNumber,
            }))
            {
                if (record is EarningsRecord mvds)
                {
                    // The receiving side must know the employees (the DSRV's master data; a real payroll never does this).
                    plan.Register(master, mvds, (int)built);
                    Interlocked.Increment(ref built);
                }

                await writer.WriteAsync(record, cancellationToken).ConfigureAwait(false);
            }

            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        building.Complete();
        long plainLength = new FileInfo(plainPath).Length;
        _summary.FileBytes = plainLength;
        ValidationResult validation;
        await using (var file = new FileStream(plainPath, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan))
        {
            var reading = new ProgressStream(file);
            using var validating = _progress.Start("validating", plainLength, ProgressUnit.Bytes, () => reading.BytesRead);
            validation = await RecordFileValidator.ValidateAsync(reading, new FileValidationOptions { Channel = TransferChannel.Extra }, cancellationToken).ConfigureAwait(false);
            validating.Complete();
        }

        if (!validation.IsValid)
        {
            foreach (var finding in validation.Errors.Take(10))
            {
                Detail(finding.ToString());
            }

            throw new RunFailedException($"The monthly file is not valid: {validation.ErrorCount} error(s).");
        }

        _summary.RecordsSent = built;
        Detail(string.Create(CultureInfo.InvariantCulture, $"{TransferName}: {validation.RecordCount:N0} records, {plainLength / 1e6:0.0} MB, valid (0 errors, {validation.Warnings.Count()} warnings)"));
        Done("2 Build and validate", started);

        // ---- 3. Seal -------------------------------------------------------------------------------------------
        Step(3, "Seal: sign with the employer's certificate, then encrypt for the ZSS (CMS, GKV security interface)");
        started = Mark();
        string sealedPath = Path.Combine(folder, TransferName + ".p7m");
        var sealer = new MessageSealer(new SealOptions { SignerCertificate = employer, SignerKey = employer.GetRSAPrivateKey()!, TimeProvider = _clock });
        await using (var plain = new FileStream(plainPath, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan))
        await using (var output = new FileStream(sealedPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous))
        {
            var reading = new ProgressStream(plain);
            using var sealing = _progress.Start("sealing", plainLength, ProgressUnit.Bytes, () => reading.BytesRead);
            await sealer.SealAsync(reading, output, officeCertificate, cancellationToken).ConfigureAwait(false);
            sealing.Complete();
        }

        long sealedLength = new FileInfo(sealedPath).Length;
        _summary.SealedBytes = sealedLength;
        Detail(string.Create(CultureInfo.InvariantCulture, $"{TransferName}.p7m: {sealedLength / 1e6:0.0} MB for {officeCertificate.GetNameInfo(X509NameType.SimpleName, false)}"));
        Done("3 Seal", started);

        // ---- 4. Send -------------------------------------------------------------------------------------------
        Step(4, "Send by eXTra to the reference ZSS (in-process eXTra server); send log in the client state (SQLite)");
        started = Mark();
        var zssOptions = new ZssOptions
        {
            Keys = [new DecryptionKey(office.Certificate, office.Key)],
            AdmittedEmployers = admitted,
            TrustAnchors = [trustCenter.Authority],
            TimeProvider = _clock,
            SpoolDirectory = folder,
        };
        var dsrv = new InMemoryDsrv(master, _clock, seed: _options.Seed);
        var rfv = new InMemoryRfv(dsrv, _clock, seed: _options.Seed);
        var central = new EncryptedRecordStore(new InMemoryMasterKeyVault(_options.Seed), _clock, seed: _options.Seed);
        var zss = new InMemoryZss(zssOptions, rfv, dsrv, central, new ReportLog());
        var server = new ReferenceExtraServer(zss, zssOptions);
        using var extraHttp = new HttpClient(server.CreateHandler())
        {
            BaseAddress = new Uri("http://zss.invalid" + ReferenceExtraServer.Path),
            Timeout = TimeSpan.FromMinutes(30),
        };
        var client = new ExtraClient(extraHttp, new ExtraClientOptions
        {
            EmployerCertificate = employer,
            OfficeCertificate = officeCertificate,
            TrustAnchors = acceptanceList.AuthorityCertificates,
            EmployerName = Company,
            IsTest = true,
            TimeProvider = _clock,
        });
        await using var state = await ClientStateStore.OpenAsync($"Data Source={Path.Combine(folder, "elena-state.db")}", _clock, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        string requestId = ExtraClient.NewRequestId(_clock);
        SentFile logged;
        await using (var plain = new FileStream(plainPath, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan))
        {
            logged = await state.RecordSentFileAsync(plain, new SentFileInfo { SendId = requestId, Channel = TransportChannel.Extra, SentAt = _clock.GetUtcNow() }, cancellationToken)
                .ConfigureAwait(false);
        }

        Detail(string.Create(CultureInfo.InvariantCulture, $"send log: file {logged.FileNumber}, {logged.RecordCount:N0} records logged under RequestID {requestId}"));
        Reply receipt;
        StepMark processingStarted;
        await using (var sealedFile = new FileStream(sealedPath, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan))
        {
            var upload = new ProgressStream(sealedFile);
            var sending = client.SendAsync(upload, new ExtraSendOptions
            {
                RequestId = requestId,
                FileName = TransferName,
                PayloadBytes = plainLength,
                Created = _clock.GetUtcNow(),
            }, cancellationToken);
            using var uploading = _progress.Start("uploading", sealedLength, ProgressUnit.Bytes, () => upload.BytesRead);
            await Task.WhenAny(upload.ReadToEnd, sending).ConfigureAwait(false);
            uploading.Complete();
            Done("4 Send (upload)", started);

            // ---- 5. Processing at the ZSS (the synchronous receipt comes when it is done) --------------------------
            Step(5, $"Processing at the reference ZSS: admission, checks, RFV/DSRV in packages of {InMemoryDsrv.MaxPackageSize:N0}, encrypted storage");
            processingStarted = Mark();
            int expectedStored = _options.Employees - _options.Faulty;
            using var processing = _progress.Start("processing", expectedStored, ProgressUnit.Records, () => central.Count);
            try
            {
                receipt = await sending.ConfigureAwait(false);
            }
            finally
            {
                processing.Complete();
            }
        }

        _summary.Receipt = receipt.Kind == ReplyKind.AcceptanceReceipt;
        _summary.RejectionReason = receipt.Reason;
        if (!_summary.Receipt)
        {
            throw new RunFailedException($"The ZSS rejected the file: {receipt.Reason}");
        }

        await state.RecordReceiptAsync(requestId, cancellationToken: cancellationToken).ConfigureAwait(false);
        Detail($"acceptance receipt: ResponseID {receipt.Id} for file {receipt.FileNumber}");
        var submission = zss.Submissions.SingleOrDefault() ?? throw new RunFailedException("The reference ZSS has no submission.");
        _summary.StoredAtOffice = submission.StoredCount;
        _summary.Packages = rfv.AnsweredRequests.Count;
        Detail(string.Create(CultureInfo.InvariantCulture,
            $"reference ZSS, file {submission.FileId}: {submission.Records.Count:N0} MVDS checked in {_summary.Packages} package(s), {submission.StoredCount:N0} stored, "
            + $"{submission.Records.Count(r => !r.Stored):N0} rejected; replies on the server: {zss.ServerReplies.Count}"));
        Done("5 Process at the ZSS", processingStarted);

        // ---- 6. Replies ----------------------------------------------------------------------------------------
        Step(6, "Replies: fetch by eXTra, open, store in the client state, acknowledge, classify (ReplyInbox)");
        started = Mark();
        var inbox = new ReplyInbox(state, client, ReferenceParties.CentralStorageOffice, EmployerNumber);
        var result = await inbox.RunOnceAsync((stored, _) =>
        {
            _summary.Add(stored.Reply);
            Detail($"{stored.Reply.Kind}: reply {stored.Reply.Id} for file {stored.Reply.FileNumber}, "
                   + $"{stored.Reply.File?.AnsweredRecords.Count(r => r.Errors.Count > 0) ?? 0} record(s) with DBFE blocks");
            return Task.CompletedTask;
        }, cancellationToken).ConfigureAwait(false);
        _summary.Fetched = result.Fetched;
        _summary.Acknowledged = result.Acknowledged;
        _summary.LeftOnServer = zss.ServerReplies.Count(r => r.Employer == EmployerNumber);
        _summary.UnacknowledgedInState = (await state.GetUnacknowledgedRepliesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Count;
        var fileState = await state.GetSentFileStateAsync(EmployerNumber, logged.FileNumber, cancellationToken).ConfigureAwait(false);
        _summary.SentFileStatus = fileState?.Status.ToString() ?? "unknown";
        Detail($"fetched {result.Fetched}, stored {result.Stored}, acknowledged {result.Acknowledged}, handled {result.Handled}");
        Done("6 Fetch and acknowledge", started);

        Compare(plan);
    }

    /// <summary>Lists every way the run differs from what the plan expects.</summary>
    private void Compare(EmployeePlan plan)
    {
        void Expect<T>(string what, T expected, T actual)
        {
            if (!EqualityComparer<T>.Default.Equals(expected, actual))
            {
                _differences.Add($"{what}: expected {expected}, got {actual}");
            }
        }

        int expectedStored = _options.Employees - _options.Faulty;
        Expect("records sent", (long)_options.Employees, _summary.RecordsSent);
        Expect("stored at the ZSS", expectedStored, _summary.StoredAtOffice);
        Expect("rejected", _options.Faulty, _summary.Rejected);
        Expect("notices", _options.Notices, _summary.Noticed);
        Expect("accepted (sent - rejected) = stored", _summary.RecordsSent - _summary.Rejected, (long)_summary.StoredAtOffice);
        Expect("packages", (_options.Employees + InMemoryDsrv.MaxPackageSize - 1) / InMemoryDsrv.MaxPackageSize, _summary.Packages);

        // One processing result per file: the record rejection (with any notices), else the notice protocol, else
        // the processing confirmation (VERBEST = J, replies to the communication server: FERUECK = K).
        var expectedKind = _options.Faulty > 0 ? ReplyKind.RecordRejection : _options.Notices > 0 ? ReplyKind.RecordNotices : ReplyKind.ProcessingConfirmation;
        Expect("replies fetched", $"{expectedKind} 1", string.Join(", ", _summary.RepliesByKind.Select(k => $"{k.Key} {k.Value}")));
        Expect("acknowledged", _summary.Fetched, _summary.Acknowledged);
        Expect("replies left on the server", 0, _summary.LeftOnServer);
        Expect("replies unacknowledged in the client state", 0, _summary.UnacknowledgedInState);
        Expect("sent file status", nameof(SentFileStatus.Answered), _summary.SentFileStatus);
        CompareReasons("rejection", plan.ExpectedRejections, _summary.Rejections);
        CompareReasons("notice", plan.ExpectedNotices, _summary.Notices);
    }

    private void CompareReasons(string what, Dictionary<string, string> expected, List<Reason> actual)
    {
        var got = actual.SelectMany(r => r.PersonnelReferences.Select(p => (Reference: p, r.Code))).ToList();
        foreach (var (reference, code) in got)
        {
            if (!expected.TryGetValue(reference, out string? wanted))
            {
                _differences.Add($"unexpected {what} {code} for personnel reference {reference}");
            }
            else if (wanted != code)
            {
                _differences.Add($"{what} for personnel reference {reference}: expected {wanted}, got {code}");
            }
        }

        foreach (var reference in expected.Keys.Except(got.Select(g => g.Reference)))
        {
            _differences.Add($"no {what} for personnel reference {reference} (expected {expected[reference]})");
        }
    }

    private static TrustCenterApplicant Applicant() => new()
    {
        Betriebsnummer = EmployerNumber,
        Company = Company,
        Salutation = "Frau",
        FirstName = "Erika",
        LastName = "Mustermann",
        Street = "Hauptstrasse",
        HouseNumber = "5a",
        PostalCode = "10115",
        City = "Berlin",
        Phone = "030 1234567",
        Email = "lohn@example.org",
    };

    private void Step(int number, string title)
    {
        _output.WriteLine();
        _output.WriteLine($"[{number}/6] {title}");
    }

    private void Detail(string text) => _output.WriteLine("      " + text);

    private StepMark Mark() => new(_clock.GetTimestamp(), ProcessorTime());

    private void Done(string step, StepMark started)
    {
        var elapsed = _clock.GetElapsedTime(started.Timestamp);
        var processor = ProcessorTime() - started.ProcessorTime;
        _summary.Steps.Add((step, elapsed, processor));
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"      done in {elapsed.TotalSeconds:0.00} s (CPU {processor.TotalSeconds:0.00} s)"));
    }

    /// <summary>CPU time of this process, all threads (wall time alone says little on a busy machine).</summary>
    private static TimeSpan ProcessorTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    /// <summary>When a step started: monotonic timestamp and CPU time so far.</summary>
    private readonly record struct StepMark(long Timestamp, TimeSpan ProcessorTime);
}

/// <summary>
/// The reference ZSS's own key and certificate. In production the ZSS's certificate comes from the ITSG trust center;
/// the simulated trust center's CA key is its own, so a reference CA issues it here and the trust center publishes
/// both in its acceptance list (docs/decisions.md MJ2).
/// </summary>
internal sealed class ReferenceOffice : IDisposable
{
    private ReferenceOffice(RSA key, X509Certificate2 certificate, X509Certificate2 authority)
    {
        Key = key;
        Certificate = certificate;
        PublicCertificate = X509CertificateLoader.LoadCertificate(certificate.RawData);
        PublicAuthority = authority;
    }

    public RSA Key { get; }

    public X509Certificate2 Certificate { get; }

    public X509Certificate2 PublicCertificate { get; }

    public X509Certificate2 PublicAuthority { get; }

    public static ReferenceOffice Create(DateTimeOffset now)
    {
        using var authorityKey = RSA.Create(2048);
        var authorityRequest = new CertificateRequest("CN=Elena.Sdk Reference Office CA, O=Elena.Sdk reference implementation, C=DE", authorityKey,
            HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        authorityRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(authorityRequest.PublicKey, false));
        using var authority = authorityRequest.CreateSelfSigned(now.AddDays(-1), now.AddYears(20));

        var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN=Zentrale Speicherstelle, OU=BN{ReferenceParties.CentralStorageOffice}, O=Elena.Sdk reference implementation, C=DE", key,
            HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.NonRepudiation, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        byte[] serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7F;
        using var issued = request.Create(authority.SubjectName, X509SignatureGenerator.CreateForRSA(authorityKey, RSASignaturePadding.Pkcs1),
            now.AddDays(-1), now.AddYears(10), serial);
        return new ReferenceOffice(key, issued.CopyWithPrivateKey(key), X509CertificateLoader.LoadCertificate(authority.RawData));
    }

    public void Dispose()
    {
        Certificate.Dispose();
        PublicCertificate.Dispose();
        PublicAuthority.Dispose();
        Key.Dispose();
    }
}
