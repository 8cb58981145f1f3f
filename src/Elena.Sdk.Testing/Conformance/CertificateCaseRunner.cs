using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using Elena.Sdk.Certificates;
using Elena.Sdk.Certificates.Store;
using Elena.Sdk.Certificates.TrustCenter;
using Elena.Sdk.Crypto;
using Elena.Sdk.Testing.TrustCenter;

namespace Elena.Sdk.Testing.Conformance;

/// <summary>
/// Runs the certificate lifecycle cases (<see cref="ConformanceCase.Certificate"/>, ids <c>CRT-…</c>): a
/// <see cref="SimulatedTrustCenter"/> in process (shared by all cases, each with its own clock), the SDK's <see cref="TrustCenterWorkflow"/> over a
/// <see cref="TrustCenterClient"/>, and a <see cref="CertificateStore"/> in a temporary folder, all on one manual clock.
/// New key pairs are RSA-2048 and the throw-away store uses a test iteration count, so a case takes a fraction of a second.
/// </summary>
public static class CertificateCaseRunner
{
    /// <summary>The contact person every case starts with (the certificate's CN is its transliteration).</summary>
    public const string DefaultContact = "Müller";

    // Synthetic test values of a throw-away store; never a real password.
    private const string StorePassword = "conformance-store";
    private const string BackupPassword = "conformance-backup";
    private const string OtherEmployer = "12345674";

    /// <summary>Where every case's clock starts.</summary>
    private static readonly DateTimeOffset Start = new(2011, 2, 3, 9, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// One trust center for all cases (its CA and own key cost two RSA key pairs); each case sees its own manual clock
    /// through <see cref="CaseClock"/>, and its own GUIDs, orders and certificates.
    /// </summary>
    /// <summary>The key pair of hand-built applications (the trust center does not mind a key used twice; a new pair would cost time).</summary>
    private static readonly Lazy<RSA> ApplicationKey = new(() => RSA.Create(2048));

    private static readonly Lazy<SimulatedTrustCenter> SharedTrustCenter = new(() => new SimulatedTrustCenter(new SimulatedTrustCenterOptions { TimeProvider = CaseClock.Instance }));

    /// <summary>Runs one certificate case.</summary>
    /// <param name="scenario">The case; <see cref="ConformanceCase.Certificate"/> must be set.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The result: a failure for the first step whose outcome differs from its expectation, or for the final outcome.</returns>
    public static async Task<CaseResult> RunAsync(ConformanceCase scenario, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var steps = scenario.Certificate?.Steps ?? throw new ArgumentException($"Case {scenario.Id} has no certificate scenario.", nameof(scenario));
        var failures = new List<string>();
        if (scenario.Expect.Outcome is null)
        {
            failures.Add("outcome: the case names no expected outcome");
        }

        var clock = new ManualTimeProvider(Start);
        CaseClock.Current.Value = clock; // flows into the in-process trust center; reverted when this method returns
        using var run = new Run(clock, SharedTrustCenter.Value);
        string? outcome = null;
        for (int i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            try
            {
                outcome = await run.ExecuteAsync(step, cancellationToken).ConfigureAwait(false);
            }
            catch (TrustCenterException e)
            {
                outcome = "refused " + e.Code;
            }
            catch (CertificateWorkflowException e)
            {
                outcome = Describe(e.Error);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or CryptographicException or IOException or CertificateStoreException)
            {
                failures.Add($"step {i + 1} ({step.Action}): {e.GetType().Name}: {e.Message}");
                return new CaseResult(scenario, failures, null);
            }

            if (step.Expect is { } expected && !string.Equals(expected, outcome, StringComparison.Ordinal))
            {
                failures.Add($"step {i + 1} ({step.Action}): expected {expected}, got {outcome}");
                return new CaseResult(scenario, failures, null);
            }
        }

        if (scenario.Expect.Outcome is { } final && !string.Equals(final, outcome, StringComparison.Ordinal))
        {
            failures.Add($"outcome: expected {final}, got {outcome ?? "nothing (no steps)"}");
        }

        return new CaseResult(scenario, failures, null);
    }

    private static string Describe(CertificateWorkflowError error) => error switch
    {
        CertificateWorkflowError.RequestPending => "request-pending",
        CertificateWorkflowError.CertificateExpired or CertificateWorkflowError.ContactPersonChanged or CertificateWorkflowError.NoCertificate => "first-request-required",
        CertificateWorkflowError.ReplyUnreadable => "reply-unreadable",
        CertificateWorkflowError.ReplyDoesNotMatch => "reply-does-not-match",
        CertificateWorkflowError.NoPendingRequest => "no-pending-request",
        _ => "token-required",
    };

    private static string Status(CertificateStatus? status) => status switch
    {
        null => "empty",
        CertificateStatus.ExpiringSoon => "expiring",
        _ => status.Value.ToString().ToLowerInvariant(),
    };

    /// <summary>One case's world: clock, trust center, client, store and workflow.</summary>
    private sealed class Run : IDisposable
    {
        private readonly ManualTimeProvider clock;
        private readonly string folder = Path.Combine(Path.GetTempPath(), "elena-crt-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)));
        private readonly SimulatedTrustCenter trustCenter;
        private readonly CountingHandler handler;
        private readonly HttpClient http;
        private readonly TrustCenterClient client;
        private readonly CertificateStoreOptions storeOptions;
        private readonly Dictionary<string, string> guids = new(StringComparer.Ordinal);
        private CertificateStore store;
        private TrustCenterWorkflow workflow;
        private byte[]? backup;
        private string password = StorePassword;

        public Run(ManualTimeProvider clock, SimulatedTrustCenter trustCenter)
        {
            this.clock = clock;
            this.trustCenter = trustCenter;
            Directory.CreateDirectory(folder);
            handler = new CountingHandler(trustCenter.CreateHandler());
            http = new HttpClient(handler);
            client = new TrustCenterClient(http, new TrustCenterClientOptions
            {
                BaseAddress = TrustCenterClientOptions.Test,
                RegistrationId = "12345",
                TestIndicator = true,
                TimeProvider = clock,
            });
            // A throw-away store: the test-only iteration count keeps a case fast (docs/decisions.md CK3).
            storeOptions = new CertificateStoreOptions { IterationsForTests = 1_000, TimeProvider = clock };
            store = CertificateStore.Create(StorePath, password, storeOptions);
            workflow = NewWorkflow();
        }

        private string StorePath => Path.Combine(folder, "employer.p12");

        public async Task<string> ExecuteAsync(CertificateStep step, CancellationToken cancellationToken) => step.Action switch
        {
            "request" => await RequestAsync(step, cancellationToken).ConfigureAwait(false),
            "unlock" => Unlock(step),
            "letter" => LetterFor(RequirePendingOrder()) is null ? "no-letter" : "letter",
            "confirm" => await ConfirmAsync(step, cancellationToken).ConfigureAwait(false),
            "wait" => Wait(step.Days),
            "fetch" => await FetchAsync(step, cancellationToken).ConfigureAwait(false),
            "import" => await ImportAsync(step, cancellationToken).ConfigureAwait(false),
            "renew" => await RenewAsync(step, cancellationToken).ConfigureAwait(false),
            "application" => await ApplicationAsync(step, cancellationToken).ConfigureAwait(false),
            "revoke" => Revoke(),
            "status" => Status(workflow.GetStatus()),
            "check" => workflow.CheckRenewal() is [var due, ..] ? "due " + Status(due.Status) : "nothing-due",
            "reopen" => Reopen(step),
            "start-over" => StartOver(),
            "backup" => Backup(),
            "restore" => Restore(),
            "discard" => store.DiscardPending() ? "discarded" : "nothing-pending",
            _ => throw new ArgumentException($"Unknown certificate step '{step.Action}'.", nameof(step)),
        };

        public void Dispose()
        {
            store.Dispose();
            http.Dispose();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // a leftover temporary folder is harmless
            }
        }

        private static TrustCenterApplicant Applicant(string? contact, string employer = ConformanceRunner.EmployerNumber) => new()
        {
            Betriebsnummer = employer,
            Company = "Muster Lohn GmbH",
            Salutation = "Frau",
            LastName = contact ?? DefaultContact,
            Street = "Musterstrasse",
            HouseNumber = "1",
            PostalCode = "12345",
            City = "Musterstadt",
            Phone = "0301234567",
            Email = "lohn@example.org",
        };

        private TrustCenterWorkflow NewWorkflow() =>
            new(store, client, new TrustCenterWorkflowOptions { KeySize = 2048, TimeProvider = clock });

        private string Guid(string? registration) => registration switch
        {
            null or "portal" => Registered(ConformanceRunner.EmployerNumber),
            "other-employer" => Registered(OtherEmployer),
            "unknown" => System.Guid.NewGuid().ToString(),
            "none" => string.Empty,
            _ => throw new ArgumentException($"Unknown registration '{registration}'.", nameof(registration)),
        };

        private string Registered(string employer)
        {
            if (!guids.TryGetValue(employer, out var guid))
            {
                guid = trustCenter.Register(employer);
                guids[employer] = guid;
            }

            return guid;
        }

        private async Task<string> RequestAsync(CertificateStep step, CancellationToken cancellationToken)
        {
            string guid = Guid(step.Registration);
            int before = handler.Requests;
            try
            {
                await workflow.StartFirstRequestAsync(Applicant(step.Contact), guid, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (ArgumentException) when (string.IsNullOrWhiteSpace(guid))
            {
                // The SDK refuses before anything is generated or sent; prove that nothing reached the trust center.
                return handler.Requests == before && store.Pending is null ? "not-sent guid-required" : "sent-without-guid";
            }

            return "ordered";
        }

        private PendingRequest RequirePendingOrder() =>
            store.Pending is { OrderNumber: not null } pending ? pending : throw new InvalidOperationException("No request with an order number is pending.");

        private TrustCenterLetter? LetterFor(PendingRequest pending) =>
            trustCenter.Letters.LastOrDefault(l => l.OrderNumber == pending.OrderNumber && l.Betriebsnummer == pending.Party.Value);

        private string Unlock(CertificateStep step)
        {
            var pending = RequirePendingOrder();
            var letter = LetterFor(pending);
            if (letter is null)
            {
                return "no-letter";
            }

            // What the user does: compare the hash on the letter with the one the software shows.
            if (!PublicKeyHashes.Matches(letter.PublicKeyHash, pending.PublicKeyHash))
            {
                return "letter-hash-differs";
            }

            string code = (step.Code ?? "letter") switch
            {
                "letter" => letter.UnlockCode,
                "wrong" => letter.UnlockCode == "00000000" ? "11111111" : "00000000",
                _ => throw new ArgumentException($"Unknown unlock code '{step.Code}'.", nameof(step)),
            };
            return trustCenter.EnterUnlockCode(pending.OrderNumber!, code) ? "unlocked" : "unlock-refused";
        }

        private async Task<string> ConfirmAsync(CertificateStep step, CancellationToken cancellationToken)
        {
            if (step.Hash is null or "own" && step.Order is null or "own")
            {
                await workflow.ConfirmOrderAsync(cancellationToken).ConfigureAwait(false);
                return "confirmed";
            }

            var pending = RequirePendingOrder();
            string order = step.Order is "unknown" ? UnknownOrder(pending) : pending.OrderNumber!;
            string hash = step.Hash switch
            {
                null or "own" => pending.PublicKeyHash,
                "wrong" => Convert.ToHexString(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(pending.PublicKeyHash))),
                _ => throw new ArgumentException($"Unknown hash '{step.Hash}'.", nameof(step)),
            };
            await client.SendOrderConfirmationAsync(order, pending.Party.Value, hash, cancellationToken).ConfigureAwait(false);
            return "confirmed";
        }

        private static string UnknownOrder(PendingRequest pending) =>
            (long.Parse(pending.OrderNumber!, CultureInfo.InvariantCulture) + 500_000).ToString(CultureInfo.InvariantCulture);

        private string Wait(int days)
        {
            clock.Advance(TimeSpan.FromDays(days));
            return "waited";
        }

        private async Task<string> FetchAsync(CertificateStep step, CancellationToken cancellationToken)
        {
            if (step.Order is "unknown")
            {
                var pending = RequirePendingOrder();
                byte[]? reply = await client.FetchCertificateAsync(UnknownOrder(pending), pending.Party.Value, cancellationToken).ConfigureAwait(false);
                return reply is null ? "not-yet-issued" : "issued";
            }

            var stored = await workflow.TryFetchCertificateAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return stored is null ? "not-yet-issued" : Issued(stored);
        }

        private string Issued(StoredCertificate stored)
        {
            // The imported certificate must be one the trust center issued, carry the employer and chain to the CA.
            bool own = trustCenter.IssuedCertificates.Any(c => c.RawData.AsSpan().SequenceEqual(stored.Certificate.RawData));
            bool party = stored.Party?.Value == ConformanceRunner.EmployerNumber;
            using var key = stored.GetCertificateWithKey();
            return own && party && key.HasPrivateKey && store.Pending is null ? "issued" : "imported-something-else";
        }

        private async Task<string> ImportAsync(CertificateStep step, CancellationToken cancellationToken)
        {
            var pending = RequirePendingOrder();
            byte[] reply = step.Reply switch
            {
                null or "issued" => await client.FetchCertificateAsync(pending.OrderNumber!, pending.Party.Value, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException("The certificate is not issued yet; wait and confirm first."),
                "unreadable" => System.Text.Encoding.ASCII.GetBytes("<html><body>Service temporarily unavailable</body></html>"),
                "other" => new X509Certificate2Collection { trustCenter.OwnCertificate, trustCenter.Authority }.Export(X509ContentType.Pkcs7)!,
                _ => throw new ArgumentException($"Unknown reply '{step.Reply}'.", nameof(step)),
            };
            int certificates = store.Certificates.Count;
            try
            {
                return Issued(workflow.ImportReply(reply));
            }
            catch (CertificateWorkflowException e) when (e.Error is CertificateWorkflowError.ReplyUnreadable or CertificateWorkflowError.ReplyDoesNotMatch)
            {
                // "Not imported" holds only when the store is unchanged: the same pending request, no new certificate.
                bool unchanged = store.Pending?.Id == pending.Id && store.Certificates.Count == certificates;
                return (unchanged ? "not-imported " : "store-changed ") + Describe(e.Error);
            }
        }

        private async Task<string> RenewAsync(CertificateStep step, CancellationToken cancellationToken)
        {
            await workflow.StartRenewalAsync(Applicant(step.Contact), cancellationToken: cancellationToken).ConfigureAwait(false);
            return store.Pending is { Kind: RequestKind.Renewal, OrderNumber: not null } pending && LetterFor(pending) is null ? "ordered" : "not-a-renewal";
        }

        private async Task<string> ApplicationAsync(CertificateStep step, CancellationToken cancellationToken)
        {
            var applicant = Applicant(step.Contact);
            var now = clock.GetUtcNow();
            byte[] pkcs10;
            lock (ApplicationKey)
            {
                pkcs10 = new CertificateRequest(applicant.SubjectName(), ApplicationKey.Value, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSigningRequest();
            }

            string? guid = step.Registration is "none" ? null : Guid(step.Registration);
            var local = now.ToOffset(TimeSpan.FromHours(1));
            var inner = OstcXml.WriteInner(new XElement("OSTCAntrag",
                new XElement("Antragsteller",
                    new XElement("IK_BN", "BN" + applicant.Betriebsnummer),
                    new XElement("Firma", applicant.Company),
                    new XElement("Anrede", applicant.Salutation),
                    new XElement("Nachname", applicant.LastName),
                    new XElement("Strasse", applicant.Street),
                    new XElement("PLZ", applicant.PostalCode),
                    new XElement("Ort", applicant.City),
                    new XElement("Telefon", applicant.Phone),
                    new XElement("Email", applicant.Email)),
                new XElement("Antragsinfo",
                    new XElement("Datum", local.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)),
                    new XElement("Uhrzeit", local.ToString("HH:mm:ss", CultureInfo.InvariantCulture)),
                    new XElement("Requestschlüssel", Convert.ToBase64String(pkcs10)),
                    guid is null ? null : new XElement("GUID", guid))));
            byte[] body = inner;
            if (step.Signed)
            {
                var current = store.GetCurrent(now) ?? throw new InvalidOperationException("A signed application needs a current certificate in the store.");
                using var signer = current.GetCertificateWithKey();
                var sealer = new MessageSealer(new SealOptions { SignerCertificate = signer, SignerKey = signer.GetRSAPrivateKey()!, TimeProvider = clock });
                using var sealedBody = new MemoryStream();
                await sealer.SealAsync(new MemoryStream(inner), sealedBody, trustCenter.OwnCertificate, cancellationToken).ConfigureAwait(false);
                body = sealedBody.ToArray();
            }

            var request = new OstcRequest(OstcXml.DataTypeApplication, applicant.Betriebsnummer, applicant.Company, System.Guid.NewGuid().ToString(), now, body, step.Signed);
            var response = OstcXml.ReadResponse(await trustCenter.HandleAsync(OstcXml.WriteRequest(request, "Conformance", "Elena.Sdk", "12345", test: true), cancellationToken).ConfigureAwait(false));
            return response.IsError ? "refused " + (response.Flags.FirstOrDefault(f => f.IsError)?.Code ?? response.ResponseId) : "ordered";
        }

        private string Revoke()
        {
            var current = store.GetCurrent(clock.GetUtcNow()) ?? throw new InvalidOperationException("There is no current certificate to revoke.");
            trustCenter.Revoke(current.Certificate);
            return "revoked";
        }

        private string Reopen(CertificateStep step)
        {
            store.Dispose();
            string entered = (step.Password ?? "right") switch
            {
                "right" => password,
                "wrong" => password + "?",
                _ => throw new ArgumentException("The password of a reopen step is 'right' or 'wrong'.", nameof(step)),
            };
            byte[] before = File.ReadAllBytes(StorePath);
            try
            {
                store = CertificateStore.Open(StorePath, entered, storeOptions);
            }
            catch (CertificateStoreException e) when (e.Error == CertificateStoreError.WrongPassword)
            {
                // The file must be untouched; the run goes on with the store as it was (a user who remembers it later).
                bool untouched = File.ReadAllBytes(StorePath).AsSpan().SequenceEqual(before);
                store = CertificateStore.Open(StorePath, password, storeOptions);
                workflow = NewWorkflow();
                return untouched ? "wrong-password" : "wrong-password store-changed";
            }

            workflow = NewWorkflow();
            return "opened";
        }

        private string StartOver()
        {
            store.Dispose();
            var aside = Directory.GetFiles(folder, "employer.p12.forgotten-*").Length;
            password += "-new";
            store = CertificateStore.StartOver(StorePath, password, storeOptions);
            workflow = NewWorkflow();
            bool kept = Directory.GetFiles(folder, "employer.p12.forgotten-*").Length == aside + 1;
            return kept && store.Certificates.Count == 0 && store.Pending is null ? "started-over" : "old-store-lost";
        }

        private string Backup()
        {
            using var stream = new MemoryStream();
            store.Backup(stream, BackupPassword);
            backup = stream.ToArray();
            return "backed-up";
        }

        private string Restore()
        {
            if (backup is null)
            {
                throw new InvalidOperationException("Restore needs a backup step before it.");
            }

            store.Dispose();
            File.Delete(StorePath); // the disk was lost
            store = CertificateStore.Restore(new MemoryStream(backup), BackupPassword, StorePath, password, storeOptions);
            workflow = NewWorkflow();
            return "restored";
        }
    }

    /// <summary>The clock of the case running in the current async flow (the shared trust center reads it).</summary>
    private sealed class CaseClock : TimeProvider
    {
        public static readonly CaseClock Instance = new();

        public static readonly AsyncLocal<ManualTimeProvider?> Current = new();

        public override DateTimeOffset GetUtcNow() => Current.Value?.GetUtcNow() ?? Start;
    }

    /// <summary>Counts what reaches the trust center (to show that a refused step sent nothing).</summary>
    private sealed class CountingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private int requests;

        public int Requests => Volatile.Read(ref requests);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref requests);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
