namespace Elena.Sdk.Testing.Retrieval;

/// <summary>Why the retrieval side refused a request (each one a rule of seed 001 §1.6.4.15–§1.6.5.1).</summary>
public enum RefusalReason
{
    /// <summary>There is no consent with that id for this participant.</summary>
    NoConsent,

    /// <summary>The participant (or representative) revoked the consent.</summary>
    ConsentRevoked,

    /// <summary>The consent's time limit has passed.</summary>
    ConsentExpired,

    /// <summary>The consent's number of retrievals is used up.</summary>
    ConsentExhausted,

    /// <summary>The consent was given to another retrieving office.</summary>
    WrongOffice,

    /// <summary>The consent, or the official's authorisation, covers another certificate.</summary>
    WrongPurpose,

    /// <summary>The official (or agent) was blocked by the office's responsible person.</summary>
    OfficialBlocked,

    /// <summary>The official's authorisation has ended.</summary>
    OfficialExpired,

    /// <summary>The signing certificate is not registered (official, card or representative).</summary>
    UnregisteredCertificate,

    /// <summary>The retrieving office is not admitted (or its admission was withdrawn).</summary>
    OfficeNotAdmitted,

    /// <summary>No application (Antrag) reference: without an application there is no retrieval.</summary>
    NoApplication,

    /// <summary>An agent retrieved without naming the processing person.</summary>
    NoProcessingPerson,

    /// <summary>The card is not a qualified signature card, or it carries a pseudonym.</summary>
    CardNotQualified,

    /// <summary>The representative's authority had ended when the consent was given.</summary>
    RepresentationEnded,

    /// <summary>The signer is not the responsible person of the office.</summary>
    NotResponsible,

    /// <summary>The document could not be opened, verified or read.</summary>
    InvalidDocument,
}

/// <summary>A request to the retrieval side was refused; <see cref="Reason"/> says which rule. The message names no personal data.</summary>
public sealed class RetrievalRefusedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">The rule that refused.</param>
    /// <param name="message">What happened, without personal data.</param>
    public RetrievalRefusedException(RefusalReason reason, string message)
        : base($"{reason}: {message}")
    {
        Reason = reason;
    }

    /// <summary>Creates the exception.</summary>
    public RetrievalRefusedException()
        : this(RefusalReason.InvalidDocument, "Refused.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public RetrievalRefusedException(string message)
        : this(RefusalReason.InvalidDocument, message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public RetrievalRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = RefusalReason.InvalidDocument;
    }

    /// <summary>The rule that refused.</summary>
    public RefusalReason Reason { get; }
}
