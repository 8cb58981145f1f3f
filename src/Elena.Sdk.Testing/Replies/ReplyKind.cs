namespace Elena.Sdk.Testing.Replies;

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

/// <summary>How a reply reaches the employer.</summary>
public enum ReplyRoute
{
    /// <summary>By e-mail.</summary>
    Mail,

    /// <summary>On the communication server (eXTra): synchronous response or fetch-and-acknowledge.</summary>
    Server,

    /// <summary>On paper.</summary>
    Paper,

    /// <summary>Not sent at all (e.g. no processing confirmation without VERBEST = J).</summary>
    None,
}

/// <summary>The channel a file came by.</summary>
public enum SubmissionChannel
{
    /// <summary>eXTra over http(s).</summary>
    Extra,

    /// <summary>E-mail.</summary>
    Mail,
}
