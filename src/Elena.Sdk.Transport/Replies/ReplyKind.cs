namespace Elena.Sdk.Transport.Replies;

/// <summary>The replies an employer gets from the central storage office (seed 004).</summary>
public enum ReplyKind
{
    /// <summary>Acceptance receipt (Annahmebestätigung): the file was taken.</summary>
    AcceptanceReceipt,

    /// <summary>Rejection (Ablehnung): the file could not be taken at all (cannot decrypt, part missing). No attachment.</summary>
    Rejection,

    /// <summary>File rejection (Dateiabweisung): framing errors; the whole file is rejected.</summary>
    FileRejection,

    /// <summary>Record rejection (Datensatzabweisung / Fehlerprotokoll): faulty records with DBFE, not stored.</summary>
    RecordRejection,

    /// <summary>Record notices (Datensatzhinweise / Hinweisprotokoll): records stored, with notices.</summary>
    RecordNotices,

    /// <summary>Confirmation of error-free processing (Verarbeitungsprotokoll), only when DSKO VERBEST = J.</summary>
    ProcessingConfirmation,

    /// <summary>Assignment or return of insurance/procedure numbers for DSVV (Rückmeldung Versicherungsnummern).</summary>
    NumberAssignment,
}
