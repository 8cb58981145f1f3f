using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Elena.Sdk.Crypto;
using Elena.Sdk.Records.Models;
using Elena.Sdk.Testing.Data;
using Elena.Sdk.Testing.Dsrv;
using Elena.Sdk.Testing.Retrieval;
using Elena.Sdk.Testing.Rfv;
using Elena.Sdk.Testing.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Elena.Sdk.Testing.Tests.Retrieval;

/// <summary>The retrieval side: cards, consents, offices and officials, retrieval with the two-card principle, logs, deletion.</summary>
public sealed class RetrievalServiceTests
{
    private const string OfficeNumber = "87654321";
    private const string OtherOfficeNumber = "12345678";
    private static readonly DateTimeOffset Now = new(2011, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly X509Certificate2 Root = CreateRoot();
    private static readonly X509Certificate2 Zss = Issue("CN=ZSS, OU=BN66660008", qualified: false);
    private static readonly X509Certificate2 Card = Issue("CN=Erika Mustermann", qualified: true);
    private static readonly X509Certificate2 SecondCard = Issue("CN=Erika Mustermann (2)", qualified: true);
    private static readonly X509Certificate2 Representative = Issue("CN=Hans Vormund", qualified: true);
    private static readonly X509Certificate2 Responsible = Issue("CN=Leitung Wohngeldstelle", qualified: false);
    private static readonly X509Certificate2 OfficialCert = Issue("CN=Sachbearbeiterin A", qualified: false);
    private static readonly X509Certificate2 AgentCert = Issue("CN=Abrufagent 1", qualified: false);
    private static readonly X509Certificate2 OtherResponsible = Issue("CN=Leitung Arbeitsagentur", qualified: false);
    private static readonly X509Certificate2 OtherOfficial = Issue("CN=Sachbearbeiter B", qualified: false);

    private readonly FakeTimeProvider _clock = new(Now);
    private readonly DsrvMasterData _master = new();
    private readonly EncryptedRecordStore _store;
    private readonly InMemoryRfv _rfv;
    private readonly RetrievalService _service;
    private readonly EarningsRecord _mvds;

    public RetrievalServiceTests()
    {
        _store = new EncryptedRecordStore(new InMemoryMasterKeyVault(5), _clock);
        var dsrv = new InMemoryDsrv(_master, _clock, seed: 1);
        _rfv = new InMemoryRfv(dsrv, _clock, seed: 1);
        _service = new RetrievalService(new RetrievalOptions
        {
            Keys = [new DecryptionKey(Zss, Zss.GetRSAPrivateKey()!)],
            TrustAnchors = [Root],
            TimeProvider = _clock,
        }, _rfv, _store);

        // One participant with two months stored under a vID, as the acceptance side leaves them.
        _mvds = SyntheticFileGenerator.Generate(new SyntheticFileOptions { EarningsRecords = 1, Seed = 11 }).OfType<EarningsRecord>().Single();
        _master.Add(DsrvPerson.FromRecord(_mvds));
        var answer = _rfv.Process(_mvds, "1");
        var writer = _store.CreateWriter();
        writer.StoreReport(answer.CurrentId!, new DateOnly(2011, 1, 1), "33526082", answer.Record.ToBytes(), false);
        writer.StoreReport(answer.CurrentId!, new DateOnly(2011, 2, 1), "33526082", answer.Record.ToBytes(), false);

        _service.AdmitOffice(OfficeNumber, "Wohngeldstelle Musterstadt", Responsible);
        _service.AdmitOffice(OtherOfficeNumber, "Agentur fuer Arbeit Musterstadt", OtherResponsible);
    }

    private static X509Certificate2 CreateRoot()
    {
        var request = new CertificateRequest("CN=Qualified Provider Root, C=DE", RSA.Create(2048), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        return request.CreateSelfSigned(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero));
    }

    private static X509Certificate2 Issue(string subject, bool qualified, bool pseudonym = false)
    {
        var key = RSA.Create(2048);
        var name = pseudonym ? new X500DistinguishedNameBuilder() : null;
        X500DistinguishedName dn;
        if (name is not null)
        {
            name.Add("2.5.4.65", "Pseudo 42", UniversalTagNumber.UTF8String);
            name.AddCommonName("Pseudo 42 PN");
            dn = name.Build();
        }
        else
        {
            dn = new X500DistinguishedName(subject + ", C=DE");
        }

        var request = new CertificateRequest(dn, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        if (qualified)
        {
            var writer = new AsnWriter(AsnEncodingRules.DER);
            using (writer.PushSequence())
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier("0.4.0.1862.1.1");
            }

            request.CertificateExtensions.Add(new X509Extension("1.3.6.1.5.5.7.1.3", writer.Encode(), false));
        }

        using var cert = request.Create(Root.SubjectName, X509SignatureGenerator.CreateForRSA(Root.GetRSAPrivateKey()!, RSASignaturePadding.Pkcs1),
            new DateTimeOffset(2010, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2090, 1, 1, 0, 0, 0, TimeSpan.Zero), RandomNumberGenerator.GetBytes(8));
        return cert.CopyWithPrivateKey(key);
    }

    private MemoryStream Seal(byte[] document, X509Certificate2 signer)
    {
        var sealer = new MessageSealer(new SealOptions { SignerCertificate = signer, SignerKey = signer.GetRSAPrivateKey()!, TimeProvider = _clock });
        var output = new MemoryStream();
        using (var sealing = sealer.Open(output, Zss))
        {
            sealing.Write(document);
        }

        output.Position = 0;
        return output;
    }

    private async Task<string> ReadyAsync(CertificatePurpose purpose = CertificatePurpose.HousingBenefit, DateOnly? until = null, int? max = null, string office = OfficeNumber)
    {
        _service.RegisterCard(_mvds.InsuranceNumber, Card);
        await _service.RegisterOfficialAsync(Seal(RetrievalDocuments.Official(OfficeNumber, OfficialCert, [CertificatePurpose.HousingBenefit, CertificatePurpose.ParentalBenefit], new DateOnly(2012, 12, 31)), Responsible));
        var consent = await _service.SubmitConsentAsync(Seal(RetrievalDocuments.Consent(office, purpose, until, max), Card));
        return consent.Id;
    }

    private Task<RetrievalResult> RetrieveAsync(string consentId, CertificatePurpose purpose = CertificatePurpose.HousingBenefit, X509Certificate2? official = null, string application = "WG-2011-0042", string? processingPerson = null)
        => _service.RetrieveAsync(Seal(RetrievalDocuments.Application(consentId, purpose, application, processingPerson), official ?? OfficialCert));

    private async Task<RefusalReason> RefusedAsync(Func<Task> action)
        => (await Assert.ThrowsAsync<RetrievalRefusedException>(action)).Reason;

    [Fact]
    public void RegisterCard_DataMovesFromVidToZid_SecondCardTakesOver()
    {
        string vid = _rfv.CurrentId(_mvds.InsuranceNumber);

        string zid = _service.RegisterCard(_mvds.InsuranceNumber, Card);

        Assert.Equal(RetrievalService.ZidOf(Card), zid);
        Assert.All(_store.Entries, e => Assert.Equal(zid, e.ParticipantId));
        string second = _service.RegisterCard(_mvds.InsuranceNumber, SecondCard);
        Assert.All(_store.Entries, e => Assert.Equal(second, e.ParticipantId));
        Assert.Equal([vid, zid, second], _rfv.IdsOf(_mvds.InsuranceNumber));
    }

    [Fact]
    public void RegisterCard_NotQualifiedOrPseudonym_Refused()
    {
        var plain = Issue("CN=Erika Mustermann", qualified: false);
        var pseudonym = Issue("ignored", qualified: true, pseudonym: true);

        Assert.Equal(RefusalReason.CardNotQualified, Assert.Throws<RetrievalRefusedException>(() => _service.RegisterCard(_mvds.InsuranceNumber, plain)).Reason);
        Assert.Equal(RefusalReason.CardNotQualified, Assert.Throws<RetrievalRefusedException>(() => _service.RegisterCard(_mvds.InsuranceNumber, pseudonym)).Reason);
        Assert.All(_store.Entries, e => Assert.True(ParticipantIds.IsVid(e.ParticipantId)));
    }

    [Fact]
    public async Task Retrieve_ConsentAndApplication_OnlyTheNeededPartsAndLogged()
    {
        string consent = await ReadyAsync();

        var result = await RetrieveAsync(consent);

        Assert.Equal(RetrievalService.ZidOf(Card), result.ParticipantId);
        Assert.Equal([new DateOnly(2011, 1, 1), new DateOnly(2011, 2, 1)], result.Reports.Select(r => r.Month));
        var allowed = CertificateDataParts.For(CertificatePurpose.HousingBenefit);
        Assert.All(result.Reports, r => Assert.All(r.Record.Blocks, b => Assert.Contains(b.Identifier, allowed)));
        Assert.NotNull(result.Reports[0].Record.EarningsBasics);
        Assert.Null(result.Reports[0].Record.IdentityNumbers);
        Assert.Null(result.Reports[0].Record.AbsencePeriods); // not needed for housing benefit
        var entry = Assert.Single(_service.Log);
        Assert.Equal((Now, OfficialCert.Subject, (string?)null, result.ParticipantId, "Wohngeldstelle Musterstadt", OfficeNumber, consent),
            (entry.RetrievedAt, entry.RetrievingPerson, entry.ProcessingPerson, entry.ParticipantId, entry.OfficeName, entry.OfficeNumber, entry.ConsentId));
    }

    [Fact]
    public async Task Retrieve_ParentalBenefit_GetsAbsencePeriodsButNotTaxFreePayments()
    {
        string consent = await ReadyAsync(CertificatePurpose.ParentalBenefit);

        var result = await RetrieveAsync(consent, CertificatePurpose.ParentalBenefit);

        Assert.All(result.Reports, r => Assert.Null(r.Record.TaxFreePayments));
        Assert.Equal(_mvds.AbsencePeriods is null, result.Reports[0].Record.AbsencePeriods is null);
    }

    [Fact]
    public async Task Retrieve_NoConsent_Refused()
    {
        await ReadyAsync();
        Assert.Equal(RefusalReason.NoConsent, await RefusedAsync(() => RetrieveAsync("C999999")));
        Assert.Empty(_service.Log);
    }

    [Fact]
    public async Task Retrieve_Revoked_Refused_OnlyTheParticipantMayRevoke()
    {
        string consent = await ReadyAsync();
        Assert.Equal(RefusalReason.UnregisteredCertificate,
            await RefusedAsync(() => _service.RevokeConsentAsync(Seal(RetrievalDocuments.Revocation(consent), OfficialCert))));
        await RetrieveAsync(consent);

        await _service.RevokeConsentAsync(Seal(RetrievalDocuments.Revocation(consent), Card));

        Assert.Equal(RefusalReason.ConsentRevoked, await RefusedAsync(() => RetrieveAsync(consent)));
        Assert.Single(_service.Log);
    }

    [Fact]
    public async Task Retrieve_AfterTimeLimit_Refused()
    {
        string consent = await ReadyAsync(until: new DateOnly(2011, 3, 31));
        await RetrieveAsync(consent);

        _clock.Advance(TimeSpan.FromDays(31));

        Assert.Equal(RefusalReason.ConsentExpired, await RefusedAsync(() => RetrieveAsync(consent)));
    }

    [Fact]
    public async Task Retrieve_NumberOfRetrievalsUsedUp_Refused()
    {
        string consent = await ReadyAsync(max: 2);
        await RetrieveAsync(consent);
        await RetrieveAsync(consent);

        Assert.Equal(RefusalReason.ConsentExhausted, await RefusedAsync(() => RetrieveAsync(consent)));
        Assert.Equal(2, _service.Consents.Single().Retrievals);
    }

    [Fact]
    public async Task Retrieve_ConsentForAnotherOffice_Refused()
    {
        string consent = await ReadyAsync(office: OtherOfficeNumber);
        Assert.Equal(RefusalReason.WrongOffice, await RefusedAsync(() => RetrieveAsync(consent)));
    }

    [Fact]
    public async Task Retrieve_OtherCertificateThanConsented_Refused()
    {
        string consent = await ReadyAsync(CertificatePurpose.HousingBenefit);
        Assert.Equal(RefusalReason.WrongPurpose, await RefusedAsync(() => RetrieveAsync(consent, CertificatePurpose.ParentalBenefit)));
    }

    [Fact]
    public async Task Retrieve_OfficialNotAuthorisedForTheCertificate_Refused()
    {
        string consent = await ReadyAsync(CertificatePurpose.SideIncome);
        Assert.Equal(RefusalReason.WrongPurpose, await RefusedAsync(() => RetrieveAsync(consent, CertificatePurpose.SideIncome)));
    }

    [Fact]
    public async Task Retrieve_BlockedOfficial_Refused_BlockOnlyByTheResponsiblePerson()
    {
        string consent = await ReadyAsync();
        Assert.Equal(RefusalReason.NotResponsible,
            await RefusedAsync(() => _service.BlockOfficialAsync(Seal(RetrievalDocuments.Block(OfficeNumber, OfficialCert), OtherResponsible))));
        await RetrieveAsync(consent);

        await _service.BlockOfficialAsync(Seal(RetrievalDocuments.Block(OfficeNumber, OfficialCert), Responsible));

        Assert.Equal(RefusalReason.OfficialBlocked, await RefusedAsync(() => RetrieveAsync(consent)));
    }

    [Fact]
    public async Task Retrieve_OfficialAuthorisationEnded_Refused()
    {
        string consent = await ReadyAsync();
        _clock.SetUtcNow(new DateTimeOffset(2013, 1, 1, 8, 0, 0, TimeSpan.Zero));
        Assert.Equal(RefusalReason.OfficialExpired, await RefusedAsync(() => RetrieveAsync(consent)));
    }

    [Fact]
    public async Task Retrieve_UnregisteredCertificate_Refused()
    {
        string consent = await ReadyAsync();
        Assert.Equal(RefusalReason.UnregisteredCertificate, await RefusedAsync(() => RetrieveAsync(consent, official: OtherOfficial)));
        Assert.Equal(RefusalReason.UnregisteredCertificate, await RefusedAsync(() => RetrieveAsync(consent, official: Card))); // the participant's card is not an official's
    }

    [Fact]
    public async Task Retrieve_OfficeAdmissionWithdrawn_Refused()
    {
        string consent = await ReadyAsync();
        _service.WithdrawAdmission(OfficeNumber);
        Assert.Equal(RefusalReason.OfficeNotAdmitted, await RefusedAsync(() => RetrieveAsync(consent)));
    }

    [Fact]
    public async Task Retrieve_WithoutApplication_Refused()
    {
        string consent = await ReadyAsync();
        Assert.Equal(RefusalReason.NoApplication, await RefusedAsync(() => RetrieveAsync(consent, application: " ")));
    }

    [Fact]
    public async Task Retrieve_ByAgent_NeedsAndLogsTheProcessingPerson()
    {
        string consent = await ReadyAsync();
        await _service.RegisterOfficialAsync(Seal(RetrievalDocuments.Official(OfficeNumber, AgentCert, [CertificatePurpose.HousingBenefit], new DateOnly(2012, 12, 31), isAgent: true), Responsible));

        Assert.Equal(RefusalReason.NoProcessingPerson, await RefusedAsync(() => RetrieveAsync(consent, official: AgentCert)));
        await RetrieveAsync(consent, official: AgentCert, processingPerson: "Sachbearbeiter C");

        var entry = Assert.Single(_service.Log);
        Assert.Equal((AgentCert.Subject, "Sachbearbeiter C"), (entry.RetrievingPerson, entry.ProcessingPerson));
    }

    [Fact]
    public async Task RegisterOfficial_NotTheResponsiblePerson_Refused()
    {
        Assert.Equal(RefusalReason.NotResponsible, await RefusedAsync(() =>
            _service.RegisterOfficialAsync(Seal(RetrievalDocuments.Official(OfficeNumber, OtherOfficial, [CertificatePurpose.HousingBenefit], new DateOnly(2012, 12, 31)), OfficialCert))));
    }

    [Fact]
    public async Task Consent_UnregisteredCard_Refused()
    {
        Assert.Equal(RefusalReason.UnregisteredCertificate, await RefusedAsync(() =>
            _service.SubmitConsentAsync(Seal(RetrievalDocuments.Consent(OfficeNumber, CertificatePurpose.HousingBenefit), SecondCard))));
    }

    [Fact]
    public async Task Consent_ByRegisteredRepresentative_UsableAndRevocable_AfterAuthorityEndedRefused()
    {
        await ReadyAsync();
        string representation = _service.RegisterRepresentative(_mvds.InsuranceNumber, Representative, new DateOnly(2011, 6, 30));

        var consent = await _service.SubmitConsentAsync(Seal(RetrievalDocuments.Consent(OfficeNumber, CertificatePurpose.HousingBenefit, representation: representation), Representative));

        Assert.True(consent.GivenByRepresentative);
        Assert.Equal(2, (await RetrieveAsync(consent.Id)).Reports.Count);
        await _service.RevokeConsentAsync(Seal(RetrievalDocuments.Revocation(consent.Id), Representative));
        Assert.Equal(RefusalReason.ConsentRevoked, await RefusedAsync(() => RetrieveAsync(consent.Id)));

        _clock.SetUtcNow(new DateTimeOffset(2011, 7, 1, 8, 0, 0, TimeSpan.Zero));
        Assert.Equal(RefusalReason.RepresentationEnded, await RefusedAsync(() =>
            _service.SubmitConsentAsync(Seal(RetrievalDocuments.Consent(OfficeNumber, CertificatePurpose.HousingBenefit, representation: representation), Representative))));
    }

    [Fact]
    public async Task Consent_TamperedOrForeignDocument_Refused()
    {
        _service.RegisterCard(_mvds.InsuranceNumber, Card);
        var sealedConsent = Seal(RetrievalDocuments.Consent(OfficeNumber, CertificatePurpose.HousingBenefit), Card).ToArray();
        sealedConsent[^40] ^= 0x01;

        Assert.Equal(RefusalReason.InvalidDocument, await RefusedAsync(() => _service.SubmitConsentAsync(new MemoryStream(sealedConsent))));
        Assert.Equal(RefusalReason.InvalidDocument, await RefusedAsync(() => _service.SubmitConsentAsync(Seal(RetrievalDocuments.SelfDisclosure(), Card))));
        Assert.Empty(_service.Consents);
    }

    [Fact]
    public async Task SelfDisclosure_AllDataWithoutOfficeOrConsent_Logged()
    {
        _service.RegisterCard(_mvds.InsuranceNumber, Card);

        var result = await _service.SelfDisclosureAsync(Seal(RetrievalDocuments.SelfDisclosure(), Card));

        Assert.Equal(2, result.Reports.Count);
        Assert.NotNull(result.Reports[0].Record.IdentityNumbers); // nothing held back from the participant
        var entry = Assert.Single(_service.Log);
        Assert.Null(entry.OfficeNumber);
        Assert.Null(entry.ConsentId);
        Assert.Equal(RefusalReason.UnregisteredCertificate, await RefusedAsync(() => _service.SelfDisclosureAsync(Seal(RetrievalDocuments.SelfDisclosure(), SecondCard))));
    }

    [Fact]
    public async Task Retention_LogsAfterTwoYears_EndedConsentsWithThem_OpenConsentsKept()
    {
        string revoked = await ReadyAsync();
        await RetrieveAsync(revoked);
        await _service.RevokeConsentAsync(Seal(RetrievalDocuments.Revocation(revoked), Card));
        var open = await _service.SubmitConsentAsync(Seal(RetrievalDocuments.Consent(OfficeNumber, CertificatePurpose.HousingBenefit), Card));

        _clock.Advance(TimeSpan.FromDays(729)); // two years less two days (2012 is a leap year)
        Assert.Equal((0, 0), _service.RunRetention());
        _clock.Advance(TimeSpan.FromDays(4));

        Assert.Equal((1, 1), _service.RunRetention());
        Assert.Empty(_service.Log);
        Assert.Equal([open.Id], _service.Consents.Select(c => c.Id));
    }

    [Fact]
    public async Task Refusals_NameNoPersonalData()
    {
        string consent = await ReadyAsync();
        _service.WithdrawAdmission(OfficeNumber);

        var ex = await Assert.ThrowsAsync<RetrievalRefusedException>(() => RetrieveAsync(consent));

        Assert.DoesNotContain(_mvds.InsuranceNumber, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(RetrievalService.ZidOf(Card), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RetentionService_SharedWithTheAcceptanceSide_DataAfterFiveYearsLogsAfterTwo()
    {
        string consent = await ReadyAsync();
        await RetrieveAsync(consent);
        var retention = new RetentionService(_store, new ReportLog(), _clock, _service);

        _clock.Advance(TimeSpan.FromDays(735));
        var afterTwoYears = retention.Run();
        Assert.Equal((0, 1, 0), (afterTwoYears.DeletedReports, afterTwoYears.DeletedRetrievalLogEntries, afterTwoYears.DeletedConsents));
        Assert.Equal([consent], _service.Consents.Select(c => c.Id)); // an open consent is kept
        Assert.Equal(2, (await _service.SelfDisclosureAsync(Seal(RetrievalDocuments.SelfDisclosure(), Card))).Reports.Count); // the data is still there

        _clock.Advance(TimeSpan.FromDays(3 * 366));
        Assert.Equal(2, retention.Run().DeletedReports);
        Assert.Empty((await _service.SelfDisclosureAsync(Seal(RetrievalDocuments.SelfDisclosure(), Card))).Reports);
    }
}
