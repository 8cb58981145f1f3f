using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Elena.Sdk.Certificates.Store;
using Elena.Sdk.Crypto.Certificates;
using Microsoft.Extensions.Time.Testing;

namespace Elena.Sdk.Certificates.Tests.Support;

internal static class StoreTestData
{
    public const string Password = "Store-Pa55word!";

    public static readonly DateTimeOffset Start = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    public static CertificateStoreOptions Options(FakeTimeProvider? time = null, Func<Stream, Stream>? interceptor = null) => new()
    {
        TimeProvider = time ?? new FakeTimeProvider(Start),
        IterationsForTests = 2_000,
        WriteInterceptor = interceptor,
    };

    public static PendingRequest NewPending(string bbnr = "12345678")
    {
        var key = RSA.Create(2048);
        var request = new CertificateRequest(new X500DistinguishedName($"CN=Test, OU=BN{bbnr}, C=DE"), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return new PendingRequest("req-1", PartyId.Betriebsnummer(bbnr), RequestKind.First, request.CreateSigningRequest(), key, null, Start);
    }

    /// <summary>A self-signed stand-in for an issued certificate over the pending key.</summary>
    public static X509Certificate2 IssueFor(PendingRequest pending, int days = 365)
    {
        var request = CertificateRequest.LoadSigningRequest(pending.Pkcs10, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.Default, RSASignaturePadding.Pkcs1);
        using var ca = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=Test CA", ca, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var caCert = caRequest.CreateSelfSigned(Start.AddDays(-1), Start.AddYears(10));
        return request.Create(caCert, Start.AddMinutes(-5), Start.AddDays(days), [1, 2, 3]);
    }
}
