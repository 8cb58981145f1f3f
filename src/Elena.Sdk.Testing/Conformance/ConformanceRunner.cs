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

namespace Elena.Sdk.Testing.Conformance;

/// <summary>The software under examination: it builds and seals the monthly file of a case.</summary>
public interface IConformanceSubject
{
    /// <summary>Builds the plain monthly file (VOSZ, DSKO, records, NCSZ) the case asks for.</summary>
    /// <param name="scenario">The case.</param>
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
}

/// <summary>The SDK itself as the subject: the synthetic generator builds the file, <see cref="MessageSealer"/> seals it.</summary>
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
            ((FileTrailer)records[^1]).RecordCount = records.Count;
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
                var field = records[i].Layout.FindField(change.Field)
                    ?? throw new ArgumentException($"Case {scenario.Id}: record {change.Record} has no field {change.Field} in its fixed part.", nameof(scenario));
                string value = change.Value.PadRight(field.Length)[..field.Length];
                value.CopyTo(0, line, field.Position - 1, field.Length);
            }

            text.Append(line).Append("\r\n");
        }

        return Task.FromResult(Encoding.Latin1.GetBytes(text.ToString()));
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
}

/// <summary>The outcome of one case.</summary>
/// <param name="Case">The case.</param>
/// <param name="Failures">What did not hold; empty when it passed.</param>
/// <param name="Submission">What the reference answered.</param>
public sealed record CaseResult(ConformanceCase Case, IReadOnlyList<string> Failures, SubmissionResult? Submission)
{
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

    /// <summary>Creates a runner for a subject.</summary>
    /// <param name="subject">The software under examination; <see cref="BuiltInSubject"/> for the SDK.</param>
    public ConformanceRunner(IConformanceSubject subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        _subject = subject;
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
        var zss = new InMemoryZss(new ZssOptions
        {
            Keys = [new DecryptionKey(pki.Zss, pki.Zss.GetRSAPrivateKey()!)],
            AdmittedEmployers = CertificateList.FromCertificates([pki.Employer, pki.Expired]),
            TrustAnchors = [pki.Root],
            TimeProvider = clock,
        }, rfv, dsrv, store, new ReportLog());

        byte[] plain = await _subject.BuildFileAsync(scenario, EmployerNumber, cancellationToken).ConfigureAwait(false);
        string? firstEmployee = await KnowAsync(master, plain, scenario.File.UnknownPersons, cancellationToken).ConfigureAwait(false);
        var signer = scenario.Send.Signer switch
        {
            "unadmitted" => pki.Unadmitted,
            "expired" => pki.Expired,
            _ => pki.Employer,
        };
        byte[] sealedFile = await _subject.SealAsync(plain, signer, scenario.Send.Recipient == "other" ? pki.Stranger : pki.Zss, cancellationToken).ConfigureAwait(false);
        if (scenario.Send.Tamper)
        {
            sealedFile[sealedFile.Length - 300] ^= 0x01;
        }

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

        var channel = scenario.Send.Channel == "mail" ? SubmissionChannel.Mail : SubmissionChannel.Extra;
        var result = await zss.SubmitAsync(new MemoryStream(sealedFile), channel, cancellationToken).ConfigureAwait(false);
        if (scenario.Faults is { Clear: true } && result.IsPending)
        {
            rfv.SetState(RfvState.Available);
            await zss.RetryPendingAsync(cancellationToken).ConfigureAwait(false);
            result = zss.Submissions.Single(s => s.FileId == result.FileId);
        }

        if (scenario.DaysAfter > 0)
        {
            clock.Advance(TimeSpan.FromDays(scenario.DaysAfter));
            zss.RunReplyRetention();
        }

        var failures = Check(scenario.Expect, result, zss);
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

        return new CaseResult(scenario, failures, result);
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

    /// <summary>The reference DSRV knows the employees of the file, except those the case names as unknown.</summary>
    private static async Task<string?> KnowAsync(DsrvMasterData master, byte[] plain, IReadOnlyList<int> unknown, CancellationToken cancellationToken)
    {
        string? first = null;
        await using var reader = new RecordReader(new MemoryStream(plain), new RecordReaderOptions { ThrowOnError = false, ValidateFields = false });
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (reader.Current.IsDecoded && reader.Current.RecordType == "MVDS" && !unknown.Contains((int)reader.Current.Number)
                && reader.Current.ToModel() is EarningsRecord mvds && mvds.Name is not null && mvds.Birth is not null
                && master.FindByNumber(mvds.InsuranceNumber) is null)
            {
                master.Add(DsrvPerson.FromRecord(mvds));
                first ??= mvds.InsuranceNumber;
            }
        }

        return first;
    }

    private static List<string> Check(Expectation expect, SubmissionResult result, InMemoryZss zss)
    {
        var failures = new List<string>();
        var kinds = result.Replies.Select(r => r.Kind.ToString()).ToList();
        if (expect.Replies is { } replies && !replies.SequenceEqual(kinds))
        {
            failures.Add($"replies: expected [{string.Join(", ", replies)}], got [{string.Join(", ", kinds)}]");
        }

        if (expect.Stored is { } stored && stored != result.StoredCount)
        {
            failures.Add($"stored: expected {stored}, got {result.StoredCount}");
        }

        if (expect.Pending is { } pending && pending != result.IsPending)
        {
            failures.Add($"pending: expected {pending}, got {result.IsPending}");
        }

        foreach (var error in expect.Errors)
        {
            var outcome = result.Records.FirstOrDefault(r => r.Number == error.Record);
            if (outcome is null || !outcome.Errors.Any(e => e.Code == error.Code))
            {
                string got = outcome is null ? "no outcome" : string.Join(", ", outcome.Errors.Select(e => e.Code));
                failures.Add($"record {error.Record.ToString(CultureInfo.InvariantCulture)}: expected DBFE {error.Code}, got [{got}]");
            }
        }

        foreach (var (kind, route) in expect.Routes)
        {
            var reply = result.Replies.FirstOrDefault(r => r.Kind.ToString() == kind);
            if (reply is null || reply.Route.ToString() != route)
            {
                failures.Add($"route of {kind}: expected {route}, got {reply?.Route.ToString() ?? "no such reply"}");
            }
        }

        if (expect.ServerReplies is { } server && server != zss.ServerReplies.Count)
        {
            failures.Add($"replies on the server: expected {server}, got {zss.ServerReplies.Count}");
        }

        if (expect.PaperOutbox is { } paper && paper != zss.PaperOutbox.Count)
        {
            failures.Add($"paper outbox: expected {paper}, got {zss.PaperOutbox.Count}");
        }

        int assigned = result.Records.Count(r => r.AssignedNumber is not null);
        if (expect.NumbersAssigned is { } numbers && numbers != assigned)
        {
            failures.Add($"numbers assigned: expected {numbers}, got {assigned}");
        }

        if (expect.ReasonCodes is { } codes)
        {
            var got = result.Records.Where(r => r.RecordType == "DSVV").Select(r => r.ReasonCode ?? "").ToList();
            if (!codes.SequenceEqual(got))
            {
                failures.Add($"GDMQ: expected [{string.Join(", ", codes)}], got [{string.Join(", ", got)}]");
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
