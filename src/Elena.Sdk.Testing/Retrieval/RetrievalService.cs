using System.Formats.Asn1;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Elena.Sdk.Crypto;
using Elena.Sdk.Records.Models;
using Elena.Sdk.Testing.Rfv;
using Elena.Sdk.Testing.Storage;

namespace Elena.Sdk.Testing.Retrieval;

/// <summary>Settings of the retrieval side.</summary>
public sealed class RetrievalOptions
{
    /// <summary>The ZSS's keys: every document is sealed to the ZSS (signed by its author, encrypted for the ZSS).</summary>
    public required IReadOnlyList<DecryptionKey> Keys { get; init; }

    /// <summary>The roots of the qualified card providers and of the offices' certificates.</summary>
    public required IReadOnlyList<X509Certificate2> TrustAnchors { get; init; }

    /// <summary>The clock.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

/// <summary>
/// The retrieval side of the reference ZSS (seed 001 §1.3–§1.6, §1.6.4.13–§1.6.5.1): participants register qualified
/// signature cards (the RFV links the ZID and the data moves from the vID to it), give and revoke consents signed
/// with their card (or by a registered legal representative); admitted offices' responsible persons register and
/// block officials and agents; officials retrieve with a consent and an application, both checked ("two-card
/// principle"), and get only the data parts their certificate needs; every retrieval is logged. Every document
/// arrives sealed to the ZSS and is verified with <see cref="MessageOpener"/>. Thread-safe.
/// </summary>
public sealed class RetrievalService
{
    private static readonly Oid QcStatementsOid = new("1.3.6.1.5.5.7.1.3");
    private const string QcComplianceOid = "0.4.0.1862.1.1";
    private const string PseudonymOid = "2.5.4.65";

    private readonly MessageOpener _opener;
    private readonly InMemoryRfv _rfv;
    private readonly EncryptedRecordStore _store;
    private readonly IStoreReader _reader;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Office> _offices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Official> _officials = new(StringComparer.Ordinal);
    private readonly HashSet<string> _cards = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Representation> _representations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Consent> _consents = new(StringComparer.Ordinal);
    private readonly List<RetrievalLogEntry> _log = [];
    private int _consentSequence;
    private int _representationSequence;

    /// <summary>Creates the retrieval side over the same RFV and store as the acceptance side.</summary>
    /// <param name="options">Keys, trust anchors, clock.</param>
    /// <param name="rfv">The procedure registry (card registration, ids).</param>
    /// <param name="store">The central database; only its reading side is used, plus moving data from a vID to a ZID.</param>
    public RetrievalService(RetrievalOptions options, InMemoryRfv rfv, EncryptedRecordStore store)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rfv);
        ArgumentNullException.ThrowIfNull(store);
        _rfv = rfv;
        _store = store;
        _reader = store.CreateReader();
        _time = options.TimeProvider;
        _opener = new MessageOpener(new OpenOptions { DecryptionKeys = options.Keys, TrustAnchors = options.TrustAnchors, TimeProvider = options.TimeProvider });
    }

    /// <summary>Every retrieval so far (after retention), oldest first.</summary>
    public IReadOnlyList<RetrievalLogEntry> Log
    {
        get
        {
            lock (_gate)
            {
                return [.. _log];
            }
        }
    }

    /// <summary>Every consent kept (after retention).</summary>
    public IReadOnlyList<Consent> Consents
    {
        get
        {
            lock (_gate)
            {
                return [.. _consents.Values];
            }
        }
    }

    /// <summary>
    /// Registers a participant's qualified signature card: the RFV links its ZID to the person and makes it the
    /// current id; data stored under the previous id (vID or an older card's ZID) moves to it. Several cards per
    /// participant are allowed.
    /// </summary>
    /// <param name="insuranceNumber">The participant's VSNR/VFNR.</param>
    /// <param name="card">The card's signature certificate.</param>
    /// <returns>The card's ZID.</returns>
    /// <exception cref="RetrievalRefusedException">The card is not qualified or carries a pseudonym (<see cref="RefusalReason.CardNotQualified"/>).</exception>
    public string RegisterCard(string insuranceNumber, X509Certificate2 card)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(insuranceNumber);
        ArgumentNullException.ThrowIfNull(card);
        RequireQualified(card);
        var registration = _rfv.RegisterCard(insuranceNumber, card.IssuerName.RawData, SerialOf(card));
        lock (_gate)
        {
            _cards.Add(registration.Zid);
        }

        if (registration.PreviousId is { } previous)
        {
            _store.MoveParticipant(previous, registration.Zid);
        }

        return registration.Zid;
    }

    /// <summary>Registers a legal representative of a participant, with proof of the authority until a date (seed 001 §1.6.4.19).</summary>
    /// <param name="insuranceNumber">The participant's VSNR/VFNR.</param>
    /// <param name="representative">The representative's qualified signature certificate.</param>
    /// <param name="authorityUntil">The last day the authority holds.</param>
    /// <returns>The representation id, to be named in the representative's consents.</returns>
    public string RegisterRepresentative(string insuranceNumber, X509Certificate2 representative, DateOnly authorityUntil)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(insuranceNumber);
        ArgumentNullException.ThrowIfNull(representative);
        RequireQualified(representative);
        string participant = _rfv.CurrentId(insuranceNumber);
        lock (_gate)
        {
            string id = "R" + (++_representationSequence).ToString("D6", CultureInfo.InvariantCulture);
            _representations[id] = new Representation(participant, Thumbprint(representative), authorityUntil);
            return id;
        }
    }

    /// <summary>Admits a retrieving office with its responsible person (§ 99 Abs. 7 SGB IV).</summary>
    /// <param name="officeNumber">The office's Betriebsnummer.</param>
    /// <param name="name">The office's name.</param>
    /// <param name="responsiblePerson">The responsible person's certificate; only it may register and block officials.</param>
    public void AdmitOffice(string officeNumber, string name, X509Certificate2 responsiblePerson)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(officeNumber);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(responsiblePerson);
        lock (_gate)
        {
            _offices[officeNumber] = new Office(officeNumber, name, Thumbprint(responsiblePerson), Admitted: true);
        }
    }

    /// <summary>Withdraws an office's admission: its officials can no longer retrieve.</summary>
    /// <param name="officeNumber">The office's Betriebsnummer.</param>
    public void WithdrawAdmission(string officeNumber)
    {
        lock (_gate)
        {
            if (_offices.TryGetValue(officeNumber, out var office))
            {
                _offices[officeNumber] = office with { Admitted = false };
            }
        }
    }

    /// <summary>Registers an official or agent; the document must be signed by the office's responsible person.</summary>
    /// <param name="sealedDocument">A <see cref="RetrievalDocuments.Official"/> document sealed to the ZSS.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <returns>A task.</returns>
    public async Task RegisterOfficialAsync(Stream sealedDocument, CancellationToken cancellationToken = default)
    {
        var (fields, signer) = await OpenAsync(sealedDocument, RetrievalDocuments.OfficialKind, cancellationToken).ConfigureAwait(false);
        var office = ResponsibleOffice(fields, signer);
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(Field(fields, "certificate")));
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException)
        {
            throw new RetrievalRefusedException(RefusalReason.InvalidDocument, "The official's certificate cannot be read.");
        }

        var purposes = Field(fields, "purposes").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParsePurpose).ToHashSet();
        var until = ParseDate(Field(fields, "valid-until"));
        bool agent = Field(fields, "agent") == "yes";
        lock (_gate)
        {
            _officials[Thumbprint(certificate)] = new Official(office.Number, certificate.Subject, purposes, until, agent, Blocked: false);
        }
    }

    /// <summary>Blocks an official or agent; the document must be signed by the office's responsible person.</summary>
    /// <param name="sealedDocument">A <see cref="RetrievalDocuments.Block"/> document sealed to the ZSS.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <returns>A task.</returns>
    public async Task BlockOfficialAsync(Stream sealedDocument, CancellationToken cancellationToken = default)
    {
        var (fields, signer) = await OpenAsync(sealedDocument, RetrievalDocuments.BlockKind, cancellationToken).ConfigureAwait(false);
        var office = ResponsibleOffice(fields, signer);
        string thumbprint = Field(fields, "certificate-sha256").ToUpperInvariant();
        lock (_gate)
        {
            if (!_officials.TryGetValue(thumbprint, out var official) || official.OfficeNumber != office.Number)
            {
                throw new RetrievalRefusedException(RefusalReason.UnregisteredCertificate, "The certificate is not an official of this office.");
            }

            _officials[thumbprint] = official with { Blocked = true };
        }
    }

    /// <summary>
    /// Takes a consent signed with the participant's registered qualified card, or by a registered legal
    /// representative whose authority still holds (seed 001 §1.6.4.18–19).
    /// </summary>
    /// <param name="sealedDocument">A <see cref="RetrievalDocuments.Consent"/> document sealed to the ZSS.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <returns>The consent kept.</returns>
    public async Task<Consent> SubmitConsentAsync(Stream sealedDocument, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sealedDocument);
        using var evidence = new MemoryStream();
        await sealedDocument.CopyToAsync(evidence, cancellationToken).ConfigureAwait(false);
        evidence.Position = 0;
        var (fields, signer) = await OpenAsync(evidence, RetrievalDocuments.ConsentKind, cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        string participant;
        bool byRepresentative = fields.TryGetValue("representation", out var representationId);
        lock (_gate)
        {
            if (byRepresentative)
            {
                if (!_representations.TryGetValue(representationId!, out var representation) || representation.Thumbprint != Thumbprint(signer))
                {
                    throw new RetrievalRefusedException(RefusalReason.UnregisteredCertificate, "The signer is not the registered representative.");
                }

                if (DateOnly.FromDateTime(now.UtcDateTime) > representation.AuthorityUntil)
                {
                    throw new RetrievalRefusedException(RefusalReason.RepresentationEnded, "The representative's authority had ended when the consent was given.");
                }

                participant = representation.ParticipantId;
            }
            else
            {
                participant = RegisteredCard(signer);
            }

            string id = "C" + (++_consentSequence).ToString("D6", CultureInfo.InvariantCulture);
            var consent = new Consent(
                id,
                participant,
                Field(fields, "office"),
                ParsePurpose(Field(fields, "purpose")),
                now,
                fields.TryGetValue("valid-until", out var until) ? EndOfDay(ParseDate(until)) : null,
                fields.TryGetValue("max-retrievals", out var max) ? ParseCount(max) : null,
                byRepresentative,
                evidence.ToArray());
            _consents[id] = consent;
            return consent;
        }
    }

    /// <summary>Revokes a consent (the participant's card or the representative signs); revocation is possible at any time.</summary>
    /// <param name="sealedDocument">A <see cref="RetrievalDocuments.Revocation"/> document sealed to the ZSS.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <returns>A task.</returns>
    public async Task RevokeConsentAsync(Stream sealedDocument, CancellationToken cancellationToken = default)
    {
        var (fields, signer) = await OpenAsync(sealedDocument, RetrievalDocuments.RevocationKind, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            if (!_consents.TryGetValue(Field(fields, "consent"), out var consent))
            {
                throw new RetrievalRefusedException(RefusalReason.NoConsent, "There is no such consent.");
            }

            string thumbprint = Thumbprint(signer);
            bool representative = _representations.Values.Any(r => r.Thumbprint == thumbprint && r.ParticipantId == consent.ParticipantId);
            bool participant = _cards.Contains(ZidOf(signer)) && SamePerson(ZidOf(signer), consent.ParticipantId);
            if (!representative && !participant)
            {
                throw new RetrievalRefusedException(RefusalReason.UnregisteredCertificate, "Only the participant or the registered representative can revoke the consent.");
            }

            _consents[consent.Id] = consent with { RevokedAt = consent.RevokedAt ?? _time.GetUtcNow() };
        }
    }

    /// <summary>
    /// A retrieval by an official: the application must be signed by a registered, not blocked, authorised official
    /// of an admitted office, name an application reference and a valid consent of the participant for this office
    /// and certificate. Returns only the data parts the certificate needs; the retrieval is logged.
    /// </summary>
    /// <param name="sealedApplication">A <see cref="RetrievalDocuments.Application"/> document sealed to the ZSS.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <returns>The data.</returns>
    /// <exception cref="RetrievalRefusedException">A rule refused it; <see cref="RetrievalRefusedException.Reason"/> says which.</exception>
    public async Task<RetrievalResult> RetrieveAsync(Stream sealedApplication, CancellationToken cancellationToken = default)
    {
        var (fields, signer) = await OpenAsync(sealedApplication, RetrievalDocuments.ApplicationKind, cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var purpose = ParsePurpose(Field(fields, "purpose"));
        Consent consent;
        Official official;
        Office office;
        string? processingPerson = fields.GetValueOrDefault("processing-person") is { Length: > 0 } p ? p : null;
        lock (_gate)
        {
            if (!_officials.TryGetValue(Thumbprint(signer), out official!))
            {
                throw new RetrievalRefusedException(RefusalReason.UnregisteredCertificate, "The signer is not a registered official.");
            }

            if (!_offices.TryGetValue(official.OfficeNumber, out office!) || !office.Admitted)
            {
                throw new RetrievalRefusedException(RefusalReason.OfficeNotAdmitted, "The official's office is not admitted.");
            }

            if (official.Blocked)
            {
                throw new RetrievalRefusedException(RefusalReason.OfficialBlocked, "The official is blocked.");
            }

            if (DateOnly.FromDateTime(now.UtcDateTime) > official.ValidUntil)
            {
                throw new RetrievalRefusedException(RefusalReason.OfficialExpired, "The official's authorisation has ended.");
            }

            if (!official.Purposes.Contains(purpose))
            {
                throw new RetrievalRefusedException(RefusalReason.WrongPurpose, "The official may not retrieve for this certificate.");
            }

            if (official.IsAgent && processingPerson is null)
            {
                throw new RetrievalRefusedException(RefusalReason.NoProcessingPerson, "An agent must name the processing person.");
            }

            if (!fields.TryGetValue("application", out var application) || application.Length == 0)
            {
                throw new RetrievalRefusedException(RefusalReason.NoApplication, "Without an application there is no retrieval.");
            }

            if (!_consents.TryGetValue(fields.GetValueOrDefault("consent") ?? string.Empty, out consent!))
            {
                throw new RetrievalRefusedException(RefusalReason.NoConsent, "There is no such consent.");
            }

            if (consent.RevokedAt is not null)
            {
                throw new RetrievalRefusedException(RefusalReason.ConsentRevoked, "The consent was revoked.");
            }

            if (consent.ValidUntil is { } until && now > until)
            {
                throw new RetrievalRefusedException(RefusalReason.ConsentExpired, "The consent has expired.");
            }

            if (consent.MaxRetrievals is { } max && consent.Retrievals >= max)
            {
                throw new RetrievalRefusedException(RefusalReason.ConsentExhausted, "The consent's retrievals are used up.");
            }

            if (consent.OfficeNumber != official.OfficeNumber)
            {
                throw new RetrievalRefusedException(RefusalReason.WrongOffice, "The consent was given to another office.");
            }

            if (consent.Purpose != purpose)
            {
                throw new RetrievalRefusedException(RefusalReason.WrongPurpose, "The consent covers another certificate.");
            }

            consent = consent with { Retrievals = consent.Retrievals + 1 };
            _consents[consent.Id] = consent;
        }

        string zid = _rfv.CurrentIdOf(consent.ParticipantId) ?? consent.ParticipantId;
        var reports = Read(zid, CertificateDataParts.For(purpose));
        lock (_gate)
        {
            _log.Add(new RetrievalLogEntry(now, official.Subject, official.IsAgent ? processingPerson : null, zid, office.Name, office.Number, purpose, consent.Id));
        }

        return new RetrievalResult(zid, purpose, reports);
    }

    /// <summary>Self-disclosure (§ 103 Abs. 4 SGB IV): the participant, signing with a registered card, gets all its data; no office, no consent; logged.</summary>
    /// <param name="sealedRequest">A <see cref="RetrievalDocuments.SelfDisclosure"/> document sealed to the ZSS.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <returns>The data.</returns>
    public async Task<RetrievalResult> SelfDisclosureAsync(Stream sealedRequest, CancellationToken cancellationToken = default)
    {
        var (_, signer) = await OpenAsync(sealedRequest, RetrievalDocuments.SelfDisclosureKind, cancellationToken).ConfigureAwait(false);
        string zid;
        lock (_gate)
        {
            zid = _rfv.CurrentIdOf(RegisteredCard(signer)) ?? ZidOf(signer);
        }

        var reports = Read(zid, null);
        lock (_gate)
        {
            _log.Add(new RetrievalLogEntry(_time.GetUtcNow(), signer.Subject, null, zid, null, null, null, null));
        }

        return new RetrievalResult(zid, null, reports);
    }

    /// <summary>
    /// Deletes retrieval log entries older than 2 years and consents that ended (revoked, expired, or used up) more
    /// than 2 years ago — consents are kept as long as the logs (seed 001 §1.6.4.21). Stored data (5 years) is
    /// deleted by <see cref="RetentionService"/>.
    /// </summary>
    /// <returns>How many log entries and consents were deleted.</returns>
    public (int LogEntries, int Consents) RunRetention()
    {
        var cutoff = RetentionPolicy.LogCutoff(_time.GetUtcNow());
        lock (_gate)
        {
            int logs = _log.RemoveAll(e => e.RetrievedAt < cutoff);
            var ended = _consents.Values.Where(c => EndOf(c) is { } end && end < cutoff).Select(c => c.Id).ToList();
            foreach (string id in ended)
            {
                _consents.Remove(id);
            }

            return (logs, ended.Count);
        }
    }

    private DateTimeOffset? EndOf(Consent consent)
    {
        if (consent.RevokedAt is { } revoked)
        {
            return revoked;
        }

        if (consent.MaxRetrievals is { } max && consent.Retrievals >= max)
        {
            return _log.Where(e => e.ConsentId == consent.Id).Select(e => (DateTimeOffset?)e.RetrievedAt).Max() ?? consent.GivenAt;
        }

        return consent.ValidUntil;
    }

    // Decrypts inside the retrieval path only and hands out the needed blocks.
    private List<RetrievedReport> Read(string participantId, IReadOnlySet<string>? parts)
    {
        var reports = new List<RetrievedReport>();
        foreach (var stored in _reader.Read(participantId))
        {
            var record = (EarningsRecord)RecordModel.Parse(stored.RecordBytes.Span);
            if (parts is not null)
            {
                foreach (var block in record.Blocks.ToList())
                {
                    if (!parts.Contains(block.Identifier))
                    {
                        record.SetBlock(block.Identifier, null);
                    }
                }
            }

            reports.Add(new RetrievedReport(stored.Month, stored.EmployerNumber, record));
        }

        return reports;
    }

    private async Task<(Dictionary<string, string> Fields, X509Certificate2 Signer)> OpenAsync(Stream sealedDocument, string kind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sealedDocument);
        using var content = new MemoryStream();
        VerificationResult verification;
        try
        {
            verification = await _opener.OpenAsync(sealedDocument, content, cancellationToken).ConfigureAwait(false);
        }
        catch (SecureMessageException ex)
        {
            throw new RetrievalRefusedException(RefusalReason.InvalidDocument, $"The document cannot be opened ({ex.Error}).");
        }

        return (RetrievalDocuments.Read(content.GetBuffer().AsSpan(0, (int)content.Length), kind), verification.SignerCertificate);
    }

    // Caller holds _gate.
    private string RegisteredCard(X509Certificate2 signer)
    {
        string zid = ZidOf(signer);
        if (!_cards.Contains(zid))
        {
            throw new RetrievalRefusedException(RefusalReason.UnregisteredCertificate, "The signing card is not registered.");
        }

        return zid;
    }

    private bool SamePerson(string a, string b) => a == b || (_rfv.CurrentIdOf(a) is { } x && x == _rfv.CurrentIdOf(b));

    private Office ResponsibleOffice(Dictionary<string, string> fields, X509Certificate2 signer)
    {
        lock (_gate)
        {
            if (!_offices.TryGetValue(Field(fields, "office"), out var office) || !office.Admitted)
            {
                throw new RetrievalRefusedException(RefusalReason.OfficeNotAdmitted, "The office is not admitted.");
            }

            if (office.ResponsibleThumbprint != Thumbprint(signer))
            {
                throw new RetrievalRefusedException(RefusalReason.NotResponsible, "The signer is not the office's responsible person.");
            }

            return office;
        }
    }

    private static void RequireQualified(X509Certificate2 card)
    {
        foreach (var rdn in card.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            if (rdn.GetSingleElementType().Value == PseudonymOid)
            {
                throw new RetrievalRefusedException(RefusalReason.CardNotQualified, "The card carries a pseudonym.");
            }
        }

        var statements = card.Extensions[QcStatementsOid.Value!];
        bool compliant = false;
        if (statements is not null)
        {
            try
            {
                var sequence = new AsnReader(statements.RawData, AsnEncodingRules.DER).ReadSequence();
                while (sequence.HasData)
                {
                    var statement = sequence.ReadSequence();
                    compliant |= statement.ReadObjectIdentifier() == QcComplianceOid;
                }
            }
            catch (AsnContentException)
            {
                compliant = false;
            }
        }

        if (!compliant)
        {
            throw new RetrievalRefusedException(RefusalReason.CardNotQualified, "The card's certificate is not qualified (no QcCompliance statement).");
        }
    }

    /// <summary>The ZID of a card certificate (issuer DN and serial number, as the RFV derives it).</summary>
    /// <param name="card">The card certificate.</param>
    /// <returns>The ZID.</returns>
    public static string ZidOf(X509Certificate2 card)
    {
        ArgumentNullException.ThrowIfNull(card);
        return ParticipantIds.CreateZid(card.IssuerName.RawData, SerialOf(card));
    }

    private static byte[] SerialOf(X509Certificate2 card)
    {
        byte[] serial = card.GetSerialNumber(); // little-endian
        Array.Reverse(serial);
        return serial;
    }

    private static string Thumbprint(X509Certificate2 certificate) => certificate.GetCertHashString(HashAlgorithmName.SHA256);

    private static string Field(Dictionary<string, string> fields, string key)
        => fields.TryGetValue(key, out var value) && value.Length > 0
            ? value
            : throw new RetrievalRefusedException(RefusalReason.InvalidDocument, $"The document has no '{key}'.");

    private static CertificatePurpose ParsePurpose(string value)
        => Enum.TryParse<CertificatePurpose>(value, ignoreCase: false, out var purpose) && Enum.IsDefined(purpose)
            ? purpose
            : throw new RetrievalRefusedException(RefusalReason.InvalidDocument, "The purpose is not one of the five certificates of § 95 SGB IV.");

    private static DateOnly ParseDate(string value)
        => DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new RetrievalRefusedException(RefusalReason.InvalidDocument, "A date is not yyyy-MM-dd.");

    private static int ParseCount(string value)
        => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int count) && count > 0
            ? count
            : throw new RetrievalRefusedException(RefusalReason.InvalidDocument, "The number of retrievals is not a positive number.");

    private static DateTimeOffset EndOfDay(DateOnly day) => new(day.ToDateTime(new TimeOnly(23, 59, 59)), TimeSpan.Zero);

    private sealed record Office(string Number, string Name, string ResponsibleThumbprint, bool Admitted);

    private sealed record Official(string OfficeNumber, string Subject, HashSet<CertificatePurpose> Purposes, DateOnly ValidUntil, bool IsAgent, bool Blocked);

    private sealed record Representation(string ParticipantId, string Thumbprint, DateOnly AuthorityUntil);
}
