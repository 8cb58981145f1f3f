using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Elena.Sdk.Crypto;
using Elena.Sdk.Crypto.KeyLists;
using Elena.Sdk.Records.Models;
using Elena.Sdk.Records.Reading;
using Elena.Sdk.Testing.Data;
using Elena.Sdk.Testing.Dsrv;
using Elena.Sdk.Testing.Replies;
using Elena.Sdk.Testing.Rfv;
using Elena.Sdk.Testing.Storage;
using Elena.Sdk.Testing.Zss;
using Elena.Sdk.Transport.Extra;
using Elena.Sdk.Transport.Mail;
using Elena.Sdk.Transport.Replies;

namespace Elena.Sdk.Testing.Conformance;

/// <summary>The software under examination: it builds, seals and sends the monthly file of a case and fetches the replies.</summary>
public interface IConformanceSubject
{
    /// <summary>Builds the plain monthly file (VOSZ, DSKO, records, NCSZ) the case asks for.</summary>
    /// <param name="scenario">The case (its <see cref="ConformanceCase.File"/> says what to build).</param>
    /// <param name="employerNumber">The employer's Betriebsnummer (VOSZ sender).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The file, ISO-8859-1 with CR LF.</returns>
    Task<byte[]> BuildFileAsync(ConformanceCase scenario, string employerNumber, CancellationToken cancellationToken);

    /// <summary>Signs and encrypts the file (sign-then-encrypt, GKV security interface).</summary>
    /// <param name="plainFile">The file.</param>
    /// <param name="signer">The signing certificate, with its private key.</param>
    /// <param name="recipient">The acceptance office's certificate.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The CMS message.</returns>
    Task<byte[]> SealAsync(byte[] plainFile, X509Certificate2 signer, X509Certificate2 recipient, CancellationToken cancellationToken);

    /// <summary>
    /// Sends a sealed file over the connection's transport (eXTra or mail); not called for in-process runs.
    /// </summary>
    /// <param name="file">The plain file (for the order record of a mail) and the sealed file.</param>
    /// <param name="connection">Where and as whom to send.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The synchronous answer (eXTra: acceptance receipt or rejection), or <see langword="null"/> when the transport has none (mail).</returns>
    Task<Reply?> SendAsync(ConformanceFile file, ConformanceConnection connection, CancellationToken cancellationToken);

    /// <summary>Fetches every reply waiting for the employer, opens and classifies it, and acknowledges it (eXTra) or removes it from the mailbox (mail).</summary>
    /// <param name="connection">Where and as whom to fetch.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The replies fetched.</returns>
    Task<IReadOnlyList<Reply>> FetchAsync(ConformanceConnection connection, CancellationToken cancellationToken);
}

/// <summary>A file as the subject built and sealed it.</summary>
/// <param name="Plain">The plain record file.</param>
/// <param name="Sealed">The CMS message.</param>
public sealed record ConformanceFile(byte[] Plain, byte[] Sealed);

/// <summary>How the files of a run reach the reference implementation.</summary>
public enum ConformanceTransport
{
    /// <summary>Handed to the reference ZSS directly.</summary>
    InProcess,

    /// <summary>eXTra-channel files are sent by the subject over eXTra (HTTP) to the reference eXTra server, and its replies fetched and acknowledged.</summary>
    Extra,

    /// <summary>Mail-channel files are sent by the subject by e-mail to the reference ZSS's mailbox, and its replies read from the employer's mailbox.</summary>
    Mail,
}

/// <summary>What a subject needs to send and fetch for one case.</summary>
public sealed class ConformanceConnection
{
    /// <summary>The transport.</summary>
    public required ConformanceTransport Transport { get; init; }

    /// <summary>The employer's certificate with its private key (signs, and opens replies).</summary>
    public required X509Certificate2 Employer { get; init; }

    /// <summary>The acceptance office's certificate (recipient of files and eXTra requests).</summary>
    public required X509Certificate2 Office { get; init; }

    /// <summary>The trust anchors that replies are verified against.</summary>
    public required IReadOnlyList<X509Certificate2> TrustAnchors { get; init; }

    /// <summary>The employer's Betriebsnummer.</summary>
    public required string EmployerNumber { get; init; }

    /// <summary>The clock.</summary>
    public required TimeProvider TimeProvider { get; init; }

    /// <summary>For eXTra: an http client whose base address is the reference eXTra endpoint.</summary>
    public HttpClient? Extra { get; init; }

    /// <summary>For mail: the SMTP server the subject sends through.</summary>
    public MailServerOptions? Smtp { get; init; }

    /// <summary>For mail: the employer's mailbox (IMAP) where replies arrive.</summary>
    public MailServerOptions? Mailbox { get; init; }

    /// <summary>For mail: the employer's address.</summary>
    public string? EmployerAddress { get; init; }

    /// <summary>For mail: the acceptance office's address.</summary>
    public string? OfficeAddress { get; init; }
}

/// <summary>
/// The SDK itself as the subject: the synthetic generator builds the file, <see cref="MessageSealer"/> seals it,
/// <see cref="ExtraClient"/> or <see cref="MailSender"/> sends it, <see cref="ExtraClient"/> or <see cref="MailReplyReceiver"/> fetches.
/// </summary>
public sealed class BuiltInSubject : IConformanceSubject
{
    /// <inheritdoc />
    public Task<byte[]> BuildFileAsync(ConformanceCase scenario, string employerNumber, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var file = scenario.File;
        var records = SyntheticFileGenerator.Generate(new SyntheticFileOptions
        {
            EarningsRecords = file.Mvds,
            NumberRequests = file.Mvds > 0 ? 0 : file.Dsvv,
            Employer = employerNumber,
            Seed = file.Seed,
        }).ToList();
        if (file.Mvds > 0 && file.Dsvv > 0)
        {
            // The generator never mixes them: DSVV records of a second file go before the NCSZ.
            var dsvv = SyntheticFileGenerator.Generate(new SyntheticFileOptions { NumberRequests = file.Dsvv, Employer = employerNumber, Seed = file.Seed })
                .OfType<NumberRequestRecord>();
            records.InsertRange(records.Count - 1, dsvv);
            ((FileTrailer)records[^1]).RecordCount = records.Count - 2;
        }

        if (file.Cancel.Count > 0)
        {
            // A correction: each named report of the first file, cancelled (KENNZST = J) and reported again with a corrected amount.
            var corrections = new List<RecordModel> { records[0], records[1] };
            foreach (int number in file.Cancel)
            {
                var original = (EarningsRecord)records[number - 1];
                var cancellation = (EarningsRecord)RecordModel.Parse(original.ToBytes());
                cancellation.IsCancellation = true;
                var corrected = (EarningsRecord)RecordModel.Parse(original.ToBytes());
                corrected.EarningsBasics!.TotalGross += 100;
                corrections.Add(cancellation);
                corrections.Add(corrected);
            }

            corrections.Add(records[^1]);
            ((FileTrailer)corrections[^1]).RecordCount = corrections.Count - 2;
            records = corrections;
        }

        if (file.FileNumber is { } fileNumber || file.Cancel.Count > 0)
        {
            int number = file.FileNumber ?? 2;
            ((FileHeader)records[0]).FileNumber = number;
            ((FileTrailer)records[^1]).FileNumber = number;
        }

        if (records[1] is CommunicationRecord dsko)
        {
            if (file.ReplyChannel is { } channel)
            {
                dsko["FERUECK"] = channel;
            }

            if (file.ConfirmationWanted is { } wanted)
            {
                dsko["VERBEST"] = wanted;
            }
        }

        var text = new StringBuilder();
        for (int i = 0; i < records.Count; i++)
        {
            if (file.Drop.Contains(i + 1))
            {
                continue;
            }

            // Field changes are written into the record's characters, so that faulty values (which the typed model
            // refuses) can be sent on purpose.
            char[] line = Encoding.Latin1.GetString(records[i].ToBytes()).ToCharArray();
            foreach (var change in file.Fields.Where(c => c.Record == i + 1))
            {
                var (field, start) = Locate(records[i], change.Field, line)
                    ?? throw new ArgumentException($"Case {scenario.Id}: record {change.Record} has no field {change.Field}.", nameof(scenario));
                string value = change.Value.PadRight(field.Length)[..field.Length];
                value.CopyTo(0, line, start + field.Position - 1, field.Length);
            }

            text.Append(line).Append("\r\n");
        }

        return Task.FromResult(Encoding.Latin1.GetBytes(text.ToString()));
    }

    /// <summary>Finds a field: <c>NAME</c> in the fixed part, or <c>BLOCK.NAME</c> in the record's data block of that identifier.</summary>
    private static (Elena.Sdk.Records.Layouts.FieldDefinition Field, int Start)? Locate(RecordModel record, string name, char[] line)
    {
        int dot = name.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            return record.Layout.FindField(name) is { } fixedField ? (fixedField, 0) : null;
        }

        string identifier = name[..dot];
        var block = record.Blocks.FirstOrDefault(b => b.Layout.Identifier == identifier);
        int start = new string(line).IndexOf(identifier, record.Layout.Length, StringComparison.Ordinal);
        return block?.Layout.FindField(name[(dot + 1)..]) is { } blockField && start >= 0 ? (blockField, start) : null;
    }

    /// <inheritdoc />
    public async Task<byte[]> SealAsync(byte[] plainFile, X509Certificate2 signer, X509Certificate2 recipient, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var sealer = new MessageSealer(new SealOptions { SignerCertificate = signer, SignerKey = signer.GetRSAPrivateKey()! });
        using var output = new MemoryStream();
        await sealer.SealAsync(new MemoryStream(plainFile), output, recipient, cancellationToken).ConfigureAwait(false);
        return output.ToArray();
    }

    /// <inheritdoc />
    public async Task<Reply?> SendAsync(ConformanceFile file, ConformanceConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(connection);
        var plain = RecordModel.Parse(file.Plain.AsSpan(0, file.Plain.AsSpan().IndexOf((byte)'\r')));
        int number = plain is FileHeader header && header.FileNumber is { } n ? n : 1;
        if (connection.Transport == ConformanceTransport.Mail)
        {
            var sender = new MailSender(new MailSenderOptions
            {
                Server = connection.Smtp ?? throw new ArgumentException("The connection has no SMTP server.", nameof(connection)),
                FromAddress = connection.EmployerAddress!,
                OfficeAddress = connection.OfficeAddress!,
                TimeProvider = connection.TimeProvider,
            });
            int records = await MailSender.CountRecordsAsync(new MemoryStream(file.Plain), cancellationToken).ConfigureAwait(false);
            var order = MailSender.CreateOrderRecord((FileHeader)plain, file.Sealed.Length, number, connection.TimeProvider.GetUtcNow().UtcDateTime, connection.EmployerAddress);
            await sender.SendFileAsync(new MemoryStream(file.Sealed), order, records, cancellationToken).ConfigureAwait(false);
            return null;
        }

        var client = Client(connection);
        string fileName = "EENA0" + (number % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        try
        {
            return await client.SendAsync(new MemoryStream(file.Sealed), new ExtraSendOptions
            {
                RequestId = ExtraClient.NewRequestId(connection.TimeProvider),
                FileName = fileName,
                PayloadBytes = file.Plain.Length,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (ExtraServiceException ex) when (!ex.IsTransient)
        {
            // The office refused the request itself (e.g. a signer it does not admit): for the employer that is a rejection.
            return new Reply
            {
                Kind = ReplyKind.Rejection,
                Channel = Elena.Sdk.Transport.Replies.ReplyChannel.Extra,
                Id = ex.Code,
                OfficeNumber = ReferenceParties.CentralStorageOffice,
                EmployerNumber = connection.EmployerNumber,
                ReceivedAt = connection.TimeProvider.GetUtcNow(),
                Reason = $"{ex.Code} {ex.Text}",
            };
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Reply>> FetchAsync(ConformanceConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection.Transport == ConformanceTransport.Mail)
        {
            var receiver = new MailReplyReceiver(new MailReceiverOptions
            {
                Server = connection.Mailbox ?? throw new ArgumentException("The connection has no mailbox.", nameof(connection)),
                Open = new OpenOptions
                {
                    DecryptionKeys = [new DecryptionKey(connection.Employer, connection.Employer.GetRSAPrivateKey()!)],
                    TrustAnchors = connection.TrustAnchors,
                    TimeProvider = connection.TimeProvider,
                },
                TimeProvider = connection.TimeProvider,
            });
            var received = new List<Reply>();
            await receiver.ReceiveAsync((reply, _) =>
            {
                received.Add(reply);
                return Task.CompletedTask;
            }, cancellationToken).ConfigureAwait(false);
            return received;
        }

        var client = Client(connection);
        var replies = new List<Reply>();
        string? last = null;
        while (true)
        {
            var page = await client.FetchAsync(last, 100, cancellationToken).ConfigureAwait(false);
            replies.AddRange(page);
            if (page.Count > 0)
            {
                await client.AcknowledgeAsync(page.Select(r => r.Id), cancellationToken).ConfigureAwait(false);
            }

            if (page.Count < 100)
            {
                return replies;
            }

            last = page[^1].Id;
        }
    }

    private static ExtraClient Client(ConformanceConnection connection) => new(
        connection.Extra ?? throw new ArgumentException("The connection has no eXTra endpoint.", nameof(connection)),
        new ExtraClientOptions
        {
            EmployerCertificate = connection.Employer,
            OfficeCertificate = connection.Office,
            TrustAnchors = connection.TrustAnchors,
            EmployerNumber = connection.EmployerNumber,
            TimeProvider = connection.TimeProvider,
            RetryDelay = TimeSpan.FromMilliseconds(10),
            Product = "Elena.Sdk conformance (built-in subject)",
        });
}

/// <summary>The outcome of one case.</summary>
/// <param name="Case">The case.</param>
/// <param name="Failures">What did not hold; empty when it passed.</param>
/// <param name="Submission">What the reference answered.</param>
public sealed record CaseResult(ConformanceCase Case, IReadOnlyList<string> Failures, SubmissionResult? Submission)
{
    /// <summary>How the case's file travelled.</summary>
    public ConformanceTransport Delivery { get; init; }

    /// <summary>The reply kinds the subject itself received over the transport (answer, then fetched), empty in-process.</summary>
    public IReadOnlyList<string> Received { get; init; } = [];

    /// <summary>True when every expectation held.</summary>
    public bool Passed => Failures.Count == 0;
}

/// <summary>
/// Runs conformance cases against a fresh in-process reference (ZSS, RFV, DSRV, store) per case, with a shared test
/// PKI: a CA, the ZSS (Betriebsnummer 66660008), an admitted employer, an employer missing from gesamt.agv, an expired
/// employer certificate, and a stranger's certificate.
/// </summary>
public sealed class ConformanceRunner
{
    /// <summary>The employer's Betriebsnummer used by every case.</summary>
    public const string EmployerNumber = "33526082";

    private static readonly Lazy<Pki> SharedPki = new(Pki.Create);
    private readonly IConformanceSubject _subject;
    private readonly ConformanceRunnerOptions _options;

    /// <summary>Creates a runner for a subject.</summary>
    /// <param name="subject">The software under examination; <see cref="BuiltInSubject"/> for the SDK.</param>
    /// <param name="options">Transport and mail server; default in-process.</param>
    public ConformanceRunner(IConformanceSubject subject, ConformanceRunnerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(subject);
        _subject = subject;
        _options = options ?? new ConformanceRunnerOptions();
        if (_options.Transport == ConformanceTransport.Mail && _options.MailServer is null)
        {
            throw new ArgumentException("The mail transport needs ConformanceRunnerOptions.MailServer.", nameof(options));
        }
    }

    /// <summary>How a case's file travels with this runner's transport: eXTra, mail or in-process.</summary>
    /// <param name="scenario">The case.</param>
    /// <returns>The delivery used.</returns>
    public ConformanceTransport DeliveryOf(ConformanceCase scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        bool mail = scenario.Send.Channel == "mail";
        if (scenario.Send.Direct)
        {
            return ConformanceTransport.InProcess;
        }

        return _options.Transport switch
        {
            ConformanceTransport.Extra when !mail && scenario.Send.Cipher is null => ConformanceTransport.Extra,
            ConformanceTransport.Mail when mail => ConformanceTransport.Mail,
            _ => ConformanceTransport.InProcess,
        };
    }

    /// <summary>Runs one case.</summary>
    /// <param name="scenario">The case.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The result with every failed expectation.</returns>
    public async Task<CaseResult> RunAsync(ConformanceCase scenario, CancellationToken cancellationToken = default)
    {
        if (scenario.Certificate is not null) return await CertificateCaseRunner.RunAsync(scenario, cancellationToken).ConfigureAwait(false);
        if (scenario.Card is not null) return await CardCaseRunner.RunAsync(scenario, cancellationToken).ConfigureAwait(false);
        ArgumentNullException.ThrowIfNull(scenario);
        var pki = SharedPki.Value;
        var clock = new ManualTimeProvider(new DateTimeOffset(2011, 2, 3, 9, 0, 0, TimeSpan.Zero));
        var master = new DsrvMasterData();
        var dsrv = new InMemoryDsrv(master, clock, seed: 1);
        var rfv = new InMemoryRfv(dsrv, clock, seed: 1);
        var store = new EncryptedRecordStore(new InMemoryMasterKeyVault(1), clock, seed: 1);
        var log = new ReportLog();
        var zssOptions = new ZssOptions
        {
            Keys = [new DecryptionKey(pki.Zss, pki.Zss.GetRSAPrivateKey()!)],
            AdmittedEmployers = CertificateList.FromCertificates([pki.Employer, pki.Expired]),
            TrustAnchors = [pki.Root],
            TimeProvider = clock,
        };
        var zss = new InMemoryZss(zssOptions, rfv, dsrv, store, log);
        var run = new CaseRun(scenario, pki, clock, zss, zssOptions);
        var failures = new List<string>();
        try
        {
            byte[] plain = await _subject.BuildFileAsync(scenario, EmployerNumber, cancellationToken).ConfigureAwait(false);
            string? firstEmployee = await KnowAsync(master, plain, scenario.File, cancellationToken).ConfigureAwait(false);
            if (scenario.Faults is { } faults)
            {
                if (faults.Rfv is { } state)
                {
                    rfv.SetState(state);
                }

                if (faults.Dsrv is { } fault)
                {
                    dsrv.InjectFault(fault);
                }
            }

            var result = await DeliverAsync(run, scenario.File, scenario.Send, plain, failures, cancellationToken).ConfigureAwait(false);
            if (scenario.Faults is { Clear: true } && result.IsPending)
            {
                rfv.SetState(RfvState.Available);
                await zss.RetryPendingAsync(cancellationToken).ConfigureAwait(false);
                result = zss.Submissions.Single(s => s.FileId == result.FileId);
            }

            if (scenario.Next is { } next)
            {
                var second = scenario with { File = next.File, Send = next.Send };
                byte[] nextPlain = await _subject.BuildFileAsync(second, EmployerNumber, cancellationToken).ConfigureAwait(false);
                string? known = await KnowAsync(master, nextPlain, next.File, cancellationToken).ConfigureAwait(false);
                firstEmployee ??= known;
                result = await DeliverAsync(run, next.File, next.Send, nextPlain, failures, cancellationToken).ConfigureAwait(false);
            }

            if (scenario.DaysAfter > 0)
            {
                clock.Advance(TimeSpan.FromDays(scenario.DaysAfter));
                zss.RunReplyRetention();
                new RetentionService(store, log, clock).Run();
            }

            failures.AddRange(Check(scenario.Expect, result, zss));
            if (scenario.Expect.StoredReports is { } reports)
            {
                int got = firstEmployee is null ? 0 : store.CreateReader().Read(rfv.CurrentId(firstEmployee)).Count;
                if (got != reports)
                {
                    failures.Add($"stored reports of the first employee: expected {reports}, got {got}");
                }
            }

            if (scenario.Expect.LogEntries is { } entries && entries != log.Entries.Count)
            {
                failures.Add($"report log: expected {entries} entries, got {log.Entries.Count}");
            }

            if (run.Connection is { } connection && !run.RefusedAtTheDoor)
            {
                await FetchAndCompareAsync(run, connection, failures, cancellationToken).ConfigureAwait(false);
            }

            if (scenario.Retrieval is { } retrieval)
            {
                if (firstEmployee is null)
                {
                    failures.Add("retrieval: the file has no employee the DSRV knows");
                }
                else
                {
                    await RetrieveAsync(retrieval, scenario.Expect, pki, rfv, store, clock, firstEmployee, failures, cancellationToken).ConfigureAwait(false);
                }
            }

            return new CaseResult(scenario, failures, result) { Delivery = DeliveryOf(scenario), Received = run.Received };
        }
        finally
        {
            await run.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Seals a file and hands it to the reference over the case's delivery; returns what the ZSS made of it.</summary>
    private async Task<SubmissionResult> DeliverAsync(CaseRun run, FileScenario file, SendScenario send, byte[] plain, List<string> failures, CancellationToken cancellationToken)
    {
        var pki = run.Pki;
        var signer = send.Signer switch
        {
            "unadmitted" => pki.Unadmitted,
            "expired" => pki.Expired,
            _ => pki.Employer,
        };
        var recipient = send.Recipient == "other" ? pki.Stranger : pki.Zss;
        byte[] sealedFile = send.Cipher is { } cipher
            ? SealWithCipher(plain, signer, recipient, cipher)
            : await _subject.SealAsync(plain, signer, recipient, cancellationToken).ConfigureAwait(false);
        if (send.Tamper)
        {
            sealedFile[sealedFile.Length - 300] ^= 0x01;
        }

        var delivery = DeliveryOf(run.Scenario);
        var channel = send.Channel == "mail" ? SubmissionChannel.Mail : SubmissionChannel.Extra;
        if (delivery == ConformanceTransport.InProcess)
        {
            return await run.Zss.SubmitAsync(new MemoryStream(sealedFile), channel, cancellationToken).ConfigureAwait(false);
        }

        int before = run.Zss.Submissions.Count;
        var connection = await run.ConnectAsync(delivery, _options, signer, cancellationToken).ConfigureAwait(false);
        var answer = await _subject.SendAsync(new ConformanceFile(plain, sealedFile), connection, cancellationToken).ConfigureAwait(false);
        if (delivery == ConformanceTransport.Mail)
        {
            await run.MailEndpoint!.ProcessInboxAsync(cancellationToken).ConfigureAwait(false);
        }

        var submissions = run.Zss.Submissions;
        if (submissions.Count == before && answer is { Kind: ReplyKind.Rejection })
        {
            // Refused at the eXTra door (the request's signer is not admitted): the ZSS never took a file.
            run.Received.Add(answer.Kind.ToString());
            run.RefusedAtTheDoor = true;
            return new SubmissionResult("-", [new ZssReply(ReplyKind.Rejection, ReplyRoute.Server, false, string.Empty, null, answer.Reason)], [], 0);
        }

        if (submissions.Count != before + 1)
        {
            throw new InvalidOperationException($"The reference received {submissions.Count - before} files over {delivery}; expected one.");
        }

        var result = submissions[^1];
        if (answer is not null)
        {
            // A rejection is the whole answer: the office did not take the file, and its signer cannot fetch either.
            run.RefusedAtTheDoor = answer.Kind == ReplyKind.Rejection;
            run.Received.Add(answer.Kind.ToString());
            var first = result.Replies[0].Kind;
            if (answer.Kind != first)
            {
                failures.Add($"eXTra answer: expected {first}, the subject got {answer.Kind}");
            }
        }

        return result;
    }

    /// <summary>The subject fetches what waits for it; it must get exactly the replies the reference routed to it, and none may remain.</summary>
    private async Task FetchAndCompareAsync(CaseRun run, ConformanceConnection connection, List<string> failures, CancellationToken cancellationToken)
    {
        var zss = run.Zss;
        IEnumerable<string> expected = connection.Transport == ConformanceTransport.Extra
            ? zss.ServerReplies.Select(r => r.Reply.Kind.ToString())
            : zss.Submissions.SelectMany(s => s.Replies).Where(r => r.Route == ReplyRoute.Mail).Select(r => r.Kind.ToString());
        var wanted = expected.Order(StringComparer.Ordinal).ToList();
        var fetched = await _subject.FetchAsync(connection, cancellationToken).ConfigureAwait(false);
        run.Received.AddRange(fetched.Select(r => r.Kind.ToString()));
        var got = fetched.Select(r => r.Kind.ToString()).Order(StringComparer.Ordinal).ToList();
        if (!wanted.SequenceEqual(got))
        {
            failures.Add($"fetched over {connection.Transport}: expected [{string.Join(", ", wanted)}], the subject got [{string.Join(", ", got)}]");
        }

        if (connection.Transport == ConformanceTransport.Extra && zss.ServerReplies.Count != 0)
        {
            failures.Add($"after fetching: {zss.ServerReplies.Count} replies still on the server (not acknowledged)");
        }
    }

    /// <summary>Seals with a content-encryption algorithm of the runner's choice (for the "unknown cipher" cases).</summary>
    private static byte[] SealWithCipher(byte[] plain, X509Certificate2 signer, X509Certificate2 recipient, string cipher)
    {
        var signed = new System.Security.Cryptography.Pkcs.SignedCms(new System.Security.Cryptography.Pkcs.ContentInfo(plain), detached: false);
        signed.ComputeSignature(new System.Security.Cryptography.Pkcs.CmsSigner(signer) { DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1") });
        string oid = cipher switch
        {
            "3des" => "1.2.840.113549.3.7",
            "aes128" => "2.16.840.1.101.3.4.1.2",
            _ => throw new ArgumentException($"Unknown cipher '{cipher}' in a case.", nameof(cipher)),
        };
        var enveloped = new System.Security.Cryptography.Pkcs.EnvelopedCms(
            new System.Security.Cryptography.Pkcs.ContentInfo(signed.Encode()),
            new System.Security.Cryptography.Pkcs.AlgorithmIdentifier(new Oid(oid)));
        enveloped.Encrypt(new System.Security.Cryptography.Pkcs.CmsRecipient(recipient, RSAEncryptionPadding.OaepSHA256));
        return enveloped.Encode();
    }

    /// <summary>The reference parts of one case and, for a real transport, the server and the subject's connection.</summary>
    private sealed class CaseRun(ConformanceCase scenario, Pki pki, ManualTimeProvider clock, InMemoryZss zss, ZssOptions zssOptions) : IAsyncDisposable
    {
        private HttpClient? _http;
        private Extra.RunningExtraServer? _kestrel;
        private Mail.ZssMailEndpoint? _mailEndpoint;

        public ConformanceCase Scenario => scenario;

        public Pki Pki => pki;

        public InMemoryZss Zss => zss;

        public ConformanceConnection? Connection { get; private set; }

        public Mail.ZssMailEndpoint? MailEndpoint => _mailEndpoint;

        public List<string> Received { get; } = [];

        /// <summary>The office refused the file (rejection); there is nothing the subject could fetch.</summary>
        public bool RefusedAtTheDoor { get; set; }

        public async Task<ConformanceConnection> ConnectAsync(ConformanceTransport transport, ConformanceRunnerOptions options, X509Certificate2 signer, CancellationToken cancellationToken)
        {
            if (Connection is not null)
            {
                return Connection;
            }

            if (transport == ConformanceTransport.Extra)
            {
                var server = new Extra.ReferenceExtraServer(zss, zssOptions);
                if (options.ExtraOverHttp)
                {
                    _kestrel = await server.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                    _http = new HttpClient { BaseAddress = _kestrel.Url, Timeout = TimeSpan.FromMinutes(10) };
                }
                else
                {
                    _http = new HttpClient(server.CreateHandler()) { BaseAddress = new Uri("http://zss.invalid" + Extra.ReferenceExtraServer.Path), Timeout = TimeSpan.FromMinutes(10) };
                }
            }
            else
            {
                var mail = options.MailServer!;
                string run = Guid.NewGuid().ToString("N")[..12];
                string employerAddress = $"employer-{run}@conformance.test";
                string officeAddress = $"zss-{run}@conformance.test";
                _mailEndpoint = new Mail.ZssMailEndpoint(zss, new Mail.ZssMailEndpointOptions
                {
                    Inbox = mail.Mailbox(officeAddress),
                    Outbox = mail.Smtp,
                    OfficeAddress = officeAddress,
                    ReplySigner = new SealOptions { SignerCertificate = pki.Zss, SignerKey = pki.Zss.GetRSAPrivateKey()!, TimeProvider = clock },
                    EmployerCertificates = CertificateList.FromCertificates([pki.Employer, pki.Unadmitted, pki.Expired]),
                    TimeProvider = clock,
                });
                Connection = new ConformanceConnection
                {
                    Transport = transport,
                    Employer = pki.Employer,
                    Office = pki.Zss,
                    TrustAnchors = [pki.Root],
                    EmployerNumber = EmployerNumber,
                    TimeProvider = clock,
                    Smtp = mail.Smtp,
                    Mailbox = mail.Mailbox(employerAddress),
                    EmployerAddress = employerAddress,
                    OfficeAddress = officeAddress,
                };
                return Connection;
            }

            Connection = new ConformanceConnection
            {
                Transport = transport,
                Employer = signer == pki.Unadmitted || signer == pki.Expired ? signer : pki.Employer,
                Office = pki.Zss,
                TrustAnchors = [pki.Root],
                EmployerNumber = EmployerNumber,
                TimeProvider = clock,
                Extra = _http,
            };
            return Connection;
        }

        public async ValueTask DisposeAsync()
        {
            _http?.Dispose();
            _mailEndpoint?.Dispose();
            if (_kestrel is not null)
            {
                await _kestrel.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task RetrieveAsync(RetrievalScenario r, Expectation expect, Pki pki, InMemoryRfv rfv, EncryptedRecordStore store, ManualTimeProvider clock,
        string employee, List<string> failures, CancellationToken cancellationToken)
    {
        const string Office = "87654321";
        const string OtherOffice = "12345678";
        var service = new Retrieval.RetrievalService(new Retrieval.RetrievalOptions
        {
            Keys = [new DecryptionKey(pki.Zss, pki.Zss.GetRSAPrivateKey()!)],
            TrustAnchors = [pki.Root],
            TimeProvider = clock,
        }, rfv, store);
        byte[] Seal(byte[] document, X509Certificate2 signer)
        {
            var sealer = new MessageSealer(new SealOptions { SignerCertificate = signer, SignerKey = signer.GetRSAPrivateKey()!, TimeProvider = clock });
            using var output = new MemoryStream();
            sealer.SealAsync(new MemoryStream(document), output, pki.Zss, cancellationToken).GetAwaiter().GetResult();
            return output.ToArray();
        }

        Retrieval.RefusalReason? refusal = null;
        Retrieval.RetrievalResult? retrieved = null;
        try
        {
            service.RegisterCard(employee, pki.Card);
            service.AdmitOffice(Office, "Wohngeldstelle", pki.Responsible);
            service.AdmitOffice(OtherOffice, "Agentur fuer Arbeit", pki.OtherResponsible);
            var purposes = r.OfficialPurposes.Select(Enum.Parse<Retrieval.CertificatePurpose>).ToList();
            var official = r.Official == "agent" ? pki.Agent : pki.Official;
            if (r.Official != "unregistered")
            {
                await service.RegisterOfficialAsync(new MemoryStream(Seal(Retrieval.RetrievalDocuments.Official(Office, official, purposes, new DateOnly(2012, 12, 31), r.Official == "agent"), pki.Responsible)), cancellationToken).ConfigureAwait(false);
            }

            if (r.Official == "blocked")
            {
                await service.BlockOfficialAsync(new MemoryStream(Seal(Retrieval.RetrievalDocuments.Block(Office, official), pki.Responsible)), cancellationToken).ConfigureAwait(false);
            }

            string consentId = "C999999";
            if (r.ConsentBy != "none")
            {
                string? representation = r.ConsentBy == "representative" ? service.RegisterRepresentative(employee, pki.Representative, new DateOnly(2012, 12, 31)) : null;
                var signer = r.ConsentBy switch { "representative" => pki.Representative, "unregistered" => pki.OtherCard, _ => pki.Card };
                DateOnly? until = r.ConsentDays is { } days ? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(days) : null;
                var consent = await service.SubmitConsentAsync(new MemoryStream(Seal(Retrieval.RetrievalDocuments.Consent(
                    r.ConsentOffice == "other" ? OtherOffice : Office, Enum.Parse<Retrieval.CertificatePurpose>(r.ConsentPurpose), until, r.ConsentMax, representation), signer)), cancellationToken).ConfigureAwait(false);
                consentId = consent.Id;
                if (r.Revoke)
                {
                    await service.RevokeConsentAsync(new MemoryStream(Seal(Retrieval.RetrievalDocuments.Revocation(consentId), signer)), cancellationToken).ConfigureAwait(false);
                }
            }

            if (r.WithdrawAdmission)
            {
                service.WithdrawAdmission(Office);
            }

            clock.Advance(TimeSpan.FromDays(r.DaysBefore));
            for (int i = 0; i < r.Times; i++)
            {
                refusal = null;
                try
                {
                    retrieved = await service.RetrieveAsync(new MemoryStream(Seal(Retrieval.RetrievalDocuments.Application(
                        consentId, Enum.Parse<Retrieval.CertificatePurpose>(r.Purpose), r.Application, r.ProcessingPerson), official)), cancellationToken).ConfigureAwait(false);
                }
                catch (Retrieval.RetrievalRefusedException ex)
                {
                    refusal = ex.Reason;
                    retrieved = null;
                }
            }
        }
        catch (Retrieval.RetrievalRefusedException ex)
        {
            refusal = ex.Reason;
        }

        string got = refusal?.ToString() ?? "none";
        if (expect.Refusal is { } wanted && wanted != got)
        {
            failures.Add($"retrieval: expected refusal {wanted}, got {got}");
        }

        if (expect.RetrievedMonths is { } months && months != (retrieved?.Reports.Count ?? 0))
        {
            failures.Add($"retrieval: expected {months} months, got {retrieved?.Reports.Count ?? 0}");
        }

        foreach (string block in expect.NotRetrieved)
        {
            if (retrieved?.Reports.Any(x => x.Record.Blocks.Any(b => b.Identifier == block)) == true)
            {
                failures.Add($"retrieval: block {block} must not be handed out");
            }
        }

        if (expect.Logged is { } logged && logged != service.Log.Count)
        {
            failures.Add($"retrieval log: expected {logged}, got {service.Log.Count}");
        }
    }

    /// <summary>
    /// The reference DSRV knows the employees of the file, except those the case names as unknown; employees under a
    /// retired number are known under a newer one; DSVV persons are known (or twice) when the case says so.
    /// </summary>
    private static async Task<string?> KnowAsync(DsrvMasterData master, byte[] plain, FileScenario file, CancellationToken cancellationToken)
    {
        string? first = null;
        await using var reader = new RecordReader(new MemoryStream(plain), new RecordReaderOptions { ThrowOnError = false, ValidateFields = false });
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            int number = (int)reader.Current.Number;
            if (!reader.Current.IsDecoded)
            {
                continue;
            }

            var model = reader.Current.ToModel();
            if (model is EarningsRecord mvds && !file.UnknownPersons.Contains(number) && mvds.Name is not null && mvds.Birth?.BirthDate is { } birthDate
                && Elena.Sdk.Records.Identifiers.InsuranceNumber.IsValid(mvds.InsuranceNumber) && master.FindByNumber(mvds.InsuranceNumber) is null)
            {
                var person = DsrvPerson.FromRecord(mvds);
                if (file.RetiredNumbers.Contains(number))
                {
                    person = person with { InsuranceNumber = Elena.Sdk.Records.Identifiers.InsuranceNumber.Create("65", birthDate, mvds.InsuranceNumber[8], 99), RetiredNumbers = [mvds.InsuranceNumber] };
                }

                master.Add(person);
                first ??= mvds.InsuranceNumber;
            }
            else if (model is NumberRequestRecord dsvv && dsvv.Name is { } name && dsvv.Birth?.BirthDate is { } born
                     && (file.KnownRequests.Contains(number) || file.AmbiguousRequests.Contains(number)))
            {
                char initial = char.ToUpperInvariant((dsvv.Birth.BirthName.Length > 0 ? dsvv.Birth.BirthName : name.FamilyName)[0]);
                var person = new DsrvPerson
                {
                    InsuranceNumber = Elena.Sdk.Records.Identifiers.InsuranceNumber.Create("65", born, initial, 10 + number),
                    FamilyName = name.FamilyName,
                    FirstName = name.FirstName,
                    BirthName = dsvv.Birth.BirthName,
                    BirthDate = born,
                    Sex = dsvv.Birth.Sex,
                    PlaceOfBirth = dsvv.Birth.PlaceOfBirth,
                };
                master.Add(person);
                if (file.AmbiguousRequests.Contains(number))
                {
                    master.Add(person with { InsuranceNumber = Elena.Sdk.Records.Identifiers.InsuranceNumber.Create("65", born, initial, 60 + number) });
                }
            }
        }

        return first;
    }

    private static List<string> Check(Expectation expect, SubmissionResult result, InMemoryZss zss)
    {
        var failures = new List<string>();
        string why = string.Empty;
        if (expect.Replies is { } replies && !replies.Contains(nameof(ReplyKind.FileRejection))
            && result.Replies.FirstOrDefault(r => r.Kind == ReplyKind.FileRejection && r.File is not null) is { } unexpected)
        {
            why = " (file rejection: " + string.Join(", ", ReplyFile.Parse(unexpected.File).Records.SelectMany(r => r.Errors).Select(e => e.Code).Distinct()) + ")";
        }

        var observed = new ObservedFile(
            [.. result.Replies.Select(r => (r.Kind.ToString(), r.Route.ToString()))],
            result.StoredCount,
            result.IsPending,
            result.Records.Count(r => r.AssignedNumber is not null),
            [.. result.Records.Select(r => new ObservedRecord(r.Number, r.RecordType, [.. r.Errors.Select(e => e.Code)], r.ReasonCode))]);
        ExpectationCheck.File(expect, observed, failures, why);

        if (expect.ServerReplies is { } server && server != zss.ServerReplies.Count)
        {
            failures.Add($"replies on the server: expected {server}, got {zss.ServerReplies.Count}");
        }

        if (expect.PaperOutbox is { } paper && paper != zss.PaperOutbox.Count)
        {
            failures.Add($"paper outbox: expected {paper}, got {zss.PaperOutbox.Count}");
        }

        if (expect.FileErrors.Count > 0)
        {
            var rejection = result.Replies.FirstOrDefault(r => r.Kind == ReplyKind.FileRejection && r.File is not null);
            var found = rejection is null ? [] : ReplyFile.Parse(rejection.File).Records.SelectMany(r => r.Errors).Select(e => e.Code).ToHashSet(StringComparer.Ordinal);
            foreach (string code in expect.FileErrors.Where(c => !found.Contains(c)))
            {
                failures.Add(rejection is null
                    ? $"file rejection: expected {code}, but there is no file rejection"
                    : $"file rejection: expected {code}, got [{string.Join(", ", found.Order(StringComparer.Ordinal))}]");
            }
        }

        return failures;
    }

    private sealed record Pki(X509Certificate2 Root, X509Certificate2 Zss, X509Certificate2 Employer, X509Certificate2 Unadmitted, X509Certificate2 Expired, X509Certificate2 Stranger)
    {
        public X509Certificate2 Card { get; } = Issue(Root, "CN=Teilnehmerin", From, To, qualified: true);

        public X509Certificate2 OtherCard { get; } = Issue(Root, "CN=Teilnehmerin (nicht registriert)", From, To, qualified: true);

        public X509Certificate2 Representative { get; } = Issue(Root, "CN=Vertreter", From, To, qualified: true);

        public X509Certificate2 Responsible { get; } = Issue(Root, "CN=Verantwortliche Wohngeldstelle", From, To);

        public X509Certificate2 OtherResponsible { get; } = Issue(Root, "CN=Verantwortlicher Arbeitsagentur", From, To);

        public X509Certificate2 Official { get; } = Issue(Root, "CN=Sachbearbeiterin", From, To);

        public X509Certificate2 Agent { get; } = Issue(Root, "CN=Abrufagent", From, To);

        private static readonly DateTimeOffset From = new(2010, 1, 1, 0, 0, 0, TimeSpan.Zero);

        private static readonly DateTimeOffset To = new(2090, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public static Pki Create()
        {
            var rootKey = RSA.Create(2048);
            var rootRequest = new CertificateRequest("CN=ELENA Conformance Root, C=DE", rootKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            var root = rootRequest.CreateSelfSigned(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero));
            var from = new DateTimeOffset(2010, 1, 1, 0, 0, 0, TimeSpan.Zero);
            var to = new DateTimeOffset(2090, 1, 1, 0, 0, 0, TimeSpan.Zero);
            return new Pki(
                root,
                Issue(root, "CN=ZSS, OU=BN" + ReferenceParties.CentralStorageOffice, from, to),
                Issue(root, $"CN=Employer, OU=BN{EmployerNumber}", from, to),
                Issue(root, $"CN=Employer not admitted, OU=BN{EmployerNumber}", from, to),
                Issue(root, $"CN=Employer expired, OU=BN{EmployerNumber}", from, new DateTimeOffset(2010, 12, 31, 0, 0, 0, TimeSpan.Zero)),
                Issue(root, "CN=Stranger, OU=BN99999999", from, to));
        }

        private static X509Certificate2 Issue(X509Certificate2 root, string subject, DateTimeOffset from, DateTimeOffset to, bool qualified = false)
        {
            var key = RSA.Create(2048);
            var request = new CertificateRequest(subject + ", O=ITSG TrustCenter fuer Arbeitgeber, C=DE", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            if (qualified)
            {
                // QCStatements with QcCompliance: a qualified signature card (decisions R35).
                var writer = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
                using (writer.PushSequence())
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier("0.4.0.1862.1.1");
                }

                request.CertificateExtensions.Add(new X509Extension("1.3.6.1.5.5.7.1.3", writer.Encode(), false));
            }

            using var cert = request.Create(root.SubjectName, X509SignatureGenerator.CreateForRSA(root.GetRSAPrivateKey()!, RSASignaturePadding.Pkcs1),
                from, to, RandomNumberGenerator.GetBytes(8));
            return cert.CopyWithPrivateKey(key);
        }
    }
}

/// <summary>A clock that moves only when told (the conformance runner's own; no test framework needed).</summary>
internal sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

/// <summary>How a <see cref="ConformanceRunner"/> delivers files.</summary>
public sealed class ConformanceRunnerOptions
{
    /// <summary>The transport. Default <see cref="ConformanceTransport.InProcess"/>.</summary>
    public ConformanceTransport Transport { get; init; } = ConformanceTransport.InProcess;

    /// <summary>The mail server for <see cref="ConformanceTransport.Mail"/>.</summary>
    public ConformanceMailServer? MailServer { get; init; }

    /// <summary>
    /// For <see cref="ConformanceTransport.Extra"/>: run the reference eXTra server on Kestrel (127.0.0.1, a free port,
    /// one per case) and send over real HTTP, instead of through an in-process handler. Default false.
    /// </summary>
    public bool ExtraOverHttp { get; init; }
}

/// <summary>A mail server the mail transport uses: SMTP to send, IMAP mailboxes per address.</summary>
public sealed class ConformanceMailServer
{
    /// <summary>The SMTP server (delivers to any address of the run).</summary>
    public required MailServerOptions Smtp { get; init; }

    /// <summary>The IMAP server's host and port; each address is a mailbox.</summary>
    public required MailServerOptions Imap { get; init; }

    /// <summary>The mailbox password (the user name is the address).</summary>
    public required string Password { get; init; }

    /// <summary>The IMAP login of one address.</summary>
    /// <param name="address">The mail address.</param>
    /// <returns>The options.</returns>
    public MailServerOptions Mailbox(string address) => new()
    {
        Host = Imap.Host,
        Port = Imap.Port,
        Security = Imap.Security,
        UserName = address,
        Password = Password,
    };
}
