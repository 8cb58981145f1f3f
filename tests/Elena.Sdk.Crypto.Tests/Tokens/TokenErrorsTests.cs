using Elena.Sdk.Crypto.Tokens;
using Net.Pkcs11Interop.Common;

namespace Elena.Sdk.Crypto.Tests.Tokens;

/// <summary>
/// The mapping of token flags and return values. SoftHSM never blocks a PIN (it only sets CKF_USER_PIN_COUNT_LOW), so
/// the blocked and final-try cases are checked here on the mapping itself.
/// </summary>
public sealed class TokenErrorsTests
{
    [Theory]
    [InlineData(0UL, null, false)]
    [InlineData(0x0000040DUL, null, false)] // CKF_RNG | CKF_LOGIN_REQUIRED | CKF_USER_PIN_INITIALIZED | CKF_TOKEN_INITIALIZED
    [InlineData(0x00010000UL, null, true)] // CKF_USER_PIN_COUNT_LOW
    [InlineData(0x00030000UL, 1, true)] // COUNT_LOW | FINAL_TRY
    [InlineData(0x00020000UL, 1, false)] // CKF_USER_PIN_FINAL_TRY
    [InlineData(0x00040000UL, 0, false)] // CKF_USER_PIN_LOCKED
    [InlineData(0x00060000UL, 0, false)] // LOCKED wins over FINAL_TRY
    [InlineData(0x00100000UL, null, false)] // CKF_SO_PIN_COUNT_LOW: not the user PIN
    [InlineData(0x00400000UL, null, false)] // CKF_SO_PIN_LOCKED: not the user PIN
    public void PinStatusFromFlags_TokenFlags_MapsRemainingTries(ulong flags, int? remaining, bool countLow)
    {
        var status = TokenErrors.PinStatusFromFlags(flags);

        Assert.Equal(remaining, status.RemainingTries);
        Assert.Equal(countLow, status.CountLow);
        Assert.Equal(remaining == 0, status.Locked);
    }

    [Fact]
    public void Wrap_PinLocked_NamesCodeAndSaysHowToUnblock()
    {
        var error = TokenErrors.Wrap(new Pkcs11Exception("C_Login", CKR.CKR_PIN_LOCKED), "Signaturkarte", "login", 0);

        Assert.Equal("CKR_PIN_LOCKED", error.ReturnCode);
        Assert.Equal(0, error.RemainingTries);
        Assert.Contains("Signaturkarte", error.Message, StringComparison.Ordinal);
        Assert.Contains("PUK", error.Message, StringComparison.Ordinal);
        Assert.IsType<Pkcs11Exception>(error.InnerException);
    }

    [Fact]
    public void Wrap_PinIncorrectOnFinalTry_WarnsThatNextWrongPinBlocks()
    {
        var error = TokenErrors.Wrap(new Pkcs11Exception("C_Login", CKR.CKR_PIN_INCORRECT), "t", "login", 1);

        Assert.Equal(1, error.RemainingTries);
        Assert.Contains("next wrong PIN blocks", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CKR.CKR_TOKEN_NOT_PRESENT, "CKR_TOKEN_NOT_PRESENT", "Insert")]
    [InlineData(CKR.CKR_DEVICE_REMOVED, "CKR_DEVICE_REMOVED", "Insert")]
    [InlineData(CKR.CKR_KEY_FUNCTION_NOT_PERMITTED, "CKR_KEY_FUNCTION_NOT_PERMITTED", "may not be used")]
    [InlineData(CKR.CKR_PIN_EXPIRED, "CKR_PIN_EXPIRED", "Change it")]
    public void Wrap_KnownCode_NamesCodeAndAdvice(CKR rv, string name, string advice)
    {
        var error = TokenErrors.Wrap(new Pkcs11Exception("C_Sign", rv), "t", "signing");

        Assert.Equal(name, error.ReturnCode);
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
        Assert.Contains(advice, error.Message, StringComparison.Ordinal);
        Assert.Null(error.RemainingTries);
    }

    [Fact]
    public void Name_VendorDefinedValue_IsHex()
    {
        Assert.Equal("0x80000123", TokenErrors.Name((CKR)0x80000123UL));
    }

    [Fact]
    public void TokenException_Constructed_IsCryptographicException()
    {
        Assert.IsAssignableFrom<System.Security.Cryptography.CryptographicException>(new TokenException("CKR_PIN_LOCKED", "blocked", 0));
        Assert.Equal("CKR_GENERAL_ERROR", new TokenException("x").ReturnCode);
    }
}
