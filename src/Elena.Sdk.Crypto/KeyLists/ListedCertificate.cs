using System.Security.Cryptography.X509Certificates;
using Elena.Sdk.Crypto.Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace Elena.Sdk.Crypto.KeyLists;

/// <summary>A certificate with the facts the list needs, computed once; the BouncyCastle view is made on demand.</summary>
internal sealed class ListedCertificate
{
    private readonly Lazy<BcCertificate?> bouncyCastle;
    private readonly Lazy<AsymmetricKeyParameter?> publicKey;
    private readonly Lazy<X509Name?> subjectName;
    private readonly Lazy<X509Name?> issuerName;

    public ListedCertificate(X509Certificate2 certificate)
    {
        Certificate = certificate;
        NotBefore = Time.FromDateTime(certificate.NotBefore);
        NotAfter = Time.FromDateTime(certificate.NotAfter);
        IsSelfIssued = certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData);
        Party = PartyId.FromCertificate(certificate);

        foreach (var extension in certificate.Extensions)
        {
            switch (extension)
            {
                case X509BasicConstraintsExtension basic:
                    BasicConstraints = basic;
                    break;
                case X509KeyUsageExtension usage:
                    KeyUsage = usage.KeyUsages;
                    break;
            }
        }

        // A CA is what says so; a self-issued certificate without basic constraints is a (version 1) root.
        // A self-signed certificate that explicitly says cA=false is an end entity (RFC 5280 §4.2.1.9).
        IsAuthority = BasicConstraints is { } constraints ? constraints.CertificateAuthority : IsSelfIssued;

        bouncyCastle = new Lazy<BcCertificate?>(() => ParseBouncyCastle(certificate), LazyThreadSafetyMode.ExecutionAndPublication);
        publicKey = new Lazy<AsymmetricKeyParameter?>(ReadPublicKey, LazyThreadSafetyMode.ExecutionAndPublication);
        subjectName = new Lazy<X509Name?>(() => Names.Parse(certificate.SubjectName), LazyThreadSafetyMode.ExecutionAndPublication);
        issuerName = new Lazy<X509Name?>(() => Names.Parse(certificate.IssuerName), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public X509Certificate2 Certificate { get; }

    public DateTimeOffset NotBefore { get; }

    public DateTimeOffset NotAfter { get; }

    public bool IsSelfIssued { get; }

    public bool IsAuthority { get; }

    public PartyId? Party { get; }

    public X509BasicConstraintsExtension? BasicConstraints { get; }

    public X509KeyUsageFlags? KeyUsage { get; }

    public bool MaySignCertificates => KeyUsage is not { } usage || usage.HasFlag(X509KeyUsageFlags.KeyCertSign);

    public bool MaySignCrls => KeyUsage is not { } usage || usage.HasFlag(X509KeyUsageFlags.CrlSign);

    public BcCertificate? BouncyCastle => bouncyCastle.Value;

    public AsymmetricKeyParameter? PublicKey => publicKey.Value;

    public X509Name? SubjectName => subjectName.Value;

    public X509Name? IssuerName => issuerName.Value;

    public bool IsValidAt(DateTimeOffset at) => NotBefore <= at && at <= NotAfter;

    /// <summary>Whether <paramref name="issuer"/>'s key verifies this certificate's signature (RSA PKCS#1 v1.5 or PSS, …).</summary>
    public bool IsSignedBy(ListedCertificate issuer)
    {
        if (BouncyCastle is not { } self || issuer.PublicKey is not { } key)
        {
            return false;
        }

        try
        {
            return self.IsSignatureValid(key);
        }
#pragma warning disable CA1031 // An unverifiable signature (unknown algorithm, bad parameters) is an invalid one.
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }
    }

    private static BcCertificate? ParseBouncyCastle(X509Certificate2 certificate)
    {
        try
        {
            return new BcCertificate(certificate.RawData);
        }
#pragma warning disable CA1031 // A certificate BouncyCastle cannot read has no verifiable signature.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    private AsymmetricKeyParameter? ReadPublicKey()
    {
        try
        {
            return BouncyCastle?.GetPublicKey();
        }
#pragma warning disable CA1031 // A key BouncyCastle cannot read verifies nothing.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }
}

/// <summary>Distinguished-name helpers: exact encoding first, then RFC 5280 style comparison by BouncyCastle.</summary>
internal static class Names
{
    public static X509Name? Parse(X500DistinguishedName name) => Parse(name.RawData);

    public static X509Name? Parse(byte[] der)
    {
        try
        {
            return X509Name.GetInstance(Asn1Object.FromByteArray(der));
        }
#pragma warning disable CA1031 // A name that cannot be parsed matches nothing but its own encoding.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    public static bool Match(ReadOnlySpan<byte> a, X509Name? parsedA, ReadOnlySpan<byte> b, X509Name? parsedB) =>
        a.SequenceEqual(b) || (parsedA is not null && parsedB is not null && parsedA.Equivalent(parsedB));
}

/// <summary>Time conversions between certificate fields and <see cref="DateTimeOffset"/>.</summary>
internal static class Time
{
    public static DateTimeOffset FromDateTime(DateTime value) => value.Kind switch
    {
        DateTimeKind.Local => new DateTimeOffset(value.ToUniversalTime(), TimeSpan.Zero),
        _ => new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc), TimeSpan.Zero),
    };

    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
