using System.Security.Cryptography;
using Elena.Sdk.Crypto.Tokens;

namespace Elena.Sdk.Crypto.Tests.Tokens;

/// <summary>
/// Login, PIN callback and the signature-per-PIN policy on a real SoftHSMv2 token. SoftHSM keeps the login per token
/// and process, so each test starts logged out; it never blocks a PIN (see <see cref="TokenErrorsTests"/> for that).
/// </summary>
[Collection(SoftHsmGroup.Name)]
public sealed class Pkcs11PinTests(SoftHsmFixture fixture)
{
    private static readonly byte[] Hash = SHA256.HashData("ELENA batch"u8);

    [Fact]
    public void SignHash_FirstUse_AsksCallbackOnceWithFirstLogin()
    {
        var pins = new PinRecorder();
        using var token = OpenLoggedOut(pins);
        using var key = token.GetKey(SoftHsmFixture.SharedKeyLabel);

        key.SignHash(Hash, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        key.SignHash(Hash, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);

        var request = Assert.Single(pins.Requests);
        // (PinCountLow depends on whether an earlier test entered a wrong PIN: SoftHSM keeps that until the next login.)
        Assert.Equal((fixture.TokenLabel, 1, PinRequestReason.FirstLogin, (int?)null), (request.TokenLabel, request.Attempt, request.Reason, request.RemainingTries));
        Assert.True(token.IsLoggedIn);
    }

    [Fact]
    public void SignHash_WrongPinThenRightPin_AsksAgainWithRetryAndSigns()
    {
        var pins = new PinRecorder("000000", SoftHsmFixture.UserPin);
        using var token = OpenLoggedOut(pins);
        using var key = token.GetKey(SoftHsmFixture.SharedKeyLabel);

        byte[] signature = key.SignHash(Hash, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);

        Assert.True(key.VerifyHash(Hash, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss));
        Assert.Collection(pins.Requests,
            first => Assert.Equal((1, PinRequestReason.FirstLogin), (first.Attempt, first.Reason)),
            second =>
            {
                Assert.Equal((2, PinRequestReason.Retry), (second.Attempt, second.Reason));
                Assert.True(second.PinCountLow); // SoftHSM sets CKF_USER_PIN_COUNT_LOW after a wrong PIN
                Assert.Null(second.RemainingTries);
            });
    }

    [Fact]
    public void SignHash_ThreeWrongPins_ThrowsPinIncorrectWithoutThePins()
    {
        string[] wrong = ["wrong-pin-1111", "wrong-pin-2222", "wrong-pin-3333"];
        var pins = new PinRecorder(wrong);
        using var token = OpenLoggedOut(pins);
        using var key = token.GetKey(SoftHsmFixture.SharedKeyLabel);

        var error = Assert.Throws<TokenException>(() => key.SignHash(Hash, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

        Assert.Equal("CKR_PIN_INCORRECT", error.ReturnCode);
        Assert.Null(error.RemainingTries); // SoftHSM reports only COUNT_LOW
        Assert.Equal([1, 2, 3], pins.Requests.Select(r => r.Attempt));
        Assert.Equal([PinRequestReason.FirstLogin, PinRequestReason.Retry, PinRequestReason.Retry], pins.Requests.Select(r => r.Reason));
        string everything = error.ToString();
        Assert.All(wrong.Append(SoftHsmFixture.UserPin), pin => Assert.DoesNotContain(pin, everything, StringComparison.Ordinal));
        Assert.Contains("PIN", error.Message, StringComparison.Ordinal);
        Assert.False(token.IsLoggedIn);
    }

    [Fact]
    public void SignHash_AfterThreeWrongPins_NextCallStartsAgainAndSucceeds()
    {
        var pins = new PinRecorder("111111", "222222", "333333", SoftHsmFixture.UserPin);
        using var token = OpenLoggedOut(pins);
        using var key = token.GetKey(SoftHsmFixture.SharedKeyLabel);
        Assert.Throws<TokenException>(() => key.SignHash(Hash, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

        key.SignHash(Hash, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        Assert.Equal(4, pins.Count);
        Assert.Equal((1, PinRequestReason.FirstLogin), (pins.Requests[3].Attempt, pins.Requests[3].Reason));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void SignHash_CallbackReturnsNoPin_ThrowsOperationCanceled(string? answer)
    {
        var pins = new PinRecorder([answer]);
        using var token = OpenLoggedOut(pins);
        using var key = token.GetKey(SoftHsmFixture.SharedKeyLabel);

        Assert.Throws<OperationCanceledException>(() => key.SignHash(Hash, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

        Assert.Equal(1, pins.Count);
        Assert.False(token.IsLoggedIn);
    }

    [Fact]
    public void Decrypt_CallbackReturnsNull_ThrowsOperationCanceled()
    {
        var pins = new PinRecorder([null]);
        using var token = OpenLoggedOut(pins);
        using var key = token.GetKey(SoftHsmFixture.SharedKeyLabel);
        byte[] ciphertext = Pkcs11TokenTests.EncryptWithDotNet(key, [42], RSAEncryptionPadding.Pkcs1);

        Assert.Throws<OperationCanceledException>(() => key.Decrypt(ciphertext, RSAEncryptionPadding.Pkcs1));
    }

    [Fact]
    public void SignHash_254SignaturesPerLogin_255thAsksAgainWithRelogin()
    {
        var pins = new PinRecorder();
        using var token = OpenLoggedOut(pins, maxSignaturesPerLogin: 254);
        using var key = token.GetKey(SoftHsmFixture.SharedKeyLabel);
        using var verifier = RSA.Create(key.ExportParameters(false));

        for (int i = 0; i < 254; i++)
        {
            key.SignHash(Hash, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }

        Assert.Equal(1, pins.Count);
        Assert.False(token.IsLoggedIn); // the batch is used up: logged out at once

        byte[] signature = key.SignHash(Hash, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        Assert.Equal(2, pins.Count);
        Assert.Equal(new PinRequest(fixture.TokenLabel, 1, PinRequestReason.Relogin, null, false), pins.Requests[1]);
        Assert.True(verifier.VerifyHash(Hash, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void Decrypt_DoesNotCountAsSignature()
    {
        var pins = new PinRecorder();
        using var token = OpenLoggedOut(pins, maxSignaturesPerLogin: 2);
        using var key = token.GetKey(SoftHsmFixture.SharedKeyLabel);
        byte[] ciphertext = Pkcs11TokenTests.EncryptWithDotNet(key, [7, 7], RSAEncryptionPadding.Pkcs1);

        key.SignHash(Hash, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
        key.Decrypt(ciphertext, RSAEncryptionPadding.Pkcs1);
        key.Decrypt(ciphertext, RSAEncryptionPadding.Pkcs1);
        key.SignHash(Hash, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
        Assert.Equal(1, pins.Count);

        key.SignHash(Hash, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);

        Assert.Equal(2, pins.Count);
        Assert.Equal(PinRequestReason.Relogin, pins.Requests[1].Reason);
    }

    [Fact]
    public void Logout_NextSignatureAsksAgainWithFirstLogin()
    {
        var pins = new PinRecorder();
        using var token = OpenLoggedOut(pins);
        using var key = token.GetKey(SoftHsmFixture.SharedKeyLabel);
        key.SignHash(Hash, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        token.Logout();
        Assert.False(token.IsLoggedIn);
        key.SignHash(Hash, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        Assert.Equal([PinRequestReason.FirstLogin, PinRequestReason.FirstLogin], pins.Requests.Select(r => r.Reason));
    }

    [Fact]
    public void Dispose_LastHandle_LogsOut()
    {
        var pins = new PinRecorder();
        using (var token = OpenLoggedOut(pins))
        {
            using var key = token.GetKey(SoftHsmFixture.SharedKeyLabel);
            key.SignHash(Hash, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }

        using var again = fixture.Open(pins.Answer);

        Assert.False(again.IsLoggedIn);
        using var key2 = again.GetKey(SoftHsmFixture.SharedKeyLabel);
        key2.SignHash(Hash, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        Assert.Equal(2, pins.Count);
    }

    /// <summary>Opens the token and makes sure no login is left from an earlier test (SoftHSM: one login per process).</summary>
    private Pkcs11Token OpenLoggedOut(PinRecorder pins, int maxSignaturesPerLogin = Pkcs11TokenOptions.DefaultMaxSignaturesPerLogin)
    {
        var token = fixture.Open(pins.Answer, maxSignaturesPerLogin);
        token.Logout();
        return token;
    }
}
