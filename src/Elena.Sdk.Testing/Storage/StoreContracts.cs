namespace Elena.Sdk.Testing.Storage;

/// <summary>
/// The employer-facing side of the ZSS central database: it can only write [001 §1.3]. Obtained from
/// <see cref="EncryptedRecordStore.CreateWriter"/>; it deliberately has no member that returns stored data.
/// </summary>
public interface IStoreWriter
{
    /// <summary>Encrypts and stores one MVDS under a participant's ZID or vID.</summary>
    /// <param name="participantId">The ZID or vID; data is stored only under these, never under the VSNR.</param>
    /// <param name="month">The reporting month (the day is ignored).</param>
    /// <param name="employerNumber">The Betriebsnummer of the reporting employer.</param>
    /// <param name="recordBytes">The MVDS as stored, ISO-8859-1 bytes.</param>
    /// <param name="isCancellation">
    /// <see langword="true"/> for a cancellation (KENNZST = J): every current report of the same participant,
    /// month and employer is marked cancelled and no longer seen by readers. The cancellation record itself is
    /// stored (encrypted) for evidence but never returned by readers.
    /// </param>
    /// <returns>The id of the new stored entry.</returns>
    Guid StoreReport(string participantId, DateOnly month, string employerNumber, ReadOnlySpan<byte> recordBytes, bool isCancellation);

    /// <summary>
    /// Encrypts and stores several reports: the encryption runs side by side (<paramref name="parallelism"/>), the
    /// entries are committed in the given order at once, so a cancellation followed by its replacement keeps its
    /// meaning and the entry ids are the same whatever the parallelism.
    /// </summary>
    /// <param name="reports">The reports, in file order.</param>
    /// <param name="parallelism">How many reports are encrypted side by side.</param>
    /// <returns>The ids of the new entries, in order.</returns>
    IReadOnlyList<Guid> StoreReports(IReadOnlyList<ReportToStore> reports, int parallelism = 1);
}

/// <summary>One report to store (see <see cref="IStoreWriter.StoreReports"/>).</summary>
/// <param name="ParticipantId">The ZID or vID.</param>
/// <param name="Month">The reporting month (the day is ignored).</param>
/// <param name="EmployerNumber">The Betriebsnummer of the reporting employer.</param>
/// <param name="RecordBytes">The MVDS as stored, ISO-8859-1 bytes.</param>
/// <param name="IsCancellation">A cancellation (KENNZST = J); see <see cref="IStoreWriter.StoreReport"/>.</param>
public readonly record struct ReportToStore(string ParticipantId, DateOnly Month, string EmployerNumber, ReadOnlyMemory<byte> RecordBytes, bool IsCancellation);

/// <summary>
/// The retrieval side of the ZSS central database: it can only read [001 §1.3]. Obtained from
/// <see cref="EncryptedRecordStore.CreateReader"/>.
/// </summary>
public interface IStoreReader
{
    /// <summary>Decrypts and returns the current (not cancelled) reports of a participant, ordered by month and storage time.</summary>
    /// <param name="participantId">The ZID or vID.</param>
    /// <returns>The reports; empty when nothing is stored.</returns>
    /// <exception cref="System.Security.Cryptography.CryptographicException">
    /// A stored entry was altered or was wrapped under another master key.
    /// </exception>
    IReadOnlyList<StoredReport> Read(string participantId);
}

/// <summary>One decrypted report as seen by the retrieval side.</summary>
/// <param name="EntryId">The id of the stored entry.</param>
/// <param name="Month">The reporting month (first day of the month).</param>
/// <param name="EmployerNumber">The Betriebsnummer of the reporting employer.</param>
/// <param name="RecordBytes">The MVDS as stored, ISO-8859-1 bytes.</param>
/// <param name="StoredAt">When the ZSS stored the report.</param>
public sealed record StoredReport(Guid EntryId, DateOnly Month, string EmployerNumber, ReadOnlyMemory<byte> RecordBytes, DateTimeOffset StoredAt);

/// <summary>
/// The raw, still encrypted view of one stored entry, for tests and audits: identifiers, lengths and the
/// ciphertext, never the plaintext or a plain key. The byte members are copies.
/// </summary>
/// <param name="EntryId">The id of the stored entry.</param>
/// <param name="ParticipantId">The ZID or vID the entry is stored under.</param>
/// <param name="Month">The reporting month (first day of the month).</param>
/// <param name="EmployerNumber">The Betriebsnummer of the reporting employer.</param>
/// <param name="IsCancellation">Whether the entry is a cancellation record.</param>
/// <param name="IsCancelled">Whether a later cancellation voided the entry.</param>
/// <param name="StoredAt">When the ZSS stored the entry.</param>
/// <param name="MasterKeyId">The <see cref="IMasterKeyVault.KeyId"/> the session key was wrapped with.</param>
/// <param name="WrappedKey">The session key wrapped by the master key.</param>
/// <param name="Nonce">The AES-GCM nonce of the record encryption.</param>
/// <param name="Ciphertext">The encrypted record (same length as the plaintext).</param>
/// <param name="TagLength">The length of the AES-GCM tag, in bytes.</param>
public sealed record StoredEntryInfo(
    Guid EntryId,
    string ParticipantId,
    DateOnly Month,
    string EmployerNumber,
    bool IsCancellation,
    bool IsCancelled,
    DateTimeOffset StoredAt,
    string MasterKeyId,
    ReadOnlyMemory<byte> WrappedKey,
    ReadOnlyMemory<byte> Nonce,
    ReadOnlyMemory<byte> Ciphertext,
    int TagLength);
