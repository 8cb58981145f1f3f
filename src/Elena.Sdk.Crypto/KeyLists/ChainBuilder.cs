namespace Elena.Sdk.Crypto.KeyLists;

/// <summary>
/// Builds a certification path from a certificate to a self-signed root using only the CA certificates of a list,
/// verifying every signature with BouncyCastle. No system trust store, no network, no clock: deterministic.
/// </summary>
internal sealed class ChainBuilder
{
    /// <summary>The longest path considered (end entity + CAs); guards against loops through cross certificates.</summary>
    private const int MaxPathLength = 10;

    private readonly IReadOnlyList<ListedCertificate> authorities;
    private readonly DateTimeOffset at;
    private readonly List<ListedCertificate> path = [];
    private List<ListedCertificate>? firstComplete;
    private List<ListedCertificate> longestPartial = [];
    private string? partialReason;

    private ChainBuilder(IReadOnlyList<ListedCertificate> authorities, DateTimeOffset at)
    {
        this.authorities = authorities;
        this.at = at;
    }

    /// <summary>
    /// Finds a path. Prefers one whose certificates are all valid at <paramref name="at"/>; else returns the first
    /// complete one; else (<c>Complete = false</c>) the longest partial one and why it stops.
    /// </summary>
    public static (IReadOnlyList<ListedCertificate> Path, bool Complete, string? Reason) Build(
        ListedCertificate leaf, IReadOnlyList<ListedCertificate> authorities, DateTimeOffset at)
    {
        var builder = new ChainBuilder(authorities, at);
        builder.path.Add(leaf);
        if (builder.Search() is { } valid)
        {
            return (valid, true, null);
        }

        return builder.firstComplete is { } complete
            ? (complete, true, null)
            : (builder.longestPartial, false, builder.partialReason);
    }

    /// <summary>Depth-first search from the last certificate of <see cref="path"/>; returns a path valid at <see cref="at"/>.</summary>
    private List<ListedCertificate>? Search()
    {
        var current = path[^1];
        if (IsTrustAnchor(current))
        {
            var complete = new List<ListedCertificate>(path);
            if (complete.TrueForAll(c => c.IsValidAt(at)))
            {
                return complete;
            }

            firstComplete ??= complete;
            return null;
        }

        if (path.Count >= MaxPathLength)
        {
            Partial("the chain is longer than " + MaxPathLength.ToString(System.Globalization.CultureInfo.InvariantCulture) + " certificates.");
            return null;
        }

        var candidates = authorities
            .Where(ca => Names.Match(current.Certificate.IssuerName.RawData, current.IssuerName, ca.Certificate.SubjectName.RawData, ca.SubjectName))
            .Where(ca => !path.Exists(p => p.Certificate.RawDataMemory.Span.SequenceEqual(ca.Certificate.RawDataMemory.Span)))
            .OrderByDescending(ca => ca.IsValidAt(at))
            .ThenByDescending(ca => ca.NotAfter)
            .ToList();
        if (candidates.Count == 0)
        {
            Partial(current.IsSelfIssued
                ? $"the self-signed certificate '{current.Certificate.Subject}' is not a root of the list, or its signature does not verify."
                : $"the list holds no CA certificate named '{current.Certificate.Issuer}' (issuer of '{current.Certificate.Subject}').");
            return null;
        }

        foreach (var ca in candidates)
        {
            if (!ca.MaySignCertificates)
            {
                Partial($"the CA certificate '{ca.Certificate.Subject}' may not sign certificates (key usage).");
                continue;
            }

            if (!current.IsSignedBy(ca))
            {
                Partial($"the signature of '{current.Certificate.Subject}' does not verify with the key of any CA certificate named '{current.Certificate.Issuer}'.");
                continue;
            }

            if (!PathLengthAllows(ca))
            {
                Partial($"the CA certificate '{ca.Certificate.Subject}' does not allow this many intermediate CAs below it (path length constraint).");
                continue;
            }

            path.Add(ca);
            var found = Search();
            path.RemoveAt(path.Count - 1);
            if (found is not null)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>A root: in the list as an authority, self-issued and verified by its own key.</summary>
    private bool IsTrustAnchor(ListedCertificate certificate) =>
        certificate.IsSelfIssued
        && authorities.Any(ca => ca.IsSelfIssued && ca.Certificate.RawDataMemory.Span.SequenceEqual(certificate.Certificate.RawDataMemory.Span))
        && certificate.IsSignedBy(certificate);

    /// <summary>RFC 5280 §4.2.1.9: the CA's pathLenConstraint bounds the non-self-issued intermediates below it.</summary>
    private bool PathLengthAllows(ListedCertificate ca)
    {
        if (ca.BasicConstraints is not { HasPathLengthConstraint: true } constraints)
        {
            return true;
        }

        int intermediates = path.Skip(1).Count(c => !c.IsSelfIssued);
        return intermediates <= constraints.PathLengthConstraint;
    }

    private void Partial(string reason)
    {
        if (path.Count > longestPartial.Count || partialReason is null)
        {
            longestPartial = [.. path];
            partialReason = reason;
        }
    }
}
