using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace Elena.Sdk.Crypto.Certificates;

/// <summary>What kind of number identifies a party in its certificate.</summary>
public enum PartyIdKind
{
    /// <summary>Betriebsnummer (<c>OU=BN…</c>, 8 digits): employers and their acceptance offices.</summary>
    Betriebsnummer,

    /// <summary>Institutionskennzeichen (<c>OU=IK…</c>, 9 digits): health-sector participants.</summary>
    Institutionskennzeichen,
}

/// <summary>
/// The party a certificate belongs to, from its subject's <c>OU=BN…</c> or <c>OU=IK…</c> (ITSG Trust Center
/// subject DN: <c>C=DE, O=ITSG TrustCenter fuer Arbeitgeber, OU=company, OU=BN12345678, CN=contact</c>).
/// </summary>
/// <param name="Kind">Betriebsnummer or IK.</param>
/// <param name="Value">The 8 or 9 digits.</param>
public readonly partial record struct PartyId(PartyIdKind Kind, string Value)
{
    /// <summary>A Betriebsnummer.</summary>
    /// <param name="value">8 digits.</param>
    /// <returns>The id.</returns>
    public static PartyId Betriebsnummer(string value) => new(PartyIdKind.Betriebsnummer, Check(value, 8));

    /// <summary>An Institutionskennzeichen.</summary>
    /// <param name="value">9 digits.</param>
    /// <returns>The id.</returns>
    public static PartyId Institutionskennzeichen(string value) => new(PartyIdKind.Institutionskennzeichen, Check(value, 9));

    private static string Check(string value, int digits)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length != digits || !value.All(char.IsAsciiDigit))
        {
            throw new ArgumentException($"The number must have exactly {digits} digits.", nameof(value));
        }

        return value;
    }

    /// <summary>Reads the party from a certificate's subject, or <see langword="null"/> when it has no <c>OU=BN…</c>/<c>OU=IK…</c>.</summary>
    /// <param name="certificate">The certificate.</param>
    /// <returns>The party, or <see langword="null"/>.</returns>
    public static PartyId? FromCertificate(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        foreach (var rdn in certificate.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            if (rdn.GetSingleElementType().Value != "2.5.4.11")
            {
                continue;
            }

            string? ou = rdn.GetSingleElementValue();
            if (ou is null)
            {
                continue;
            }

            var match = OuPattern().Match(ou);
            if (match.Success && match.Groups[2].Length == (match.Groups[1].Value == "BN" ? 8 : 9))
            {
                return match.Groups[1].Value == "BN"
                    ? new PartyId(PartyIdKind.Betriebsnummer, match.Groups[2].Value)
                    : new PartyId(PartyIdKind.Institutionskennzeichen, match.Groups[2].Value);
            }
        }

        return null;
    }

    /// <summary><c>BN12345678</c> or <c>IK123456789</c>, as in the certificate.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => (Kind == PartyIdKind.Betriebsnummer ? "BN" : "IK") + Value;

    [GeneratedRegex("^(BN|IK)([0-9]{8,9})$", RegexOptions.CultureInvariant)]
    private static partial Regex OuPattern();
}
