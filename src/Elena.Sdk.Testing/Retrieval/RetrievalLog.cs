namespace Elena.Sdk.Testing.Retrieval;

/// <summary>
/// One logged retrieval (seed 001 §1.6.4.20, § 101 Abs. 2 SGB IV): time, retrieving person and — with an agent —
/// the processing person, the participant's ZID, and the retrieving office's name and Betriebsnummer.
/// </summary>
/// <param name="RetrievedAt">When.</param>
/// <param name="RetrievingPerson">The official's (or agent's) certificate subject.</param>
/// <param name="ProcessingPerson">With an agent: the person who processes the data; else <see langword="null"/>.</param>
/// <param name="ParticipantId">The participant's ZID.</param>
/// <param name="OfficeName">The retrieving office's name; <see langword="null"/> for a self-disclosure.</param>
/// <param name="OfficeNumber">The retrieving office's Betriebsnummer; <see langword="null"/> for a self-disclosure.</param>
/// <param name="Purpose">The certificate; <see langword="null"/> for a self-disclosure.</param>
/// <param name="ConsentId">The consent used; <see langword="null"/> for a self-disclosure.</param>
public sealed record RetrievalLogEntry(
    DateTimeOffset RetrievedAt,
    string RetrievingPerson,
    string? ProcessingPerson,
    string ParticipantId,
    string? OfficeName,
    string? OfficeNumber,
    CertificatePurpose? Purpose,
    string? ConsentId);

/// <summary>A consent as the retrieval side keeps it (with the sealed document as evidence).</summary>
/// <param name="Id">The consent id (<c>C</c> + 6 digits).</param>
/// <param name="ParticipantId">The participant's ZID or vID when it was given.</param>
/// <param name="OfficeNumber">The retrieving office.</param>
/// <param name="Purpose">The certificate.</param>
/// <param name="GivenAt">When it was received.</param>
/// <param name="ValidUntil">Its time limit, if any.</param>
/// <param name="MaxRetrievals">Its number of retrievals, if limited.</param>
/// <param name="GivenByRepresentative">True when a registered legal representative signed it.</param>
/// <param name="Evidence">The sealed document as received.</param>
public sealed record Consent(
    string Id,
    string ParticipantId,
    string OfficeNumber,
    CertificatePurpose Purpose,
    DateTimeOffset GivenAt,
    DateTimeOffset? ValidUntil,
    int? MaxRetrievals,
    bool GivenByRepresentative,
    ReadOnlyMemory<byte> Evidence)
{
    /// <summary>How many retrievals used it.</summary>
    public int Retrievals { get; init; }

    /// <summary>When it was revoked, if it was.</summary>
    public DateTimeOffset? RevokedAt { get; init; }
}

/// <summary>One month of earnings data as a retrieving office gets it: only the parts its certificate needs.</summary>
/// <param name="Month">The reporting month.</param>
/// <param name="EmployerNumber">The reporting employer's Betriebsnummer.</param>
/// <param name="Record">The MVDS with the needed blocks only.</param>
public sealed record RetrievedReport(DateOnly Month, string EmployerNumber, Elena.Sdk.Records.Models.EarningsRecord Record);

/// <summary>What a retrieval returned.</summary>
/// <param name="ParticipantId">The participant's ZID.</param>
/// <param name="Purpose">The certificate, or <see langword="null"/> for a self-disclosure.</param>
/// <param name="Reports">The reports, by month.</param>
public sealed record RetrievalResult(string ParticipantId, CertificatePurpose? Purpose, IReadOnlyList<RetrievedReport> Reports);
