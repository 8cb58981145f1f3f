using System.Security.Cryptography;
using Elena.Sdk.Certificates.Cards;
using Elena.Sdk.Testing.Cards;
using Microsoft.Extensions.Time.Testing;

namespace Elena.Sdk.Certificates.Tests.Cards;

public sealed class CardIdentifiersTests
{
    [Theory]
    [InlineData("80276883110000113311", true)]
    [InlineData("80276001011699901501", true)]
    [InlineData("80276883110000168583", true)] // consecutive serials differ only in the last digit: no check digit
    [InlineData("80276883110000168584", true)]
    [InlineData("8027688311000011331", false)] // 19 digits
    [InlineData("70276883110000113311", false)] // not health care (MII 80)
    [InlineData("8027688311000011331A", false)]
    public void Iccsn(string value, bool valid) => Assert.Equal(valid, CardIdentifiers.IsValidIccsn(value));

    [Theory]
    [InlineData("802760901234566", true)] // worked example: Luhn check digit 6
    [InlineData("802760699999990", true)] // public test EFN
    [InlineData("802760901234567", false)]
    [InlineData("80276090123456", false)]
    public void Efn(string value, bool valid) => Assert.Equal(valid, CardIdentifiers.IsValidEfn(value));

    [Theory]
    [InlineData("123456", true)]
    [InlineData("12345", false)]
    [InlineData("12345a", false)]
    public void Can(string value, bool valid) => Assert.Equal(valid, CardIdentifiers.IsValidCan(value));
}

public sealed class PinRulesTests
{
    [Theory]
    [InlineData("too short", "12345", PinRuleViolation.WrongLength)]
    [InlineData("too long", "123456789", PinRuleViolation.WrongLength)]
    [InlineData("letters", "12a456", PinRuleViolation.NotDigits)]
    [InlineData("all equal", "111111", PinRuleViolation.AllEqual)]
    [InlineData("ascending", "123456", PinRuleViolation.AscendingRun)]
    [InlineData("ascending wrapping", "89012345", PinRuleViolation.AscendingRun)]
    [InlineData("descending", "654321", PinRuleViolation.DescendingRun)]
    [InlineData("date DDMMYY", "240385", PinRuleViolation.Date)]
    [InlineData("date DDMMYYYY", "24031985", PinRuleViolation.Date)]
    [InlineData("date YYYYMMDD", "19850324", PinRuleViolation.Date)]
    public void Check_TrivialPins_Refused(string description, string pin, PinRuleViolation expected)
    {
        Assert.False(string.IsNullOrEmpty(description));
        Assert.Equal(expected, PinRules.Check(pin));
    }

    [Theory]
    [InlineData("482916")]
    [InlineData("7351926")]
    [InlineData("99887766")]
    public void Check_GoodPins_Accepted(string pin) => Assert.Null(PinRules.Check(pin));
}

public sealed class SimulatedSignatureCardTests
{
    private const string Iccsn = "80276883110000113311";

    private static SimulatedSignatureCard NewCard() => new(Iccsn, "12345", "54321", "11223344", "44332211");

    [Fact]
    public void TransportPin_MustBeChanged_BeforeFirstUse()
    {
        using var card = NewCard();
        Assert.Equal(PinStatus.Transport, card.GetPinState(PinKind.Qes).Status);
        var error = Assert.Throws<CardPinException>(() => card.VerifyPin(PinKind.Qes, "12345"));
        Assert.Equal(CardPinError.TransportPinActive, error.Error);

        var trivial = Assert.Throws<CardPinException>(() => card.ChangePin(PinKind.Qes, "12345", "123456"));
        Assert.Equal(PinRuleViolation.AscendingRun, trivial.Violation);
        Assert.Equal(3, card.GetPinState(PinKind.Qes).RemainingTries); // a refused new PIN costs no try

        card.ChangePin(PinKind.Qes, "12345", "482916");
        card.VerifyPin(PinKind.Qes, "482916");
        Assert.Equal(PinStatus.Verifiable, card.GetPinState(PinKind.Qes).Status);
        Assert.Equal(PinStatus.Transport, card.GetPinState(PinKind.CardHolder).Status); // PIN.CH separately
    }

    [Fact]
    public void ThreeWrongPins_Block_PukUnblocksAndSetsNewPin_MessagesWithoutSecrets()
    {
        using var card = NewCard();
        card.ChangePin(PinKind.Qes, "12345", "482916");
        var first = Assert.Throws<CardPinException>(() => card.VerifyPin(PinKind.Qes, "999111"));
        Assert.Equal(2, first.RemainingTries);
        Assert.Throws<CardPinException>(() => card.VerifyPin(PinKind.Qes, "999112"));
        var blocked = Assert.Throws<CardPinException>(() => card.VerifyPin(PinKind.Qes, "999113"));
        Assert.Equal(CardPinError.Blocked, blocked.Error);
        Assert.Equal(CardPinError.Blocked, Assert.Throws<CardPinException>(() => card.VerifyPin(PinKind.Qes, "482916")).Error);
        foreach (var e in new[] { first, blocked })
        {
            Assert.DoesNotContain("9991", e.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("482916", e.ToString(), StringComparison.Ordinal);
        }

        var wrongPuk = Assert.Throws<CardPinException>(() => card.UnblockPin(PinKind.Qes, "00000000", "735192"));
        Assert.Equal(CardPinError.WrongPuk, wrongPuk.Error);
        Assert.Equal(2, wrongPuk.RemainingTries);
        Assert.DoesNotContain("00000000", wrongPuk.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("11223344", wrongPuk.ToString(), StringComparison.Ordinal);

        card.UnblockPin(PinKind.Qes, "11223344", "735192");
        card.VerifyPin(PinKind.Qes, "735192");
        Assert.Equal(new PinState(PinStatus.Verifiable, 3, 3), card.GetPinState(PinKind.Qes));
    }

    [Fact]
    public void ThreeWrongPuks_LockTheCardForGood()
    {
        using var card = NewCard();
        card.ChangePin(PinKind.CardHolder, "54321", "482916");
        for (int i = 0; i < 3; i++)
        {
            Assert.ThrowsAny<CardPinException>(() => card.VerifyPin(PinKind.CardHolder, "000999"));
        }

        Assert.Throws<CardPinException>(() => card.UnblockPin(PinKind.CardHolder, "00000001", "735192"));
        Assert.Throws<CardPinException>(() => card.UnblockPin(PinKind.CardHolder, "00000002", "735192"));
        var locked = Assert.Throws<CardPinException>(() => card.UnblockPin(PinKind.CardHolder, "00000003", "735192"));
        Assert.Equal(CardPinError.LockedForGood, locked.Error);
        // Even the right PUK no longer helps.
        Assert.Equal(CardPinError.LockedForGood, Assert.Throws<CardPinException>(() => card.UnblockPin(PinKind.CardHolder, "44332211", "735192")).Error);
        Assert.Equal(PinStatus.LockedForGood, card.GetPinState(PinKind.CardHolder).Status);
    }

    [Fact]
    public void BatchSignature_AtMost254DocumentsPerPinEntry()
    {
        using var card = NewCard();
        card.ChangePin(PinKind.Qes, "12345", "482916");
        var hashes = Enumerable.Range(0, 254).Select(i => SHA256.HashData(BitConverter.GetBytes(i))).ToList();
        var signatures = card.SignBatch("482916", hashes);
        Assert.Equal(254, signatures.Count);
        using var key = card.PublicKey;
        Assert.True(key.VerifyHash(hashes[253], signatures[253], HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.Throws<ArgumentException>(() => card.SignBatch("482916", [.. hashes, SHA256.HashData([1])]));
    }
}

public sealed class SignatureCardLifecycleTests
{
    private const string Iccsn = "80276883110000113311";

    private static (SignatureCardLifecycle Card, FakeTimeProvider Time) Shipped(SignatureCardPolicy? policy = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));
        var card = new SignatureCardLifecycle(Iccsn, policy, time);
        card.Identify();
        card.Approve();
        card.Produce();
        card.Ship();
        return (card, time);
    }

    [Fact]
    public void Unlock_Within14Days_ThenActive_ExpiringThreeMonthsBeforeFiveYears_ThenRenewed()
    {
        var (card, time) = Shipped();
        time.Advance(TimeSpan.FromDays(10));
        Assert.Equal(CardNotice.None, card.Evaluate());
        card.Unlock();
        card.Activate();
        Assert.Equal(time.GetUtcNow().AddYears(5), card.ValidUntil);
        time.Advance(TimeSpan.FromDays(365 * 5 - 100));
        Assert.Equal(CardNotice.None, card.Evaluate());
        Assert.Equal(CardState.Active, card.State);
        time.Advance(TimeSpan.FromDays(15));
        Assert.Equal(CardNotice.ExpiryReminder, card.Evaluate());
        Assert.Equal(CardState.Expiring, card.State);
        Assert.Equal(CardNotice.None, card.Evaluate());
        card.Renew();
        Assert.Equal(CardState.Renewed, card.State);
    }

    [Fact]
    public void NotUnlocked_ReminderAfter14Days_RevokedAfter28()
    {
        var (card, time) = Shipped();
        time.Advance(TimeSpan.FromDays(15));
        Assert.Equal(CardNotice.UnlockReminder, card.Evaluate());
        Assert.Equal(CardNotice.None, card.Evaluate());
        time.Advance(TimeSpan.FromDays(14));
        Assert.Equal(CardNotice.RevokedNotUnlocked, card.Evaluate());
        Assert.Equal(CardState.Revoked, card.State);
        Assert.Throws<InvalidOperationException>(card.Unlock);
    }

    [Fact]
    public void ProviderPolicy28Days_NoReminder_UnlockOnDay27Works()
    {
        var (card, time) = Shipped(SignatureCardPolicy.TwentyEightDays);
        time.Advance(TimeSpan.FromDays(20));
        Assert.Equal(CardNotice.None, card.Evaluate());
        time.Advance(TimeSpan.FromDays(7));
        card.Unlock();
        Assert.Equal(CardState.Unlocked, card.State);
    }

    [Fact]
    public void Revocation_ByIccsn_IsIrreversible_AndTransitionsGoForwardOnly()
    {
        var (card, _) = Shipped();
        Assert.Throws<InvalidOperationException>(card.Approve);
        Assert.Throws<ArgumentException>(() => card.Revoke("80276883110000113312"));
        card.Revoke(Iccsn);
        Assert.Equal(CardState.Revoked, card.State);
        Assert.Throws<InvalidOperationException>(card.Unlock);
        Assert.Throws<InvalidOperationException>(card.Renew);
        Assert.Throws<ArgumentException>(() => new SignatureCardLifecycle("1234"));
    }
}
