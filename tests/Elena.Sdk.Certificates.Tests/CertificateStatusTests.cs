namespace Elena.Sdk.Certificates.Tests;

public sealed class CertificateStatusTests
{
    [Fact]
    public void Values_CoverTheLifecycle()
    {
        Assert.Equal(
            ["Pending", "Issued", "ExpiringSoon", "Expired", "Revoked"],
            Enum.GetNames<CertificateStatus>());
    }
}
