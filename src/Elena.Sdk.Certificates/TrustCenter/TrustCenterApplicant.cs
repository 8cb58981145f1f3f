using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;

namespace Elena.Sdk.Certificates.TrustCenter;

/// <summary>The employer and contact person applying for a certificate (<c>OSTCAntrag/Antragsteller</c>).</summary>
public sealed class TrustCenterApplicant
{
    /// <summary>The employer's Betriebsnummer (8 digits).</summary>
    public required string Betriebsnummer { get; init; }

    /// <summary>Company name (≤ 80; also the <c>OU=&lt;company&gt;</c> of the subject).</summary>
    public required string Company { get; init; }

    /// <summary>Salutation (≤ 10), e.g. <c>Frau</c>, <c>Herr</c>.</summary>
    public string Salutation { get; init; } = string.Empty;

    /// <summary>Contact person's first name (≤ 30, optional).</summary>
    public string? FirstName { get; init; }

    /// <summary>Contact person's surname (≤ 100); the subject's <c>CN</c>.</summary>
    public required string LastName { get; init; }

    /// <summary>Street (≤ 50).</summary>
    public required string Street { get; init; }

    /// <summary>House number (≤ 10, optional).</summary>
    public string? HouseNumber { get; init; }

    /// <summary>Postal code (≤ 10).</summary>
    public required string PostalCode { get; init; }

    /// <summary>City (≤ 40).</summary>
    public required string City { get; init; }

    /// <summary>Telephone (≤ 25).</summary>
    public required string Phone { get; init; }

    /// <summary>E-mail (≤ 321).</summary>
    public required string Email { get; init; }

    /// <summary>The ITSG subject DN: <c>C=DE, O=ITSG TrustCenter fuer Arbeitgeber, OU=&lt;company&gt;, OU=BN&lt;BBNR&gt;, CN=&lt;contact&gt;</c>, PrintableString values.</summary>
    /// <returns>The name.</returns>
    public X500DistinguishedName SubjectName()
    {
        Validate();
        var builder = new X500DistinguishedNameBuilder();
        builder.Add("2.5.4.6", "DE", System.Formats.Asn1.UniversalTagNumber.PrintableString);
        builder.Add("2.5.4.10", ToPrintable("ITSG TrustCenter fuer Arbeitgeber"), System.Formats.Asn1.UniversalTagNumber.PrintableString);
        builder.Add("2.5.4.11", ToPrintable(Company), System.Formats.Asn1.UniversalTagNumber.PrintableString);
        builder.Add("2.5.4.11", "BN" + Betriebsnummer, System.Formats.Asn1.UniversalTagNumber.PrintableString);
        builder.Add("2.5.4.3", ToPrintable(LastName), System.Formats.Asn1.UniversalTagNumber.PrintableString);
        return builder.Build();
    }

    /// <summary>Transliterates to the PrintableString alphabet (ä→ae, ß→ss; anything else outside it becomes a space).</summary>
    /// <param name="value">The text.</param>
    /// <returns>The PrintableString text.</returns>
    public static string ToPrintable(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var result = new System.Text.StringBuilder(value.Length + 4);
        foreach (char c in value)
        {
            string mapped = c switch
            {
                'ä' => "ae", 'ö' => "oe", 'ü' => "ue", 'Ä' => "Ae", 'Ö' => "Oe", 'Ü' => "Ue", 'ß' => "ss", '&' => "+",
                _ when char.IsAsciiLetterOrDigit(c) || " '()+,-./:=?".Contains(c, StringComparison.Ordinal) => c.ToString(),
                _ => " ",
            };
            result.Append(mapped);
        }

        return result.ToString().Trim();
    }

    internal void Validate()
    {
        if (Betriebsnummer is not { Length: 8 } || !Betriebsnummer.All(char.IsAsciiDigit))
        {
            throw new ArgumentException("The Betriebsnummer must have 8 digits.", nameof(Betriebsnummer));
        }

        Check(Company, 80, nameof(Company));
        Check(LastName, 100, nameof(LastName));
        Check(Street, 50, nameof(Street));
        Check(PostalCode, 10, nameof(PostalCode));
        Check(City, 40, nameof(City));
        Check(Phone, 25, nameof(Phone));
        Check(Email, 321, nameof(Email));
    }

    internal XElement ToApplication(byte[] pkcs10, string? registrationGuid, DateTimeOffset now)
    {
        Validate();
        var local = now.ToOffset(TimeSpan.FromHours(1));
        var info = new XElement("Antragsinfo",
            new XElement("Datum", local.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)),
            new XElement("Uhrzeit", local.ToString("HH:mm:ss", CultureInfo.InvariantCulture)),
            new XElement("Requestschlüssel", Convert.ToBase64String(pkcs10)));
        if (registrationGuid is not null)
        {
            info.Add(new XElement("GUID", registrationGuid));
        }

        return new XElement("OSTCAntrag",
            new XElement("Antragsteller",
                new XElement("IK_BN", "BN" + Betriebsnummer),
                new XElement("Firma", Company),
                new XElement("Anrede", Salutation),
                FirstName is null ? null : new XElement("Vorname", FirstName),
                new XElement("Nachname", LastName),
                new XElement("Strasse", Street),
                HouseNumber is null ? null : new XElement("Hausnummer", HouseNumber),
                new XElement("PLZ", PostalCode),
                new XElement("Ort", City),
                new XElement("Telefon", Phone),
                new XElement("Email", Email)),
            info);
    }

    private static void Check(string value, int max, string name)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > max)
        {
            throw new ArgumentException($"{name} must be 1 to {max} characters.", name);
        }
    }
}
