using System.Security.Cryptography;
using System.Text;
using Elena.Sdk.Testing.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Elena.Sdk.Crypto.Tests.Tokens;

/// <summary>The reference store's master key on a real SoftHSMv2 token (the HSM of procedure.md §5).</summary>
[Collection(SoftHsmGroup.Name)]
public sealed class TokenMasterKeyVaultTests
{
    private readonly SoftHsmFixture _fixture;

    public TokenMasterKeyVaultTests(SoftHsmFixture fixture) => _fixture = fixture;

    [Fact]
    public void Store_MasterKeyOnToken_RecordsReadBackThroughTheToken()
    {
        using var token = _fixture.Open();
        using var key = token.GetKey(SoftHsmFixture.SharedKeyLabel);
        var vault = new RsaMasterKeyVault(key, $"{token.Label}/{SoftHsmFixture.SharedKeyLabel}", RSAEncryptionPadding.Pkcs1);
        var store = new EncryptedRecordStore(vault, new FakeTimeProvider(new DateTimeOffset(2011, 2, 1, 0, 0, 0, TimeSpan.Zero)));
        byte[] record = Encoding.Latin1.GetBytes("MVDSELENA33526082       66660008       01 … earnings of Müller");

        store.CreateWriter().StoreReport("V0000000000000000017", new DateOnly(2011, 1, 1), "33526082", record, isCancellation: false);

        var entry = Assert.Single(store.Entries);
        Assert.Equal(256, entry.WrappedKey.Length); // the session key is wrapped by the 2048-bit token key
        Assert.Equal(record, Assert.Single(store.CreateReader().Read("V0000000000000000017")).RecordBytes.ToArray());
    }

    [Fact]
    public void Store_OaepOnSoftHsm_NeedsTheExplicitTestFallback()
    {
        using var token = _fixture.Open(allowRawRsaDecryptFallback: true);
        using var key = token.GetKey(SoftHsmFixture.SharedKeyLabel);
        var store = new EncryptedRecordStore(new RsaMasterKeyVault(key, "oaep"), TimeProvider.System);

        store.CreateWriter().StoreReport("V1", new DateOnly(2011, 1, 1), "33526082", "data"u8, false);

        Assert.Equal("data"u8.ToArray(), store.CreateReader().Read("V1")[0].RecordBytes.ToArray());
    }
}
