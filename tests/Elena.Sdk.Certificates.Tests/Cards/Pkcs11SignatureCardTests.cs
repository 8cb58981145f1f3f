using Elena.Sdk.Certificates.Cards;
using Elena.Sdk.Certificates.Tests.Support;

namespace Elena.Sdk.Certificates.Tests.Cards;

[Collection(SoftHsmGroup.Name)]
public sealed class Pkcs11SignatureCardTests(SoftHsmFixture hsm)
{
    private const string Iccsn = "80276883110000113311";
    private const string TransportPin = "24680";
    private const string Puk = "97531864";

    [Fact]
    public void ChangeTransportPin_Verify_WrongPin_WithoutSecretsInMessages()
    {
        string label = hsm.InitToken(TransportPin, Puk);
        using var card = new Pkcs11SignatureCard(SoftHsmFixture.ModulePath, label, Iccsn);

        var trivial = Assert.Throws<CardPinException>(() => card.ChangePin(PinKind.Qes, TransportPin, "123456"));
        Assert.Equal(CardPinError.RuleViolation, trivial.Error);
        var wrongCurrent = Assert.Throws<CardPinException>(() => card.ChangePin(PinKind.Qes, "13579", "482916"));
        Assert.Equal(CardPinError.WrongPin, wrongCurrent.Error);

        card.ChangePin(PinKind.Qes, TransportPin, "482916");
        card.VerifyPin(PinKind.Qes, "482916");
        var wrong = Assert.Throws<CardPinException>(() => card.VerifyPin(PinKind.Qes, "999111"));
        Assert.Equal(CardPinError.WrongPin, wrong.Error);
        foreach (var e in new[] { trivial, wrongCurrent, wrong })
        {
            Assert.DoesNotContain("482916", e.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("999111", e.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(TransportPin, e.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("13579", e.ToString(), StringComparison.Ordinal);
        }

        Assert.Equal(CardPinError.NotSupported, Assert.Throws<CardPinException>(() => card.GetPinState(PinKind.CardHolder)).Error);
    }

    [Fact]
    public void Unblock_WithSoPinAsPuk_SetsNewPin_WrongPukRefused()
    {
        string label = hsm.InitToken(TransportPin, Puk);
        using var card = new Pkcs11SignatureCard(SoftHsmFixture.ModulePath, label, Iccsn);
        card.ChangePin(PinKind.Qes, TransportPin, "482916");
        for (int i = 0; i < 3; i++)
        {
            Assert.Throws<CardPinException>(() => card.VerifyPin(PinKind.Qes, "000999"));
        }

        // SoftHSMv2 never blocks (deps.md §1): that is why SimulatedSignatureCard enforces the counters.
        Assert.NotEqual(PinStatus.Blocked, card.GetPinState(PinKind.Qes).Status);

        var wrongPuk = Assert.Throws<CardPinException>(() => card.UnblockPin(PinKind.Qes, "11112222", "735192"));
        Assert.Equal(CardPinError.WrongPuk, wrongPuk.Error);
        Assert.DoesNotContain("11112222", wrongPuk.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Puk, wrongPuk.ToString(), StringComparison.Ordinal);

        card.UnblockPin(PinKind.Qes, Puk, "735192");
        card.VerifyPin(PinKind.Qes, "735192");
        Assert.Throws<CardPinException>(() => card.VerifyPin(PinKind.Qes, "482916"));
    }
}
