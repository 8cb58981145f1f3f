using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Elena.Sdk.Testing.Retrieval;

/// <summary>
/// The documents of the retrieval side, as the participant, the representative, the office's responsible person
/// and the officials write them before sealing them to the ZSS (signed with their card, encrypted for the ZSS):
/// UTF-8 text, a first line naming the kind and version, then <c>key: value</c> lines (docs/decisions.md R35).
/// </summary>
public static class RetrievalDocuments
{
    /// <summary>First line of a consent.</summary>
    public const string ConsentKind = "ELENA-CONSENT 1";

    /// <summary>First line of a revocation.</summary>
    public const string RevocationKind = "ELENA-REVOCATION 1";

    /// <summary>First line of an official's registration by the responsible person.</summary>
    public const string OfficialKind = "ELENA-OFFICIAL 1";

    /// <summary>First line of a block of an official by the responsible person.</summary>
    public const string BlockKind = "ELENA-BLOCK 1";

    /// <summary>First line of a retrieval application.</summary>
    public const string ApplicationKind = "ELENA-APPLICATION 1";

    /// <summary>First line of a self-disclosure request.</summary>
    public const string SelfDisclosureKind = "ELENA-SELF-DISCLOSURE 1";

    /// <summary>A consent for one office and one certificate, optionally limited in time and number of retrievals.</summary>
    /// <param name="officeNumber">The retrieving office's Betriebsnummer.</param>
    /// <param name="purpose">The certificate.</param>
    /// <param name="validUntil">The last day it may be used, if limited.</param>
    /// <param name="maxRetrievals">How many retrievals it allows, if limited.</param>
    /// <param name="representation">The representation id when a legal representative signs.</param>
    /// <returns>The document.</returns>
    public static byte[] Consent(string officeNumber, CertificatePurpose purpose, DateOnly? validUntil = null, int? maxRetrievals = null, string? representation = null)
    {
        var text = new StringBuilder(ConsentKind).Append('\n')
            .Append("office: ").Append(officeNumber).Append('\n')
            .Append("purpose: ").Append(purpose).Append('\n');
        if (validUntil is { } until)
        {
            text.Append("valid-until: ").Append(until.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append('\n');
        }

        if (maxRetrievals is { } max)
        {
            text.Append("max-retrievals: ").Append(max.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        if (representation is not null)
        {
            text.Append("representation: ").Append(representation).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>A revocation of a consent.</summary>
    /// <param name="consentId">The consent id.</param>
    /// <returns>The document.</returns>
    public static byte[] Revocation(string consentId) => Lines(RevocationKind, ("consent", consentId));

    /// <summary>The registration of an official or agent by the office's responsible person.</summary>
    /// <param name="officeNumber">The office.</param>
    /// <param name="official">The official's certificate.</param>
    /// <param name="purposes">The certificates the official may retrieve.</param>
    /// <param name="validUntil">The last day of the authorisation.</param>
    /// <param name="isAgent">True for a retrieval agent (Abrufagent), which must name the processing person.</param>
    /// <returns>The document.</returns>
    public static byte[] Official(string officeNumber, X509Certificate2 official, IEnumerable<CertificatePurpose> purposes, DateOnly validUntil, bool isAgent = false)
    {
        ArgumentNullException.ThrowIfNull(official);
        return Lines(OfficialKind,
            ("office", officeNumber),
            ("certificate", Convert.ToBase64String(official.RawData)),
            ("purposes", string.Join(',', purposes)),
            ("valid-until", validUntil.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ("agent", isAgent ? "yes" : "no"));
    }

    /// <summary>A block of an official by the office's responsible person.</summary>
    /// <param name="officeNumber">The office.</param>
    /// <param name="official">The official's certificate.</param>
    /// <returns>The document.</returns>
    public static byte[] Block(string officeNumber, X509Certificate2 official)
    {
        ArgumentNullException.ThrowIfNull(official);
        return Lines(BlockKind, ("office", officeNumber), ("certificate-sha256", official.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256)));
    }

    /// <summary>A retrieval application of an official.</summary>
    /// <param name="consentId">The participant's consent.</param>
    /// <param name="purpose">The certificate to be produced.</param>
    /// <param name="applicationReference">The reference of the application (Antrag) the retrieval serves.</param>
    /// <param name="processingPerson">With an agent: the person who processes the data.</param>
    /// <returns>The document.</returns>
    public static byte[] Application(string consentId, CertificatePurpose purpose, string applicationReference, string? processingPerson = null)
    {
        var lines = new List<(string, string)> { ("consent", consentId), ("purpose", purpose.ToString()), ("application", applicationReference) };
        if (processingPerson is not null)
        {
            lines.Add(("processing-person", processingPerson));
        }

        return Lines(ApplicationKind, [.. lines]);
    }

    /// <summary>A participant's request for self-disclosure (§ 103 Abs. 4 SGB IV).</summary>
    /// <returns>The document.</returns>
    public static byte[] SelfDisclosure() => Lines(SelfDisclosureKind);

    /// <summary>Reads a document: its kind line and its fields.</summary>
    /// <param name="content">The document.</param>
    /// <param name="expectedKind">The kind it must be.</param>
    /// <returns>The fields (keys in lower case).</returns>
    /// <exception cref="RetrievalRefusedException">It is not a document of that kind.</exception>
    internal static Dictionary<string, string> Read(ReadOnlySpan<byte> content, string expectedKind)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(content);
        }
        catch (DecoderFallbackException)
        {
            throw new RetrievalRefusedException(RefusalReason.InvalidDocument, "The document is not UTF-8 text.");
        }

        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0 || lines[0].Trim() != expectedKind)
        {
            throw new RetrievalRefusedException(RefusalReason.InvalidDocument, $"The document is not a '{expectedKind}'.");
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in lines.Skip(1))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new RetrievalRefusedException(RefusalReason.InvalidDocument, "A line of the document is not 'key: value'.");
            }

            fields[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
        }

        return fields;
    }

    private static byte[] Lines(string kind, params (string Key, string Value)[] fields)
    {
        var text = new StringBuilder(kind).Append('\n');
        foreach (var (key, value) in fields)
        {
            if (value.Contains('\n', StringComparison.Ordinal))
            {
                throw new ArgumentException($"The value of '{key}' must be one line.", nameof(fields));
            }

            text.Append(key).Append(": ").Append(value).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
