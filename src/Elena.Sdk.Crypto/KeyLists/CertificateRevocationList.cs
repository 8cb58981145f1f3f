using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;
using BcCrl = Org.BouncyCastle.X509.X509Crl;

namespace Elena.Sdk.Crypto.KeyLists;

/// <summary>
/// An X.509 certificate revocation list (CRL), e.g. the ITSG list of revoked employer certificates
/// (<c>sperrliste-ag-sha256.crl</c>). Immutable and safe to share between threads.
/// </summary>
public sealed class CertificateRevocationList
{
    private readonly BcCrl crl;
    private readonly X509Name? issuer;
    private readonly byte[] issuerDer;
    private readonly Dictionary<BcBigInteger, List<Revocation>> revocations;

    private CertificateRevocationList(BcCrl crl)
    {
        this.crl = crl;
        issuer = crl.IssuerDN;
        issuerDer = crl.IssuerDN.GetEncoded();
        IssuerName = new X500DistinguishedName(issuerDer);
        ThisUpdate = Time.FromDateTime(crl.ThisUpdate);
        NextUpdate = crl.NextUpdate is { } next ? Time.FromDateTime(next) : null;
        revocations = [];
        foreach (var entry in crl.GetRevokedCertificates() ?? Enumerable.Empty<Org.BouncyCastle.X509.X509CrlEntry>())
        {
            var entryIssuer = entry.GetCertificateIssuer() ?? crl.IssuerDN;
            var revocation = new Revocation(entryIssuer.GetEncoded(), entryIssuer, Time.FromDateTime(entry.RevocationDate));
            if (!revocations.TryGetValue(entry.SerialNumber, out var list))
            {
                revocations[entry.SerialNumber] = list = [];
            }

            list.Add(revocation);
        }

        RevokedCount = revocations.Values.Sum(list => list.Count);
    }

    /// <summary>The name of the CA that issued the list.</summary>
    public X500DistinguishedName IssuerName { get; }

    /// <summary>When the list was issued.</summary>
    public DateTimeOffset ThisUpdate { get; }

    /// <summary>When the next list is due, or <see langword="null"/> when the list does not say.</summary>
    public DateTimeOffset? NextUpdate { get; }

    /// <summary>The number of entries (revoked certificates) in the list.</summary>
    public int RevokedCount { get; }

    /// <summary>Reads a CRL in DER or PEM (<c>-----BEGIN X509 CRL-----</c>).</summary>
    /// <param name="derOrPem">The encoded list.</param>
    /// <returns>The list.</returns>
    /// <exception cref="FormatException">The data is not a readable CRL (the message holds none of its content).</exception>
    public static CertificateRevocationList Parse(ReadOnlySpan<byte> derOrPem)
    {
        var data = derOrPem.TrimStart(" \t\r\n"u8);
        byte[] der;
        if (data.StartsWith("-----BEGIN "u8))
        {
            der = DecodePem(data);
        }
        else
        {
            try
            {
                AsnDecoder.ReadEncodedValue(data, AsnEncodingRules.BER, out _, out _, out int length);
                der = data[..length].ToArray();
            }
            catch (AsnContentException e)
            {
                throw new FormatException("The data is not a DER or PEM encoded certificate revocation list.", e);
            }
        }

        try
        {
            return new CertificateRevocationList(new BcCrl(der));
        }
#pragma warning disable CA1031 // BouncyCastle reports malformed structures with several exception types.
        catch (Exception e) when (e is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            throw new FormatException("The data is not a readable certificate revocation list.", e);
        }
    }

    /// <summary>Whether the list names the certificate (same issuer and serial number), whatever the revocation date.</summary>
    /// <param name="certificate">The certificate.</param>
    /// <returns><see langword="true"/> when it is revoked.</returns>
    public bool IsRevoked(X509Certificate2 certificate) => GetRevocationDate(certificate) is not null;

    /// <summary>When the certificate was revoked, or <see langword="null"/> when the list does not name it.</summary>
    /// <param name="certificate">The certificate.</param>
    /// <returns>The revocation date, or <see langword="null"/>.</returns>
    public DateTimeOffset? GetRevocationDate(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var serial = new BcBigInteger(certificate.SerialNumberBytes.ToArray());
        if (!revocations.TryGetValue(serial, out var candidates))
        {
            return null;
        }

        var certificateIssuer = Names.Parse(certificate.IssuerName);
        foreach (var candidate in candidates)
        {
            if (Names.Match(certificate.IssuerName.RawData, certificateIssuer, candidate.IssuerDer, candidate.Issuer))
            {
                return candidate.Date;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether <paramref name="issuer"/> issued this list: its subject is the list's issuer name and its public key
    /// verifies the list's signature (RSA PKCS#1 v1.5 or RSASSA-PSS).
    /// </summary>
    /// <param name="issuer">The supposed issuer (a CA certificate).</param>
    /// <returns><see langword="true"/> when the signature verifies.</returns>
    public bool IsSignedBy(X509Certificate2 issuer)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        return IsSignedBy(new ListedCertificate(issuer));
    }

    internal bool IsSignedBy(ListedCertificate issuer) =>
        Names.Match(issuerDer, this.issuer, issuer.Certificate.SubjectName.RawData, issuer.SubjectName)
        && issuer.PublicKey is { } key
        && VerifySignature(key);

    private bool VerifySignature(AsymmetricKeyParameter key)
    {
        try
        {
            return crl.IsSignatureValid(key);
        }
#pragma warning disable CA1031 // An unverifiable signature (unknown algorithm, bad parameters) is an invalid one.
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }
    }

    private static byte[] DecodePem(ReadOnlySpan<byte> data)
    {
        char[] text = Encoding.ASCII.GetChars(data.ToArray());
        if (!PemEncoding.TryFind(text, out var fields) || !text.AsSpan()[fields.Label].SequenceEqual("X509 CRL"))
        {
            throw new FormatException("The PEM data holds no X509 CRL block.");
        }

        byte[] der = new byte[fields.DecodedDataLength];
        if (!Convert.TryFromBase64Chars(text.AsSpan()[fields.Base64Data], der, out int written))
        {
            throw new FormatException("The PEM X509 CRL block is not valid base64.");
        }

        return der.AsSpan(0, written).ToArray();
    }

    private sealed record Revocation(byte[] IssuerDer, X509Name Issuer, DateTimeOffset Date);
}
