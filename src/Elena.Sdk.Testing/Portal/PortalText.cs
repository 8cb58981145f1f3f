using System.Globalization;
using Elena.Sdk.Testing.Replies;
using Elena.Sdk.Transport.Replies;

namespace Elena.Sdk.Testing.Portal;

/// <summary>The page labels in German and English.</summary>
internal sealed class PortalText
{
    private readonly bool _german;

    private PortalText(bool german) => _german = german;

    public static readonly PortalText German = new(true);

    public static readonly PortalText English = new(false);

    public string Language => _german ? "de" : "en";

    public CultureInfo Culture => CultureInfo.GetCultureInfo(_german ? "de-DE" : "en-GB");

    /// <summary>German unless <c>?lang=en</c>, or no <c>lang</c> and an Accept-Language that prefers English.</summary>
    public static PortalText Choose(string? lang, string? acceptLanguage)
    {
        if (lang is { Length: > 0 })
        {
            return lang.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? English : German;
        }

        foreach (string part in (acceptLanguage ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.StartsWith("de", StringComparison.OrdinalIgnoreCase))
            {
                return German;
            }

            if (part.StartsWith("en", StringComparison.OrdinalIgnoreCase))
            {
                return English;
            }
        }

        return German;
    }

    private string T(string de, string en) => _german ? de : en;

    public string Title => T("ZSS-Serviceportal", "ZSS service portal");
    public string Subtitle => T("Zentrale Speicherstelle (Referenzimplementierung) – Stand Ihrer Meldungen, nur lesend", "Central storage office (reference implementation) – the state of your reports, read-only");
    public string Files => T("Ihre Dateien", "Your files");
    public string FilesCaption => T("Dateien, die die ZSS von Ihnen erhalten hat, neueste zuerst", "Files the ZSS received from you, newest first");
    public string NoFiles => T("Die ZSS hat noch keine Datei von Ihnen erhalten.", "The ZSS has not received a file from you yet.");
    public string FileId => T("Datei-ID", "File id");
    public string Employer => T("Betriebsnummer", "Employer number (Betriebsnummer)");
    public string FileNumber => T("Dateinummer (DTNR)", "File number (DTNR)");
    public string Channel => T("Übertragungsweg", "Channel");
    public string ReceivedAt => T("Eingegangen", "Received");
    public string State => T("Status", "State");
    public string Stored => T("gespeichert", "stored");
    public string Rejected => T("abgewiesen", "rejected");
    public string Notices => T("Hinweise", "notices");
    public string NumbersAssigned => T("Nummern vergeben", "numbers assigned");
    public string Records => T("Datensätze", "Records");
    public string RecordsCaption => T("Datensätze der Datei mit ihrer Rückmeldung und den Fehlern (DBFE) Feld für Feld", "The file's records with their reply and errors (DBFE) field by field");
    public string NoRecords => T("Keine Datensätze verarbeitet.", "No records processed.");
    public string RepliesWaiting => T("Rückmeldungen abholbereit", "Replies waiting");
    public string DaysLeft => T("Tage bis Papierversand", "Days before paper");
    public string Replies => T("Rückmeldungen", "Replies");
    public string RepliesCaption => T("Rückmeldungen der ZSS zu dieser Datei", "The ZSS's replies to this file");
    public string Kind => T("Art", "Kind");
    public string Route => T("Weg", "Route");
    public string Subject => T("Betreff", "Subject");
    public string Delivery => T("Zustellung", "Delivery");
    public string Number => T("Nr.", "No.");
    public string RecordType => T("Satzart", "Record type");
    public string Outcome => T("Ergebnis", "Outcome");
    public string Reply => T("Rückmeldung", "Reply");
    public string Errors => T("Fehler und Hinweise (DBFE)", "Errors and notices (DBFE)");
    public string Code => T("Fehlernummer", "Code");
    public string Field => T("Feld", "Field");
    public string Text => T("Text", "Text");
    public string Meaning => T("Bedeutung (docs/error-codes.md, englisch)", "Meaning (docs/error-codes.md)");
    public string AssignedNumber => T("Vergebene Versicherungsnummer", "Assigned insurance number");
    public string ReasonCode => T("GDMQ", "GDMQ");
    public string PendingReason => T("Grund", "Reason");
    public string Back => T("Zurück zur Dateiliste", "Back to the file list");
    public string Details => T("Details", "Details");
    public string LanguageLabel => T("Sprache", "Language");
    public string Apply => T("Anzeigen", "Show");
    public string SignOut => T("Abmelden", "Sign out");
    public string SignedInAs => T("Angemeldet als Betriebsnummer", "Signed in as employer");
    public string NotSignedIn => T("Nicht angemeldet", "Not signed in");
    public string SignInHelp => T(
        "Melden Sie sich mit einem Anmeldelink an: 'elena portal open --url URL --env ORDNER' erzeugt ihn mit Ihrem Arbeitgeberzertifikat. Ein Link gilt einmal und nur kurz.",
        "Sign in with a sign-in link: 'elena portal open --url URL --env FOLDER' creates one with your employer certificate. A link works once and only for a short time.");
    public string NotFound => T("Datei nicht gefunden", "File not found");
    public string NotFoundHelp => T("Unter Ihrer Betriebsnummer ist keine Datei mit dieser ID eingegangen.", "No file with this id was received under your employer number.");
    public string Summary => T("Übersicht", "Summary");
    public string Yes => T("ja", "yes");
    public string No => T("nein", "no");
    public string None => T("–", "–");
    public string Personal => T(
        "Angezeigt werden nur Angaben aus Ihrer Datei und den Rückmeldungen der ZSS, keine Personendaten.",
        "Only data from your file and the ZSS's replies is shown, no personal data.");

    public string Of(PortalFileState state) => state switch
    {
        PortalFileState.Received => T("eingegangen, in Verarbeitung", "received, being processed"),
        PortalFileState.Pending => T("zurückgestellt (RFV/DSRV nicht erreichbar)", "pending (RFV/DSRV not reachable)"),
        PortalFileState.Processed => T("verarbeitet", "processed"),
        _ => T("abgewiesen", "rejected"),
    };

    public string Of(PortalRecordOutcome outcome) => outcome switch
    {
        PortalRecordOutcome.Stored => T("gespeichert", "stored"),
        PortalRecordOutcome.StoredWithNotices => T("gespeichert, mit Hinweis", "stored, with notice"),
        PortalRecordOutcome.Answered => T("beantwortet", "answered"),
        _ => T("abgewiesen, nicht gespeichert", "rejected, not stored"),
    };

    /// <summary>Where a reply is; one that was never held for fetching is described by its route.</summary>
    public string Of(PortalReplyState state, ReplyRoute route) => state != PortalReplyState.NotOnServer ? Of(state) : route switch
    {
        ReplyRoute.Server => T("direkt als Antwort auf die Anfrage gegeben", "given directly in the answer to the request"),
        ReplyRoute.Mail => T("per E-Mail versandt", "sent by e-mail"),
        ReplyRoute.Paper => T("per Papier versandt", "sent on paper"),
        _ => T("nicht versandt", "not sent"),
    };

    public string Of(PortalReplyState state) => state switch
    {
        PortalReplyState.NotOnServer => T("nicht auf dem Kommunikationsserver", "not on the communication server"),
        PortalReplyState.Waiting => T("abholbereit", "waiting to be fetched"),
        PortalReplyState.Fetched => T("abgeholt, nicht quittiert", "fetched, not acknowledged"),
        PortalReplyState.Acknowledged => T("abgeholt und quittiert", "fetched and acknowledged"),
        _ => T("per Papier versandt (120 Tage nicht abgeholt)", "sent on paper (not fetched within 120 days)"),
    };

    public string Of(ReplyKind kind) => kind switch
    {
        ReplyKind.AcceptanceReceipt => T("Annahmebestätigung", "Acceptance receipt"),
        ReplyKind.Rejection => T("Abweisung", "Rejection"),
        ReplyKind.FileRejection => T("Dateiabweisung", "File rejection"),
        ReplyKind.RecordRejection => T("Datensatzabweisung", "Record rejection"),
        ReplyKind.RecordNotices => T("Hinweisprotokoll", "Notice protocol"),
        ReplyKind.ProcessingConfirmation => T("Verarbeitungsbestätigung", "Processing confirmation"),
        _ => T("Nummernvergabe", "Number assignment"),
    };

    public string Of(ReplyRoute route) => route switch
    {
        ReplyRoute.Mail => T("E-Mail", "e-mail"),
        ReplyRoute.Server => T("Kommunikationsserver", "communication server"),
        ReplyRoute.Paper => T("Papier", "paper"),
        _ => T("keine", "none"),
    };

    public string Of(SubmissionChannel channel) => channel == SubmissionChannel.Mail ? T("E-Mail", "e-mail") : "eXTra";

    public string Format(DateTimeOffset? at) => at is { } value ? value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) : None;
}
