using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Elena.Sdk.Certificates.Store;
using Elena.Sdk.Certificates.Tests.Support;
using Elena.Sdk.Certificates.TrustCenter;
using Elena.Sdk.Crypto;
using Elena.Sdk.Crypto.KeyLists;
using Elena.Sdk.Testing.TrustCenter;

namespace Elena.Sdk.Certificates.Tests.TrustCenter;

public sealed class TrustCenterWorkflowTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task FirstRequest_LetterUnlockConfirmDelay_IssuesAndStoresCertificate(bool overLoopback)
    {
        await using var env = await TrustCenterEnvironment.StartAsync(overLoopback);
        string guid = env.TrustCenter.Register(TrustCenterEnvironment.Bbnr);

        var pending = await env.Workflow.StartFirstRequestAsync(TrustCenterEnvironment.Applicant(), guid);
        Assert.NotNull(pending.OrderNumber);
        Assert.Equal(CertificateStatus.Pending, env.Workflow.GetStatus());
        var letter = Assert.Single(env.TrustCenter.Letters);
        Assert.Equal(pending.PublicKeyHashForDisplay, letter.PublicKeyHash);
        Assert.Matches("^([0-9A-F]{4} ){15}[0-9A-F]{4}$", letter.PublicKeyHash);

        await env.Workflow.ConfirmOrderAsync();
        Assert.Null(await env.Workflow.TryFetchCertificateAsync()); // not unlocked in the portal yet
        Assert.False(env.TrustCenter.EnterUnlockCode(letter.OrderNumber, "00000000"));
        Assert.True(env.TrustCenter.EnterUnlockCode(letter.OrderNumber, letter.UnlockCode));
        env.Time.Advance(TimeSpan.FromDays(1));
        Assert.Null(await env.Workflow.TryFetchCertificateAsync()); // the issuing delay is not over
        env.Time.Advance(TimeSpan.FromDays(1));
        var stored = Assert.IsType<StoredCertificate>(await env.Workflow.TryFetchCertificateAsync());

        Assert.Null(env.Store.Pending);
        Assert.Equal(CertificateStatus.Issued, env.Workflow.GetStatus());
        Assert.Equal(pending.PublicKeyHash, PublicKeyHashes.Compute(stored.Certificate.GetRSAPublicKey()!));
        Assert.Single(env.Store.AuthorityCertificates);
        using var reopened = CertificateStore.Open(env.StorePath, StoreTestData.Password, StoreTestData.Options(env.Time));
        using var withKey = reopened.Certificates.Single().GetCertificateWithKey();
        Assert.True(withKey.HasPrivateKey);
    }

    [Fact]
    public async Task FirstRequest_SubjectIsItsgDnInPrintableString_KeyIs4096ByDefault()
    {
        await using var env = await TrustCenterEnvironment.StartAsync(false);
        var workflow = new TrustCenterWorkflow(env.Store, env.Client, new TrustCenterWorkflowOptions { TimeProvider = env.Time });
        var pending = await workflow.StartFirstRequestAsync(TrustCenterEnvironment.Applicant(), env.TrustCenter.Register(TrustCenterEnvironment.Bbnr));

        var request = CertificateRequest.LoadSigningRequest(pending.Pkcs10, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.Default, RSASignaturePadding.Pkcs1);
        Assert.Equal(4096, request.PublicKey.GetRSAPublicKey()!.KeySize);
        var rdns = request.SubjectName.EnumerateRelativeDistinguishedNames().Select(r => (r.GetSingleElementType().Value, r.GetSingleElementValue())).ToList();
        Assert.Equal(
            [("2.5.4.6", "DE"), ("2.5.4.10", "ITSG TrustCenter fuer Arbeitgeber"), ("2.5.4.11", "Baeckerei Sonnenschein + Soehne GmbH"), ("2.5.4.11", "BN12345678"), ("2.5.4.3", "Mueller")],
            rdns);
        // Every value is a PrintableString (tag 0x13).
        var reader = new AsnReader(request.SubjectName.RawData, AsnEncodingRules.DER).ReadSequence();
        while (reader.HasData)
        {
            var attribute = reader.ReadSetOf().ReadSequence();
            attribute.ReadObjectIdentifier();
            Assert.Equal(UniversalTagNumber.PrintableString, (UniversalTagNumber)attribute.PeekTag().TagValue);
        }
    }

    [Fact]
    public async Task FirstRequest_WhilePending_NoSecondKeyPair_UntilDiscardedExplicitly()
    {
        await using var env = await TrustCenterEnvironment.StartAsync(false);
        var first = await env.Workflow.StartFirstRequestAsync(TrustCenterEnvironment.Applicant(), env.TrustCenter.Register(TrustCenterEnvironment.Bbnr));

        var error = await Assert.ThrowsAsync<CertificateWorkflowException>(() =>
            env.Workflow.StartFirstRequestAsync(TrustCenterEnvironment.Applicant(), env.TrustCenter.Register(TrustCenterEnvironment.Bbnr)));
        Assert.Equal(CertificateWorkflowError.RequestPending, error.Error);
        Assert.Equal(first.PublicKeyHash, env.Store.Pending!.PublicKeyHash);
        Assert.Single(env.TrustCenter.Letters);

        Assert.True(env.Store.DiscardPending());
        var second = await env.Workflow.StartFirstRequestAsync(TrustCenterEnvironment.Applicant(), env.TrustCenter.Register(TrustCenterEnvironment.Bbnr));
        Assert.NotEqual(first.PublicKeyHash, second.PublicKeyHash);
    }

    [Fact]
    public async Task TrustCenter_FirstRequestWithoutGuid_Refused()
    {
        await using var env = await TrustCenterEnvironment.StartAsync(false);
        using var key = RSA.Create(2048);
        var applicant = TrustCenterEnvironment.Applicant();
        byte[] csr = new CertificateRequest(applicant.SubjectName(), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSigningRequest();
        byte[] inner = OstcXml.WriteInner(applicant.ToApplication(csr, null, env.Time.GetUtcNow()));
        var response = await SendRawAsync(env, OstcXml.DataTypeApplication, inner, encrypted: false);
        Assert.True(response.IsError);
        Assert.Equal(TrustCenterCodes.GuidMissing, response.Flags.Single().Code);
        Assert.Empty(env.TrustCenter.Letters);
    }

    [Fact]
    public async Task TrustCenter_UnknownGuid_Refused_PendingKeyKept_AndSentAgain()
    {
        await using var env = await TrustCenterEnvironment.StartAsync(false);
        var error = await Assert.ThrowsAsync<TrustCenterException>(() => env.Workflow.StartFirstRequestAsync(TrustCenterEnvironment.Applicant(), Guid.NewGuid().ToString()));
        Assert.Equal(TrustCenterCodes.GuidUnknown, error.Code);
        var unsent = env.Store.Pending!;
        Assert.Null(unsent.OrderNumber);

        // Sent again with the right GUID: the same key pair, now with an order number.
        var sent = await env.Workflow.StartFirstRequestAsync(TrustCenterEnvironment.Applicant(), env.TrustCenter.Register(TrustCenterEnvironment.Bbnr));
        Assert.Equal(unsent.PublicKeyHash, sent.PublicKeyHash);
        Assert.NotNull(sent.OrderNumber);
    }

    [Fact]
    public async Task OrderConfirmation_WrongHash_Refused_UnknownOrder_Refused()
    {
        await using var env = await TrustCenterEnvironment.StartAsync(true);
        var pending = await env.Workflow.StartFirstRequestAsync(TrustCenterEnvironment.Applicant(), env.TrustCenter.Register(TrustCenterEnvironment.Bbnr));

        var wrong = await Assert.ThrowsAsync<TrustCenterException>(() =>
            env.Client.SendOrderConfirmationAsync(pending.OrderNumber!, TrustCenterEnvironment.Bbnr, new string('A', 64)));
        Assert.Equal(TrustCenterCodes.HashMismatch, wrong.Code);

        var unknown = await Assert.ThrowsAsync<TrustCenterException>(() =>
            env.Client.SendOrderConfirmationAsync("999999999", TrustCenterEnvironment.Bbnr, pending.PublicKeyHash));
        Assert.Equal(TrustCenterCodes.UnknownOrder, unknown.Code);
        var unknownFetch = await Assert.ThrowsAsync<TrustCenterException>(() => env.Client.FetchCertificateAsync("999999999", TrustCenterEnvironment.Bbnr));
        Assert.Equal(TrustCenterCodes.UnknownOrder, unknownFetch.Code);

        // The typed hash from the letter (groups of four, lower case) is accepted.
        await env.Client.SendOrderConfirmationAsync(pending.OrderNumber!, TrustCenterEnvironment.Bbnr, pending.PublicKeyHashForDisplay.ToLowerInvariant());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Renewal_WhileValid_SignedAndSealed_NoGuid_NoLetter(bool overLoopback)
    {
        await using var env = await TrustCenterEnvironment.StartAsync(overLoopback);
        var first = await env.IssueFirstCertificateAsync();
        var raised = new List<RenewalDueEventArgs>();
        env.Workflow.RenewalDue += (_, e) => raised.Add(e);
        Assert.Empty(env.Workflow.CheckRenewal());

        env.Time.Advance(first.Certificate.NotAfter.ToUniversalTime() - env.Time.GetUtcNow().UtcDateTime - TimeSpan.FromDays(60));
        Assert.Equal(CertificateStatus.ExpiringSoon, env.Workflow.GetStatus(first));
        Assert.Single(env.Workflow.CheckRenewal());
        Assert.Equal(CertificateStatus.ExpiringSoon, Assert.Single(raised).Status);

        var renewal = await env.Workflow.StartRenewalAsync(TrustCenterEnvironment.Applicant());
        Assert.Equal(RequestKind.Renewal, renewal.Kind);
        Assert.Single(env.TrustCenter.Letters); // only the first request's letter
        await env.Workflow.ConfirmOrderAsync();
        Assert.Null(await env.Workflow.TryFetchCertificateAsync());
        env.Time.Advance(TimeSpan.FromDays(2));
        var second = Assert.IsType<StoredCertificate>(await env.Workflow.TryFetchCertificateAsync());

        Assert.Equal(2, env.Store.Certificates.Count);
        Assert.Same(second, env.Store.GetCurrent(env.Time.GetUtcNow()));
        Assert.Equal(CertificateStatus.Issued, env.Workflow.GetStatus());
        Assert.Empty(env.Workflow.CheckRenewal());
    }

    [Fact]
    public async Task Renewal_AfterExpiry_RequiresFirstRequest_AndTrustCenterRefusesExpiredSigner()
    {
        await using var env = await TrustCenterEnvironment.StartAsync(false);
        var first = await env.IssueFirstCertificateAsync();
        env.Time.Advance(first.Certificate.NotAfter.ToUniversalTime() - env.Time.GetUtcNow().UtcDateTime + TimeSpan.FromDays(1));

        Assert.Equal(CertificateStatus.Expired, env.Workflow.GetStatus());
        Assert.Equal(CertificateStatus.Expired, Assert.Single(env.Workflow.CheckRenewal()).Status);
        var error = await Assert.ThrowsAsync<CertificateWorkflowException>(() => env.Workflow.StartRenewalAsync(TrustCenterEnvironment.Applicant()));
        Assert.Equal(CertificateWorkflowError.CertificateExpired, error.Error);
        Assert.Null(env.Store.Pending);

        using var newKey = RSA.Create(2048);
        byte[] csr = new CertificateRequest(TrustCenterEnvironment.Applicant().SubjectName(), newKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSigningRequest();
        using var oldKey = first.GetCertificateWithKey();
        var refused = await Assert.ThrowsAsync<TrustCenterException>(() => env.Client.SendRenewalAsync(
            TrustCenterEnvironment.Applicant(), csr, first.Certificate, oldKey.GetRSAPrivateKey()!, env.TrustCenter.OwnCertificate));
        Assert.Equal(TrustCenterCodes.SignerExpired, refused.Code);

        // The way out: a first request with a new GUID.
        var pending = await env.Workflow.StartFirstRequestAsync(TrustCenterEnvironment.Applicant(), env.TrustCenter.Register(TrustCenterEnvironment.Bbnr));
        Assert.Equal(RequestKind.First, pending.Kind);
    }

    [Fact]
    public async Task Renewal_SignedByUnknownCertificate_Refused()
    {
        await using var env = await TrustCenterEnvironment.StartAsync(false);
        using var strangerKey = RSA.Create(2048);
        var strangerRequest = new CertificateRequest(TrustCenterEnvironment.Applicant().SubjectName(), strangerKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var stranger = strangerRequest.CreateSelfSigned(env.Time.GetUtcNow().AddDays(-1), env.Time.GetUtcNow().AddYears(1));
        byte[] csr = strangerRequest.CreateSigningRequest();

        var refused = await Assert.ThrowsAsync<TrustCenterException>(() => env.Client.SendRenewalAsync(
            TrustCenterEnvironment.Applicant(), csr, stranger, strangerKey, env.TrustCenter.OwnCertificate));
        Assert.Equal(TrustCenterCodes.SignerUnknown, refused.Code);
    }

    [Fact]
    public async Task Renewal_SignedByRevokedCertificate_Refused()
    {
        await using var env = await TrustCenterEnvironment.StartAsync(false);
        var first = await env.IssueFirstCertificateAsync();
        env.TrustCenter.Revoke(first.Certificate);
        var refused = await Assert.ThrowsAsync<TrustCenterException>(() => env.Workflow.StartRenewalAsync(TrustCenterEnvironment.Applicant()));
        Assert.Equal(TrustCenterCodes.SignerUnknown, refused.Code);
    }

    [Fact]
    public async Task TrustCenter_RenewalWithGuid_Refused()
    {
        await using var env = await TrustCenterEnvironment.StartAsync(false);
        var first = await env.IssueFirstCertificateAsync();
        using var key = RSA.Create(2048);
        var applicant = TrustCenterEnvironment.Applicant();
        byte[] csr = new CertificateRequest(applicant.SubjectName(), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSigningRequest();
        byte[] inner = OstcXml.WriteInner(applicant.ToApplication(csr, env.TrustCenter.Register(TrustCenterEnvironment.Bbnr), env.Time.GetUtcNow()));
        using var signer = first.GetCertificateWithKey();
        var sealer = new MessageSealer(new SealOptions { SignerCertificate = signer, SignerKey = signer.GetRSAPrivateKey()!, TimeProvider = env.Time });
        using var output = new MemoryStream();
        await sealer.SealAsync(new MemoryStream(inner), output, env.TrustCenter.OwnCertificate);

        var response = await SendRawAsync(env, OstcXml.DataTypeApplication, output.ToArray(), encrypted: true);
        Assert.Equal(TrustCenterCodes.GuidInRenewal, response.Flags.Single().Code);
    }

    [Fact]
    public async Task Renewal_ContactPersonChanged_RequiresFirstRequest()
    {
        await using var env = await TrustCenterEnvironment.StartAsync(false);
        await env.IssueFirstCertificateAsync();
        var error = await Assert.ThrowsAsync<CertificateWorkflowException>(() => env.Workflow.StartRenewalAsync(TrustCenterEnvironment.Applicant("Schmidt")));
        Assert.Equal(CertificateWorkflowError.ContactPersonChanged, error.Error);
        Assert.Null(env.Store.Pending);
    }

    [Fact]
    public async Task ImportReply_Unreadable_Or_NotMatching_LeavesPendingUntouched()
    {
        await using var env = await TrustCenterEnvironment.StartAsync(false);
        var pending = await env.Workflow.StartFirstRequestAsync(TrustCenterEnvironment.Applicant(), env.TrustCenter.Register(TrustCenterEnvironment.Bbnr));

        var unreadable = Assert.Throws<CertificateWorkflowException>(() => env.Workflow.ImportReply("not a certificate"u8));
        Assert.Equal(CertificateWorkflowError.ReplyUnreadable, unreadable.Error);

        // A genuine reply of the trust center — but for another employer's key.
        using var otherKey = RSA.Create(2048);
        var other = new CertificateRequest(TrustCenterEnvironment.Applicant().SubjectName(), otherKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .Create(env.TrustCenter.Authority, env.Time.GetUtcNow(), env.Time.GetUtcNow().AddYears(1), [9, 9]);
        byte[] p7 = new X509Certificate2Collection { other, env.TrustCenter.Authority }.Export(X509ContentType.Pkcs7)!;
        var mismatch = Assert.Throws<CertificateWorkflowException>(() => env.Workflow.ImportReply(p7));
        Assert.Equal(CertificateWorkflowError.ReplyDoesNotMatch, mismatch.Error);

        using var reopened = CertificateStore.Open(env.StorePath, StoreTestData.Password, StoreTestData.Options(env.Time));
        Assert.Equal(pending.PublicKeyHash, reopened.Pending!.PublicKeyHash);
        Assert.Empty(reopened.Certificates);
    }

    [Fact]
    public async Task ImportReply_DerAndBase64Forms_Accepted()
    {
        await using var env = await TrustCenterEnvironment.StartAsync(false, CertificateReplyFormat.Der);
        var stored = await env.IssueFirstCertificateAsync();
        Assert.Empty(env.Store.AuthorityCertificates);
        Assert.Equal(CertificateStatus.Issued, env.Workflow.GetStatus(stored));

        // A base64 text reply (as some portals offer it) of a new pending request.
        env.Store.DiscardPending();
        var pending = await env.Workflow.StartRenewalAsync(TrustCenterEnvironment.Applicant());
        await env.Workflow.ConfirmOrderAsync();
        env.Time.Advance(TimeSpan.FromDays(3));
        byte[] der = (await env.Client.FetchCertificateAsync(pending.OrderNumber!, TrustCenterEnvironment.Bbnr))!;
        var imported = env.Workflow.ImportReply(System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(der, Base64FormattingOptions.InsertLineBreaks)));
        Assert.Equal(pending.PublicKeyHash, PublicKeyHashes.Compute(imported.Certificate.GetRSAPublicKey()!));
    }

    [Fact]
    public async Task ForgottenPassword_NothingRecoverable_StartOverWithNewFirstRequest()
    {
        await using var env = await TrustCenterEnvironment.StartAsync(false);
        await env.IssueFirstCertificateAsync();
        env.Store.Dispose();

        var error = Assert.Throws<CertificateStoreException>(() => CertificateStore.Open(env.StorePath, "forgot-it-123", StoreTestData.Options(env.Time)));
        Assert.Equal(CertificateStoreError.WrongPassword, error.Error);
        Assert.DoesNotContain("forgot-it-123", error.ToString(), StringComparison.Ordinal);

        env.ReplaceStore(CertificateStore.StartOver(env.StorePath, "New-Password-456", StoreTestData.Options(env.Time)));
        Assert.Null(env.Workflow.GetStatus());
        var renewal = await Assert.ThrowsAsync<CertificateWorkflowException>(() => env.Workflow.StartRenewalAsync(TrustCenterEnvironment.Applicant()));
        Assert.Equal(CertificateWorkflowError.NoCertificate, renewal.Error);
        var pending = await env.Workflow.StartFirstRequestAsync(TrustCenterEnvironment.Applicant(), env.TrustCenter.Register(TrustCenterEnvironment.Bbnr));
        Assert.NotNull(pending.OrderNumber);
    }

    [Fact]
    public async Task BackupOfPendingRequest_RestoredElsewhere_ImportsTheCertificate()
    {
        await using var env = await TrustCenterEnvironment.StartAsync(false);
        var pending = await env.Workflow.StartFirstRequestAsync(TrustCenterEnvironment.Applicant(), env.TrustCenter.Register(TrustCenterEnvironment.Bbnr));
        await env.Workflow.ConfirmOrderAsync();
        using var backup = new MemoryStream();
        env.Store.Backup(backup, "Backup-Pw-1");
        backup.Position = 0;
        env.ReplaceStore(CertificateStore.Restore(backup, "Backup-Pw-1", env.Folder.File("restored.p12"), "Restored-Pw-2", StoreTestData.Options(env.Time)));

        var letter = env.TrustCenter.Letters.Single();
        env.TrustCenter.EnterUnlockCode(letter.OrderNumber, letter.UnlockCode);
        env.Time.Advance(TimeSpan.FromDays(2));
        var stored = Assert.IsType<StoredCertificate>(await env.Workflow.TryFetchCertificateAsync());
        Assert.Equal(pending.PublicKeyHash, PublicKeyHashes.Compute(stored.Certificate.GetRSAPublicKey()!));
    }

    [Fact]
    public async Task Lists_CompleteListAdmitsIssuedCertificate_AcceptanceListHoldsTrustCenter()
    {
        await using var env = await TrustCenterEnvironment.StartAsync(true);
        var stored = await env.IssueFirstCertificateAsync();
        var complete = CertificateList.Parse(await env.Client.GetListAsync(SimulatedTrustCenter.CompleteList, TrustCenterEnvironment.Bbnr));
        Assert.True(complete.IsAdmitted(stored.Certificate, env.Time.GetUtcNow()));
        Assert.Equal(CertificateCheckStatus.Valid, complete.Check(stored.Certificate, env.Time.GetUtcNow()).Status);
        var acceptance = CertificateList.Parse(await env.Client.GetListAsync(SimulatedTrustCenter.AcceptanceList, TrustCenterEnvironment.Bbnr));
        Assert.NotNull(acceptance.Find(Elena.Sdk.Crypto.Certificates.PartyId.Betriebsnummer(OstcXml.TrustCenterBetriebsnummer), env.Time.GetUtcNow()));
        var unknown = await Assert.ThrowsAsync<TrustCenterException>(() => env.Client.GetListAsync("nope.agv", TrustCenterEnvironment.Bbnr));
        Assert.Equal(TrustCenterCodes.UnknownList, unknown.Code);

        env.TrustCenter.Revoke(stored.Certificate);
        Assert.False(CertificateList.Parse(env.TrustCenter.GetCompleteList()).Contains(stored.Certificate));
    }

    [Fact]
    public async Task Monitoring_TimerOnTimeProvider_RaisesRenewalDue()
    {
        await using var env = await TrustCenterEnvironment.StartAsync(false);
        var first = await env.IssueFirstCertificateAsync();
        int raised = 0;
        env.Workflow.RenewalDue += (_, _) => Interlocked.Increment(ref raised);
        using var monitor = env.Workflow.StartMonitoring(TimeSpan.FromDays(1));
        Assert.Equal(0, raised);
        var untilWindow = first.Certificate.NotAfter.ToUniversalTime() - env.Time.GetUtcNow().UtcDateTime - TimeSpan.FromDays(90);
        env.Time.Advance(untilWindow - TimeSpan.FromDays(1));
        Assert.Equal(0, raised);
        env.Time.Advance(TimeSpan.FromDays(2));
        Assert.True(raised >= 1);
    }

    [Fact]
    public async Task WaitForCertificate_PollsOnTimeProvider_UntilIssued()
    {
        await using var env = await TrustCenterEnvironment.StartAsync(false);
        var pending = await env.Workflow.StartFirstRequestAsync(TrustCenterEnvironment.Applicant(), env.TrustCenter.Register(TrustCenterEnvironment.Bbnr));
        var letter = env.TrustCenter.Letters.Single();
        env.TrustCenter.EnterUnlockCode(letter.OrderNumber, letter.UnlockCode);
        await env.Workflow.ConfirmOrderAsync();

        var waiting = env.Workflow.WaitForCertificateAsync(TimeSpan.FromHours(6));
        for (int i = 0; i < 20 && !waiting.IsCompleted; i++)
        {
            await Task.Delay(50);
            env.Time.Advance(TimeSpan.FromHours(6));
        }

        var stored = await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(pending.PublicKeyHash, PublicKeyHashes.Compute(stored.Certificate.GetRSAPublicKey()!));
        Assert.True(env.Time.GetUtcNow() - letter.SentAt >= TimeSpan.FromDays(2));
    }

    private static async Task<OstcResponse> SendRawAsync(TrustCenterEnvironment env, string dataType, byte[] inner, bool encrypted)
    {
        var request = new OstcRequest(dataType, TrustCenterEnvironment.Bbnr, "Test", Guid.NewGuid().ToString(), env.Time.GetUtcNow(), inner, encrypted);
        byte[] answer = await env.TrustCenter.HandleAsync(OstcXml.WriteRequest(request, "Test", "Test", "12345", test: true));
        return OstcXml.ReadResponse(answer);
    }
}
