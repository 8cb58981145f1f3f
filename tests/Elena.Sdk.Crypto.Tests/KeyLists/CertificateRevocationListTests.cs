using System.Security.Cryptography.X509Certificates;
using System.Text;
using Elena.Sdk.Crypto.KeyLists;
using Elena.Sdk.Crypto.Tests.Support;
using static Elena.Sdk.Crypto.Tests.KeyLists.KeyListPki;

namespace Elena.Sdk.Crypto.Tests.KeyLists;

public sealed class CertificateRevocationListTests
{
    private static readonly DateTimeOffset ThisUpdate = new(2025, 5, 31, 22, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset NextUpdate = new(2025, 6, 30, 22, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset RevokedAt = new(2025, 5, 20, 8, 30, 15, TimeSpan.Zero);
    private static readonly X509Certificate2 Revoked = Employer("Crl Revoked", "11111111", Date(2024), Date(2028));
    private static readonly X509Certificate2 Good = Employer("Crl Good", "11111111", Date(2024), Date(2028));
    private static readonly byte[] Der = CreateCrl(Intermediate, TestPki.Key("KeyLists/ca1"), ThisUpdate, NextUpdate, [(Revoked, RevokedAt)]);

    [Fact]
    public void Parse_Der_ReadsDatesAndIssuer()
    {
        var crl = CertificateRevocationList.Parse(Der);

        Assert.Equal(ThisUpdate, crl.ThisUpdate);
        Assert.Equal(NextUpdate, crl.NextUpdate);
        Assert.Equal(Intermediate.SubjectName.RawData, crl.IssuerName.RawData);
        Assert.Equal(1, crl.RevokedCount);
    }

    [Fact]
    public void Parse_Pem_ReadsSameList()
    {
        string pem = "\n" + PemEncodingText("X509 CRL", Der);

        var crl = CertificateRevocationList.Parse(Encoding.ASCII.GetBytes(pem));

        Assert.Equal(ThisUpdate, crl.ThisUpdate);
        Assert.True(crl.IsRevoked(Revoked));
    }

    [Fact]
    public void Parse_WithoutNextUpdate_NextUpdateNull()
    {
        var crl = CertificateRevocationList.Parse(CreateCrl(Intermediate, TestPki.Key("KeyLists/ca1"), ThisUpdate, null, []));

        Assert.Null(crl.NextUpdate);
        Assert.Equal(0, crl.RevokedCount);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a crl")]
    [InlineData("-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")]
    public void Parse_Garbage_ThrowsFormatException(string text)
    {
        Assert.ThrowsAny<FormatException>(() => CertificateRevocationList.Parse(Encoding.ASCII.GetBytes(text)));
    }

    [Fact]
    public void Parse_Certificate_ThrowsFormatException()
    {
        Assert.ThrowsAny<FormatException>(() => CertificateRevocationList.Parse(Good.RawData));
    }

    [Fact]
    public void IsRevoked_ListedAndUnlisted_AsListed()
    {
        var crl = CertificateRevocationList.Parse(Der);

        Assert.True(crl.IsRevoked(Revoked));
        Assert.Equal(RevokedAt, crl.GetRevocationDate(Revoked));
        Assert.False(crl.IsRevoked(Good));
        Assert.Null(crl.GetRevocationDate(Good));
    }

    [Fact]
    public void IsRevoked_SameSerialFromAnotherIssuer_False()
    {
        var crl = CertificateRevocationList.Parse(CreateCrl(Root, TestPki.Key("KeyLists/root"), ThisUpdate, NextUpdate, [(Revoked, RevokedAt)]));

        Assert.False(crl.IsRevoked(Revoked));
    }

    [Fact]
    public void IsSignedBy_IssuerAndOthers_OnlyIssuer()
    {
        var crl = CertificateRevocationList.Parse(Der);
        var impostor = CreateIntermediate(IntermediateSubject, "KeyLists/impostor-ca", Root, pss: false);

        Assert.True(crl.IsSignedBy(Intermediate));
        Assert.False(crl.IsSignedBy(Root));
        Assert.False(crl.IsSignedBy(impostor));
    }

    private static string PemEncodingText(string label, byte[] der) => new string(System.Security.Cryptography.PemEncoding.Write(label, der)) + "\n";
}
