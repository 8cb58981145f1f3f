using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Elena.Sdk.Transport.Replies;

/// <summary>What a reply's subject line says: its kind, the acceptance office (x), the employer (y) and the file number (z).</summary>
/// <param name="Kind">The reply kind.</param>
/// <param name="Office">Betriebsnummer of the acceptance office (<c>Absender</c>).</param>
/// <param name="Employer">Betriebsnummer of the employer (<c>Empfänger</c>).</param>
/// <param name="FileNumber">The employer's file sequence number (VOSZ DTNR) the reply answers; <see langword="null"/> for number assignments, whose subject has none.</param>
public sealed record ReplyHeading(ReplyKind Kind, string Office, string Employer, string? FileNumber);

/// <summary>
/// The e-mail subject lines of the acceptance offices (seed 004; procedure.md §6). <see cref="Format"/> writes them
/// exactly as the offices do (including the missing blank after <c>Datei Nr.:</c> in rejections);
/// <see cref="TryParse"/> reads them tolerantly (blanks, case, <c>ue</c> for <c>ü</c>).
/// </summary>
public static partial class ReplySubjects
{
    /// <summary>The subject line of a reply, exactly as the acceptance offices write it.</summary>
    /// <param name="kind">The reply kind.</param>
    /// <param name="office">Betriebsnummer of the acceptance office (x).</param>
    /// <param name="employer">Betriebsnummer of the employer (y).</param>
    /// <param name="fileNumber">The employer's file sequence number from its VOSZ (z), as written (6 digits).</param>
    /// <returns>The subject.</returns>
    public static string Format(ReplyKind kind, string office, string employer, string fileNumber) => kind switch
    {
        ReplyKind.AcceptanceReceipt => $"Annahmebestätigung Absender: {office} Empfänger: {employer} Datei Nr.: {fileNumber}",
        ReplyKind.Rejection => $"Ablehnung DEUEV Absender: {office} Empfänger: {employer} Datei Nr.:{fileNumber}",
        ReplyKind.FileRejection => $"Dateiabweisung DEUEV Absender: {office} Empfänger: {employer} Datei Nr.:{fileNumber}",
        ReplyKind.RecordRejection => $"Fehlerprotokoll DEUEV Absender: {office} Empfänger: {employer} Datei Nr.: {fileNumber}",
        ReplyKind.ProcessingConfirmation => $"Verarbeitungsprotokoll DEUEV Absender: {office} Empfänger: {employer} Datei Nr.: {fileNumber}",
        ReplyKind.RecordNotices => $"Hinweisprotokoll DEUEV Absender: {office} Empfänger: {employer} Datei Nr.: {fileNumber}",
        ReplyKind.NumberAssignment => $"Rückmeldung Versicherungsnummern Absender: {office} Empfänger: {employer}",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Reads a subject line.</summary>
    /// <param name="subject">The subject as received (already decoded from RFC 2047).</param>
    /// <param name="heading">The kind and parties when the subject is one of the seven reply subjects.</param>
    /// <returns>True when the subject is a reply subject.</returns>
    public static bool TryParse(string? subject, [NotNullWhen(true)] out ReplyHeading? heading)
    {
        heading = null;
        if (subject is null)
        {
            return false;
        }

        var match = SubjectPattern().Match(subject);
        if (!match.Success)
        {
            return false;
        }

        string word = match.Groups["kind"].Value.ToUpperInvariant();
        ReplyKind? kind = word switch
        {
            "ANNAHMEBESTÄTIGUNG" or "ANNAHMEBESTAETIGUNG" => ReplyKind.AcceptanceReceipt,
            "ABLEHNUNG" => ReplyKind.Rejection,
            "DATEIABWEISUNG" => ReplyKind.FileRejection,
            "FEHLERPROTOKOLL" => ReplyKind.RecordRejection,
            "VERARBEITUNGSPROTOKOLL" => ReplyKind.ProcessingConfirmation,
            "HINWEISPROTOKOLL" => ReplyKind.RecordNotices,
            "RÜCKMELDUNG VERSICHERUNGSNUMMERN" or "RUECKMELDUNG VERSICHERUNGSNUMMERN" => ReplyKind.NumberAssignment,
            _ => null,
        };
        if (kind is null)
        {
            return false;
        }

        string? fileNumber = match.Groups["file"].Success ? match.Groups["file"].Value : null;
        if (fileNumber is null && kind != ReplyKind.NumberAssignment)
        {
            return false;
        }

        heading = new ReplyHeading(kind.Value, match.Groups["office"].Value, match.Groups["employer"].Value, fileNumber);
        return true;
    }

    [GeneratedRegex(
        @"^\s*(?<kind>Annahmebest(?:ä|ae)tigung|Ablehnung|Dateiabweisung|Fehlerprotokoll|Verarbeitungsprotokoll|Hinweisprotokoll|R(?:ü|ue)ckmeldung\s+Versicherungsnummern)(?:\s+DEUEV)?\s+Absender:\s*(?<office>\d{8,15})\s+Empf(?:ä|ae)nger:\s*(?<employer>\d{8,15})(?:\s+Datei\s*Nr\.:\s*(?<file>\d{1,6}))?\s*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex SubjectPattern();
}
