using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Elena.Sdk.Testing.Storage;

/// <summary>
/// The ZSS central database of the reference implementation [001 §1.3-1.6]. Data is stored only under a ZID or
/// vID. Each record is encrypted with its own fresh AES-256 session key (AES-256-GCM, random 12-byte nonce,
/// 16-byte tag); the session key is wrapped by the database master key in an <see cref="IMasterKeyVault"/>.
/// Writing and reading are split into separate objects (<see cref="CreateWriter"/>, <see cref="CreateReader"/>):
/// the employer side can only write, the retrieval side can only read. All members are thread-safe.
/// </summary>
public sealed class EncryptedRecordStore
{
    /// <summary>Length of a session key, in bytes (AES-256).</summary>
    public const int SessionKeySize = 32;

    /// <summary>Length of the AES-GCM nonce of a record, in bytes.</summary>
    public const int NonceSize = 12;

    /// <summary>Length of the AES-GCM tag of a record, in bytes.</summary>
    public const int TagSize = 16;

    private readonly IMasterKeyVault _vault;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _gate = new();
    private readonly List<Entry> _entries = [];
    private readonly int _seed;
    private long _sequence;

    /// <summary>Creates an empty store.</summary>
    /// <param name="vault">The vault holding the database master key.</param>
    /// <param name="timeProvider">The clock used for storage times.</param>
    /// <param name="seed">Seed of the entry ids: the same seed and the same sequence of writes give the same ids.</param>
    public EncryptedRecordStore(IMasterKeyVault vault, TimeProvider timeProvider, int seed = 0)
    {
        _seed = seed;
        ArgumentNullException.ThrowIfNull(vault);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _vault = vault;
        _timeProvider = timeProvider;
    }

    /// <summary>Gets the number of stored entries, including cancelled ones and cancellation records.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Gets a snapshot of the raw, encrypted entries (no plaintext, no plain keys), in storage order.</summary>
    public IReadOnlyList<StoredEntryInfo> Entries
    {
        get
        {
            lock (_gate)
            {
                return _entries.Select(e => e.ToInfo()).ToArray();
            }
        }
    }

    /// <summary>Creates the employer-side, write-only view of the store.</summary>
    /// <returns>A writer.</returns>
    public IStoreWriter CreateWriter() => new Writer(this);

    /// <summary>Creates the retrieval-side, read-only view of the store.</summary>
    /// <returns>A reader.</returns>
    public IStoreReader CreateReader() => new Reader(this, _vault);

    /// <summary>
    /// Moves every entry stored under <paramref name="fromId"/> to <paramref name="toId"/>, e.g. from a vID to the
    /// ZID when the participant registers a signature card [001 §3.4.2.1]. The ciphertexts are not touched.
    /// </summary>
    /// <param name="fromId">The old id (usually a vID).</param>
    /// <param name="toId">The new id (usually a ZID).</param>
    /// <returns>The number of entries moved.</returns>
    public int MoveParticipant(string fromId, string toId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fromId);
        ArgumentException.ThrowIfNullOrWhiteSpace(toId);
        var moved = 0;
        lock (_gate)
        {
            foreach (var entry in _entries)
            {
                if (string.Equals(entry.ParticipantId, fromId, StringComparison.Ordinal))
                {
                    entry.ParticipantId = toId;
                    moved++;
                }
            }
        }

        return moved;
    }

    /// <summary>A reader that unwraps with another vault; simulates a master-key mismatch in tests.</summary>
    internal IStoreReader CreateReaderWithVault(IMasterKeyVault vault) => new Reader(this, vault);

    /// <summary>Flips one ciphertext bit of an entry; for tamper tests.</summary>
    internal void CorruptCiphertext(int entryIndex, int byteOffset)
    {
        lock (_gate)
        {
            _entries[entryIndex].Ciphertext[byteOffset] ^= 0x01;
        }
    }

    /// <summary>Deletes every entry stored before <paramref name="cutoff"/>.</summary>
    internal int DeleteStoredBefore(DateTimeOffset cutoff)
    {
        lock (_gate)
        {
            return _entries.RemoveAll(e => e.StoredAt < cutoff);
        }
    }

    private Guid Store(string participantId, DateOnly month, string employerNumber, ReadOnlySpan<byte> recordBytes, bool isCancellation)
    {
        var entry = Seal(ReserveIds(1), participantId, month, employerNumber, recordBytes, isCancellation, _timeProvider.GetUtcNow());
        lock (_gate)
        {
            Commit(entry);
        }

        return entry.Id;
    }

    private IReadOnlyList<Guid> StoreMany(IReadOnlyList<ReportToStore> reports, int parallelism)
    {
        ArgumentNullException.ThrowIfNull(reports);
        foreach (var report in reports)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(report.ParticipantId, nameof(reports));
            ArgumentException.ThrowIfNullOrWhiteSpace(report.EmployerNumber, nameof(reports));
        }

        long first = ReserveIds(reports.Count);
        var now = _timeProvider.GetUtcNow();
        var entries = new Entry[reports.Count];
        void SealOne(int i)
        {
            var r = reports[i];
            entries[i] = Seal(first + i, r.ParticipantId, r.Month, r.EmployerNumber, r.RecordBytes.Span, r.IsCancellation, now);
        }

        if (parallelism <= 1)
        {
            for (int i = 0; i < entries.Length; i++)
            {
                SealOne(i);
            }
        }
        else
        {
            Parallel.For(0, entries.Length, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, SealOne);
        }

        // Committed in the given order under one lock: a cancellation followed by its replacement stays in order.
        lock (_gate)
        {
            foreach (var entry in entries)
            {
                Commit(entry);
            }
        }

        return [.. entries.Select(e => e.Id)];
    }

    /// <summary>Reserves <paramref name="count"/> consecutive sequence numbers; returns the first.</summary>
    private long ReserveIds(int count)
    {
        lock (_gate)
        {
            long first = _sequence;
            _sequence += count;
            return first;
        }
    }

    /// <summary>The entry id of a sequence number: the first 16 bytes of SHA-256 over the seed and the number; deterministic per seed.</summary>
    private Guid EntryId(long sequence)
    {
        Span<byte> input = stackalloc byte[12];
        BinaryPrimitives.WriteInt32BigEndian(input, _seed);
        BinaryPrimitives.WriteInt64BigEndian(input[4..], sequence);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        return new Guid(hash[..16]);
    }

    private Entry Seal(long sequence, string participantId, DateOnly month, string employerNumber, ReadOnlySpan<byte> recordBytes, bool isCancellation, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(participantId);
        ArgumentException.ThrowIfNullOrWhiteSpace(employerNumber);
        month = new DateOnly(month.Year, month.Month, 1);
        var entryId = EntryId(sequence);
        var aad = AssociatedData(entryId, month, employerNumber, isCancellation);

        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var ciphertext = new byte[recordBytes.Length];
        var tag = new byte[TagSize];
        Span<byte> sessionKey = stackalloc byte[SessionKeySize];
        byte[] wrappedKey;
        try
        {
            RandomNumberGenerator.Fill(sessionKey);
            using (var aes = new AesGcm(sessionKey, TagSize))
            {
                aes.Encrypt(nonce, recordBytes, ciphertext, tag, aad);
            }

            wrappedKey = _vault.WrapKey(sessionKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(sessionKey);
        }

        return new Entry(entryId, participantId, month, employerNumber, isCancellation, now, _vault.KeyId, wrappedKey, nonce, ciphertext, tag);
    }

    // Caller holds _gate.
    private void Commit(Entry entry)
    {
        if (entry.IsCancellation)
        {
            foreach (var previous in _entries)
            {
                if (!previous.IsCancellation && !previous.IsCancelled && previous.Month == entry.Month
                    && string.Equals(previous.ParticipantId, entry.ParticipantId, StringComparison.Ordinal)
                    && string.Equals(previous.EmployerNumber, entry.EmployerNumber, StringComparison.Ordinal))
                {
                    previous.IsCancelled = true;
                }
            }
        }

        _entries.Add(entry);
    }

    private List<StoredReport> Read(string participantId, IMasterKeyVault vault)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(participantId);
        List<(Entry Entry, byte[] Ciphertext)> snapshot;
        lock (_gate)
        {
            snapshot = _entries
                .Where(e => !e.IsCancellation && !e.IsCancelled && string.Equals(e.ParticipantId, participantId, StringComparison.Ordinal))
                .Select(e => (e, (byte[])e.Ciphertext.Clone()))
                .ToList();
        }

        var reports = new List<StoredReport>(snapshot.Count);
        foreach (var (entry, ciphertext) in snapshot)
        {
            var sessionKey = vault.UnwrapKey(entry.WrappedKey);
            try
            {
                var plaintext = new byte[ciphertext.Length];
                using var aes = new AesGcm(sessionKey, TagSize);
                aes.Decrypt(entry.Nonce, ciphertext, entry.Tag, plaintext, AssociatedData(entry.Id, entry.Month, entry.EmployerNumber, entry.IsCancellation));
                reports.Add(new StoredReport(entry.Id, entry.Month, entry.EmployerNumber, plaintext, entry.StoredAt));
            }
            finally
            {
                CryptographicOperations.ZeroMemory(sessionKey);
            }
        }

        // Stable sort: storage order within a month is preserved.
        return [.. reports.OrderBy(r => r.Month)];
    }

    /// <summary>
    /// Binds the ciphertext to its entry id, month, employer and kind, so ciphertexts cannot be swapped between
    /// entries. The participant id is not bound: <see cref="MoveParticipant"/> must not need re-encryption.
    /// </summary>
    private static byte[] AssociatedData(Guid entryId, DateOnly month, string employerNumber, bool isCancellation) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{entryId:N}|{month:yyyy-MM}|{employerNumber}|{(isCancellation ? 'S' : 'M')}"));

    private sealed class Writer(EncryptedRecordStore store) : IStoreWriter
    {
        public Guid StoreReport(string participantId, DateOnly month, string employerNumber, ReadOnlySpan<byte> recordBytes, bool isCancellation) =>
            store.Store(participantId, month, employerNumber, recordBytes, isCancellation);

        public IReadOnlyList<Guid> StoreReports(IReadOnlyList<ReportToStore> reports, int parallelism = 1) => store.StoreMany(reports, parallelism);
    }

    private sealed class Reader(EncryptedRecordStore store, IMasterKeyVault vault) : IStoreReader
    {
        public IReadOnlyList<StoredReport> Read(string participantId) => store.Read(participantId, vault);
    }

    private sealed class Entry(
        Guid id,
        string participantId,
        DateOnly month,
        string employerNumber,
        bool isCancellation,
        DateTimeOffset storedAt,
        string masterKeyId,
        byte[] wrappedKey,
        byte[] nonce,
        byte[] ciphertext,
        byte[] tag)
    {
        public Guid Id { get; } = id;

        public string ParticipantId { get; set; } = participantId;

        public DateOnly Month { get; } = month;

        public string EmployerNumber { get; } = employerNumber;

        public bool IsCancellation { get; } = isCancellation;

        public bool IsCancelled { get; set; }

        public DateTimeOffset StoredAt { get; } = storedAt;

        public string MasterKeyId { get; } = masterKeyId;

        public byte[] WrappedKey { get; } = wrappedKey;

        public byte[] Nonce { get; } = nonce;

        public byte[] Ciphertext { get; } = ciphertext;

        public byte[] Tag { get; } = tag;

        public StoredEntryInfo ToInfo() => new(
            Id, ParticipantId, Month, EmployerNumber, IsCancellation, IsCancelled, StoredAt, MasterKeyId,
            (byte[])WrappedKey.Clone(), (byte[])Nonce.Clone(), (byte[])Ciphertext.Clone(), Tag.Length);
    }
}
