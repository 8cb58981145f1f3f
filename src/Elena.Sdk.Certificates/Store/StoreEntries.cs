using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Elena.Sdk.Crypto.Certificates;

namespace Elena.Sdk.Certificates.Store;

/// <summary>Whether a request is a first request (with the registration-portal GUID) or a renewal (signed with the current certificate).</summary>
public enum RequestKind
{
    /// <summary>First request (Erstantrag): needs the GUID from the ITSG registration portal.</summary>
    First,

    /// <summary>Renewal (Folgeantrag): signed with the still-valid certificate, no GUID.</summary>
    Renewal,
}

/// <summary>Where a private key lives when it is not in the store itself: a key on a PKCS#11 token.</summary>
/// <param name="TokenLabel">The token's label.</param>
/// <param name="KeyLabel">The key's <c>CKA_LABEL</c>.</param>
/// <param name="KeyIdHex">The key's <c>CKA_ID</c>, lower-case hex.</param>
public sealed record TokenKeyReference(string TokenLabel, string KeyLabel, string KeyIdHex);

/// <summary>
/// A request sent (or about to be sent) to the trust center, with its key pair kept until the certificate arrives.
/// Only one request can be pending per store (seed 000: "a request is already pending").
/// </summary>
public sealed class PendingRequest
{
    internal PendingRequest(string id, PartyId party, RequestKind kind, byte[] pkcs10, RSA? privateKey, TokenKeyReference? tokenKey, DateTimeOffset createdAt)
    {
        Id = id;
        Party = party;
        Kind = kind;
        Pkcs10 = pkcs10;
        PrivateKey = privateKey;
        TokenKey = tokenKey;
        CreatedAt = createdAt;
        var request = CertificateRequest.LoadSigningRequest(pkcs10, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.SkipSignatureValidation);
        PublicKey = request.PublicKey.GetRSAPublicKey() ?? throw new CertificateStoreException(CertificateStoreError.Corrupt, "The stored request does not hold an RSA key.");
        PublicKeyHash = PublicKeyHashes.Compute(PublicKey);
    }

    /// <summary>A local id of the request (not the order number).</summary>
    public string Id { get; }

    /// <summary>The employer (<c>OU=BN…</c>) the request is for.</summary>
    public PartyId Party { get; }

    /// <summary>First request or renewal.</summary>
    public RequestKind Kind { get; }

    /// <summary>The DER PKCS#10 request.</summary>
    public byte[] Pkcs10 { get; }

    /// <summary>The public key of the request.</summary>
    public RSA PublicKey { get; }

    /// <summary>SHA-256 over the DER <c>RSAPublicKey</c>, upper-case hex (what the order confirmation carries).</summary>
    public string PublicKeyHash { get; }

    /// <summary>The hash in groups of four, as printed on the trust center's letter.</summary>
    public string PublicKeyHashForDisplay => PublicKeyHashes.Group(PublicKeyHash);

    /// <summary>When the key pair was generated.</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>The order number (Auftragsnummer) the trust center returned, once the application was accepted.</summary>
    public string? OrderNumber { get; internal set; }

    /// <summary>Whether the order confirmation with the key hash was accepted.</summary>
    public bool Confirmed { get; internal set; }

    /// <summary>The key on a PKCS#11 token, when it was generated there.</summary>
    public TokenKeyReference? TokenKey { get; }

    /// <summary>The software private key (null for a token key).</summary>
    internal RSA? PrivateKey { get; }
}

/// <summary>An issued certificate in the store, with its private key (software) or a reference to the token key.</summary>
public sealed class StoredCertificate
{
    internal StoredCertificate(X509Certificate2 certificate, RSA? privateKey, TokenKeyReference? tokenKey, DateTimeOffset importedAt)
    {
        Certificate = certificate;
        PrivateKey = privateKey;
        TokenKey = tokenKey;
        ImportedAt = importedAt;
    }

    /// <summary>The certificate (public part).</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The key on a PKCS#11 token, when the key lives there.</summary>
    public TokenKeyReference? TokenKey { get; }

    /// <summary>When it was imported.</summary>
    public DateTimeOffset ImportedAt { get; }

    /// <summary>Whether the trust center revoked it (set by <see cref="CertificateStore.MarkRevoked"/>).</summary>
    public bool Revoked { get; internal set; }

    /// <summary>The employer the certificate is for.</summary>
    public PartyId? Party => PartyId.FromCertificate(Certificate);

    /// <summary>The software private key (null for a token key).</summary>
    internal RSA? PrivateKey { get; }

    /// <summary>The certificate with its software private key attached, for <c>MessageSealer</c>/<c>MessageOpener</c>.</summary>
    /// <returns>A certificate with private key.</returns>
    /// <exception cref="InvalidOperationException">The key is on a token: open the token instead.</exception>
    public X509Certificate2 GetCertificateWithKey() =>
        PrivateKey is null
            ? throw new InvalidOperationException("The private key of this certificate is on a PKCS#11 token; open the token to use it.")
            : Certificate.CopyWithPrivateKey(PrivateKey);
}

/// <summary>The public-key hash the trust center compares with its letter.</summary>
public static class PublicKeyHashes
{
    /// <summary>SHA-256 over the DER PKCS#1 <c>RSAPublicKey</c> (modulus, exponent), upper-case hex (wire-formats §5.3).</summary>
    /// <param name="publicKey">The key.</param>
    /// <returns>64 hex digits.</returns>
    public static string Compute(RSA publicKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        return Convert.ToHexString(SHA256.HashData(publicKey.ExportRSAPublicKey()));
    }

    /// <summary>Groups a hex hash in blocks of four separated by spaces (<c>1A2B 3C4D …</c>).</summary>
    /// <param name="hash">The hash.</param>
    /// <returns>The grouped hash.</returns>
    public static string Group(string hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        return string.Join(' ', hash.Chunk(4).Select(chunk => new string(chunk)));
    }

    /// <summary>Compares a hash as typed from a letter (any case, spaces) with a computed one.</summary>
    /// <param name="typed">The typed hash.</param>
    /// <param name="computed">The computed hash.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool Matches(string typed, string computed)
    {
        ArgumentNullException.ThrowIfNull(typed);
        ArgumentNullException.ThrowIfNull(computed);
        string normalised = new([.. typed.Where(c => !char.IsWhiteSpace(c) && c != '-')]);
        return string.Equals(normalised, computed.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
    }
}
