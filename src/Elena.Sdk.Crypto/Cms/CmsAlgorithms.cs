using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Math;
using IssuerAndSerialNumber = Org.BouncyCastle.Asn1.Cms.IssuerAndSerialNumber;

namespace Elena.Sdk.Crypto.Cms;

/// <summary>The algorithm identifiers of the SECON profile and the structures built from them (BouncyCastle ASN.1).</summary>
internal static class CmsAlgorithms
{
    /// <summary>Recipient keys of this size and larger get RSAES-OAEP; smaller ones PKCS#1 v1.5 (SECON practice).</summary>
    public const int OaepMinimumKeySize = 4096;

    public const int PssSaltLength = 32;

    public static readonly AlgorithmIdentifier Sha256 = new(NistObjectIdentifiers.IdSha256, DerNull.Instance);

    public static readonly AlgorithmIdentifier Mgf1Sha256 = new(PkcsObjectIdentifiers.IdMgf1, Sha256);

    public static readonly AlgorithmIdentifier RsassaPss = new(PkcsObjectIdentifiers.IdRsassaPss,
        new RsassaPssParameters(Sha256, Mgf1Sha256, DerInteger.ValueOf(PssSaltLength), DerInteger.ValueOf(1)));

    public static readonly AlgorithmIdentifier Sha256WithRsa = new(PkcsObjectIdentifiers.Sha256WithRsaEncryption, DerNull.Instance);

    public static readonly AlgorithmIdentifier RsaesOaepSha256 = new(PkcsObjectIdentifiers.IdRsaesOaep,
        new RsaesOaepParameters(Sha256, Mgf1Sha256, RsaesOaepParameters.DefaultPSourceAlgorithm));

    public static readonly AlgorithmIdentifier RsaPkcs1 = new(PkcsObjectIdentifiers.RsaEncryption, DerNull.Instance);

    public static readonly DerObjectIdentifier Aes256Cbc = NistObjectIdentifiers.IdAes256Cbc;

    public const string PssOid = "1.2.840.113549.1.1.10";

    public static IssuerAndSerialNumber IssuerAndSerial(X509Certificate2 certificate)
        => new(X509Name.GetInstance(Asn1Object.FromByteArray(certificate.IssuerName.RawData)),
            new BigInteger(certificate.SerialNumberBytes.ToArray()));

    public static bool Matches(IssuerAndSerialNumber id, X509Certificate2 certificate)
        => id.SerialNumber.Value.Equals(new BigInteger(certificate.SerialNumberBytes.ToArray()))
           && id.Issuer.Equivalent(X509Name.GetInstance(Asn1Object.FromByteArray(certificate.IssuerName.RawData)));

    /// <summary>KeyTransRecipientInfo for one recipient: the content key encrypted with OAEP-SHA256 (≥ 4096 bit) or PKCS#1 v1.5.</summary>
    public static RecipientInfo KeyTransport(X509Certificate2 recipient, ReadOnlySpan<byte> contentKey)
    {
        using var rsa = recipient.GetRSAPublicKey()
            ?? throw new ArgumentException("The recipient certificate must hold an RSA public key.", nameof(recipient));
        bool oaep = rsa.KeySize >= OaepMinimumKeySize;
        byte[] encrypted = rsa.Encrypt(contentKey.ToArray(), oaep ? RSAEncryptionPadding.OaepSHA256 : RSAEncryptionPadding.Pkcs1);
        return new RecipientInfo(new KeyTransRecipientInfo(
            new RecipientIdentifier(IssuerAndSerial(recipient)),
            oaep ? RsaesOaepSha256 : RsaPkcs1,
            new DerOctetString(encrypted)));
    }

    /// <summary>True when the certificate is signed with RSASSA-PSS.</summary>
    public static bool IsPssCertificate(X509Certificate2 certificate) => certificate.SignatureAlgorithm.Value == PssOid;
}
