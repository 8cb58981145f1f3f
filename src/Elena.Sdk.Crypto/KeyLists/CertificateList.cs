using System.Security.Cryptography.X509Certificates;
using Elena.Sdk.Crypto.Certificates;

namespace Elena.Sdk.Crypto.KeyLists;

/// <summary>
/// An acceptance-office key list (Annahmestellendatei, <c>annahme-*.key</c>/<c>.agv</c>) or the admitted-employer
/// list (<c>gesamt.agv</c>): end-entity certificates identified by <c>OU=BN…</c>/<c>OU=IK…</c>, plus the CA
/// certificates they chain to.
/// </summary>
/// <remarks>
/// <para>
/// The ITSG format is plain text: each certificate is the base64 of its DER without PEM header lines, certificates
/// separated by an empty line (CR LF CR LF or LF LF). <see cref="Parse"/> also reads wrapped base64 lines, PEM
/// <c>CERTIFICATE</c> blocks and concatenated binary DER certificates, mixed in one file.
/// </para>
/// <para>
/// The list is immutable and safe to share between threads. The certificates it returns are its own instances:
/// do not dispose them.
/// </para>
/// </remarks>
public sealed class CertificateList
{
    private static readonly IReadOnlyList<X509Certificate2> None = [];

    private readonly ListedCertificate[] authorities;
    private readonly Dictionary<PartyId, ListedCertificate[]> byParty;
    private readonly Dictionary<ReadOnlyMemory<byte>, ListedCertificate> byRawData;

    private CertificateList(IEnumerable<X509Certificate2> certificates)
    {
        var entries = new List<ListedCertificate>();
        byRawData = new Dictionary<ReadOnlyMemory<byte>, ListedCertificate>(RawDataComparer.Instance);
        foreach (var certificate in certificates)
        {
            if (!byRawData.ContainsKey(certificate.RawDataMemory))
            {
                var entry = new ListedCertificate(certificate);
                byRawData.Add(certificate.RawDataMemory, entry);
                entries.Add(entry);
            }
        }

        authorities = [.. entries.Where(e => e.IsAuthority)];
        var endEntities = entries.Where(e => !e.IsAuthority).ToArray();
        byParty = endEntities
            .Where(e => e.Party is not null)
            .GroupBy(e => e.Party!.Value)
            .ToDictionary(
                g => g.Key,
                g => g.OrderByDescending(e => e.NotAfter).ThenByDescending(e => e.NotBefore).ToArray());

        Certificates = entries.ConvertAll(e => e.Certificate).AsReadOnly();
        EndEntityCertificates = Array.AsReadOnly(Array.ConvertAll(endEntities, e => e.Certificate));
        AuthorityCertificates = Array.AsReadOnly(Array.ConvertAll(authorities, e => e.Certificate));
    }

    /// <summary>All certificates, in file order; an exact duplicate of an earlier certificate is left out.</summary>
    public IReadOnlyList<X509Certificate2> Certificates { get; }

    /// <summary>The certificates that are not CA certificates (the acceptance offices' or employers' certificates).</summary>
    public IReadOnlyList<X509Certificate2> EndEntityCertificates { get; }

    /// <summary>
    /// The CA certificates: those whose basic constraints say cA=true, and self-signed certificates without basic
    /// constraints (version 1 roots). A self-signed root is a trust anchor for <see cref="Check"/>.
    /// </summary>
    public IReadOnlyList<X509Certificate2> AuthorityCertificates { get; }

    /// <summary>Reads a list. The encoding (blank-line separated base64, PEM or binary DER) is detected per block.</summary>
    /// <param name="data">The file's bytes. A UTF-8 byte order mark is skipped. Empty data is an empty list.</param>
    /// <returns>The list.</returns>
    /// <exception cref="CertificateListException">A block could not be read; names the block and its byte offset.</exception>
    public static CertificateList Parse(ReadOnlySpan<byte> data) => new(CertificateListReader.Read(data));

    /// <summary>Reads a list from a stream (to its end) with <see cref="Parse"/>.</summary>
    /// <param name="stream">The stream; left open.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The list.</returns>
    /// <exception cref="CertificateListException">A block could not be read; names the block and its byte offset.</exception>
    public static async Task<CertificateList> LoadAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        int capacity = 0;
        if (stream.CanSeek)
        {
            capacity = (int)Math.Clamp(stream.Length - stream.Position, 0, Array.MaxLength);
        }

        using var buffer = new MemoryStream(capacity);
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    /// <summary>Makes a list from certificates already loaded (e.g. from a PKCS#7 file or an LDAP directory).</summary>
    /// <param name="certificates">The certificates; the list keeps these instances.</param>
    /// <returns>The list.</returns>
    public static CertificateList FromCertificates(IEnumerable<X509Certificate2> certificates)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        var list = certificates.ToList();
        if (list.Exists(c => c is null))
        {
            throw new ArgumentException("The certificates must not contain null.", nameof(certificates));
        }

        return new CertificateList(list);
    }

    /// <summary>
    /// The certificate to use for a party: among the end-entity certificates with its <c>OU=BN…</c>/<c>OU=IK…</c> that
    /// are valid at <paramref name="at"/>, the one with the latest NotAfter (then the latest NotBefore; then the
    /// first in the file). The chain and revocation are not checked here; use <see cref="Check"/>.
    /// </summary>
    /// <param name="party">The Betriebsnummer or IK.</param>
    /// <param name="at">The time at which the certificate must be valid.</param>
    /// <returns>The certificate, or <see langword="null"/> when none is valid.</returns>
    public X509Certificate2? Find(PartyId party, DateTimeOffset at)
    {
        if (!byParty.TryGetValue(party, out var candidates))
        {
            return null;
        }

        foreach (var candidate in candidates)
        {
            if (candidate.IsValidAt(at))
            {
                return candidate.Certificate;
            }
        }

        return null;
    }

    /// <summary>All end-entity certificates of a party, valid or not, newest first (by NotAfter, then NotBefore).</summary>
    /// <param name="party">The Betriebsnummer or IK.</param>
    /// <returns>The certificates; empty when there are none.</returns>
    public IReadOnlyList<X509Certificate2> FindAll(PartyId party) =>
        byParty.TryGetValue(party, out var candidates)
            ? Array.AsReadOnly(Array.ConvertAll(candidates, c => c.Certificate))
            : None;

    /// <summary>
    /// Whether exactly this certificate (same encoded bytes) is in the list. For <c>gesamt.agv</c> this is the
    /// admission check: the ZSS admits an employer only if its certificate is in the list.
    /// </summary>
    /// <param name="certificate">The certificate.</param>
    /// <returns><see langword="true"/> when it is in the list.</returns>
    public bool Contains(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return byRawData.ContainsKey(certificate.RawDataMemory);
    }

    /// <summary>Whether the certificate is in the list (<see cref="Contains"/>) and valid at <paramref name="at"/>.</summary>
    /// <param name="certificate">The certificate.</param>
    /// <param name="at">The time at which the certificate must be valid.</param>
    /// <returns><see langword="true"/> when it is admitted.</returns>
    public bool IsAdmitted(X509Certificate2 certificate, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return byRawData.TryGetValue(certificate.RawDataMemory, out var entry) && entry.IsValidAt(at);
    }

    /// <summary>
    /// Checks a certificate at a given time: builds its chain to a self-signed root from this list's CA certificates
    /// only, verifying each signature (RSA PKCS#1 v1.5 and RSASSA-PSS); checks the validity period of every
    /// certificate in the chain; and, when a CRL is given, that it comes from the certificate's issuer, verifies with
    /// the issuer's key, is not out of date, and does not revoke the certificate at or before <paramref name="at"/>.
    /// No system trust store, network or clock is used.
    /// </summary>
    /// <param name="certificate">The certificate (need not be in the list).</param>
    /// <param name="at">The verification time.</param>
    /// <param name="crl">The issuer's CRL, or <see langword="null"/> to skip the revocation check.</param>
    /// <returns>The result. Problems are checked in this order: chain, validity periods, CRL.</returns>
    public CertificateCheck Check(X509Certificate2 certificate, DateTimeOffset at, CertificateRevocationList? crl = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var leaf = byRawData.TryGetValue(certificate.RawDataMemory, out var listed) ? listed : new ListedCertificate(certificate);
        var (path, complete, untrustedReason) = ChainBuilder.Build(leaf, authorities, at);
        var chain = path.Select(p => p.Certificate).ToList().AsReadOnly();
        if (!complete)
        {
            return new CertificateCheck(CertificateCheckStatus.UntrustedChain, chain, "Untrusted chain: " + untrustedReason);
        }

        for (int i = 0; i < path.Count; i++)
        {
            var element = path[i];
            string what = i == 0 ? "The certificate" : $"The CA certificate '{element.Certificate.Subject}'";
            if (at < element.NotBefore)
            {
                return new CertificateCheck(CertificateCheckStatus.NotYetValid, chain,
                    $"{what} is not valid before {Time.Format(element.NotBefore)}.");
            }

            if (at > element.NotAfter)
            {
                return new CertificateCheck(CertificateCheckStatus.Expired, chain,
                    $"{what} expired at {Time.Format(element.NotAfter)}.");
            }
        }

        if (crl is null)
        {
            return new CertificateCheck(CertificateCheckStatus.Valid, chain, "The chain to the root is valid (no CRL checked).");
        }

        var issuer = path.Count > 1 ? path[1] : path[0];
        if (!crl.IsSignedBy(issuer))
        {
            return new CertificateCheck(CertificateCheckStatus.CrlInvalid, chain,
                $"The CRL (issuer '{crl.IssuerName.Name}') is not signed by the certificate's issuer '{issuer.Certificate.Subject}'.");
        }

        if (!issuer.MaySignCrls)
        {
            return new CertificateCheck(CertificateCheckStatus.CrlInvalid, chain,
                $"The issuer '{issuer.Certificate.Subject}' may not sign CRLs (key usage).");
        }

        if (crl.NextUpdate is { } nextUpdate && nextUpdate < at)
        {
            return new CertificateCheck(CertificateCheckStatus.CrlInvalid, chain,
                $"The CRL is out of date: its next update was due at {Time.Format(nextUpdate)}.");
        }

        if (crl.GetRevocationDate(certificate) is { } revoked)
        {
            return revoked <= at
                ? new CertificateCheck(CertificateCheckStatus.Revoked, chain, $"The certificate was revoked at {Time.Format(revoked)}.")
                : new CertificateCheck(CertificateCheckStatus.Valid, chain,
                    $"The chain to the root is valid; the certificate is revoked only from {Time.Format(revoked)}, after the verification time.");
        }

        return new CertificateCheck(CertificateCheckStatus.Valid, chain, "The chain to the root is valid and the CRL does not revoke the certificate.");
    }

    private sealed class RawDataComparer : IEqualityComparer<ReadOnlyMemory<byte>>
    {
        public static readonly RawDataComparer Instance = new();

        public bool Equals(ReadOnlyMemory<byte> x, ReadOnlyMemory<byte> y) => x.Span.SequenceEqual(y.Span);

        public int GetHashCode(ReadOnlyMemory<byte> obj)
        {
            var hash = new HashCode();
            hash.AddBytes(obj.Span);
            return hash.ToHashCode();
        }
    }
}
