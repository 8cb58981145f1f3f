using System.Security.Cryptography.X509Certificates;
using Elena.Sdk.Crypto.KeyLists;
using Elena.Sdk.Crypto.Tests.Support;
using static Elena.Sdk.Crypto.Tests.KeyLists.KeyListPki;

namespace Elena.Sdk.Crypto.Tests.KeyLists;

public sealed class CertificateListCheckTests
{
    private const string RsaPssOid = "1.2.840.113549.1.1.10";

    private static readonly X509Certificate2 Valid = Employer("Check Valid", "11111111", Date(2024), Date(2028));
    private static readonly CertificateList List = CertificateList.Parse(Ascii(Base64List([Root, Intermediate, Valid], "\r\n")));

    [Fact]
    public void Check_ChainViaIntermediate_Valid()
    {
        var result = List.Check(Valid, At);

        Assert.Equal(CertificateCheckStatus.Valid, result.Status);
        Assert.True(result.IsValid);
        CertificateListParseTests.AssertSameCertificates([Valid, Intermediate, Root], result.Chain);
        Assert.False(string.IsNullOrWhiteSpace(result.Reason));
    }

    [Fact]
    public void Check_CertificateNotInList_ChainStillBuilt()
    {
        var outsider = Employer("Check Outsider", "22222222", Date(2024), Date(2028));

        var result = List.Check(outsider, At);

        Assert.Equal(CertificateCheckStatus.Valid, result.Status);
        Assert.Equal(3, result.Chain.Count);
    }

    [Fact]
    public void Check_Expired_Expired()
    {
        var expired = Employer("Check Expired", "11111111", Date(2015), Date(2020));

        var result = List.Check(expired, At);

        Assert.Equal(CertificateCheckStatus.Expired, result.Status);
        Assert.Equal(3, result.Chain.Count);
        Assert.Contains("2020-01-01", result.Reason);
    }

    [Fact]
    public void Check_NotYetValid_NotYetValid()
    {
        var future = Employer("Check Future", "11111111", Date(2026), Date(2030));

        var result = List.Check(future, At);

        Assert.Equal(CertificateCheckStatus.NotYetValid, result.Status);
        Assert.Contains("2026-01-01", result.Reason);
    }

    [Fact]
    public void Check_ExpiredIntermediate_ExpiredNamingTheCa()
    {
        var oldCa = CreateIntermediate("CN=KeyLists Old CA, O=Elena.Sdk Tests, C=DE", "KeyLists/old-ca", Root, pss: false, Date(2005), Date(2020));
        var certificate = Employer("Check Under Old CA", "11111111", Date(2010), Date(2030), issuer: oldCa);
        var list = CertificateList.FromCertificates([Root, oldCa]);

        var result = list.Check(certificate, At);

        Assert.Equal(CertificateCheckStatus.Expired, result.Status);
        Assert.Contains("KeyLists Old CA", result.Reason);
    }

    [Fact]
    public void Check_UnknownIssuer_UntrustedChain()
    {
        var unknownCa = CreateIntermediate("CN=KeyLists Unknown CA, O=Elena.Sdk Tests, C=DE", "KeyLists/unknown-ca", Root, pss: false);
        var certificate = Employer("Check Unknown Issuer", "11111111", Date(2024), Date(2028), issuer: unknownCa);

        var result = List.Check(certificate, At);

        Assert.Equal(CertificateCheckStatus.UntrustedChain, result.Status);
        CertificateListParseTests.AssertSameCertificates([certificate], result.Chain);
        Assert.Contains("KeyLists Unknown CA", result.Reason);
    }

    [Fact]
    public void Check_SignedByOtherKeyWithSameIssuerName_UntrustedChain()
    {
        var impostor = CreateIntermediate(IntermediateSubject, "KeyLists/impostor-ca", Root, pss: false);
        var forged = Employer("Check Forged", "11111111", Date(2024), Date(2028), issuer: impostor);
        Assert.Equal(Intermediate.SubjectName.RawData, forged.IssuerName.RawData);

        var result = List.Check(forged, At);

        Assert.Equal(CertificateCheckStatus.UntrustedChain, result.Status);
        Assert.Contains("does not verify", result.Reason);
    }

    [Fact]
    public void Check_ListWithoutRoot_UntrustedChain()
    {
        var list = CertificateList.FromCertificates([Intermediate, Valid]);

        var result = list.Check(Valid, At);

        Assert.Equal(CertificateCheckStatus.UntrustedChain, result.Status);
        CertificateListParseTests.AssertSameCertificates([Valid, Intermediate], result.Chain);
    }

    [Fact]
    public void Check_SelfSignedCertificateNotInList_UntrustedChain()
    {
        var otherRoot = CreateRoot("CN=KeyLists Other Root, O=Elena.Sdk Tests, C=DE", "KeyLists/other-root", pss: false);

        Assert.Equal(CertificateCheckStatus.UntrustedChain, List.Check(otherRoot, At).Status);
    }

    [Fact]
    public void Check_RootOfTheList_ValidChainOfOne()
    {
        var result = List.Check(Root, At);

        Assert.Equal(CertificateCheckStatus.Valid, result.Status);
        CertificateListParseTests.AssertSameCertificates([Root], result.Chain);
    }

    [Fact]
    public void Check_IssuerWithoutKeyCertSign_UntrustedChain()
    {
        var weakCa = CreateIntermediate("CN=KeyLists Signing-Only CA, O=Elena.Sdk Tests, C=DE", "KeyLists/weak-ca", Root, pss: false,
            keyUsage: X509KeyUsageFlags.DigitalSignature);
        var certificate = Employer("Check Weak CA", "11111111", Date(2024), Date(2028), issuer: weakCa);
        var list = CertificateList.FromCertificates([Root, weakCa]);

        var result = list.Check(certificate, At);

        Assert.Equal(CertificateCheckStatus.UntrustedChain, result.Status);
        Assert.Contains("key usage", result.Reason);
    }

    [Fact]
    public void Check_PssSignedChain_Valid()
    {
        var certificate = Employer("Check Pss", "11111111", Date(2024), Date(2028), issuer: PssIntermediate, pss: true);
        Assert.Equal(RsaPssOid, PssRoot.SignatureAlgorithm.Value);
        Assert.Equal(RsaPssOid, PssIntermediate.SignatureAlgorithm.Value);
        Assert.Equal(RsaPssOid, certificate.SignatureAlgorithm.Value);
        var list = CertificateList.Parse(Ascii(PemList([PssRoot, PssIntermediate, certificate])));

        var result = list.Check(certificate, At);

        Assert.Equal(CertificateCheckStatus.Valid, result.Status);
        CertificateListParseTests.AssertSameCertificates([certificate, PssIntermediate, PssRoot], result.Chain);
    }

    [Fact]
    public void Check_PssCertificateUnderPkcs1Chain_Valid()
    {
        var certificate = TestPki.Issue("KeyLists/Check Pss Leaf", "11111111", pss: true, issuer: Intermediate);

        Assert.Equal(CertificateCheckStatus.Valid, List.Check(certificate, At).Status);
    }

    [Fact]
    public void Check_RevokedByCrlOfTheCa_Revoked()
    {
        var revoked = Employer("Check Revoked", "11111111", Date(2024), Date(2028));
        var crl = CertificateRevocationList.Parse(CreateCrl(Intermediate, TestPki.Key("KeyLists/ca1"), At.AddDays(-1), At.AddDays(30),
            [(Valid, At.AddDays(5)), (revoked, At.AddDays(-10))]));

        var result = List.Check(revoked, At, crl);

        Assert.Equal(CertificateCheckStatus.Revoked, result.Status);
        Assert.Equal(3, result.Chain.Count);
    }

    [Fact]
    public void Check_CrlWithoutTheCertificate_Valid()
    {
        var other = Employer("Check Crl Other", "11111111", Date(2024), Date(2028));
        var crl = CertificateRevocationList.Parse(CreateCrl(Intermediate, TestPki.Key("KeyLists/ca1"), At.AddDays(-1), At.AddDays(30),
            [(other, At.AddDays(-10))]));

        var result = List.Check(Valid, At, crl);

        Assert.Equal(CertificateCheckStatus.Valid, result.Status);
    }

    [Fact]
    public void Check_RevokedOnlyAfterVerificationTime_Valid()
    {
        var crl = CertificateRevocationList.Parse(CreateCrl(Intermediate, TestPki.Key("KeyLists/ca1"), At.AddDays(-1), At.AddDays(30),
            [(Valid, At.AddDays(5))]));

        var result = List.Check(Valid, At, crl);

        Assert.Equal(CertificateCheckStatus.Valid, result.Status);
        Assert.Equal(CertificateCheckStatus.Revoked, List.Check(Valid, At.AddDays(6), crl).Status);
    }

    [Fact]
    public void Check_CrlSignedByAnotherKey_CrlInvalid()
    {
        var crl = CertificateRevocationList.Parse(CreateCrl(Intermediate, TestPki.Key("KeyLists/crl-impostor"), At.AddDays(-1), At.AddDays(30),
            [(Valid, At.AddDays(-10))]));

        var result = List.Check(Valid, At, crl);

        Assert.Equal(CertificateCheckStatus.CrlInvalid, result.Status);
        Assert.Equal(3, result.Chain.Count);
    }

    [Fact]
    public void Check_CrlOfAnotherCa_CrlInvalid()
    {
        var crl = CertificateRevocationList.Parse(CreateCrl(Root, TestPki.Key("KeyLists/root"), At.AddDays(-1), At.AddDays(30), []));

        Assert.Equal(CertificateCheckStatus.CrlInvalid, List.Check(Valid, At, crl).Status);
    }

    [Fact]
    public void Check_CrlPastNextUpdate_CrlInvalid()
    {
        var crl = CertificateRevocationList.Parse(CreateCrl(Intermediate, TestPki.Key("KeyLists/ca1"), At.AddDays(-40), At.AddDays(-10), []));

        var result = List.Check(Valid, At, crl);

        Assert.Equal(CertificateCheckStatus.CrlInvalid, result.Status);
        Assert.Contains("out of date", result.Reason);
    }

    [Fact]
    public void Check_PssSignedCrl_Revoked()
    {
        var certificate = Employer("Check Pss Revoked", "11111111", Date(2024), Date(2028), issuer: PssIntermediate, pss: true);
        var list = CertificateList.FromCertificates([PssRoot, PssIntermediate]);
        var crl = CertificateRevocationList.Parse(CreateCrl(PssIntermediate, TestPki.Key("KeyLists/pss-ca"), At.AddDays(-1), null,
            [(certificate, At.AddDays(-1))], pss: true));

        Assert.Equal(CertificateCheckStatus.Revoked, list.Check(certificate, At, crl).Status);
    }

    [Fact]
    public void Check_UntrustedChainWithCrl_ReportsUntrustedChainFirst()
    {
        var impostor = CreateIntermediate(IntermediateSubject, "KeyLists/impostor-ca", Root, pss: false);
        var forged = Employer("Check Forged Revoked", "11111111", Date(2015), Date(2020), issuer: impostor);
        var crl = CertificateRevocationList.Parse(CreateCrl(Intermediate, TestPki.Key("KeyLists/ca1"), At.AddDays(-1), At.AddDays(30),
            [(forged, At.AddDays(-10))]));

        Assert.Equal(CertificateCheckStatus.UntrustedChain, List.Check(forged, At, crl).Status);
    }
}
