using System.Security.Cryptography.X509Certificates;
using Elena.Sdk.Certificates.Store;
using Elena.Sdk.Certificates.Tests.Support;
using Elena.Sdk.Certificates.TrustCenter;

namespace Elena.Sdk.Certificates.Tests.TrustCenter;

[Collection(SoftHsmGroup.Name)]
public sealed class TokenWorkflowTests(SoftHsmFixture hsm)
{
    [Fact]
    public async Task FirstRequestAndRenewal_KeysGeneratedOnSoftHsm_CertificateStoredOnToken()
    {
        await using var env = await TrustCenterEnvironment.StartAsync(false);
        using var token = hsm.Open();
        int keysBefore = token.ListKeys().Count;

        var pending = await env.Workflow.StartFirstRequestAsync(TrustCenterEnvironment.Applicant(), env.TrustCenter.Register(TrustCenterEnvironment.Bbnr), token);
        Assert.NotNull(pending.TokenKey);
        Assert.Equal(keysBefore + 1, token.ListKeys().Count);
        var letter = env.TrustCenter.Letters.Single();
        env.TrustCenter.EnterUnlockCode(letter.OrderNumber, letter.UnlockCode);
        await env.Workflow.ConfirmOrderAsync();
        env.Time.Advance(TimeSpan.FromDays(2));

        var missingToken = await Assert.ThrowsAsync<CertificateWorkflowException>(() => env.Workflow.TryFetchCertificateAsync());
        Assert.Equal(CertificateWorkflowError.TokenRequired, missingToken.Error);
        var stored = Assert.IsType<StoredCertificate>(await env.Workflow.TryFetchCertificateAsync(token));
        Assert.Equal(pending.TokenKey, stored.TokenKey);
        Assert.Throws<InvalidOperationException>(() => stored.GetCertificateWithKey());
        var onToken = token.GetCertificate(pending.TokenKey!.KeyLabel);
        Assert.Equal(stored.Certificate.Thumbprint, onToken!.Thumbprint);

        // The store keeps the reference across reopening.
        using (var reopened = CertificateStore.Open(env.StorePath, StoreTestData.Password, StoreTestData.Options(env.Time)))
        {
            Assert.Equal(pending.TokenKey, reopened.Certificates.Single().TokenKey);
        }

        // Renewal: signed on the token with the current key, the new key generated on the token too.
        var renewal = await env.Workflow.StartRenewalAsync(TrustCenterEnvironment.Applicant(), token);
        Assert.NotEqual(pending.TokenKey.KeyLabel, renewal.TokenKey!.KeyLabel);
        await env.Workflow.ConfirmOrderAsync();
        env.Time.Advance(TimeSpan.FromDays(2));
        var second = Assert.IsType<StoredCertificate>(await env.Workflow.TryFetchCertificateAsync(token));
        Assert.Equal(renewal.PublicKeyHash, PublicKeyHashes.Compute(second.Certificate.GetRSAPublicKey()!));
    }
}
