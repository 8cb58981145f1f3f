using System.Security.Cryptography.X509Certificates;
using Elena.Sdk.Crypto.Certificates;
using Elena.Sdk.Crypto.KeyLists;
using static Elena.Sdk.Crypto.Tests.KeyLists.KeyListPki;

namespace Elena.Sdk.Crypto.Tests.KeyLists;

public sealed class CertificateListFindTests
{
    private static readonly PartyId Office = PartyId.Betriebsnummer("11111111");
    private static readonly X509Certificate2 Older = Employer("Find Older", "11111111", Date(2020), Date(2030));
    private static readonly X509Certificate2 Newest = Employer("Find Newest", "11111111", Date(2022), Date(2032));
    private static readonly X509Certificate2 Expired = Employer("Find Expired", "11111111", Date(2010), Date(2020));
    private static readonly X509Certificate2 NotYetValid = Employer("Find Future", "11111111", Date(2026), Date(2040));
    private static readonly X509Certificate2 OtherParty = Employer("Find Other", "22222222", Date(2024), Date(2050));
    private static readonly X509Certificate2 Insurer = HealthInsurer("Find Insurer", "109500969", Date(2024), Date(2034));

    private static readonly CertificateList List = CertificateList.Parse(Ascii(Base64List(
        [Root, Expired, Older, Intermediate, Newest, NotYetValid, OtherParty, Insurer], "\r\n")));

    [Fact]
    public void Find_TwoValidCertificates_ReturnsTheOneWithLatestNotAfter()
    {
        var found = List.Find(Office, At);

        AssertSame(Newest, found);
    }

    [Fact]
    public void Find_OnlyNotYetValidOneValidLater_ReturnsIt()
    {
        AssertSame(NotYetValid, List.Find(Office, Date(2035)));
    }

    [Fact]
    public void Find_NoneValidAtTime_ReturnsNull()
    {
        Assert.Null(List.Find(Office, Date(2045)));
        Assert.Null(List.Find(Office, Date(2005)));
    }

    [Fact]
    public void Find_ValidityBoundsAreInclusive_ReturnsCertificate()
    {
        AssertSame(Expired, List.Find(Office, Date(2010)));
        AssertSame(NotYetValid, List.Find(Office, Date(2040)));
    }

    [Fact]
    public void Find_UnknownParty_ReturnsNull()
    {
        Assert.Null(List.Find(PartyId.Betriebsnummer("33333333"), At));
    }

    [Fact]
    public void Find_OtherParty_ReturnsItsOwnCertificate()
    {
        AssertSame(OtherParty, List.Find(PartyId.Betriebsnummer("22222222"), At));
    }

    [Fact]
    public void Find_Institutionskennzeichen_ReturnsIkCertificate()
    {
        AssertSame(Insurer, List.Find(PartyId.Institutionskennzeichen("109500969"), At));
        Assert.Null(List.Find(PartyId.Institutionskennzeichen("109500960"), At));
    }

    [Fact]
    public void Find_SameNotAfter_ReturnsLatestNotBefore()
    {
        var early = Employer("Find Tie Early", "44444444", Date(2019), Date(2030));
        var late = Employer("Find Tie Late", "44444444", Date(2021), Date(2030));
        var list = CertificateList.FromCertificates([Root, Intermediate, late, early]);

        AssertSame(late, list.Find(PartyId.Betriebsnummer("44444444"), At));
        AssertSame(late, CertificateList.FromCertificates([early, late]).Find(PartyId.Betriebsnummer("44444444"), At));
    }

    [Fact]
    public void FindAll_Party_ReturnsAllItsCertificatesNewestFirst()
    {
        var all = List.FindAll(Office);

        CertificateListParseTests.AssertSameCertificates([NotYetValid, Newest, Older, Expired], all);
        Assert.Empty(List.FindAll(PartyId.Betriebsnummer("33333333")));
    }

    [Fact]
    public void Contains_SameCertificate_ReturnsTrue()
    {
        Assert.True(List.Contains(Newest));
        Assert.True(List.Contains(X509CertificateLoader.LoadCertificate(Newest.RawData)));
        Assert.True(List.Contains(Root));
    }

    [Fact]
    public void Contains_ReissuedCertificateWithSameSubjectAndKey_ReturnsFalse()
    {
        var reissued = Employer("Find Newest", "11111111", Date(2022), Date(2032));

        Assert.Equal(Newest.SubjectName.Name, reissued.SubjectName.Name);
        Assert.Equal(Newest.GetPublicKey(), reissued.GetPublicKey());
        Assert.False(List.Contains(reissued));
    }

    [Fact]
    public void IsAdmitted_ContainedAndValid_ReturnsTrue()
    {
        Assert.True(List.IsAdmitted(Newest, At));
        Assert.True(List.IsAdmitted(Older, At));
    }

    [Fact]
    public void IsAdmitted_ContainedButExpiredOrNotYetValid_ReturnsFalse()
    {
        Assert.False(List.IsAdmitted(Expired, At));
        Assert.False(List.IsAdmitted(NotYetValid, At));
    }

    [Fact]
    public void IsAdmitted_NotContained_ReturnsFalse()
    {
        var stranger = Employer("Find Stranger", "55555555", Date(2020), Date(2030));

        Assert.False(List.Contains(stranger));
        Assert.False(List.IsAdmitted(stranger, At));
    }

    private static void AssertSame(X509Certificate2 expected, X509Certificate2? actual)
    {
        Assert.NotNull(actual);
        Assert.True(expected.RawData.AsSpan().SequenceEqual(actual.RawData), $"Expected {expected.Subject}, got {actual.Subject}.");
    }
}
